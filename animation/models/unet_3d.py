"""The denoising UNet (SD1.5 inflated to video, with motion modules) and the reference UNet (2D).

Both share one implementation working on (batch*frames, C, H, W) tensors; the reference UNet is the same
network on single images, without motion modules and without the output head (``conv_norm_out``/``conv_out``),
run once to record its spatial self-attention inputs.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from animation.config import ModelConfig, TemporalModuleConfig, UNetConfig
from animation.models.forward_context import ForwardContext
from animation.models.reference_attention import transformer_blocks
from animation.models.resnet_3d import FrameGroupNorm
from animation.models.unet_3d_blocks import DownBlock, MidBlock, UpBlock


def timestep_embedding(
    timesteps: torch.Tensor, dim: int, flip_sin_to_cos: bool, shift: float
) -> torch.Tensor:
    """Sinusoidal timestep features (diffusers' ``get_timestep_embedding`` convention)."""
    half = dim // 2
    exponent = (
        -math.log(10000) * torch.arange(half, dtype=torch.float32, device=timesteps.device) / (half - shift)
    )
    args = timesteps[:, None].float() * torch.exp(exponent)[None, :]
    emb = torch.cat([torch.sin(args), torch.cos(args)], dim=-1)
    if flip_sin_to_cos:
        emb = torch.cat([emb[:, half:], emb[:, :half]], dim=-1)
    if dim % 2 == 1:
        emb = F.pad(emb, (0, 1))
    return emb


class TimestepEmbedding(nn.Module):
    def __init__(self, in_channels: int, out_channels: int) -> None:
        super().__init__()
        self.linear_1 = nn.Linear(in_channels, out_channels)
        self.linear_2 = nn.Linear(out_channels, out_channels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear_2(F.silu(self.linear_1(x)))


class DeepFeatureCache:
    """DeepCache-style reuse: a full pass keeps the input of the last up block; a shallow pass recomputes
    only the outermost level (conv_in, the first down block, the last up block) around the kept deep
    features. Adjacent denoising steps change the deep features little, so reusing them every other step
    is a draft-quality shortcut, never the default."""

    def __init__(self) -> None:
        self.features: torch.Tensor | None = None
        self.reuse = False


class AnimationUNet(nn.Module):
    """``reference=True`` builds the ReferenceNet; otherwise the denoising UNet configured by ``model``."""

    def __init__(self, cfg: UNetConfig, model: ModelConfig | None = None, *, reference: bool = False) -> None:
        super().__init__()
        model = model or ModelConfig()
        self.config = cfg
        self.is_reference = reference
        channels = cfg.block_out_channels
        n = len(channels)
        temb_channels = channels[0] * 4
        inflated = model.use_inflated_groupnorm or reference
        use_motion = model.use_motion_module and not reference

        def motion_for(resolution: int, allowed: bool) -> TemporalModuleConfig | None:
            if use_motion and allowed and resolution in model.motion_module_resolutions:
                return model.motion_module
            return None

        common = {
            "temb_channels": temb_channels,
            "cross_attention_dim": cfg.cross_attention_dim,
            "groups": cfg.norm_num_groups,
            "eps": cfg.norm_eps,
            "use_linear_projection": cfg.use_linear_projection,
            "inflated_norm": inflated,
        }
        self.conv_in = nn.Conv2d(cfg.in_channels, channels[0], kernel_size=3, padding=1)
        self.time_embedding = TimestepEmbedding(channels[0], temb_channels)
        # Registration order (down, up, then mid) is the released implementation's module order, which
        # decides how reference blocks are paired.
        self.down_blocks = nn.ModuleList()
        self.up_blocks = nn.ModuleList()

        out_ch = channels[0]
        for i, kind in enumerate(cfg.down_block_types):
            in_ch, out_ch = out_ch, channels[i]
            self.down_blocks.append(
                DownBlock(
                    in_channels=in_ch,
                    out_channels=out_ch,
                    layers=cfg.layers_per_block,
                    has_attention=kind.startswith("CrossAttn"),
                    add_downsample=i < n - 1,
                    heads=cfg.attention_heads[i],
                    downsample_padding=cfg.downsample_padding,
                    motion=motion_for(2**i, not model.motion_module_decoder_only),
                    **common,
                )
            )
        self.mid_block = MidBlock(
            channels=channels[-1],
            heads=cfg.attention_heads[-1],
            output_scale_factor=cfg.mid_block_scale_factor,
            motion=model.motion_module if use_motion and model.motion_module_mid_block else None,
            **common,
        )
        reversed_channels = list(reversed(channels))
        reversed_heads = list(reversed(cfg.attention_heads))
        out_ch = reversed_channels[0]
        self.num_upsamplers = 0
        for i, kind in enumerate(cfg.up_block_types):
            prev_ch, out_ch = out_ch, reversed_channels[i]
            in_ch = reversed_channels[min(i + 1, n - 1)]
            add_upsample = i < n - 1
            self.num_upsamplers += int(add_upsample)
            self.up_blocks.append(
                UpBlock(
                    in_channels=in_ch,
                    prev_output_channels=prev_ch,
                    out_channels=out_ch,
                    layers=cfg.layers_per_block + 1,
                    has_attention=kind.startswith("CrossAttn"),
                    add_upsample=add_upsample,
                    heads=reversed_heads[i],
                    motion=motion_for(2 ** (n - 1 - i), True),
                    **common,
                )
            )
        if not reference:
            self.conv_norm_out = FrameGroupNorm(cfg.norm_num_groups, channels[0], cfg.norm_eps, inflated)
            self.conv_out = nn.Conv2d(channels[0], cfg.out_channels, kernel_size=3, padding=1)
        for name, module in self.named_modules():
            if hasattr(module, "block_name"):
                module.block_name = name

    @property
    def dtype(self) -> torch.dtype:
        return self.conv_in.weight.dtype

    def set_reference_enabled(self, enabled: bool) -> None:
        for block in transformer_blocks(self):
            block.reference_enabled = enabled

    def clear_reference(self) -> None:
        for block in transformer_blocks(self):
            block.set_reference(None)

    @property
    def has_window_independent_prefix(self) -> bool:
        """True when the first down block's first layer is followed by a motion module: everything before
        it (conv_in, pose features, that resnet and spatial attention) is per frame, so overlapping context
        windows can share one computation of it (``window_independent_prefix``)."""
        return not self.is_reference and self.down_blocks[0].motion_modules is not None

    def _context(self, sample, timestep, context, reference_mask, recorder):
        if sample.dim() == 4:
            sample = sample.unsqueeze(2)
        b, c, f, h, w = sample.shape
        x = sample.transpose(1, 2).reshape(b * f, c, h, w)
        t = torch.as_tensor(timestep, device=x.device)
        t = t.reshape(-1).expand(b) if t.numel() == 1 else t.reshape(b)
        cfg = self.config
        t_features = timestep_embedding(t, cfg.block_out_channels[0], cfg.flip_sin_to_cos, cfg.freq_shift)
        temb = self.time_embedding(t_features.to(x.dtype))
        if f > 1:
            temb = temb.repeat_interleave(f, dim=0)
        return x, ForwardContext(b, f, temb, context, reference_mask, recorder)

    def window_independent_prefix(
        self,
        sample: torch.Tensor,
        timestep: torch.Tensor | float,
        context: torch.Tensor,
        pose_features: torch.Tensor | None = None,
        reference_mask: tuple[bool, ...] | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """(conv_in output, first layer's spatial output), each (B*F, C0, H, W): ``forward(prefix=...)``."""
        x, ctx = self._context(sample, timestep, context, reference_mask, None)
        x = self._stem(x, pose_features)
        return x, self.down_blocks[0].first_layer_spatial(x, ctx)

    def _stem(self, x: torch.Tensor, pose_features: torch.Tensor | None) -> torch.Tensor:
        """conv_in, plus the pose guider's features (added to its output, as released)."""
        x = self.conv_in(x)
        return x if pose_features is None else x + pose_features

    def forward(
        self,
        sample: torch.Tensor,
        timestep: torch.Tensor | float,
        context: torch.Tensor,
        pose_features: torch.Tensor | None = None,
        reference_mask: tuple[bool, ...] | None = None,
        recorder: dict[str, torch.Tensor] | None = None,
        prefix: tuple[torch.Tensor, torch.Tensor] | None = None,
        deep_cache: DeepFeatureCache | None = None,
    ) -> torch.Tensor | None:
        """``sample`` is (B, C, F, H, W) (or (B, C, H, W) for one frame); ``pose_features`` (B*F, C0, H, W).

        ``prefix``: this window's rows of ``window_independent_prefix`` (then ``pose_features`` is not used).
        Returns (B, C_out, F, H, W); the reference UNet returns None (its product is the recording).
        """
        x, ctx = self._context(sample, timestep, context, reference_mask, recorder)
        b, f = ctx.batch, ctx.frames
        h, w = x.shape[-2:]

        factor = 2**self.num_upsamplers
        forward_upsample_size = h % factor != 0 or w % factor != 0
        first_spatial = None
        if prefix is not None:
            x, first_spatial = prefix
        else:
            x = self._stem(x, pose_features)
        skips: tuple[torch.Tensor, ...] = (x,)
        last = len(self.up_blocks) - 1
        if deep_cache is not None and deep_cache.reuse and deep_cache.features is not None:
            _, res = self.down_blocks[0](x, ctx, first_spatial, downsample=False)
            x = self.up_blocks[last](deep_cache.features, skips + res, ctx)
            x = self.conv_out(F.silu(self.conv_norm_out(x, f)))
            return x.view(b, f, -1, h, w).transpose(1, 2)
        for i, block in enumerate(self.down_blocks):
            x, res = block(x, ctx, first_spatial) if i == 0 else block(x, ctx)
            skips += res
        x = self.mid_block(x, ctx)
        for i, block in enumerate(self.up_blocks):
            count = len(block.resnets)
            res, skips = skips[-count:], skips[:-count]
            size = tuple(skips[-1].shape[-2:]) if forward_upsample_size and i < last else None
            if i == last and deep_cache is not None:
                deep_cache.features = x
            x = block(x, res, ctx, size)
        if self.is_reference:
            return None
        x = self.conv_out(F.silu(self.conv_norm_out(x, f)))
        return x.view(b, f, -1, h, w).transpose(1, 2)
