"""Tensor names and shapes of the full-size model, per released file (format of checkpoint_manifest.json).

Everything is built on the meta device, so no memory is allocated and it takes a few seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from animation.config import AnimationConfig
from animation.loading import (
    DENOISING_UNET,
    IMAGE_ENCODER_DIR,
    MOTION_MODULE,
    POSE_GUIDER,
    REFERENCE_UNET,
    VAE_DIR,
)


def _shapes(state: dict[str, torch.Tensor]) -> dict[str, list[int]]:
    return {name: list(tensor.shape) for name, tensor in sorted(state.items())}


def build_manifest(config: AnimationConfig | None = None) -> dict[str, dict[str, list[int]]]:
    from diffusers import AutoencoderKL
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    from animation.loading import build_unets, quiet_libraries
    from animation.models.pose_guider import PoseGuider

    config = config or AnimationConfig.full_size()
    with torch.device("meta"), quiet_libraries():
        reference, denoising = build_unets(config.unet, config.model)
        pose_guider = PoseGuider(
            config.unet.block_out_channels[0], config.model.pose_guider_block_out_channels
        )
        vae = AutoencoderKL.from_config(config.vae)
        image_encoder = CLIPVisionModelWithProjection(CLIPVisionConfig(**config.image_encoder))
    denoising_state = denoising.state_dict()
    motion = {k: v for k, v in denoising_state.items() if ".motion_modules." in k}
    spatial = {k: v for k, v in denoising_state.items() if ".motion_modules." not in k}
    manifest = {
        DENOISING_UNET: _shapes(spatial),
        IMAGE_ENCODER_DIR: _shapes(image_encoder.state_dict()),
        MOTION_MODULE: _shapes(motion),
        POSE_GUIDER: _shapes(pose_guider.state_dict()),
        REFERENCE_UNET: _shapes(reference.state_dict()),
        VAE_DIR: _shapes(vae.state_dict()),
    }
    return dict(sorted(manifest.items()))


def write_manifest(
    path: str | Path, config: AnimationConfig | None = None
) -> dict[str, dict[str, list[int]]]:
    manifest = build_manifest(config)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest
