"""Wan2.2-Animate (Wan-AI, Apache-2.0) through diffusers' ``WanAnimatePipeline``.

The descriptor here is torch-free; :mod:`.loading` (diffusers components from a local directory,
up-front checks) and :mod:`.render` (segments with progress, cancellation and streaming output) load in
the worker. :mod:`.inputs` makes the model's inputs from a driving video with posekit.
"""

from __future__ import annotations

from animation.backends.base import Licence, ModelBackend, WeightsLayout
from animation.backends.wan_animate.params import WanAnimateParameters

# The released diffusers-format directory (Wan-AI/Wan2.2-Animate-14B-Diffusers).
COMPONENTS = (
    "transformer",
    "vae",
    "text_encoder",
    "tokenizer",
    "image_encoder",
    "image_processor",
    "scheduler",
)


class WanAnimateBackend(ModelBackend):
    name = "wan-animate"
    version = "wan2.2-animate-14b"
    title = "Wan2.2-Animate (14B diffusion transformer, 2025)"
    params_class = WanAnimateParameters
    memory_class = "gpu-large"
    licence = Licence(
        name="Apache-2.0",
        url="https://huggingface.co/Wan-AI/Wan2.2-Animate-14B",
        commercial_use=True,
        note="Open weights; the licence places responsibility for generated content on the user.",
    )
    inputs = ("reference", "poses", "faces", "background", "mask")
    weights_layout = WeightsLayout(
        description="the released diffusers-format directory (Wan-AI/Wan2.2-Animate-14B-Diffusers)",
        required=(
            "model_index.json",
            "transformer/config.json",
            "vae/config.json",
            "text_encoder/config.json",
            "image_encoder/config.json",
            "image_processor/preprocessor_config.json",
            "scheduler/scheduler_config.json",
            "tokenizer/tokenizer_config.json",
        ),
        alternatives=(
            (
                "transformer/diffusion_pytorch_model.safetensors",
                "transformer/diffusion_pytorch_model.safetensors.index.json",
            ),
            ("vae/diffusion_pytorch_model.safetensors",),
            ("text_encoder/model.safetensors", "text_encoder/model.safetensors.index.json"),
            ("image_encoder/model.safetensors",),
            ("tokenizer/tokenizer.json", "tokenizer/spiece.model"),
        ),
    )

    def required_inputs(self, params) -> tuple[str, ...]:
        if params.mode == "replace":
            return self.inputs
        return ("reference", "poses", "faces")

    def total_steps(self, params) -> int:
        return params.steps * params.segment_count()

    def load(self, *, weights_dir=None, device=None, dtype=None, **options):
        from animation.backends.wan_animate.loading import load_wan_animate

        return load_wan_animate(self, weights_dir=weights_dir, device=device, dtype=dtype, **options)


__all__ = ["COMPONENTS", "WanAnimateBackend", "WanAnimateParameters"]
