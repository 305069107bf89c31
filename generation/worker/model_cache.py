"""The worker's models, one per backend, through the backend registry of the animation package.

Each model loads on first use inside the task (never in the forked parent, so CUDA is initialised only
in the child) and is kept for every later job of that process. Which weights each backend loads comes
from settings (``ANIMATION_WEIGHTS_DIR`` for AnimateAnyone, ``WAN_ANIMATE_WEIGHTS_DIR`` for Wan2.2-Animate).
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)

_cache: dict[tuple, "LoadedModel"] = {}
_lock = threading.Lock()


@dataclass
class LoadedModel:
    backend: str
    model: Any  # animation.backends.LoadedBackend
    fingerprint: str
    description: dict = field(default_factory=dict)
    load_seconds: float = 0.0


def _auto(value: str) -> str | None:
    return None if value in ("", "auto") else value


def backend_options(backend: str) -> dict:
    """What the settings say this backend loads, and how."""
    if backend == "wan-animate":
        return {
            "weights_dir": settings.WAN_ANIMATE_WEIGHTS_DIR,
            "device": _auto(settings.ANIMATION_DEVICE),
            "dtype": _auto(settings.WAN_ANIMATE_DTYPE),
            "offload": settings.WAN_ANIMATE_OFFLOAD,
        }
    return {
        "weights_dir": settings.ANIMATION_WEIGHTS_DIR,
        "model_config": settings.ANIMATION_MODEL_CONFIG or None,
        "device": _auto(settings.ANIMATION_DEVICE),
        "dtype": _auto(settings.ANIMATION_DTYPE),
    }


def model_key(backend: str) -> tuple:
    return (backend, *sorted(backend_options(backend).items()))


def get_model(backend: str = "animate-anyone") -> LoadedModel:
    """The process-wide model of ``backend`` for the current settings, loading it the first time."""
    key = model_key(backend)
    with _lock:
        if key not in _cache:
            _cache[key] = _load(backend)
        return _cache[key]


def _load(backend_name: str) -> LoadedModel:
    from animation.backends import get_backend

    started = time.monotonic()
    model = get_backend(backend_name).load(**backend_options(backend_name))
    loaded = LoadedModel(
        backend_name, model, model.fingerprint[:80], dict(model.description), time.monotonic() - started
    )
    logger.info("%s model loaded in %.1fs: %s", backend_name, loaded.load_seconds, loaded.description)
    return loaded


def render_frames(model: LoadedModel, *, inputs, parameters, progress_callback, frame_sink=None) -> list:
    """Run the backend with the job's stored parameters; returns PIL frames (none when ``frame_sink``
    took them). Raises the package's input and cancel errors unchanged."""
    return model.model.render(inputs, parameters, progress_callback=progress_callback, frame_sink=frame_sink)


def is_cancelled(exc: BaseException) -> bool:
    from animation.errors import GenerationCancelled

    return isinstance(exc, GenerationCancelled)


def is_input_error(exc: BaseException) -> bool:
    from animation.errors import AnimationInputError

    return isinstance(exc, AnimationInputError)
