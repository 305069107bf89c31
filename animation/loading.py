"""Build the components from the released weights layout, or with random weights from a config.

Released layout::

    WEIGHTS/
      stable-diffusion-v1-5/unet/config.json   (the UNet config both UNets are built from)
      sd-vae-ft-mse/                           (diffusers AutoencoderKL)
      image_encoder/                           (transformers CLIPVisionModelWithProjection)
      denoising_unet.pth  motion_module.pth  reference_unet.pth  pose_guider.pth

The ``.pth`` files are loaded with ``weights_only=True`` and must cover every tensor of the model (strict);
the base UNet's own weights are not needed because those files replace all of them.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from animation.config import AnimationConfig, ModelConfig, UNetConfig
from animation.errors import WeightsError
from animation.fingerprint import config_fingerprint, weights_fingerprint  # noqa: F401 - re-exported
from animation.models.pose_guider import PoseGuider
from animation.models.unet_3d import AnimationUNet

UNET_CONFIG = "stable-diffusion-v1-5/unet/config.json"
VAE_DIR = "sd-vae-ft-mse"
IMAGE_ENCODER_DIR = "image_encoder"
DENOISING_UNET = "denoising_unet.pth"
MOTION_MODULE = "motion_module.pth"
REFERENCE_UNET = "reference_unet.pth"
POSE_GUIDER = "pose_guider.pth"
VAE_WEIGHTS = ("diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.bin")
IMAGE_ENCODER_WEIGHTS = ("model.safetensors", "pytorch_model.bin")
_REFERENCE_HEAD = ("conv_norm_out.weight", "conv_norm_out.bias", "conv_out.weight", "conv_out.bias")

logger = logging.getLogger(__name__)


@dataclass
class AnimationModels:
    vae: nn.Module
    image_encoder: nn.Module
    reference_unet: AnimationUNet
    denoising_unet: AnimationUNet
    pose_guider: PoseGuider
    unet_config: UNetConfig
    model_config: ModelConfig

    def modules(self) -> dict[str, nn.Module]:
        return {
            "vae": self.vae,
            "image_encoder": self.image_encoder,
            "reference_unet": self.reference_unet,
            "denoising_unet": self.denoising_unet,
            "pose_guider": self.pose_guider,
        }


def check_weights_dir(weights_dir: str | Path) -> Path:
    """Raise ``WeightsError`` naming every missing file of the released layout."""
    root = Path(weights_dir)
    if not root.is_dir():
        raise WeightsError(f"weights directory not found: {root}")
    missing = [
        name
        for name in (
            UNET_CONFIG,
            f"{VAE_DIR}/config.json",
            f"{IMAGE_ENCODER_DIR}/config.json",
            DENOISING_UNET,
            MOTION_MODULE,
            REFERENCE_UNET,
            POSE_GUIDER,
        )
        if not (root / name).is_file()
    ]
    for folder, names in ((VAE_DIR, VAE_WEIGHTS), (IMAGE_ENCODER_DIR, IMAGE_ENCODER_WEIGHTS)):
        if (root / folder).is_dir() and not any((root / folder / n).is_file() for n in names):
            missing.append(f"{folder}/{names[0]} (or {names[1]})")
    if missing:
        raise WeightsError(f"incomplete weights directory {root}: missing {', '.join(missing)}")
    return root


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise WeightsError(f"cannot read {path}: {exc}")


def read_state_dict(path: Path) -> dict[str, torch.Tensor]:
    try:
        state = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except Exception as exc:  # noqa: BLE001 - any failure here means an unusable file
        raise WeightsError(f"cannot load {path.name}: {exc}")
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise WeightsError(f"{path.name} is not a plain state dict of tensors")
    return state


def _describe(keys: list[str], limit: int = 5) -> str:
    shown = ", ".join(sorted(keys)[:limit])
    return shown + (f" ... ({len(keys)} in all)" if len(keys) > limit else "")


def load_strict(
    module: nn.Module, state: dict[str, torch.Tensor], label: str, sources: dict[str, str] | None = None
):
    """Load every tensor (module built on the meta device), with messages naming file, tensor and shapes."""
    expected = module.state_dict()
    missing = [k for k in expected if k not in state]
    unexpected = [k for k in state if k not in expected]
    if missing:
        raise WeightsError(f"{label}: missing {len(missing)} tensor(s) the model needs: {_describe(missing)}")
    if unexpected:
        where = sorted({(sources or {}).get(k, label) for k in unexpected})
        raise WeightsError(
            f"{', '.join(where)}: {len(unexpected)} unexpected tensor(s): {_describe(unexpected)}"
            " (is the model config right for these weights?)"
        )
    for key, tensor in expected.items():
        if tuple(state[key].shape) != tuple(tensor.shape):
            source = (sources or {}).get(key, label)
            raise WeightsError(
                f"{source}: tensor {key} has shape {tuple(state[key].shape)} but the model expects "
                f"{tuple(tensor.shape)} (is the model config right for these weights?)"
            )
    module.load_state_dict(state, strict=True, assign=True)


def _resolve_model_config(model_config: ModelConfig | dict | str | Path | None) -> ModelConfig:
    if model_config is None:
        return ModelConfig.released()
    if isinstance(model_config, ModelConfig):
        return model_config
    if isinstance(model_config, dict):
        return ModelConfig.from_dict(model_config)
    return ModelConfig.from_file(model_config)


@contextlib.contextmanager
def quiet_libraries() -> Iterator[None]:
    """Silence diffusers/transformers chatter (progress bars, format notices) while building models."""
    import diffusers.utils.logging as dlog
    import transformers.utils.logging as tlog

    saved = (dlog.get_verbosity(), tlog.get_verbosity(), tlog.is_progress_bar_enabled())
    dlog.set_verbosity_error()
    tlog.set_verbosity_error()
    tlog.disable_progress_bar()
    try:
        yield
    finally:
        dlog.set_verbosity(saved[0])
        tlog.set_verbosity(saved[1])
        if saved[2]:
            tlog.enable_progress_bar()


def _load_vae(folder: Path):
    from diffusers import AutoencoderKL

    try:
        with quiet_libraries():
            vae, info = AutoencoderKL.from_pretrained(
                folder,
                output_loading_info=True,
                low_cpu_mem_usage=False,
                local_files_only=True,
                use_safetensors=(folder / VAE_WEIGHTS[0]).is_file(),
            )
    except Exception as exc:  # noqa: BLE001 - diffusers raises many kinds; the message is what matters
        raise WeightsError(f"cannot load the VAE from {folder}: {exc}")
    _check_info(info, f"{folder.name}/")
    return vae


def _load_image_encoder(folder: Path):
    from transformers import CLIPVisionModelWithProjection

    try:
        with quiet_libraries():
            model, info = CLIPVisionModelWithProjection.from_pretrained(
                folder, output_loading_info=True, local_files_only=True
            )
    except Exception as exc:  # noqa: BLE001
        raise WeightsError(f"cannot load the image encoder from {folder}: {exc}")
    _check_info(info, f"{folder.name}/")
    return model


def _check_info(info: dict[str, Any], label: str) -> None:
    missing = list(info.get("missing_keys") or [])
    unexpected = [k for k in info.get("unexpected_keys") or [] if not k.endswith("position_ids")]
    mismatched = list(info.get("mismatched_keys") or [])
    if missing:
        raise WeightsError(f"{label}: missing {len(missing)} tensor(s): {_describe(missing)}")
    if unexpected:
        raise WeightsError(f"{label}: {len(unexpected)} unexpected tensor(s): {_describe(unexpected)}")
    if mismatched:
        raise WeightsError(f"{label}: tensors with mismatched shapes: {mismatched[:5]}")


def build_unets(unet_config: UNetConfig, model_config: ModelConfig) -> tuple[AnimationUNet, AnimationUNet]:
    return AnimationUNet(unet_config, model_config, reference=True), AnimationUNet(unet_config, model_config)


def load_models(
    weights_dir: str | Path,
    model_config: ModelConfig | dict | str | Path | None = None,
    *,
    device: str | torch.device = "cpu",
    dtype: torch.dtype = torch.float32,
) -> AnimationModels:
    root = check_weights_dir(weights_dir)
    model_cfg = _resolve_model_config(model_config)
    unet_cfg = UNetConfig.from_diffusers(_read_json(root / UNET_CONFIG))

    with torch.device("meta"):
        reference, denoising = build_unets(unet_cfg, model_cfg)
        pose_guider = PoseGuider(unet_cfg.block_out_channels[0], model_cfg.pose_guider_block_out_channels)

    ref_state = dict(read_state_dict(root / REFERENCE_UNET))
    for key in _REFERENCE_HEAD:  # a reference UNet saved with its (unused) output head
        ref_state.pop(key, None)
    load_strict(reference, ref_state, REFERENCE_UNET)

    motion_state = read_state_dict(root / MOTION_MODULE)
    denoising_state = read_state_dict(root / DENOISING_UNET)
    sources = dict.fromkeys(motion_state, MOTION_MODULE) | dict.fromkeys(denoising_state, DENOISING_UNET)
    load_strict(
        denoising, {**motion_state, **denoising_state}, f"{DENOISING_UNET} + {MOTION_MODULE}", sources
    )
    load_strict(pose_guider, read_state_dict(root / POSE_GUIDER), POSE_GUIDER)

    vae = _load_vae(root / VAE_DIR)
    image_encoder = _load_image_encoder(root / IMAGE_ENCODER_DIR)
    models = AnimationModels(vae, image_encoder, reference, denoising, pose_guider, unet_cfg, model_cfg)
    _check_cross_dims(models)
    return to_device(models, device, dtype)


def _check_cross_dims(models: AnimationModels) -> None:
    projection = models.image_encoder.config.projection_dim
    if projection != models.unet_config.cross_attention_dim:
        raise WeightsError(
            f"image encoder projects to {projection} dims but the UNet cross-attention expects "
            f"{models.unet_config.cross_attention_dim}"
        )


def to_device(models: AnimationModels, device: str | torch.device, dtype: torch.dtype) -> AnimationModels:
    # The VAE decodes in fp32 under half precision: the SD VAE overflows in fp16 and loses detail in bf16,
    # and it is a small share of the weights and of the time.
    vae_dtype = torch.float32 if dtype in (torch.float16, torch.bfloat16) else dtype
    with quiet_libraries():
        for name, module in models.modules().items():
            module.to(device=device, dtype=vae_dtype if name == "vae" else dtype)
            module.eval()
            module.requires_grad_(False)
    return models


def build_random_models(
    config: AnimationConfig | None = None,
    *,
    seed: int = 0,
    device: str | torch.device = "cpu",
    dtype: torch.dtype = torch.float32,
) -> AnimationModels:
    """All components with random weights, deterministic for a seed; needs no files.

    Unlike a fresh training run, the pose guider's and motion modules' output layers are not zeroed, so
    every path changes the result.
    """
    from diffusers import AutoencoderKL
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    config = config or AnimationConfig.tiny()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        reference, denoising = build_unets(config.unet, config.model)
        pose_guider = PoseGuider(
            config.unet.block_out_channels[0],
            config.model.pose_guider_block_out_channels,
            zero_init_out=False,
        )
        with quiet_libraries():
            vae = AutoencoderKL.from_config(config.vae)
            image_encoder = CLIPVisionModelWithProjection(CLIPVisionConfig(**config.image_encoder))
    models = AnimationModels(vae, image_encoder, reference, denoising, pose_guider, config.unet, config.model)
    _check_cross_dims(models)
    return to_device(models, device, dtype)
