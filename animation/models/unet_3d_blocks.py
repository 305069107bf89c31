"""Down, mid and up blocks shared by the reference (2D) and denoising (3D) UNets."""

from __future__ import annotations

import torch
from torch import nn

from animation.config import TemporalModuleConfig
from animation.models.forward_context import ForwardContext
from animation.models.reference_attention import SpatialTransformer
from animation.models.resnet_3d import Downsample, ResnetBlock, Upsample
from animation.models.temporal_module import TemporalModule


class _Block(nn.Module):
    """Common layout: resnets, optional spatial attentions, optional motion modules (one per layer)."""

    def _layer(self, i: int, x: torch.Tensor, ctx: ForwardContext) -> torch.Tensor:
        x = self.resnets[i](x, ctx.temb, ctx.frames)
        if self.attentions is not None:
            x = self.attentions[i](x, ctx)
        if self.motion_modules is not None:
            x = self.motion_modules[i](x, ctx.frames)
        return x


def _attentions(has_attention, layers, channels, heads, cross_dim, groups, linear) -> nn.ModuleList | None:
    if not has_attention:
        return None
    return nn.ModuleList(
        [SpatialTransformer(channels, heads, cross_dim, groups, linear) for _ in range(layers)]
    )


def _motion(motion: TemporalModuleConfig | None, layers: int, channels: int) -> nn.ModuleList | None:
    if motion is None:
        return None
    return nn.ModuleList([TemporalModule(channels, motion) for _ in range(layers)])


class DownBlock(_Block):
    def __init__(
        self,
        *,
        in_channels: int,
        out_channels: int,
        temb_channels: int,
        layers: int,
        has_attention: bool,
        add_downsample: bool,
        heads: int,
        cross_attention_dim: int,
        groups: int,
        eps: float,
        downsample_padding: int,
        use_linear_projection: bool,
        motion: TemporalModuleConfig | None,
        inflated_norm: bool,
    ) -> None:
        super().__init__()
        self.attentions = _attentions(
            has_attention, layers, out_channels, heads, cross_attention_dim, groups, use_linear_projection
        )
        self.resnets = nn.ModuleList(
            [
                ResnetBlock(
                    in_channels if i == 0 else out_channels,
                    out_channels,
                    temb_channels,
                    groups,
                    eps,
                    inflated_norm=inflated_norm,
                )
                for i in range(layers)
            ]
        )
        self.motion_modules = _motion(motion, layers, out_channels)
        self.downsamplers = (
            nn.ModuleList([Downsample(out_channels, downsample_padding)]) if add_downsample else None
        )

    def first_layer_spatial(self, x: torch.Tensor, ctx: ForwardContext) -> torch.Tensor:
        """The first layer up to its motion module: per frame, so the same in every context window."""
        x = self.resnets[0](x, ctx.temb, ctx.frames)
        return x if self.attentions is None else self.attentions[0](x, ctx)

    def forward(
        self,
        x: torch.Tensor,
        ctx: ForwardContext,
        first_spatial: torch.Tensor | None = None,
        downsample: bool = True,
    ) -> tuple[torch.Tensor, tuple[torch.Tensor, ...]]:
        """``first_spatial``: ``first_layer_spatial`` already computed for these frames (then ``x`` is unused
        by the first layer). ``downsample=False`` stops before the downsampler (a shallow pass)."""
        skips = []
        for i in range(len(self.resnets)):
            if i == 0 and first_spatial is not None:
                x = self.motion_modules[0](first_spatial, ctx.frames)
            else:
                x = self._layer(i, x, ctx)
            skips.append(x)
        if self.downsamplers is not None and downsample:
            for down in self.downsamplers:
                x = down(x)
            skips.append(x)
        return x, tuple(skips)


class MidBlock(nn.Module):
    def __init__(
        self,
        *,
        channels: int,
        temb_channels: int,
        heads: int,
        cross_attention_dim: int,
        groups: int,
        eps: float,
        output_scale_factor: float,
        use_linear_projection: bool,
        motion: TemporalModuleConfig | None,
        inflated_norm: bool,
    ) -> None:
        super().__init__()
        self.attentions = _attentions(
            True, 1, channels, heads, cross_attention_dim, groups, use_linear_projection
        )
        self.resnets = nn.ModuleList(
            [
                ResnetBlock(
                    channels, channels, temb_channels, groups, eps, output_scale_factor, inflated_norm
                )
                for _ in range(2)
            ]
        )
        self.motion_modules = _motion(motion, 1, channels)

    def forward(self, x: torch.Tensor, ctx: ForwardContext) -> torch.Tensor:
        x = self.resnets[0](x, ctx.temb, ctx.frames)
        x = self.attentions[0](x, ctx)
        if self.motion_modules is not None:
            x = self.motion_modules[0](x, ctx.frames)
        return self.resnets[1](x, ctx.temb, ctx.frames)


class UpBlock(_Block):
    def __init__(
        self,
        *,
        in_channels: int,
        prev_output_channels: int,
        out_channels: int,
        temb_channels: int,
        layers: int,
        has_attention: bool,
        add_upsample: bool,
        heads: int,
        cross_attention_dim: int,
        groups: int,
        eps: float,
        use_linear_projection: bool,
        motion: TemporalModuleConfig | None,
        inflated_norm: bool,
    ) -> None:
        super().__init__()
        self.attentions = _attentions(
            has_attention, layers, out_channels, heads, cross_attention_dim, groups, use_linear_projection
        )
        resnets = []
        for i in range(layers):
            skip_channels = in_channels if i == layers - 1 else out_channels
            resnet_in = prev_output_channels if i == 0 else out_channels
            resnets.append(
                ResnetBlock(
                    resnet_in + skip_channels,
                    out_channels,
                    temb_channels,
                    groups,
                    eps,
                    inflated_norm=inflated_norm,
                )
            )
        self.resnets = nn.ModuleList(resnets)
        self.motion_modules = _motion(motion, layers, out_channels)
        self.upsamplers = nn.ModuleList([Upsample(out_channels)]) if add_upsample else None

    def forward(
        self,
        x: torch.Tensor,
        skips: tuple[torch.Tensor, ...],
        ctx: ForwardContext,
        upsample_size: tuple[int, int] | None = None,
    ) -> torch.Tensor:
        skips = list(skips)
        for i in range(len(self.resnets)):
            x = torch.cat([x, skips.pop()], dim=1)
            x = self._layer(i, x, ctx)
        if self.upsamplers is not None:
            for up in self.upsamplers:
                x = up(x, upsample_size)
        return x
