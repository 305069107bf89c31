"""Fixtures for generation job tests: real image and pose video files, and a job factory."""

import io
import tempfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from generation.models import Motion, MotionSource, MotionStatus
from personas.models import ReferenceImage
from posekit.video_io import write_mp4
from tests.factories import DeliverableFactory, PersonaFactory

TINY = {
    "width": 64,
    "height": 64,
    "frames": 4,
    "steps": 2,
    "context_frames": 4,
    "context_overlap": 1,
    "seed": 7,
}


def png_bytes(size=(48, 72), color=(200, 120, 90, 255)) -> bytes:
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((8, 4, size[0] - 8, size[1] - 4), fill=color)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def skeleton_video_bytes(*, frames: int = 12, size=(64, 64), fps: float = 8.0) -> bytes:
    """A stick figure waving its arm: a real H.264 file like the pose videos the model reads."""
    images = []
    for i in range(frames):
        image = Image.new("RGB", size, "black")
        draw = ImageDraw.Draw(image)
        cx = size[0] // 2
        draw.line((cx, 12, cx, 40), fill=(255, 0, 0), width=3)
        draw.line((cx, 40, cx - 10, 60), fill=(0, 255, 0), width=3)
        draw.line((cx, 40, cx + 10, 60), fill=(0, 0, 255), width=3)
        draw.line((cx, 20, cx + 16, 10 + 3 * (i % 5)), fill=(255, 255, 0), width=3)
        draw.ellipse((cx - 5, 2, cx + 5, 12), fill=(255, 0, 255))
        images.append(image)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "poses.mp4"
        write_mp4(images, path, fps=fps)
        return path.read_bytes()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def persona(db):
    return PersonaFactory(name="Nova", slug="nova")


@pytest.fixture
def reference_image(persona, settings):
    image = ReferenceImage(persona=persona, is_primary=True, original_filename="nova.png")
    image.image.save("nova.png", ContentFile(png_bytes(size=(48, 72))), save=False)
    image.width, image.height = 48, 72
    image.save()
    return image


def motion_create(*, frames: int = 12, fps: float = 8.0, name: str = "Wave") -> Motion:
    motion = Motion(
        name=name,
        source=MotionSource.SKELETON_VIDEO,
        status=MotionStatus.READY,
        fps=fps,
        frame_count=frames,
        duration_seconds=frames / fps,
        width=64,
        height=64,
    )
    motion.pose_video.save("poses.mp4", ContentFile(skeleton_video_bytes(frames=frames, fps=fps)), save=True)
    return motion


@pytest.fixture
def motion(db, settings):
    return motion_create()


@pytest.fixture
def deliverable(persona):
    return DeliverableFactory(persona=persona)
