"""Turn a driving video into a pose sequence, and pose sequences into skeleton videos and previews.

Everything streams: frames are decoded, estimated and dropped one at a time, and rendering encodes each
skeleton frame as it is drawn, so memory stays flat however long the motion is.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from posekit.drawing import iter_rendered_frames
from posekit.errors import MotionInputError
from posekit.estimators import PoseEstimator, get_estimator
from posekit.keypoints import FramePose, PoseSequence
from posekit.probe import VideoInfo, iter_video_frames, probe_video
from posekit.video_io import Mp4Writer

# Larger frames are downscaled before estimation: MediaPipe's models see a few hundred pixels anyway.
ANALYSIS_MAX_SIDE = 1280

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ExtractionStats:
    frames: int
    frames_without_person: int
    elapsed_seconds: float
    video: VideoInfo

    @property
    def frames_per_second(self) -> float:
        return self.frames / self.elapsed_seconds if self.elapsed_seconds > 0 else 0.0


def extract_pose_sequence(
    video_path: str | Path,
    *,
    estimator: PoseEstimator | None = None,
    progress: Progress | None = None,
    max_frames: int | None = None,
    limits: dict | None = None,
) -> tuple[PoseSequence, ExtractionStats]:
    """Probe the video (``limits`` go to ``probe_video``), then estimate one pose per frame.

    Keypoints are in the video's displayed pixel size. An estimator passed in stays open (the caller owns
    it); one created here is closed. Raises MotionInputError for unusable videos or when nobody appears.
    """
    started = time.monotonic()
    info = probe_video(video_path, **(limits or {}))
    total = info.frame_count if max_frames is None else min(info.frame_count, max_frames)
    own_estimator = estimator is None
    if own_estimator:
        estimator = get_estimator("mediapipe", static_image_mode=False)
    frames: list[FramePose] = []
    try:
        for rgb in iter_video_frames(video_path, info, max_side=ANALYSIS_MAX_SIDE, max_frames=max_frames):
            pose = estimator.estimate(rgb)
            if rgb.shape[1] != info.width:
                factor = info.width / rgb.shape[1]
                pose = pose.scaled(factor, info.height / rgb.shape[0])
            frames.append(pose)
            if progress is not None:
                progress(len(frames), max(total, len(frames)))
    finally:
        if own_estimator:
            estimator.close()
    sequence = PoseSequence(fps=info.fps, width=info.width, height=info.height, frames=frames)
    if not frames:
        raise MotionInputError("the video has no decodable frames")
    if sequence.first_person_index() is None:
        raise MotionInputError("no person found in any frame")
    stats = ExtractionStats(
        frames=len(frames),
        frames_without_person=sequence.frames_without_person,
        elapsed_seconds=time.monotonic() - started,
        video=info,
    )
    return sequence, stats


def load_rgb_image(image, *, background=(255, 255, 255)) -> np.ndarray:
    """An RGB array from a path, file, PIL image or array; transparency is flattened onto ``background``."""
    if isinstance(image, np.ndarray):
        array = image
        if array.ndim == 3 and array.shape[2] == 3 and array.dtype == np.uint8:
            return array
        image = Image.fromarray(array)
    if not isinstance(image, Image.Image):
        try:
            with Image.open(image) as opened:
                image = ImageOps.exif_transpose(opened)  # phone photos store their orientation in EXIF
                image.load()
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
            raise MotionInputError(f"the reference is not a readable image ({exc})") from exc
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (*background, 255))
        canvas.alpha_composite(rgba)
        image = canvas
    return np.asarray(image.convert("RGB"))


def extract_image_pose(image, *, estimator: PoseEstimator | None = None) -> FramePose:
    """The pose in one still image (e.g. a persona's reference); an empty pose when nobody is found."""
    rgb = load_rgb_image(image)
    if estimator is not None:
        return estimator.estimate(rgb)
    with get_estimator("mediapipe", static_image_mode=True) as still:
        return still.estimate(rgb)


def render_pose_video(
    sequence: PoseSequence,
    out_path: str | Path,
    *,
    fps: float | None = None,
    size: tuple[int, int] | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the skeleton video (H.264 mp4) the animation model reads as its pose input.

    ``fps`` resamples the motion (same duration); ``size`` (width, height) letterboxes it without distortion.
    """
    if fps is not None and abs(fps - sequence.fps) > 1e-6:
        sequence = sequence.resample(fps)
    width, height = size or (sequence.width, sequence.height)
    out_path = Path(out_path)
    with Mp4Writer(out_path, fps=sequence.fps, size=(width, height)) as writer:
        for index, frame in enumerate(iter_rendered_frames(sequence, size=(width, height)), start=1):
            writer.write(frame)
            if progress is not None:
                progress(index, len(sequence))
    return out_path


def render_preview(
    sequence: PoseSequence,
    *,
    poster_path: str | Path,
    preview_path: str | Path,
    max_side: int = 320,
    max_seconds: float = 4.0,
    preview_fps: float = 10.0,
) -> tuple[Path, Path]:
    """A poster PNG (first frame with a person) and a short looping animated WebP or GIF (by suffix)."""
    start = sequence.first_person_index() or 0
    factor = min(1.0, max_side / max(sequence.width, sequence.height))
    size = (max(2, round(sequence.width * factor)), max(2, round(sequence.height * factor)))
    clip = sequence.trim(start).resample(preview_fps)
    clip = clip.trim(0, max(1, int(max_seconds * preview_fps)))
    frames = iter_rendered_frames(clip, size=size)
    return save_preview(frames, poster_path=poster_path, preview_path=preview_path, fps=preview_fps)


def save_preview(
    frames, *, poster_path: str | Path, preview_path: str | Path, fps: float
) -> tuple[Path, Path]:
    """Write the first of ``frames`` (RGB arrays) as the poster and all of them as a looping animation."""
    images = [Image.fromarray(frame) for frame in frames]
    if not images:
        raise ValueError("a preview needs at least one frame")
    poster_path, preview_path = Path(poster_path), Path(preview_path)
    for path in (poster_path, preview_path):
        path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(poster_path, format="PNG")
    options = {"save_all": True, "append_images": images[1:], "duration": round(1000 / fps), "loop": 0}
    if preview_path.suffix.lower() == ".gif":
        images[0].save(preview_path, format="GIF", **options)
    else:
        images[0].save(preview_path, format="WEBP", quality=80, **options)
    return poster_path, preview_path
