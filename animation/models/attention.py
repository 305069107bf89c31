"""Multi-head attention and the GEGLU feed-forward, with the parameter names of diffusers' blocks."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from animation.kernels import narrow_attention


class Attention(nn.Module):
    """Scaled dot-product attention (``to_q``/``to_k``/``to_v``/``to_out.0``), backed by PyTorch SDPA."""

    def __init__(
        self, query_dim: int, heads: int, dim_head: int, context_dim: int | None = None, bias: bool = False
    ) -> None:
        super().__init__()
        inner = heads * dim_head
        self.heads = heads
        self.to_q = nn.Linear(query_dim, inner, bias=bias)
        self.to_k = nn.Linear(context_dim or query_dim, inner, bias=bias)
        self.to_v = nn.Linear(context_dim or query_dim, inner, bias=bias)
        self.to_out = nn.ModuleList([nn.Linear(inner, query_dim), nn.Dropout(0.0)])

    def attend(
        self,
        q: torch.Tensor,
        k: torch.Tensor,
        v: torch.Tensor,
        shared: tuple[torch.Tensor, torch.Tensor] | None = None,
    ) -> torch.Tensor:
        """Attention over already projected (N, L, inner) tensors, followed by the output projection.

        ``shared`` (keys and values of batch 1) is attended by every batch element after its own keys,
        as if concatenated to them; the CPU kernel reads it in place instead.
        """
        out = narrow_attention.attention(q, k, v, self.heads, shared)
        if out is None:
            out = self._sdpa(q, k, v, shared)
        return self.to_out[0](out)

    def _sdpa(
        self,
        q: torch.Tensor,
        k: torch.Tensor,
        v: torch.Tensor,
        shared: tuple[torch.Tensor, torch.Tensor] | None,
    ) -> torch.Tensor:
        n, lq, inner = q.shape
        h = self.heads
        if shared is not None:
            k = torch.cat([k, shared[0].expand(k.shape[0], -1, -1)], dim=1)
            v = torch.cat([v, shared[1].expand(v.shape[0], -1, -1)], dim=1)
        q = q.view(n, lq, h, inner // h).transpose(1, 2)
        k = k.view(k.shape[0], k.shape[1], h, inner // h).transpose(1, 2)
        v = v.view(v.shape[0], v.shape[1], h, inner // h).transpose(1, 2)
        out = F.scaled_dot_product_attention(q, k, v)
        return out.transpose(1, 2).reshape(n, lq, inner)

    def forward(self, x: torch.Tensor, context: torch.Tensor | None = None) -> torch.Tensor:
        source = x if context is None else context
        return self.attend(self.to_q(x), self.to_k(source), self.to_v(source))

    def single_token_cross_attention(self, context: torch.Tensor) -> torch.Tensor:
        """With one key the softmax weight is exactly 1, so every query receives that token's value."""
        return self.to_out[0](self.to_v(context))


class GEGLU(nn.Module):
    def __init__(self, dim_in: int, dim_out: int) -> None:
        super().__init__()
        self.proj = nn.Linear(dim_in, dim_out * 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        hidden, gate = self.proj(x).chunk(2, dim=-1)
        return hidden * F.gelu(gate)


# The GEGLU's hidden activations are 8x the block's width: at full size, over a window, over 1 GiB.
# Rows are independent, so larger inputs go through in pieces of about this size (same result).
FEED_FORWARD_CHUNK_BYTES = 256 * 2**20
# On the CPU the hidden activations are written and read back four times (projection, GELU, product,
# output projection); in pieces of about 4 MiB they stay in cache. At least 1,024 rows, below which the
# matrix products lose more than the cache gains (measured at the mid case's three widths: 64 channels
# x 16,384 rows 21 -> 12 ms, 128 x 4,096 14 -> 13 ms, 256 x 1,024 unchanged).
FEED_FORWARD_CPU_CHUNK_BYTES = 4 * 2**20
FEED_FORWARD_CPU_MIN_ROWS = 1024


class FeedForward(nn.Module):
    def __init__(self, dim: int, mult: int = 4) -> None:
        super().__init__()
        inner = dim * mult
        self.net = nn.ModuleList([GEGLU(dim, inner), nn.Dropout(0.0), nn.Linear(inner, dim)])

    def _feed(self, x: torch.Tensor) -> torch.Tensor:
        for layer in self.net:
            x = layer(x)
        return x

    def chunk_rows(self, x: torch.Tensor) -> int:
        """Rows (tokens) per piece for this input: bounded by memory everywhere, by cache on the CPU."""
        row_bytes = self.net[0].proj.out_features * x.element_size()
        rows = max(1, FEED_FORWARD_CHUNK_BYTES // row_bytes)
        if x.device.type == "cpu":
            rows = min(rows, max(FEED_FORWARD_CPU_MIN_ROWS, FEED_FORWARD_CPU_CHUNK_BYTES // row_bytes))
        return rows

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        flat = x.reshape(-1, x.shape[-1])
        rows = self.chunk_rows(x)
        if flat.shape[0] <= rows:
            return self._feed(x)
        out = torch.cat([self._feed(part) for part in flat.split(rows)])
        return out.view(*x.shape[:-1], out.shape[-1])
