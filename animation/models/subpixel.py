"""Nearest 2x upsampling followed by a 3x3 convolution, computed as four 2x2 convolutions at low resolution.

Each output pixel of the upsampled image sees only two distinct input rows and columns through the 3x3
kernel, so the four output phases are 2x2 convolutions of the input with kernels made of sums of the
3x3 taps: the same result (up to float rounding) with 16 instead of 36 multiply-adds per output pixel, and
no upsampled copy of the input. The phases are computed in one convolution (4x the output channels) and
interleaved.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

# For output phase a (even/odd row), which 3x3 kernel rows fall on input row i-1+a and i+a.
_PHASE_TAPS = (((1, 0, 0), (0, 1, 1)), ((1, 1, 0), (0, 0, 1)))


def applies(conv: nn.Conv2d) -> bool:
    return (
        conv.kernel_size == (3, 3)
        and conv.stride == (1, 1)
        and conv.padding == (1, 1)
        and conv.dilation == (1, 1)
        and conv.groups == 1
        and conv.padding_mode == "zeros"
    )


def phase_kernels(weight: torch.Tensor) -> torch.Tensor:
    """(4*Co, Ci, 2, 2) kernels, phase-major (row phase, column phase), from a (Co, Ci, 3, 3) kernel."""
    taps = torch.tensor(_PHASE_TAPS, dtype=torch.float64, device=weight.device)
    kernels = torch.einsum("ark,oikl,bcl->aboirc", taps, weight.double(), taps)
    co, ci = weight.shape[:2]
    return kernels.reshape(4 * co, ci, 2, 2).to(weight.dtype)


class SubPixelConv:
    """Caches the phase kernels of one convolution; recomputed if its weights move or change dtype."""

    def __init__(self, conv: nn.Conv2d) -> None:
        self.conv = conv
        self._key: tuple | None = None
        self._weight: torch.Tensor | None = None
        self._bias: torch.Tensor | None = None

    def _kernels(self) -> tuple[torch.Tensor, torch.Tensor | None]:
        weight = self.conv.weight
        key = (weight.data_ptr(), weight.device, weight.dtype, getattr(weight, "_version", 0))
        if key != self._key:
            with torch.no_grad():
                self._weight = phase_kernels(weight)
                bias = self.conv.bias
                self._bias = None if bias is None else bias.repeat(4)
            self._key = key
        return self._weight, self._bias

    def __call__(self, x: torch.Tensor, size: tuple[int, int] | None = None) -> torch.Tensor:
        """Upsample 2x and convolve; an explicit ``size`` other than 2x (odd sizes) upsamples first."""
        n, _, h, w = x.shape
        if size is not None and tuple(size) != (2 * h, 2 * w):
            return self.conv(F.interpolate(x, size=size, mode="nearest"))
        weight, bias = self._kernels()
        co = self.conv.out_channels
        phases = F.conv2d(F.pad(x, (1, 1, 1, 1)), weight, bias)  # (n, 4*co, h+1, w+1)
        phases = phases.view(n, 2, 2, co, h + 1, w + 1)
        out = torch.empty(
            (n, co, 2 * h, 2 * w), dtype=x.dtype, device=x.device, memory_format=_memory_format(x)
        )
        for a in range(2):
            for b in range(2):
                out[:, :, a::2, b::2] = phases[:, a, b, :, a : a + h, b : b + w]
        return out


def _memory_format(x: torch.Tensor) -> torch.memory_format:
    if x.dim() == 4 and not x.is_contiguous() and x.is_contiguous(memory_format=torch.channels_last):
        return torch.channels_last
    return torch.contiguous_format


class DiffusersUpsample(nn.Module):
    """Stands in for a diffusers ``Upsample2D`` (nearest 2x + 3x3 conv) with the same parameter names."""

    def __init__(self, original: nn.Module) -> None:
        super().__init__()
        self.conv = original.conv
        self._subpixel = SubPixelConv(self.conv)

    def forward(self, hidden_states: torch.Tensor, output_size=None, *args, **kwargs) -> torch.Tensor:
        return self._subpixel(hidden_states, output_size)


def use_subpixel_upsampling(vae: nn.Module) -> int:
    """Put the sub-pixel form in place of a diffusers VAE's nearest-upsample convolutions; returns how many.

    Only plain ``Upsample2D`` layers (interpolating, 3x3 conv, no norm, no transposed conv) are swapped;
    the state dict keeps its keys.
    """
    swapped = 0
    for module in list(vae.modules()):
        upsamplers = getattr(module, "upsamplers", None)
        if not isinstance(upsamplers, nn.ModuleList):
            continue
        for i, up in enumerate(upsamplers):
            conv = getattr(up, "conv", None)
            plain = (
                type(up).__name__ == "Upsample2D"
                and getattr(up, "use_conv", False)
                and getattr(up, "name", None) == "conv"
                and getattr(up, "interpolate", False)
                and not getattr(up, "use_conv_transpose", True)
                and getattr(up, "norm", None) is None
                and isinstance(conv, nn.Conv2d)
                and applies(conv)
            )
            if plain:
                upsamplers[i] = DiffusersUpsample(up)
                swapped += 1
    return swapped
