"""Spatial transformer blocks with the ReferenceNet mechanism.

The reference UNet ("write") records each block's input after ``norm1``. In the denoising UNet ("read")
self-attention takes keys and values from the frame's own tokens concatenated with the recorded tokens of
the paired block, repeated for every frame; batch elements marked off in the mask (the unconditional half
under guidance) attend to their own tokens only.
"""

from __future__ import annotations

import torch
from torch import nn

from animation.models.attention import Attention, FeedForward
from animation.models.forward_context import ForwardContext


class ReferenceTransformerBlock(nn.Module):
    """diffusers' ``BasicTransformerBlock`` layout: self-attention, cross-attention, GEGLU feed-forward."""

    def __init__(self, dim: int, heads: int, dim_head: int, cross_attention_dim: int) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn1 = Attention(dim, heads, dim_head)
        self.norm2 = nn.LayerNorm(dim)
        self.attn2 = Attention(dim, heads, dim_head, context_dim=cross_attention_dim)
        self.norm3 = nn.LayerNorm(dim)
        self.ff = FeedForward(dim)
        self.block_name = ""  # set by the owning UNet; keys the recorder
        self.reference_enabled = True
        self._reference_kv: tuple[torch.Tensor, torch.Tensor] | None = None

    @property
    def width(self) -> int:
        return self.norm1.normalized_shape[0]

    def set_reference(self, tokens: torch.Tensor | None) -> None:
        """Project the recorded reference tokens once; they serve every frame, window and step."""
        if tokens is None:
            self._reference_kv = None
        else:
            self._reference_kv = (self.attn1.to_k(tokens), self.attn1.to_v(tokens))

    def _self_attention(self, normed: torch.Tensor, ctx: ForwardContext) -> torch.Tensor:
        attn = self.attn1
        q, k, v = attn.to_q(normed), attn.to_k(normed), attn.to_v(normed)
        mask = ctx.reference_mask
        if self._reference_kv is None or not self.reference_enabled or not mask or not any(mask):
            return attn.attend(q, k, v)
        ref_k, ref_v = self._reference_kv
        f = ctx.frames
        parts = []
        for b, use_reference in enumerate(mask):
            rows = slice(b * f, (b + 1) * f)
            if use_reference:
                idx = b if ref_k.shape[0] > 1 else 0
                shared = (ref_k[idx : idx + 1], ref_v[idx : idx + 1])
                parts.append(attn.attend(q[rows], k[rows], v[rows], shared))
            else:
                parts.append(attn.attend(q[rows], k[rows], v[rows]))
        return parts[0] if len(parts) == 1 else torch.cat(parts, dim=0)

    def forward(self, x: torch.Tensor, ctx: ForwardContext) -> torch.Tensor:
        normed = self.norm1(x)
        if ctx.recorder is not None:
            ctx.recorder[self.block_name] = normed
        x = self._self_attention(normed, ctx) + x
        context = ctx.context
        if context.shape[1] == 1:
            out = self.attn2.single_token_cross_attention(context)
            x = x + out.repeat_interleave(ctx.frames, dim=0)
        else:
            x = self.attn2(self.norm2(x), context.repeat_interleave(ctx.frames, dim=0)) + x
        return self.ff(self.norm3(x)) + x


class SpatialTransformer(nn.Module):
    """Per-frame spatial transformer (diffusers ``Transformer2DModel`` keys: norm, proj_in, proj_out)."""

    def __init__(
        self, channels: int, heads: int, cross_attention_dim: int, groups: int, use_linear_projection: bool
    ) -> None:
        super().__init__()
        dim_head = channels // heads
        inner = heads * dim_head
        self.use_linear_projection = use_linear_projection
        self.norm = nn.GroupNorm(groups, channels, eps=1e-6)
        if use_linear_projection:
            self.proj_in = nn.Linear(channels, inner)
            self.proj_out = nn.Linear(inner, channels)
        else:
            self.proj_in = nn.Conv2d(channels, inner, kernel_size=1)
            self.proj_out = nn.Conv2d(inner, channels, kernel_size=1)
        self.transformer_blocks = nn.ModuleList(
            [ReferenceTransformerBlock(inner, heads, dim_head, cross_attention_dim)]
        )

    def forward(self, x: torch.Tensor, ctx: ForwardContext) -> torch.Tensor:
        n, _, h, w = x.shape
        residual = x
        x = self.norm(x)
        if self.use_linear_projection:
            x = self.proj_in(x.permute(0, 2, 3, 1).reshape(n, h * w, -1))
        else:
            x = self.proj_in(x)
            x = x.permute(0, 2, 3, 1).reshape(n, h * w, -1)
        for block in self.transformer_blocks:
            x = block(x, ctx)
        if self.use_linear_projection:
            x = self.proj_out(x).reshape(n, h, w, -1).permute(0, 3, 1, 2)
        else:
            x = self.proj_out(x.reshape(n, h, w, -1).permute(0, 3, 1, 2).contiguous())
        return x + residual


def transformer_blocks(unet: nn.Module) -> list[ReferenceTransformerBlock]:
    """The spatial transformer blocks in module (depth-first registration) order."""
    return [m for m in unet.modules() if isinstance(m, ReferenceTransformerBlock)]


def pair_reference_blocks(
    reader: nn.Module, writer: nn.Module
) -> list[tuple[ReferenceTransformerBlock, ReferenceTransformerBlock]]:
    """Match blocks by position: sort both networks' blocks by width (descending, stable) and zip."""
    readers = sorted(transformer_blocks(reader), key=lambda m: -m.width)
    writers = sorted(transformer_blocks(writer), key=lambda m: -m.width)
    if len(readers) != len(writers):
        raise ValueError(
            f"reference UNet has {len(writers)} transformer blocks, denoising UNet {len(readers)}:"
            " cannot pair them"
        )
    for r, w in zip(readers, writers, strict=True):
        if r.width != w.width:
            raise ValueError(
                f"cannot pair {r.block_name} (width {r.width}) with {w.block_name} (width {w.width})"
            )
    return list(zip(readers, writers, strict=True))
