"""Pose-driven character animation (AnimateAnyone architecture, Moore-AnimateAnyone released layout).

Django-free. Importing this package is cheap: torch, diffusers and transformers load only when one of the
names below is first used, so the web app can import it (or not) without pulling in the ML stack.

    from generation.animation import AnimationPipeline
    pipe = AnimationPipeline.from_pretrained("weights/", model_config="model_config.json")
    result = pipe(reference_image, "poses.mp4", width=512, height=768, steps=30)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import AnimationInputError, GenerationCancelled, WeightsError

_LAZY = {
    "AnimationPipeline": ".pipeline",
    "AnimationResult": ".pipeline",
    "AnimationConfig": ".config",
    "ModelConfig": ".config",
    "MotionModuleConfig": ".config",
    "UNetConfig": ".config",
    "uniform_context_windows": ".context",
    "build_scheduler": ".scheduling",
    "build_manifest": ".manifest",
    "write_manifest": ".manifest",
    "load_models": ".loading",
    "build_random_models": ".loading",
    "check_weights_dir": ".loading",
    "weights_fingerprint": ".identity",
    "config_fingerprint": ".identity",
}

__all__ = [
    "AnimationConfig",
    "AnimationInputError",
    "AnimationPipeline",
    "AnimationResult",
    "GenerationCancelled",
    "ModelConfig",
    "MotionModuleConfig",
    "UNetConfig",
    "WeightsError",
    "build_manifest",
    "build_random_models",
    "build_scheduler",
    "check_weights_dir",
    "config_fingerprint",
    "load_models",
    "uniform_context_windows",
    "weights_fingerprint",
    "write_manifest",
]

if TYPE_CHECKING:
    from .config import AnimationConfig, ModelConfig, MotionModuleConfig, UNetConfig
    from .context import uniform_context_windows
    from .identity import config_fingerprint, weights_fingerprint
    from .loading import build_random_models, check_weights_dir, load_models
    from .manifest import build_manifest, write_manifest
    from .pipeline import AnimationPipeline, AnimationResult
    from .scheduling import build_scheduler


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
