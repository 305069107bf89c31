"""The registry of model backends: one per model family, behind ``animation.backends.base.ModelBackend``.

Adding a model is one adapter module registered here; the job schema, the API, the form, both command
lines, the worker's model cache and the queue routing all read the registry.

    from animation.backends import get_backend
    backend = get_backend("wan-animate")
    backend.check_weights("weights/wan")          # WeightsError naming a missing file
    model = backend.load(weights_dir="weights/wan")
    frames = model.render(inputs, params, progress_callback=report)
"""

from __future__ import annotations

from animation.backends.animate_anyone import AnimateAnyoneBackend
from animation.backends.base import (
    INPUT_KINDS,
    MEMORY_CLASSES,
    AppearanceEncoder,
    Licence,
    LoadedBackend,
    ModelBackend,
    RenderInputs,
    WeightsLayout,
)
from animation.backends.wan_animate import WanAnimateBackend
from animation.errors import AnimationInputError

DEFAULT_BACKEND = "animate-anyone"

_REGISTRY: dict[str, ModelBackend] = {}


def register_backend(backend: ModelBackend) -> ModelBackend:
    if backend.memory_class not in MEMORY_CLASSES:
        raise ValueError(f"{backend.name}: unknown memory class {backend.memory_class!r}")
    _REGISTRY[backend.name] = backend
    return backend


def get_backend(name: str | None = None) -> ModelBackend:
    """The backend called ``name`` (the default one for None or ''), or AnimationInputError."""
    key = (name or DEFAULT_BACKEND).strip().lower()
    try:
        return _REGISTRY[key]
    except KeyError:
        raise AnimationInputError(f"unknown backend {name!r}; known: {', '.join(_REGISTRY)}") from None


def backend_names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def all_backends() -> tuple[ModelBackend, ...]:
    return tuple(_REGISTRY.values())


register_backend(AnimateAnyoneBackend())
register_backend(WanAnimateBackend())

__all__ = [
    "DEFAULT_BACKEND",
    "INPUT_KINDS",
    "MEMORY_CLASSES",
    "AnimateAnyoneBackend",
    "AppearanceEncoder",
    "Licence",
    "LoadedBackend",
    "ModelBackend",
    "RenderInputs",
    "WanAnimateBackend",
    "WeightsLayout",
    "all_backends",
    "backend_names",
    "get_backend",
    "register_backend",
]
