"""One call per job for the worker: every file and number a Motion (or MotionAlignment) row stores.

The worker task downloads the upload to a temporary folder, calls ``prepare_motion`` (or
``prepare_alignment``), saves the returned files to storage and copies the numbers onto the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from posekit.align import align_to_reference
from posekit.errors import MotionInputError
from posekit.estimators import PoseEstimator
from posekit.extract import (
    Progress,
    extract_image_pose,
    extract_pose_sequence,
    load_rgb_image,
    render_pose_video,
    render_preview,
    save_preview,
)
from posekit.keypoints import PoseSequence
from posekit.probe import VideoInfo, iter_video_frames, probe_video
from posekit.skeleton_video import describe_frame, detect_skeleton_video
from posekit.video_io import Mp4Writer

PREVIEW_FPS = 10.0
PREVIEW_SECONDS = 4.0
PREVIEW_SIDE = 320


@dataclass(frozen=True)
class MotionAssets:
    """Files written into the output folder, and the facts to store. ``source`` matches MotionSource."""

    source: str  # "driving_video" or "skeleton_video"
    keypoints: Path | None  # None for skeleton videos: they are used as drawn
    pose_video: Path
    poster: Path
    preview: Path
    fps: float
    frame_count: int
    duration: float
    width: int
    height: int
    frames_without_person: int


def prepare_motion(
    video_path: str | Path,
    out_dir: str | Path,
    *,
    progress: Progress | None = None,
    max_frames: int | None = None,
    limits: dict | None = None,
    estimator: PoseEstimator | None = None,
) -> MotionAssets:
    """Probe the upload; re-encode it if it is already a skeleton video, else extract and render poses.

    Writes keypoints.npz (driving videos only), pose.mp4, poster.png and preview.webp into ``out_dir``.
    Raises MotionInputError for unusable uploads (show its message to the uploader).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    info = probe_video(video_path, **(limits or {}))
    if detect_skeleton_video(video_path, info).is_skeleton:
        return _prepare_skeleton(video_path, info, out_dir, progress=progress, max_frames=max_frames)
    sequence, stats = extract_pose_sequence(
        video_path, estimator=estimator, progress=progress, max_frames=max_frames, limits=limits
    )
    assets = write_motion_files(sequence, out_dir, prefix="")
    return MotionAssets(source="driving_video", frames_without_person=stats.frames_without_person, **assets)


def prepare_alignment(keypoints_path: str | Path, reference_image, out_dir: str | Path) -> MotionAssets:
    """Retarget stored keypoints to a reference image: aligned_keypoints.npz, pose, poster, preview.

    Raises MotionInputError when the reference shows nobody or cannot be aligned to.
    """
    sequence = PoseSequence.load(keypoints_path)
    rgb = load_rgb_image(reference_image)
    reference = extract_image_pose(rgb)
    if reference.is_empty:
        raise MotionInputError("no person found in the reference image")
    try:
        aligned = align_to_reference(sequence, reference, (rgb.shape[1], rgb.shape[0]))
    except ValueError as exc:
        raise MotionInputError(f"the motion cannot be aligned to this reference: {exc}") from exc
    assets = write_motion_files(aligned, Path(out_dir), prefix="aligned_")
    return MotionAssets(source="driving_video", frames_without_person=aligned.frames_without_person, **assets)


def write_motion_files(sequence: PoseSequence, out_dir: Path, *, prefix: str = "") -> dict:
    """Save keypoints, the skeleton video, poster and preview; returns the paths and the numbers."""
    keypoints = out_dir / f"{prefix}keypoints.npz"
    sequence.save(keypoints)
    pose_video = render_pose_video(sequence, out_dir / f"{prefix}pose.mp4")
    poster, preview = render_preview(
        sequence,
        poster_path=out_dir / f"{prefix}poster.png",
        preview_path=out_dir / f"{prefix}preview.webp",
        max_side=PREVIEW_SIDE,
        max_seconds=PREVIEW_SECONDS,
        preview_fps=PREVIEW_FPS,
    )
    return {
        "keypoints": keypoints,
        "pose_video": pose_video,
        "poster": poster,
        "preview": preview,
        "fps": sequence.fps,
        "frame_count": len(sequence),
        "duration": sequence.duration,
        "width": sequence.width,
        "height": sequence.height,
    }


def _prepare_skeleton(video_path, info: VideoInfo, out_dir: Path, *, progress, max_frames) -> MotionAssets:
    """Re-encode a skeleton upload as H.264 mp4 (the one format the model reads) and take its previews."""
    pose_video = out_dir / "pose.mp4"
    total = info.frame_count if max_frames is None else min(info.frame_count, max_frames)
    stride = max(1, round(info.fps / PREVIEW_FPS))
    factor = min(1.0, PREVIEW_SIDE / max(info.width, info.height))
    small = (max(2, round(info.width * factor)), max(2, round(info.height * factor)))
    preview_frames: list[np.ndarray] = []
    started = None  # preview starts at the first frame with something drawn
    count = 0
    with Mp4Writer(pose_video, fps=info.fps, size=(info.width, info.height)) as writer:
        for index, rgb in enumerate(iter_video_frames(video_path, info, max_frames=max_frames)):
            writer.write(rgb)
            count += 1
            if started is None and not describe_frame(rgb).blank:
                started = index
            wanted = len(preview_frames) < PREVIEW_SECONDS * PREVIEW_FPS
            if started is not None and wanted and (index - started) % stride == 0:
                preview_frames.append(_resize(rgb, small))
            if progress is not None:
                progress(count, max(total, count))
    if not preview_frames:
        raise MotionInputError("the skeleton video is blank: no pose is drawn in any frame")
    poster, preview = save_preview(
        preview_frames,
        poster_path=out_dir / "poster.png",
        preview_path=out_dir / "preview.webp",
        fps=PREVIEW_FPS,
    )
    return MotionAssets(
        source="skeleton_video",
        keypoints=None,
        pose_video=pose_video,
        poster=poster,
        preview=preview,
        fps=info.fps,
        frame_count=count,
        duration=count / info.fps,
        width=info.width,
        height=info.height,
        frames_without_person=0,
    )


def _resize(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    import cv2

    return (
        cv2.resize(rgb, size, interpolation=cv2.INTER_AREA) if (rgb.shape[1], rgb.shape[0]) != size else rgb
    )
