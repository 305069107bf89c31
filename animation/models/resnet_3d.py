"""Resnet, down- and up-sampling layers of the UNets, working on (batch*frames, C, H, W) tensors.

Convolutions are per frame (the "inflated" Conv2d keeps plain Conv2d parameter names). Group norm is per
frame when ``inflated``; otherwise it pools statistics over all frames of a batch element.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from animation.models.subpixel import SubPixelConv


class FrameGroupNorm(nn.GroupNorm):
    def __init__(self, num_groups: int, num_channels: int, eps: float, inflated: bool = True) -> None:
        super().__init__(num_groups, num_channels, eps=eps)
        self.inflated = inflated

    def forward(self, x: torch.Tensor, frames: int = 1) -> torch.Tensor:
        if self.inflated or frames == 1:
            return super().forward(x)
        n, c, h, w = x.shape
        y = x.view(n // frames, frames, c, h, w).transpose(1, 2)
        y = F.group_norm(y, self.num_groups, self.weight, self.bias, self.eps)
        return y.transpose(1, 2).reshape(n, c, h, w)


class ResnetBlock(nn.Module):
    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        temb_channels: int,
        groups: int,
        eps: float,
        output_scale_factor: float = 1.0,
        inflated_norm: bool = True,
    ) -> None:
        super().__init__()
        self.norm1 = FrameGroupNorm(groups, in_channels, eps, inflated_norm)
        self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1)
        self.time_emb_proj = nn.Linear(temb_channels, out_channels)
        self.norm2 = FrameGroupNorm(groups, out_channels, eps, inflated_norm)
        self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1)
        self.conv_shortcut = (
            nn.Conv2d(in_channels, out_channels, kernel_size=1) if in_channels != out_channels else None
        )
        self.output_scale_factor = output_scale_factor

    def forward(self, x: torch.Tensor, temb: torch.Tensor, frames: int) -> torch.Tensor:
        h = self.conv1(F.silu(self.norm1(x, frames)))
        h = h + self.time_emb_proj(F.silu(temb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h, frames)))
        if self.conv_shortcut is not None:
            x = self.conv_shortcut(x)
        out = x + h
        if self.output_scale_factor != 1.0:
            out = out / self.output_scale_factor
        return out


class Downsample(nn.Module):
    def __init__(self, channels: int, padding: int = 1) -> None:
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size=3, stride=2, padding=padding)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


class Upsample(nn.Module):
    """Nearest 2x upsampling and a 3x3 convolution, computed in the sub-pixel form (same result, ~2x fewer
    multiply-adds); an explicit ``size`` other than 2x (odd latent sizes) upsamples first."""

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, kernel_size=3, padding=1)
        self._subpixel = SubPixelConv(self.conv)

    def forward(self, x: torch.Tensor, size: tuple[int, int] | None = None) -> torch.Tensor:
        return self._subpixel(x, size)
