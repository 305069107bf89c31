"""Load a local Wan2.2-Animate directory with diffusers' own classes, after checking what they need.

Nothing comes from a hub: ``local_files_only`` always, and the directory is checked file by file first.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
from pathlib import Path

from animation.backends.base import LoadedBackend
from animation.errors import AnimationInputError, WeightsError

logger = logging.getLogger(__name__)

PIPELINE_CLASS = "WanAnimatePipeline"
# Above this hidden size the transformer is not a tiny test model; the CPU would take days.
CPU_MAX_INNER_DIM = 1024
# Free GPU memory (GiB) below which the model is offloaded to the CPU between components / the VAE tiled.
OFFLOAD_BELOW_GIB = 60.0
TILING_BELOW_GIB = 24.0


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise WeightsError(f"cannot read {path}: {exc}") from exc


def check_wan_directory(backend, weights_dir: str | Path) -> dict:
    """The directory's ``model_index.json`` once every file is there and it names this pipeline."""
    if not weights_dir:
        raise WeightsError(
            "wan-animate needs a weights directory (the released diffusers-format "
            "Wan2.2-Animate-14B-Diffusers); it has no built-in tiny model."
        )
    root = backend.check_weights(weights_dir)
    index = _read_json(root / "model_index.json")
    if index.get("_class_name") != PIPELINE_CLASS:
        raise WeightsError(
            f"{root}/model_index.json is for {index.get('_class_name')!r}, not {PIPELINE_CLASS}; "
            "give the Wan2.2-Animate diffusers directory."
        )
    from animation.backends.wan_animate import COMPONENTS

    absent = [name for name in COMPONENTS if not index.get(name)]
    if absent:
        raise WeightsError(f"{root}/model_index.json lists no {', '.join(absent)}")
    return index


def check_dependencies() -> None:
    """The packages diffusers needs for this pipeline but does not install itself."""
    missing = [name for name in ("accelerate", "ftfy") if importlib.util.find_spec(name) is None]
    if missing:
        raise AnimationInputError(
            f"wan-animate needs the Python package(s) {', '.join(missing)} (pinned in requirements.txt): "
            "accelerate to load the transformer's fp32-kept modules, ftfy to clean prompts."
        )


def directory_fingerprint(root: Path) -> str:
    """sha256 over relative file names, sizes and mtimes: cheap even for 60 GB of weights."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        stat = path.stat()
        digest.update(f"{path.relative_to(root).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return "wan-animate-" + digest.hexdigest()


def _memory_plan(device, offload: str, free_bytes: int | None) -> dict:
    """Which memory options to switch on: asked for, or chosen from the GPU's free memory."""
    if device.type != "cuda":
        return {"cpu_offload": False, "vae_tiling": False, "free_gib": None}
    free_gib = free_bytes / 2**30 if free_bytes is not None else None
    if offload == "auto":
        cpu_offload = free_gib is not None and free_gib < OFFLOAD_BELOW_GIB
    else:
        cpu_offload = offload == "model"
    tiling = free_gib is not None and free_gib < TILING_BELOW_GIB
    return {
        "cpu_offload": cpu_offload,
        "vae_tiling": tiling,
        "free_gib": round(free_gib, 1) if free_gib else None,
    }


def load_wan_animate(backend, *, weights_dir, device=None, dtype=None, offload: str = "auto", **options):
    """A :class:`WanAnimateModel` for ``weights_dir``; WeightsError/AnimationInputError for what is wrong."""
    check_dependencies()
    check_wan_directory(backend, weights_dir)
    root = Path(weights_dir)
    transformer_config = _read_json(root / "transformer" / "config.json")

    import torch
    from diffusers import WanAnimatePipeline

    from animation.params import dtype_name
    from animation.pipelines.animate_anyone import _resolve_device

    dev = _resolve_device(device)
    if dtype is None:
        torch_dtype = torch.bfloat16 if dev.type == "cuda" else torch.float32
    else:
        torch_dtype = getattr(torch, dtype_name(dtype))
    inner_dim = int(transformer_config.get("num_attention_heads", 40)) * int(
        transformer_config.get("attention_head_dim", 128)
    )
    if dev.type == "cpu" and inner_dim > CPU_MAX_INNER_DIM:
        raise AnimationInputError(
            f"the Wan2.2-Animate transformer in {root} (hidden size {inner_dim}) is too large for the CPU; "
            "on the CPU only tiny test configurations run. Use a GPU worker (the gpu-large queue)."
        )
    if offload not in ("auto", "none", "model"):
        raise AnimationInputError(f"offload must be auto, none or model; got {offload!r}")
    try:
        # The Wan VAE loses detail in bf16 and is small next to the transformer: it stays in fp32.
        pipe = WanAnimatePipeline.from_pretrained(
            root, dtype={"default": torch_dtype, "vae": torch.float32}, local_files_only=True
        )
    except (OSError, ValueError, KeyError) as exc:
        raise WeightsError(f"cannot load Wan2.2-Animate from {root}: {exc}") from exc
    pipe.set_progress_bar_config(disable=True)
    free = torch.cuda.mem_get_info(dev)[0] if dev.type == "cuda" else None
    plan = _memory_plan(dev, offload, free)
    if plan["cpu_offload"]:
        pipe.enable_model_cpu_offload(device=dev)
    else:
        pipe.to(dev)
    if plan["vae_tiling"]:
        pipe.vae.enable_tiling()
    from animation.backends.wan_animate.render import WanAnimateModel
    from animation.backends.wan_animate.tiny import RANDOM_WEIGHTS_MARKER

    return WanAnimateModel(
        backend,
        pipe,
        device=dev,
        fingerprint=directory_fingerprint(root),
        weights=str(root),
        memory=plan,
        random_weights=(root / RANDOM_WEIGHTS_MARKER).exists(),
    )


__all__ = ["LoadedBackend", "check_dependencies", "check_wan_directory", "load_wan_animate"]
