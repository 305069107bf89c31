"""The only module that knows the animation package's API; adapt here when that API changes.

One pipeline per worker process, loaded on first use inside the task (never in the forked parent,
so CUDA is initialised only in the child) and kept for every later job of that process.
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

TINY_SEED = 0
_cache: dict[tuple, "LoadedModel"] = {}
_lock = threading.Lock()


@dataclass
class LoadedModel:
    pipeline: Any
    fingerprint: str
    description: dict = field(default_factory=dict)
    load_seconds: float = 0.0


def model_key() -> tuple:
    return (
        settings.ANIMATION_WEIGHTS_DIR,
        settings.ANIMATION_MODEL_CONFIG,
        settings.ANIMATION_DEVICE,
        settings.ANIMATION_DTYPE,
    )


def get_model() -> LoadedModel:
    """The process-wide pipeline for the current settings, loading it the first time."""
    key = model_key()
    with _lock:
        if key not in _cache:
            _cache[key] = _load(*key)
        return _cache[key]


def _load(weights_dir: str, model_config: str, device_name: str, dtype_name: str) -> LoadedModel:
    from animation.config import AnimationConfig
    from animation.pipelines.animate_anyone import AnimationPipeline

    started = time.monotonic()
    device = None if device_name in ("", "auto") else device_name
    dtype = None if dtype_name in ("", "auto") else dtype_name
    if weights_dir:
        pipeline = AnimationPipeline.from_pretrained(
            weights_dir, model_config=model_config or None, device=device, dtype=dtype
        )
        weights = weights_dir
    else:
        pipeline = AnimationPipeline.from_config(
            AnimationConfig.tiny(), seed=TINY_SEED, device=device, dtype=dtype
        )
        weights = f"tiny random weights (seed {TINY_SEED})"
    description = {
        "weights": weights,
        "model_config": model_config or ("tiny" if not weights_dir else "released defaults"),
        "device": str(pipeline.device),
        "dtype": str(pipeline.dtype).replace("torch.", ""),
        "random_weights": bool(pipeline.random_weights),
        "fingerprint": pipeline.fingerprint,
    }
    loaded = LoadedModel(pipeline, pipeline.fingerprint[:80], description, time.monotonic() - started)
    logger.info("Animation model loaded in %.1fs: %s", loaded.load_seconds, description)
    return loaded


def render_frames(model: LoadedModel, *, reference, poses: list, parameters, progress_callback) -> list:
    """Run the pipeline with the job's stored parameters; returns PIL frames. Raises the package's input
    and cancel errors unchanged."""
    from animation.params import RenderParameters

    render = RenderParameters(**parameters.render_fields())
    result = model.pipeline(reference, poses, render, progress_callback=progress_callback)
    return list(result.frames)


def is_cancelled(exc: BaseException) -> bool:
    from animation.errors import GenerationCancelled

    return isinstance(exc, GenerationCancelled)


def is_input_error(exc: BaseException) -> bool:
    from animation.errors import AnimationInputError

    return isinstance(exc, AnimationInputError)
