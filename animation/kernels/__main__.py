"""``python -m animation.kernels``: build the CPU kernels ahead of time; never fails an install."""

from __future__ import annotations

import sys

from animation.kernels import narrow_attention


def main() -> int:
    if not narrow_attention.enabled():
        print("CPU kernels are turned off (ANIMATION_CPU_KERNELS); nothing built")
        return 0
    try:
        path = narrow_attention.build()
    except Exception as exc:  # noqa: BLE001 - any failure only means the PyTorch fallback is used
        print(f"CPU attention kernel not built ({exc}); renders use PyTorch's attention instead")
        return 0
    print(f"CPU attention kernel: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
