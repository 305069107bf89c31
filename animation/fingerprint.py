"""Identify which model made a video: cheap fingerprints of a weights directory or a random-weight config.

Light on purpose (no torch), so job bookkeeping can use it anywhere.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from animation.config import AnimationConfig, ModelConfig
from animation.errors import AnimationInputError


def _model_config(model_config: ModelConfig | dict | str | Path | None) -> ModelConfig:
    if model_config is None:
        return ModelConfig.released()
    if isinstance(model_config, ModelConfig):
        return model_config
    if isinstance(model_config, dict):
        return ModelConfig.from_dict(model_config)
    return ModelConfig.from_file(model_config)


def weights_fingerprint(
    weights_dir: str | Path, model_config: ModelConfig | dict | str | Path | None = None
) -> str:
    """Identify a weights directory cheaply: sha256 over relative file names, sizes and mtimes (+ config)."""
    root = Path(weights_dir)
    if not root.is_dir():
        raise AnimationInputError(f"weights directory not found: {root}")
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(root).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    model_cfg = _model_config(model_config)
    digest.update(json.dumps(model_cfg.to_dict(), sort_keys=True).encode())
    return "weights-" + digest.hexdigest()


def config_fingerprint(config: AnimationConfig, seed: int) -> str:
    """Identify a random-weight model: its whole config and the seed determine every tensor."""
    payload = json.dumps({"config": config.to_dict(), "seed": seed}, sort_keys=True)
    return "random-" + hashlib.sha256(payload.encode()).hexdigest()
