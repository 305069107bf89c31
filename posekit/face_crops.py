"""Square face crops of the performer, one per frame, from the face landmarks the extractor stores.

Wan2.2-Animate reads expressions from these crops (its motion encoder wants a fixed square size). A
frame where the face was not seen reuses the nearest earlier box (or, before any, the head's body
points), so the crops never jump to an empty corner.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from PIL import Image

from posekit.keypoints import BODY, FramePose

HEAD_POINTS = [BODY[name] for name in ("nose", "right_eye", "left_eye", "right_ear", "left_ear")]
# The crop spans this many times the landmarks' extent: the whole head, a little hair and chin.
FACE_MARGIN = 1.6
MIN_SIDE = 16


def face_box(
    pose: FramePose, frame_size: tuple[int, int], *, margin: float = FACE_MARGIN
) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of a square around the face, inside the frame; None if unseen."""
    points = pose.face[pose.face[:, 2] > 0][:, :2]
    if len(points) < 3:
        head = pose.body[HEAD_POINTS]
        points = head[head[:, 2] > 0][:, :2]
        if len(points) < 2:
            return None
        margin *= 1.5  # eyes and ears span less of the head than the face outline
    width, height = frame_size
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    side = max(x1 - x0, y1 - y0, MIN_SIDE) * margin
    side = int(round(min(side, width, height)))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    left = int(round(min(max(cx - side / 2, 0), width - side)))
    top = int(round(min(max(cy - side / 2, 0), height - side)))
    return left, top, left + side, top + side


def face_crops(frames: Iterable[np.ndarray], poses: Iterable[FramePose], *, size: int) -> list[Image.Image]:
    """One ``size`` × ``size`` RGB crop per frame (frames are RGB arrays in the poses' pixel space)."""
    crops, last = [], None
    for rgb, pose in zip(frames, poses, strict=True):
        height, width = rgb.shape[:2]
        box = face_box(pose, (width, height)) or last
        if box is None:  # nobody seen yet: the top centre of the frame, where a head usually is
            side = min(width, height) // 2
            box = ((width - side) // 2, 0, (width + side) // 2, side)
        last = box
        crop = Image.fromarray(np.ascontiguousarray(rgb)).crop(box)
        crops.append(crop.resize((size, size), Image.Resampling.BICUBIC))
    return crops
