"""Model configuration: the SD1.5-style UNet config, the inference settings kept beside released weights
(``model_config`` in the format of the conformance ``params.json``), and the full-size and tiny presets."""

from __future__ import annotations

import copy
import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from animation.errors import AnimationInputError

# The Stable Diffusion 1.5 UNet that both UNets are built from.
SD15_UNET_CONFIG: dict[str, Any] = {
    "in_channels": 4,
    "out_channels": 4,
    "block_out_channels": [320, 640, 1280, 1280],
    "layers_per_block": 2,
    "down_block_types": [
        "CrossAttnDownBlock2D",
        "CrossAttnDownBlock2D",
        "CrossAttnDownBlock2D",
        "DownBlock2D",
    ],
    "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
    "mid_block_type": "UNetMidBlock2DCrossAttn",
    "attention_head_dim": 8,
    "cross_attention_dim": 768,
    "norm_num_groups": 32,
    "norm_eps": 1e-5,
    "flip_sin_to_cos": True,
    "freq_shift": 0,
    "downsample_padding": 1,
    "mid_block_scale_factor": 1,
    "act_fn": "silu",
    "use_linear_projection": False,
    "sample_size": 64,
}

# sd-vae-ft-mse (diffusers AutoencoderKL).
SD_VAE_CONFIG: dict[str, Any] = {
    "in_channels": 3,
    "out_channels": 3,
    "latent_channels": 4,
    "block_out_channels": [128, 256, 512, 512],
    "layers_per_block": 2,
    "down_block_types": ["DownEncoderBlock2D"] * 4,
    "up_block_types": ["UpDecoderBlock2D"] * 4,
    "norm_num_groups": 32,
    "act_fn": "silu",
    "sample_size": 256,
    "scaling_factor": 0.18215,
}

# CLIP ViT-L/14 vision tower with the 768-d projection.
CLIP_VIT_L14_CONFIG: dict[str, Any] = {
    "hidden_size": 1024,
    "intermediate_size": 4096,
    "num_attention_heads": 16,
    "num_hidden_layers": 24,
    "patch_size": 14,
    "image_size": 224,
    "projection_dim": 768,
    "hidden_act": "quick_gelu",
    "layer_norm_eps": 1e-5,
    "num_channels": 3,
}

RELEASED_NOISE_SCHEDULER_KWARGS: dict[str, Any] = {
    "beta_start": 0.00085,
    "beta_end": 0.012,
    "beta_schedule": "linear",
    "clip_sample": False,
    "steps_offset": 1,
    "prediction_type": "v_prediction",
    "rescale_betas_zero_snr": True,
    "timestep_spacing": "trailing",
}

LATENT_SCALING = 0.18215


def _as_tuple(value: Any, length: int) -> tuple:
    if isinstance(value, (list, tuple)):
        if len(value) != length:
            raise AnimationInputError(f"expected {length} values, got {list(value)}")
        return tuple(value)
    return (value,) * length


@dataclass(frozen=True)
class UNetConfig:
    """The parts of a diffusers ``UNet2DConditionModel`` config that this implementation understands."""

    in_channels: int = 4
    out_channels: int = 4
    block_out_channels: tuple[int, ...] = (320, 640, 1280, 1280)
    layers_per_block: int = 2
    down_block_types: tuple[str, ...] = tuple(SD15_UNET_CONFIG["down_block_types"])
    up_block_types: tuple[str, ...] = tuple(SD15_UNET_CONFIG["up_block_types"])
    attention_heads: tuple[int, ...] = (8, 8, 8, 8)
    cross_attention_dim: int = 768
    norm_num_groups: int = 32
    norm_eps: float = 1e-5
    flip_sin_to_cos: bool = True
    freq_shift: int = 0
    downsample_padding: int = 1
    mid_block_scale_factor: float = 1.0
    use_linear_projection: bool = False
    upcast_attention: bool = False

    @classmethod
    def from_diffusers(cls, raw: dict[str, Any]) -> UNetConfig:
        """Parse a diffusers ``unet/config.json`` dict, refusing options this architecture does not have."""
        unsupported = {
            "act_fn": ("silu",),
            "mid_block_type": ("UNetMidBlock2DCrossAttn", "UNetMidBlock3DCrossAttn"),
            "resnet_time_scale_shift": ("default",),
            "time_embedding_type": ("positional",),
            "class_embed_type": (None,),
            "addition_embed_type": (None,),
            "encoder_hid_dim_type": (None,),
            "num_class_embeds": (None,),
            "conv_in_kernel": (3,),
            "conv_out_kernel": (3,),
            "center_input_sample": (False,),
            "dual_cross_attention": (False,),
            "only_cross_attention": (False,),
            "time_cond_proj_dim": (None,),
            "time_embedding_dim": (None,),
            "time_embedding_act_fn": (None,),
            "timestep_post_act": (None,),
            "transformer_layers_per_block": (1,),
        }
        for key, allowed in unsupported.items():
            if key in raw and raw[key] not in allowed:
                raise AnimationInputError(
                    f"UNet config: {key}={raw[key]!r} is not supported (expected {allowed[0]!r})"
                )
        blocks = tuple(int(c) for c in raw.get("block_out_channels", cls.block_out_channels))
        n = len(blocks)
        heads = raw.get("num_attention_heads") or raw.get("attention_head_dim", 8)
        layers = raw.get("layers_per_block", 2)
        if isinstance(layers, (list, tuple)):
            if len(set(layers)) != 1:
                raise AnimationInputError("UNet config: per-block layers_per_block is not supported")
            layers = layers[0]
        cross = raw.get("cross_attention_dim", 768)
        if isinstance(cross, (list, tuple)):
            if len(set(cross)) != 1:
                raise AnimationInputError("UNet config: per-block cross_attention_dim is not supported")
            cross = cross[0]
        down = tuple(t.replace("3D", "2D") for t in raw.get("down_block_types", cls.down_block_types))
        up = tuple(t.replace("3D", "2D") for t in raw.get("up_block_types", cls.up_block_types))
        for t in down:
            if t not in ("CrossAttnDownBlock2D", "DownBlock2D"):
                raise AnimationInputError(f"UNet config: down block type {t!r} is not supported")
        for t in up:
            if t not in ("CrossAttnUpBlock2D", "UpBlock2D"):
                raise AnimationInputError(f"UNet config: up block type {t!r} is not supported")
        if len(down) != n or len(up) != n:
            raise AnimationInputError("UNet config: block type lists and block_out_channels differ in length")
        return cls(
            in_channels=int(raw.get("in_channels", 4)),
            out_channels=int(raw.get("out_channels", 4)),
            block_out_channels=blocks,
            layers_per_block=int(layers),
            down_block_types=down,
            up_block_types=up,
            attention_heads=tuple(int(h) for h in _as_tuple(heads, n)),
            cross_attention_dim=int(cross),
            norm_num_groups=int(raw.get("norm_num_groups", 32)),
            norm_eps=float(raw.get("norm_eps", 1e-5)),
            flip_sin_to_cos=bool(raw.get("flip_sin_to_cos", True)),
            freq_shift=int(raw.get("freq_shift", 0)),
            downsample_padding=int(raw.get("downsample_padding", 1)),
            mid_block_scale_factor=float(raw.get("mid_block_scale_factor", 1.0)),
            use_linear_projection=bool(raw.get("use_linear_projection", False)),
            upcast_attention=bool(raw.get("upcast_attention", False)),
        )

    def to_diffusers(self) -> dict[str, Any]:
        return {
            "_class_name": "UNet2DConditionModel",
            "in_channels": self.in_channels,
            "out_channels": self.out_channels,
            "block_out_channels": list(self.block_out_channels),
            "layers_per_block": self.layers_per_block,
            "down_block_types": list(self.down_block_types),
            "up_block_types": list(self.up_block_types),
            "mid_block_type": "UNetMidBlock2DCrossAttn",
            "attention_head_dim": list(self.attention_heads),
            "cross_attention_dim": self.cross_attention_dim,
            "norm_num_groups": self.norm_num_groups,
            "norm_eps": self.norm_eps,
            "flip_sin_to_cos": self.flip_sin_to_cos,
            "freq_shift": self.freq_shift,
            "downsample_padding": self.downsample_padding,
            "mid_block_scale_factor": self.mid_block_scale_factor,
            "use_linear_projection": self.use_linear_projection,
            "upcast_attention": self.upcast_attention,
            "act_fn": "silu",
        }


@dataclass(frozen=True)
class TemporalModuleConfig:
    """``motion_module_kwargs`` of the released inference settings (AnimateDiff "Vanilla" module)."""

    num_attention_heads: int = 8
    num_transformer_block: int = 1
    attention_block_types: tuple[str, ...] = ("Temporal_Self", "Temporal_Self")
    temporal_position_encoding: bool = True
    temporal_position_encoding_max_len: int = 32
    temporal_attention_dim_div: int = 1

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> TemporalModuleConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        extra = set(raw) - known - {"zero_initialize", "cross_frame_attention_mode"}
        if extra:
            raise AnimationInputError(f"motion_module_kwargs: unknown keys {sorted(extra)}")
        values = {k: v for k, v in raw.items() if k in known}
        if "attention_block_types" in values:
            values["attention_block_types"] = tuple(values["attention_block_types"])
        cfg = cls(**values)
        for kind in cfg.attention_block_types:
            if kind != "Temporal_Self":
                raise AnimationInputError(
                    f"motion_module_kwargs: attention block type {kind!r} is not supported"
                )
        return cfg

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["attention_block_types"] = list(self.attention_block_types)
        return data


@dataclass(frozen=True)
class ModelConfig:
    """What a released set keeps in its inference YAML rather than in the weights."""

    use_inflated_groupnorm: bool = True
    use_motion_module: bool = True
    motion_module_resolutions: tuple[int, ...] = (1, 2, 4, 8)
    motion_module_mid_block: bool = True
    motion_module_decoder_only: bool = False
    motion_module: TemporalModuleConfig = field(default_factory=TemporalModuleConfig)
    pose_guider_block_out_channels: tuple[int, ...] = (16, 32, 96, 256)
    noise_scheduler_kwargs: dict[str, Any] = field(
        default_factory=lambda: dict(RELEASED_NOISE_SCHEDULER_KWARGS)
    )

    @classmethod
    def released(cls) -> ModelConfig:
        return cls()

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ModelConfig:
        if not isinstance(raw, dict):
            raise AnimationInputError("model config must be a JSON object")
        unet = dict(raw.get("unet_additional_kwargs") or {})
        for key, allowed in (
            ("unet_use_cross_frame_attention", (False, None)),
            ("unet_use_temporal_attention", (False, None)),
            ("motion_module_type", ("Vanilla", None)),
        ):
            if unet.get(key) not in allowed:
                raise AnimationInputError(f"model config: {key}={unet[key]!r} is not supported")
        motion = TemporalModuleConfig.from_dict(dict(unet.get("motion_module_kwargs") or {}))
        scheduler = raw.get("noise_scheduler_kwargs")
        return cls(
            use_inflated_groupnorm=bool(unet.get("use_inflated_groupnorm", True)),
            use_motion_module=bool(unet.get("use_motion_module", True)),
            motion_module_resolutions=tuple(
                int(r) for r in unet.get("motion_module_resolutions", (1, 2, 4, 8))
            ),
            motion_module_mid_block=bool(unet.get("motion_module_mid_block", True)),
            motion_module_decoder_only=bool(unet.get("motion_module_decoder_only", False)),
            motion_module=motion,
            pose_guider_block_out_channels=tuple(
                int(c) for c in raw.get("pose_guider_block_out_channels", (16, 32, 96, 256))
            ),
            noise_scheduler_kwargs=dict(scheduler) if scheduler else dict(RELEASED_NOISE_SCHEDULER_KWARGS),
        )

    @classmethod
    def from_file(cls, path: str | Path) -> ModelConfig:
        path = Path(path)
        try:
            raw = json.loads(path.read_text())
        except FileNotFoundError:
            raise AnimationInputError(f"model config file not found: {path}")
        except (OSError, ValueError) as exc:
            raise AnimationInputError(f"cannot read model config {path}: {exc}")
        if isinstance(raw, dict) and "model_config" in raw and "unet_additional_kwargs" not in raw:
            raw = raw["model_config"]  # a whole params.json
        return cls.from_dict(raw)

    def to_dict(self) -> dict[str, Any]:
        return {
            "unet_additional_kwargs": {
                "use_inflated_groupnorm": self.use_inflated_groupnorm,
                "unet_use_cross_frame_attention": False,
                "unet_use_temporal_attention": False,
                "use_motion_module": self.use_motion_module,
                "motion_module_resolutions": list(self.motion_module_resolutions),
                "motion_module_mid_block": self.motion_module_mid_block,
                "motion_module_decoder_only": self.motion_module_decoder_only,
                "motion_module_type": "Vanilla",
                "motion_module_kwargs": self.motion_module.to_dict(),
            },
            "pose_guider_block_out_channels": list(self.pose_guider_block_out_channels),
            "noise_scheduler_kwargs": copy.deepcopy(self.noise_scheduler_kwargs),
        }

    @property
    def max_context_frames(self) -> int | None:
        """Longest window the motion modules accept (their position encoding length)."""
        if not self.use_motion_module or not self.motion_module.temporal_position_encoding:
            return None
        return self.motion_module.temporal_position_encoding_max_len


@dataclass(frozen=True)
class AnimationConfig:
    """Everything needed to build all components with random weights (no files)."""

    unet: UNetConfig
    model: ModelConfig
    vae: dict[str, Any]
    image_encoder: dict[str, Any]

    @classmethod
    def full_size(cls) -> AnimationConfig:
        return cls(
            unet=UNetConfig.from_diffusers(SD15_UNET_CONFIG),
            model=ModelConfig.released(),
            vae=dict(SD_VAE_CONFIG),
            image_encoder=dict(CLIP_VIT_L14_CONFIG),
        )

    @classmethod
    def tiny(cls) -> AnimationConfig:
        """Every component and code path, small enough to run a few steps on 2 CPU cores in seconds."""
        unet = dict(SD15_UNET_CONFIG)
        unet.update(
            block_out_channels=[32, 32, 64, 64],
            layers_per_block=1,
            attention_head_dim=4,
            cross_attention_dim=32,
        )
        model = ModelConfig(
            motion_module=TemporalModuleConfig(num_attention_heads=4),
            pose_guider_block_out_channels=(8, 8, 16, 16),
        )
        vae = dict(SD_VAE_CONFIG)
        vae.update(block_out_channels=[32, 32, 64, 64], layers_per_block=1, sample_size=64)
        clip = dict(CLIP_VIT_L14_CONFIG)
        clip.update(
            hidden_size=32,
            intermediate_size=64,
            num_attention_heads=4,
            num_hidden_layers=2,
            patch_size=32,
            projection_dim=32,
        )
        return cls(unet=UNetConfig.from_diffusers(unet), model=model, vae=vae, image_encoder=clip)

    def to_dict(self) -> dict[str, Any]:
        return {
            "unet": self.unet.to_diffusers(),
            "model_config": self.model.to_dict(),
            "vae": copy.deepcopy(self.vae),
            "image_encoder": copy.deepcopy(self.image_encoder),
        }
