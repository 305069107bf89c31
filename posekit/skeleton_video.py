"""Recognise an upload that is already a skeleton (pose) video, so it can be used without extraction.

Skeleton videos in the OpenPose/DWPose style are mostly black with thin, fully saturated strokes of
many hues (limbs, hand bones) and white dots (face). Camera footage, even dark footage, has far more
lit pixels and mostly unsaturated colours, so a few sampled frames decide reliably.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from posekit.probe import VideoInfo, iter_video_frames, probe_video

LIT_LEVEL = 40  # a channel above this counts as drawn on
MIN_BLACK_FRACTION = 0.85
MIN_LIT_FRACTION = 0.002
MIN_STROKE_FRACTION = 0.75  # of lit pixels: saturated colour or near-white
MIN_HUES = 3  # distinct 30-degree hue bins among saturated pixels


@dataclass(frozen=True)
class FrameLook:
    black_fraction: float
    stroke_fraction: float
    hues: int

    @property
    def blank(self) -> bool:
        return self.black_fraction > 1 - MIN_LIT_FRACTION

    @property
    def skeleton_like(self) -> bool:
        return (
            not self.blank
            and self.black_fraction >= MIN_BLACK_FRACTION
            and self.stroke_fraction >= MIN_STROKE_FRACTION
            and self.hues >= MIN_HUES
        )


@dataclass(frozen=True)
class SkeletonCheck:
    is_skeleton: bool
    frames_checked: int
    skeleton_frames: int
    blank_frames: int
    reason: str


def describe_frame(rgb: np.ndarray) -> FrameLook:
    """Measure how much of a frame is black, and how stroke-like and colourful the rest is."""
    small = rgb
    if max(rgb.shape[:2]) > 256:
        factor = 256 / max(rgb.shape[:2])
        small = cv2.resize(rgb, (max(1, round(rgb.shape[1] * factor)), max(1, round(rgb.shape[0] * factor))))
    pixels = small.reshape(-1, 3).astype(np.int16)
    high, low = pixels.max(axis=1), pixels.min(axis=1)
    lit = high > LIT_LEVEL
    black_fraction = 1.0 - float(lit.mean())
    if not lit.any():
        return FrameLook(black_fraction=1.0, stroke_fraction=0.0, hues=0)
    saturation = (high[lit] - low[lit]) / np.maximum(high[lit], 1)
    saturated = saturation >= 0.6
    white = low[lit] > 180
    stroke_fraction = float((saturated | white).mean())
    hsv = cv2.cvtColor(small.reshape(-1, 1, 3)[lit], cv2.COLOR_RGB2HSV).reshape(-1, 3)
    hue_bins = np.bincount(hsv[saturated, 0].astype(int) // 15, minlength=12)  # OpenCV hue is 0-179
    hues = int((hue_bins >= max(2, 0.01 * saturated.sum())).sum())
    return FrameLook(black_fraction=black_fraction, stroke_fraction=stroke_fraction, hues=hues)


def detect_skeleton_video(
    path: str | Path, info: VideoInfo | None = None, *, samples: int = 8
) -> SkeletonCheck:
    """Sample up to ``samples`` frames (about one per second from the start) and vote.

    Blank frames (a skeleton video where nobody is in view) abstain; most of the others must look
    like skeleton drawings. Raises MotionInputError via the probe when the file is not a usable video.
    """
    info = info or probe_video(path)
    step = max(1, min(info.frame_count // samples, round(info.fps)))
    looks = []
    for index, rgb in enumerate(iter_video_frames(path, info, max_side=512, max_frames=step * samples)):
        if index % step == 0:
            looks.append(describe_frame(rgb))
    drawn = [look for look in looks if not look.blank]
    skeleton = sum(look.skeleton_like for look in drawn)
    blank = len(looks) - len(drawn)
    if not drawn:
        return SkeletonCheck(False, len(looks), 0, blank, "every sampled frame is blank")
    if skeleton >= 0.75 * len(drawn) and len(drawn) >= 0.5 * len(looks):
        reason = f"{skeleton} of {len(drawn)} drawn frames look like skeleton drawings"
        return SkeletonCheck(True, len(looks), skeleton, blank, reason)
    reason = f"only {skeleton} of {len(drawn)} drawn frames look like skeleton drawings"
    return SkeletonCheck(False, len(looks), skeleton, blank, reason)
