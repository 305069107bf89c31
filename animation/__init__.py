"""Pose-driven character animation (AnimateAnyone architecture, Moore-AnimateAnyone released layout).

Django-free. Importing this package is cheap: torch, diffusers and transformers load only when one of the
names below is first used, so the web app can read the parameter schema without pulling in the ML stack.

Layout, as diffusers separates them: ``animation.params`` (the one render-parameter schema),
``animation.models`` (network modules), ``animation.pipelines`` (the denoising loop and its inputs),
``animation.loading`` / ``animation.manifest`` / ``animation.fingerprint`` (weights), ``animation.cli``
(``python -m animation``).

    from animation import AnimationPipeline, RenderParameters
    pipe = AnimationPipeline.from_pretrained("weights/", model_config="model_config.json")
    result = pipe(reference_image, "poses.mp4", params=RenderParameters(width=512, height=768))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from animation.errors import AnimationInputError, GenerationCancelled, WeightsError

_LAZY = {
    "AnimationPipeline": "animation.pipelines.animate_anyone",
    "AnimationResult": "animation.pipelines.animate_anyone",
    "AnimationConfig": "animation.config",
    "ModelConfig": "animation.config",
    "TemporalModuleConfig": "animation.config",
    "UNetConfig": "animation.config",
    "uniform_context_windows": "animation.pipelines.context_windows",
    "build_scheduler": "animation.scheduling",
    "build_manifest": "animation.manifest",
    "write_manifest": "animation.manifest",
    "load_models": "animation.loading",
    "build_random_models": "animation.loading",
    "check_weights_dir": "animation.loading",
    "weights_fingerprint": "animation.fingerprint",
    "config_fingerprint": "animation.fingerprint",
}

__all__ = [
    "AnimationConfig",
    "AnimationInputError",
    "AnimationPipeline",
    "AnimationResult",
    "GenerationCancelled",
    "ModelConfig",
    "TemporalModuleConfig",
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
    from animation.config import AnimationConfig, ModelConfig, TemporalModuleConfig, UNetConfig
    from animation.fingerprint import config_fingerprint, weights_fingerprint
    from animation.loading import build_random_models, check_weights_dir, load_models
    from animation.manifest import build_manifest, write_manifest
    from animation.pipelines.animate_anyone import AnimationPipeline, AnimationResult
    from animation.pipelines.context_windows import uniform_context_windows
    from animation.scheduling import build_scheduler


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
