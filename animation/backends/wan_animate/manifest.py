"""The full-size Wan2.2-Animate-14B transformer built on the meta device (no memory, no weights):
its parameter count and tensor names and shapes, as ``animate_manifest`` gives them for AnimateAnyone.

The released transformer configuration is diffusers' default for ``WanAnimateTransformer3DModel``
(40 layers of 40 heads × 128, text 4096, CLIP image 1280, face crops 512), which is what this builds.
"""

from __future__ import annotations


def full_size_transformer_manifest(config: dict | None = None) -> dict:
    """``{"parameters": count, "tensors": {name: shape}}`` for the transformer at ``config``
    (default: the released full size)."""
    from accelerate import init_empty_weights
    from diffusers import WanAnimateTransformer3DModel

    with init_empty_weights():
        model = WanAnimateTransformer3DModel(**(config or {}))
    tensors = {name: list(tensor.shape) for name, tensor in model.state_dict().items()}
    return {
        "parameters": sum(parameter.numel() for parameter in model.parameters()),
        "tensors": tensors,
        "config": {key: value for key, value in model.config.items() if not key.startswith("_")},
    }
