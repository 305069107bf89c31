"""AnimateDiff "Vanilla" motion module: a transformer over the frame axis, applied to every pixel."""

from __future__ import annotations

import math

import torch
from torch import nn

from animation.config import TemporalModuleConfig
from animation.models.attention import Attention, FeedForward


def sinusoidal_encoding(max_len: int, dim: int) -> torch.Tensor:
    """(1, max_len, dim): sin on even channels, cos on odd ones."""
    position = torch.arange(max_len, dtype=torch.float32).unsqueeze(1)
    freq = torch.exp(torch.arange(0, dim, 2, dtype=torch.float32) * (-math.log(10000.0) / dim))
    pe = torch.zeros(1, max_len, dim)
    pe[0, :, 0::2] = torch.sin(position * freq)
    pe[0, :, 1::2] = torch.cos(position * freq)
    return pe


class PositionalEncoding(nn.Module):
    def __init__(self, dim: int, max_len: int) -> None:
        super().__init__()
        self.register_buffer("pe", sinusoidal_encoding(max_len, dim), persistent=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[1] > self.pe.shape[1]:
            raise ValueError(
                f"{x.shape[1]} frames exceed the motion module's position encoding ({self.pe.shape[1]})"
            )
        return x + self.pe[:, : x.shape[1]].to(x.dtype)


class TemporalSelfAttention(Attention):
    """Self-attention across frames; the position encoding is added to the normed input first."""

    def __init__(self, dim: int, heads: int, dim_head: int, position_encoding: bool, max_len: int) -> None:
        super().__init__(dim, heads, dim_head)
        self.pos_encoder = PositionalEncoding(dim, max_len) if position_encoding else None

    def forward(self, x: torch.Tensor, context: torch.Tensor | None = None) -> torch.Tensor:
        if self.pos_encoder is not None:
            x = self.pos_encoder(x)
        return super().forward(x)


class TemporalTransformerBlock(nn.Module):
    def __init__(self, dim: int, heads: int, dim_head: int, cfg: TemporalModuleConfig) -> None:
        super().__init__()
        n = len(cfg.attention_block_types)
        self.attention_blocks = nn.ModuleList(
            [
                TemporalSelfAttention(
                    dim,
                    heads,
                    dim_head,
                    cfg.temporal_position_encoding,
                    cfg.temporal_position_encoding_max_len,
                )
                for _ in range(n)
            ]
        )
        self.norms = nn.ModuleList([nn.LayerNorm(dim) for _ in range(n)])
        self.ff = FeedForward(dim)
        self.ff_norm = nn.LayerNorm(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # x: (batch*pixels, frames, dim)
        for attention, norm in zip(self.attention_blocks, self.norms, strict=True):
            x = attention(norm(x)) + x
        return self.ff(self.ff_norm(x)) + x


class TemporalTransformer(nn.Module):
    def __init__(self, channels: int, cfg: TemporalModuleConfig, groups: int = 32) -> None:
        super().__init__()
        heads = cfg.num_attention_heads
        dim_head = channels // heads // cfg.temporal_attention_dim_div
        inner = heads * dim_head
        self.norm = nn.GroupNorm(groups, channels, eps=1e-6)
        self.proj_in = nn.Linear(channels, inner)
        self.transformer_blocks = nn.ModuleList(
            [TemporalTransformerBlock(inner, heads, dim_head, cfg) for _ in range(cfg.num_transformer_block)]
        )
        self.proj_out = nn.Linear(inner, channels)

    def forward(self, x: torch.Tensor, frames: int) -> torch.Tensor:
        # x: (batch*frames, C, H, W); group norm per frame, attention along frames per pixel.
        n, c, h, w = x.shape
        b = n // frames
        residual = x
        y = self.norm(x).permute(0, 2, 3, 1).reshape(n, h * w, c)
        y = self.proj_in(y)
        inner = y.shape[-1]
        y = y.view(b, frames, h * w, inner).transpose(1, 2).reshape(b * h * w, frames, inner)
        for block in self.transformer_blocks:
            y = block(y)
        y = y.view(b, h * w, frames, inner).transpose(1, 2).reshape(n, h * w, inner)
        y = self.proj_out(y)
        y = y.view(n, h, w, c).permute(0, 3, 1, 2)
        return y + residual


class TemporalModule(nn.Module):
    def __init__(self, channels: int, cfg: TemporalModuleConfig) -> None:
        super().__init__()
        self.temporal_transformer = TemporalTransformer(channels, cfg)

    def forward(self, x: torch.Tensor, frames: int) -> torch.Tensor:
        return self.temporal_transformer(x, frames)
