"""Turning the reference image and pose frames into tensors, the way the reference pipeline does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError

from animation.errors import AnimationInputError

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp", ".gif", ".tif", ".tiff"}


def load_image(image: Image.Image | str | Path, what: str = "image") -> Image.Image:
    if isinstance(image, Image.Image):
        return image.convert("RGB")
    path = Path(image)
    if not path.is_file():
        raise AnimationInputError(f"{what} not found: {path}")
    try:
        with Image.open(path) as opened:
            return opened.convert("RGB")
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise AnimationInputError(f"cannot read {what} {path}: {exc}")


def load_poses(
    poses: list[Image.Image | str | Path] | str | Path, max_frames: int | None = None
) -> tuple[list[Image.Image], float | None]:
    """Pose frames from images, a directory of images (sorted by name) or a video; returns (frames, fps)."""
    if isinstance(poses, (list, tuple)):
        if not poses:
            raise AnimationInputError("no pose frames given")
        return [load_image(p, "pose image") for p in poses[:max_frames]], None
    path = Path(poses)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise AnimationInputError(f"no pose images (.png, .jpg...) in {path}")
        return [load_image(p, "pose image") for p in files[:max_frames]], None
    if not path.is_file():
        raise AnimationInputError(f"pose video or directory not found: {path}")
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return [load_image(path, "pose image")], None
    from posekit.video_io import read_video_frames

    try:
        frames, fps = read_video_frames(path, max_frames=max_frames)
    except Exception as exc:  # noqa: BLE001 - PyAV and the helper raise several kinds
        raise AnimationInputError(f"cannot read pose video {path}: {exc}")
    return frames, fps


def _to_array(image: Image.Image, width: int, height: int, resample) -> np.ndarray:
    resized = image.convert("RGB").resize((width, height), resample=resample)
    return np.asarray(resized, dtype=np.float32) / 255.0


def vae_input(image: Image.Image, width: int, height: int) -> torch.Tensor:
    """(1, 3, H, W) in [-1, 1], Lanczos-resized."""
    array = _to_array(image, width, height, Image.LANCZOS)
    return torch.from_numpy(array).permute(2, 0, 1).unsqueeze(0) * 2.0 - 1.0


def clip_input(image: Image.Image) -> torch.Tensor:
    """(1, 3, 224, 224): bicubic resize and the standard CLIP normalisation."""
    array = _to_array(image, 224, 224, Image.BICUBIC)
    array = (array - np.asarray(CLIP_MEAN, dtype=np.float32)) / np.asarray(CLIP_STD, dtype=np.float32)
    return torch.from_numpy(array).permute(2, 0, 1).unsqueeze(0)


def pose_input(frames: list[Image.Image], width: int, height: int) -> torch.Tensor:
    """(F, 3, H, W) in [0, 1] (not normalised), Lanczos-resized."""
    arrays = np.stack([_to_array(f, width, height, Image.LANCZOS) for f in frames])
    return torch.from_numpy(arrays).permute(0, 3, 1, 2)
