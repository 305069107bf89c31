"""Per-call state shared by all blocks of a UNet forward pass."""

from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass
class ForwardContext:
    """Hidden states travel as (batch*frames, C, H, W); this says how to regroup them.

    ``reference_mask`` says, per batch element, whether spatial self-attention also reads the recorded
    reference tokens; ``recorder`` collects the normed self-attention inputs of a reference ("write") pass.
    """

    batch: int
    frames: int
    temb: torch.Tensor  # (batch*frames, temb_channels)
    context: torch.Tensor  # (batch, tokens, cross_attention_dim)
    reference_mask: tuple[bool, ...] | None = None
    recorder: dict[str, torch.Tensor] | None = None
