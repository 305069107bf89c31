"""Draw poses as skeleton images in the OpenPose/DWPose style that AnimateAnyone's pose guider was trained on.

On a black canvas: 17 body limbs as filled ellipses (half-width 4) blended at 0.6 over what is below,
then 18 joints as solid circles of radius 4 in the 18 standard colours; hand bones as 2-pixel lines
coloured around the HSV wheel with blue joint dots; face points as small white dots. Points whose
confidence is below the threshold, and limbs touching them, are left out.
"""

from __future__ import annotations

import colorsys
import math

import cv2
import numpy as np

from posekit.keypoints import FramePose, PoseSequence

# Standard OpenPose colours, one per joint; limb i uses colour i (RGB, since the canvas is RGB).
BODY_COLORS = (
    (255, 0, 0),
    (255, 85, 0),
    (255, 170, 0),
    (255, 255, 0),
    (170, 255, 0),
    (85, 255, 0),
    (0, 255, 0),
    (0, 255, 85),
    (0, 255, 170),
    (0, 255, 255),
    (0, 170, 255),
    (0, 85, 255),
    (0, 0, 255),
    (85, 0, 255),
    (170, 0, 255),
    (255, 0, 255),
    (255, 0, 85),
    (255, 0, 170),
)

# The 17 drawn limbs as (from, to) COCO-18 indices: shoulders, arms, legs via the hips, then the head.
BODY_LIMBS = (
    (1, 2),
    (1, 5),
    (2, 3),
    (3, 4),
    (5, 6),
    (6, 7),
    (1, 8),
    (8, 9),
    (9, 10),
    (1, 11),
    (11, 12),
    (12, 13),
    (1, 0),
    (0, 14),
    (14, 16),
    (0, 15),
    (15, 17),
)

# Hand bones: from the wrist out along each finger, thumb first.
HAND_BONES = tuple(
    pair
    for finger in range(5)
    for pair in ((0 if j == 0 else 4 * finger + j, 4 * finger + j + 1) for j in range(4))
)
HAND_BONE_COLORS = tuple(
    tuple(round(c * 255) for c in colorsys.hsv_to_rgb(i / len(HAND_BONES), 1.0, 1.0))
    for i in range(len(HAND_BONES))
)
HAND_POINT_COLOR = (0, 0, 255)
FACE_POINT_COLOR = (255, 255, 255)

STICK_WIDTH = 4
LIMB_ALPHA = 0.6
JOINT_RADIUS = 4
HAND_LINE_WIDTH = 2
FACE_RADIUS = 3
DEFAULT_THRESHOLD = 0.3


def _blend_limb(canvas: np.ndarray, a, b, color) -> None:
    """Fill the ellipse spanning a-b and blend it over the canvas with LIMB_ALPHA."""
    (x0, y0), (x1, y1) = a, b
    length = math.hypot(x1 - x0, y1 - y0)
    angle = math.degrees(math.atan2(y0 - y1, x0 - x1))
    center = (int((x0 + x1) / 2), int((y0 + y1) / 2))
    polygon = cv2.ellipse2Poly(center, (int(length / 2), STICK_WIDTH), int(angle), 0, 360, 1)
    height, width = canvas.shape[:2]
    left, top = np.maximum(polygon.min(axis=0), 0)
    right, bottom = np.minimum(polygon.max(axis=0) + 1, (width, height))
    if right <= left or bottom <= top:
        return
    mask = np.zeros((bottom - top, right - left), np.uint8)
    cv2.fillConvexPoly(mask, polygon - (left, top), 1)
    region = canvas[top:bottom, left:right]
    inside = mask.astype(bool)
    blended = region[inside] * (1 - LIMB_ALPHA) + np.array(color, np.float32) * LIMB_ALPHA
    region[inside] = blended.astype(np.uint8)


def draw_body(canvas: np.ndarray, body: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> None:
    seen = body[:, 2] >= threshold
    for index, (i, j) in enumerate(BODY_LIMBS):
        if seen[i] and seen[j]:
            _blend_limb(canvas, body[i, :2], body[j, :2], BODY_COLORS[index])
    for index in np.flatnonzero(seen):
        x, y = body[index, :2]
        cv2.circle(canvas, (int(x), int(y)), JOINT_RADIUS, BODY_COLORS[index], thickness=-1)


def draw_hand(canvas: np.ndarray, hand: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> None:
    seen = hand[:, 2] >= threshold
    for (i, j), color in zip(HAND_BONES, HAND_BONE_COLORS, strict=True):
        if seen[i] and seen[j]:
            p, q = hand[i, :2].astype(int), hand[j, :2].astype(int)
            cv2.line(canvas, (int(p[0]), int(p[1])), (int(q[0]), int(q[1])), color, thickness=HAND_LINE_WIDTH)
    for x, y, _ in hand[seen]:
        cv2.circle(canvas, (int(x), int(y)), JOINT_RADIUS, HAND_POINT_COLOR, thickness=-1)


def draw_face(canvas: np.ndarray, face: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> None:
    for x, y, _ in face[face[:, 2] >= threshold]:
        cv2.circle(canvas, (int(x), int(y)), FACE_RADIUS, FACE_POINT_COLOR, thickness=-1)


def render_frame(
    pose: FramePose,
    width: int,
    height: int,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    hands: bool = True,
    face: bool = True,
) -> np.ndarray:
    """The skeleton image (height, width, 3) uint8 RGB for one pose; all black when nobody is there."""
    canvas = np.zeros((height, width, 3), np.uint8)
    draw_body(canvas, pose.body, threshold)
    if hands:
        draw_hand(canvas, pose.left_hand, threshold)
        draw_hand(canvas, pose.right_hand, threshold)
    if face:
        draw_face(canvas, pose.face, threshold)
    return canvas


def fit_transform(src_size: tuple[int, int], dst_size: tuple[int, int]) -> tuple[float, float, float]:
    """Uniform scale and offsets fitting a src frame inside dst, centred (letterboxed), undistorted."""
    (sw, sh), (dw, dh) = src_size, dst_size
    scale = min(dw / sw, dh / sh)
    return scale, (dw - sw * scale) / 2, (dh - sh * scale) / 2


def iter_rendered_frames(sequence: PoseSequence, *, size: tuple[int, int] | None = None, **options):
    """Yield one rendered frame at a time, so long motions never sit in memory as images."""
    width, height = size or (sequence.width, sequence.height)
    scale, dx, dy = fit_transform((sequence.width, sequence.height), (width, height))
    for pose in sequence.frames:
        if (scale, dx, dy) != (1.0, 0.0, 0.0):
            pose = pose.scaled(scale, scale, dx, dy)
        yield render_frame(pose, width, height, **options)
