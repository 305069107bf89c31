"""Pose guider: a small per-frame conv encoder whose output is added to the denoising UNet's conv_in."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


class PoseGuider(nn.Module):
    """conv_in, then per level a same-size conv and a stride-2 conv (SiLU after each), then conv_out.

    Four levels mean three stride-2 steps, matching the latent resolution (1/8). ``conv_out`` starts at zero
    when trained from scratch; random test builds keep it random so the path carries signal.
    """

    def __init__(
        self,
        embedding_channels: int,
        block_out_channels: tuple[int, ...] = (16, 32, 96, 256),
        conditioning_channels: int = 3,
        zero_init_out: bool = True,
    ) -> None:
        super().__init__()
        self.conv_in = nn.Conv2d(conditioning_channels, block_out_channels[0], kernel_size=3, padding=1)
        blocks = []
        for c_in, c_out in zip(block_out_channels[:-1], block_out_channels[1:], strict=True):
            blocks.append(nn.Conv2d(c_in, c_in, kernel_size=3, padding=1))
            blocks.append(nn.Conv2d(c_in, c_out, kernel_size=3, padding=1, stride=2))
        self.blocks = nn.ModuleList(blocks)
        self.conv_out = nn.Conv2d(block_out_channels[-1], embedding_channels, kernel_size=3, padding=1)
        if zero_init_out:
            nn.init.zeros_(self.conv_out.weight)
            nn.init.zeros_(self.conv_out.bias)

    def forward(self, poses: torch.Tensor) -> torch.Tensor:
        """(frames, 3, H, W) in [0, 1] -> (frames, C, H/8, W/8)."""
        x = F.silu(self.conv_in(poses))
        for block in self.blocks:
            x = F.silu(block(x))
        return self.conv_out(x)
