"""Shared fixtures for the motion library: a driving clip made from a real photo with known motion.

The clip moves and scales anyone-11.png over a plain background with exactly known affine transforms,
so extracted keypoints can be checked against geometry rather than against a stored answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from posekit.video_io import Mp4Writer

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR = (REPO_ROOT / ".." / "shared").resolve()
CLIP_SIZE = (512, 768)
CLIP_FPS = 10
BACKGROUND = (200, 205, 210)


def shared_file(*parts: str) -> Path:
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available: these tests read the shared samples beside the checkout")
    return path


@dataclass(frozen=True)
class Placement:
    """Where the photo sits in a frame: photo pixel p lands at p * (sx, sy) + (dx, dy)."""

    sx: float
    sy: float
    dx: int
    dy: int

    def apply(self, xy: np.ndarray) -> np.ndarray:
        return xy * [self.sx, self.sy] + [self.dx, self.dy]

    def invert(self, xy: np.ndarray) -> np.ndarray:
        return (xy - [self.dx, self.dy]) / [self.sx, self.sy]


@dataclass(frozen=True)
class DrivingClip:
    path: Path
    placements: list[Placement]  # one per frame with the person
    blank_frames: list[int]  # indices of frames showing only the background


def compose_frame(
    photo: Image.Image, scale: float, offset: tuple[float, float]
) -> tuple[np.ndarray, Placement]:
    width, height = photo.size
    size = (round(width * scale), round(height * scale))
    canvas = Image.new("RGBA", CLIP_SIZE, (*BACKGROUND, 255))
    dx, dy = round(offset[0]), round(offset[1])
    canvas.alpha_composite(photo.resize(size, Image.Resampling.BICUBIC), (dx, dy))
    placement = Placement(sx=size[0] / width, sy=size[1] / height, dx=dx, dy=dy)
    return np.asarray(canvas.convert("RGB")), placement


def write_clip(path: Path, frames) -> Path:
    with Mp4Writer(path, fps=CLIP_FPS, size=CLIP_SIZE) as writer:
        for frame in frames:
            writer.write(frame)
    return path


@pytest.fixture(scope="session")
def photo() -> Image.Image:
    return Image.open(shared_file("samples", "reference_images", "anyone-11.png")).convert("RGBA")


@pytest.fixture(scope="session")
def driving_clip(photo, tmp_path_factory) -> DrivingClip:
    """12 frames of the person drifting and zooming (up to ~60 px and 20 %), then one empty frame."""
    frames, placements = [], []
    width, height = photo.size
    for t in range(12):
        scale = 0.72 + 0.08 * np.sin(t * 0.5)
        offset = (
            (CLIP_SIZE[0] - width * scale) / 2 + 40 * np.sin(t * 0.4),
            (CLIP_SIZE[1] - height * scale) / 2 - 20 + 20 * np.cos(t * 0.3),
        )
        frame, placement = compose_frame(photo, scale, offset)
        frames.append(frame)
        placements.append(placement)
    frames.append(np.full((CLIP_SIZE[1], CLIP_SIZE[0], 3), BACKGROUND, np.uint8))
    path = write_clip(tmp_path_factory.mktemp("clip") / "driving.mp4", frames)
    return DrivingClip(path=path, placements=placements, blank_frames=[12])


@pytest.fixture(scope="session")
def extracted(driving_clip):
    """The driving clip's pose sequence and stats, extracted once for all tests."""
    from posekit.extract import extract_pose_sequence

    return extract_pose_sequence(driving_clip.path)


@pytest.fixture(scope="session")
def reference_pose():
    """anyone-3.png's pose and image size, the body motions are aligned to."""
    from posekit.extract import extract_image_pose, load_rgb_image

    image = load_rgb_image(shared_file("samples", "reference_images", "anyone-3.png"))
    return extract_image_pose(image), (image.shape[1], image.shape[0])
