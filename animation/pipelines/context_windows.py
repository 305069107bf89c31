"""Overlapping context windows over the frame axis ("uniform" schedule, closed loop)."""

from __future__ import annotations

import math

from animation.errors import AnimationInputError


def uniform_context_windows(
    num_frames: int, context_frames: int, context_overlap: int, context_stride: int = 1
) -> list[list[int]]:
    """The windows used at every step: with F = 12, context 8, overlap 4 -> [0..7], [4..11], [8..11, 0..3].

    Windows start at 0, ``context_frames - overlap``, ... while the start is below F; indices wrap modulo F.
    A stride above 1 adds dilated passes (every 2nd, 4th... frame) when F is long enough, as the reference
    schedule does.
    """
    if num_frames < 1:
        raise AnimationInputError("the number of frames must be at least 1")
    if context_frames < 1:
        raise AnimationInputError("context_frames must be at least 1")
    if not 0 <= context_overlap < context_frames:
        raise AnimationInputError(
            f"context_overlap must be between 0 and context_frames - 1 (got {context_overlap} with "
            f"context_frames={context_frames})"
        )
    if context_stride < 1:
        raise AnimationInputError("context_stride must be at least 1")
    if num_frames <= context_frames:
        return [list(range(num_frames))]
    levels = min(context_stride, math.ceil(math.log2(num_frames / context_frames)) + 1)
    windows = []
    for level in range(levels):
        step = 1 << level
        hop = context_frames * step - context_overlap
        for start in range(0, num_frames, hop):
            windows.append([i % num_frames for i in range(start, start + context_frames * step, step)])
    return windows
