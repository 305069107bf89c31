"""Media the demo generates itself: a drawn character and a procedurally animated skeleton.

The sample media in ../shared may be read by tests but never ship with the project, so the demo
draws its own persona and dances its own skeleton.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw

from posekit.keypoints import BODY, BODY_POINTS, FramePose, PoseSequence

# A standing figure in a 512×768 frame: (x, y) per named body point.
_REST_POSE = {
    "nose": (256, 150),
    "neck": (256, 215),
    "right_shoulder": (206, 222),
    "right_elbow": (188, 312),
    "right_wrist": (182, 395),
    "left_shoulder": (306, 222),
    "left_elbow": (324, 312),
    "left_wrist": (330, 395),
    "right_hip": (226, 420),
    "right_knee": (222, 545),
    "right_ankle": (220, 665),
    "left_hip": (286, 420),
    "left_knee": (290, 545),
    "left_ankle": (292, 665),
    "right_eye": (244, 138),
    "left_eye": (268, 138),
    "right_ear": (230, 146),
    "left_ear": (282, 146),
}
FRAME_SIZE = (512, 768)


def _rotate(point, pivot, degrees):
    angle = math.radians(degrees)
    x, y = point[0] - pivot[0], point[1] - pivot[1]
    return (
        pivot[0] + x * math.cos(angle) - y * math.sin(angle),
        pivot[1] + x * math.sin(angle) + y * math.cos(angle),
    )


def _posed(phase: float) -> dict[str, tuple[float, float]]:
    """The rest pose with waving arms, a knee bounce and a sway, for phase in [0, 2π)."""
    points = dict(_REST_POSE)
    sway = 14 * math.sin(phase)
    bounce = 10 * abs(math.sin(phase))
    # Arms rise from the rest pose and fall back, mirrored, with the right arm a little ahead.
    for side, sign, lead in (("right", 1, 0.5), ("left", -1, 0.0)):
        shoulder = points[f"{side}_shoulder"]
        swing = sign * 55 * (1 - math.cos(phase + lead * math.sin(phase)))
        elbow = _rotate(points[f"{side}_elbow"], shoulder, swing)
        wrist = _rotate(_rotate(points[f"{side}_wrist"], shoulder, swing), elbow, swing * 0.6)
        points[f"{side}_elbow"], points[f"{side}_wrist"] = elbow, wrist
    moved = {}
    for name, (x, y) in points.items():
        upper = name not in ("right_ankle", "left_ankle")
        moved[name] = (x + (sway if upper else sway * 0.2), y + (bounce if upper else 0))
    return moved


def procedural_dance(*, frames: int = 48, fps: float = 24.0) -> PoseSequence:
    """One loop of a simple dance as a pose sequence (body only, full confidence)."""
    poses = []
    for index in range(frames):
        points = _posed(2 * math.pi * index / frames)
        body = np.zeros((BODY_POINTS, 3), np.float32)
        for name, (x, y) in points.items():
            body[BODY[name]] = (x, y, 1.0)
        poses.append(FramePose(body=body))
    width, height = FRAME_SIZE
    return PoseSequence(fps=fps, width=width, height=height, frames=poses)


def drawn_character(*, variant: int = 0) -> Image.Image:
    """An illustrated character standing in the rest pose, so the skeleton lines up with it."""
    width, height = FRAME_SIZE
    palette = [
        ((250, 232, 214), (91, 61, 245), (40, 40, 60), (70, 40, 30)),
        ((224, 190, 160), (230, 90, 80), (30, 60, 90), (20, 20, 20)),
    ][variant % 2]
    skin, top, trousers, hair = palette
    image = Image.new("RGB", (width, height), (236, 233, 245))
    draw = ImageDraw.Draw(image)
    p = _REST_POSE
    draw.ellipse((60, 700, 452, 740), fill=(214, 210, 228))  # floor shadow

    def limb(a, b, colour, thickness):
        draw.line([p[a], p[b]], fill=colour, width=thickness)
        for point in (p[a], p[b]):
            r = thickness // 2
            draw.ellipse((point[0] - r, point[1] - r, point[0] + r, point[1] + r), fill=colour)

    for side in ("right", "left"):
        limb(f"{side}_hip", f"{side}_knee", trousers, 44)
        limb(f"{side}_knee", f"{side}_ankle", trousers, 38)
        ax, ay = p[f"{side}_ankle"]
        draw.ellipse((ax - 26, ay - 6, ax + 26, ay + 22), fill=(30, 30, 30))
    draw.rounded_rectangle((196, 205, 316, 440), radius=36, fill=top)
    for side in ("right", "left"):
        limb(f"{side}_shoulder", f"{side}_elbow", top, 34)
        limb(f"{side}_elbow", f"{side}_wrist", skin, 26)
        wx, wy = p[f"{side}_wrist"]
        draw.ellipse((wx - 15, wy - 6, wx + 15, wy + 24), fill=skin)
    limb("neck", "nose", skin, 36)
    nx, ny = p["nose"]
    draw.ellipse((nx - 48, ny - 62, nx + 48, ny + 50), fill=skin)
    draw.chord((nx - 52, ny - 70, nx + 52, ny + 20), 180, 360, fill=hair)
    for eye in ("right_eye", "left_eye"):
        ex, ey = p[eye]
        draw.ellipse((ex - 6, ey - 4, ex + 6, ey + 6), fill=(30, 30, 40))
    draw.arc((nx - 16, ny + 8, nx + 16, ny + 30), 20, 160, fill=(160, 60, 70), width=4)
    return image
