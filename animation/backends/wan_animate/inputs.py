"""Wan2.2-Animate's inputs from a driving video, with the motion library (posekit).

Poses are drawn as the model expects them: body and hands on black, no face points (the face comes
from the crops); everything is letterboxed to the render size with the same transform, so the pose,
the scene and the mask stay aligned.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from animation.backends.base import RenderInputs
from animation.errors import AnimationInputError


def _letterbox(rgb: np.ndarray, size: tuple[int, int], transform) -> Image.Image:
    scale, dx, dy = transform
    image = Image.fromarray(np.ascontiguousarray(rgb))
    fitted = image.resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.BILINEAR
    )
    canvas = Image.new(image.mode, size, 0)
    canvas.paste(fitted, (round(dx), round(dy)))
    return canvas


def driving_inputs(
    *,
    reference: Image.Image,
    poses,
    frames: list[np.ndarray],
    width: int,
    height: int,
    face_size: int,
    mode: str,
    face_poses=None,
    fps: float | None = None,
) -> RenderInputs:
    """RenderInputs from a pose sequence and the driving video's RGB frames (same count, the poses'
    pixel space). ``face_poses`` (default: ``poses``) locate the faces in ``frames`` when the drawn
    poses were retargeted to the persona."""
    from posekit.drawing import fit_transform, render_frame
    from posekit.face_crops import face_crops

    if len(frames) != len(poses.frames):
        raise AnimationInputError(f"{len(poses.frames)} poses but {len(frames)} video frames")
    size = (width, height)
    transform = fit_transform((poses.width, poses.height), size)
    scale, dx, dy = transform
    drawn = [
        Image.fromarray(render_frame(pose.scaled(scale, scale, dx, dy), width, height, face=False))
        for pose in poses.frames
    ]
    faces = face_crops(frames, (face_poses or poses).frames, size=face_size)
    inputs = RenderInputs(reference=reference, poses=drawn, faces=faces, fps=fps)
    if mode == "replace":
        from posekit.segmentation import PersonSegmenter

        source = (
            transform if face_poses is None else fit_transform((frames[0].shape[1], frames[0].shape[0]), size)
        )
        backgrounds, masks = [], []
        with PersonSegmenter() as segmenter:
            for rgb in frames:
                mask = segmenter.mask(rgb)
                scene = rgb * (mask[..., None] == 0)  # the performer cut out: the model paints the persona in
                backgrounds.append(_letterbox(scene.astype(np.uint8), size, source))
                masks.append(_letterbox(mask, size, source))
        inputs.background, inputs.mask = backgrounds, masks
    return inputs


def inputs_from_video(
    video: str | Path,
    *,
    reference: Image.Image,
    width: int,
    height: int,
    frames: int,
    face_size: int,
    mode: str,
) -> RenderInputs:
    """Everything from a real video of a person: poses and faces extracted with posekit, and for
    replacement the scene and person masks (the first ``frames`` frames)."""
    from posekit.errors import MotionInputError
    from posekit.extract import extract_pose_sequence
    from posekit.keypoints import PoseSequence
    from posekit.probe import iter_video_frames, probe_video

    try:
        sequence, _ = extract_pose_sequence(video, max_frames=frames)
        info = probe_video(video)
        rgb = list(iter_video_frames(video, info, max_frames=frames))
    except MotionInputError as exc:
        raise AnimationInputError(f"--driving {video}: {exc}") from exc
    count = min(len(rgb), len(sequence.frames))
    if count < frames:
        raise AnimationInputError(f"--driving {video} has {count} frames; {frames} were asked for.")
    sequence = PoseSequence(
        fps=sequence.fps, width=sequence.width, height=sequence.height, frames=sequence.frames[:count]
    )
    return driving_inputs(
        reference=reference,
        poses=sequence,
        frames=rgb[:count],
        width=width,
        height=height,
        face_size=face_size,
        mode=mode,
        fps=sequence.fps,
    )
