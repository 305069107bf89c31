"""The motion library: uploads are probed before anything is kept, extraction runs on a worker.

A driving video of a person is stored and its poses are extracted by a Celery task on the default
queue; a ready-made skeleton video (black canvas, coloured strokes) is used as is. Both end as a
rendered pose video that generation jobs read.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction

from generation.models import Motion, MotionAlignment, MotionSource, MotionStatus
from influencer_platform.common.errors import ServiceError
from personas.models import ReferenceImage

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_SECONDS = 1.0
VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"}


class MotionRejected(ServiceError):
    code = "invalid_motion"


def _probe_limits() -> dict:
    return {
        "max_duration": settings.MOTION_MAX_DURATION_SECONDS,
        "max_side": settings.MOTION_MAX_SIDE,
        "max_frames": settings.MOTION_MAX_FRAMES,
        "max_file_bytes": settings.MOTION_MAX_FILE_BYTES,
    }


def _spool(file, directory: Path) -> Path:
    """Copy an upload to a local file: the probe and the decoder need a real path."""
    suffix = Path(getattr(file, "name", "") or "").suffix.lower()
    path = directory / f"source{suffix if suffix in VIDEO_SUFFIXES else '.bin'}"
    with path.open("wb") as out:
        if hasattr(file, "chunks"):
            for chunk in file.chunks():
                out.write(chunk)
        else:
            shutil.copyfileobj(file, out)
    return path


def _store_pose_outputs(motion: Motion, sequence, *, workdir: Path) -> None:
    """Render and attach keypoints, pose video, poster and preview for a pose sequence."""
    from generation.motion.extract import render_pose_video, render_preview

    keypoints = workdir / "keypoints.npz"
    sequence.save(keypoints)
    pose_video = render_pose_video(sequence, workdir / "pose.mp4")
    poster, preview = render_preview(
        sequence, poster_path=workdir / "poster.png", preview_path=workdir / "preview.webp"
    )
    for field, path in (
        ("keypoints", keypoints),
        ("pose_video", pose_video),
        ("poster", poster),
        ("preview", preview),
    ):
        with path.open("rb") as handle:
            getattr(motion, field).save(path.name, File(handle), save=False)
    motion.fps, motion.frame_count = sequence.fps, len(sequence)
    motion.duration_seconds = sequence.duration
    motion.width, motion.height = sequence.width, sequence.height
    motion.frames_without_person = sequence.frames_without_person


def _store_skeleton_previews(motion: Motion, video_path: Path, info, *, workdir: Path) -> None:
    """Poster and a short animated preview taken from an uploaded skeleton video's own frames."""
    from PIL import Image

    from generation.motion.probe import iter_video_frames

    step = max(1, round(info.fps / 10))
    frames = []
    for index, rgb in enumerate(iter_video_frames(video_path, info, max_side=320, max_frames=step * 40)):
        if index % step == 0:
            frames.append(Image.fromarray(rgb))
    poster, preview = workdir / "poster.png", workdir / "preview.webp"
    frames[0].save(poster, format="PNG")
    frames[0].save(preview, format="WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0)
    for field, path in (("poster", poster), ("preview", preview)):
        with path.open("rb") as handle:
            getattr(motion, field).save(path.name, File(handle), save=False)


def motion_create_from_upload(
    *,
    name: str,
    file,
    user=None,
    tags: Iterable[str] = (),
    performer: str = "",
    licence_note: str = "",
) -> Motion:
    """Probe the upload; keep nothing unless it is a usable video within the limits."""
    from generation.motion.errors import MotionInputError
    from generation.motion.probe import probe_video
    from generation.motion.skeleton_video import detect_skeleton_video

    if not name.strip():
        raise MotionRejected("A motion needs a name.", field="name")
    with tempfile.TemporaryDirectory(prefix="motion-upload-") as tmp:
        workdir = Path(tmp)
        source_path = _spool(file, workdir)
        try:
            info = probe_video(source_path, **_probe_limits())
            is_skeleton = detect_skeleton_video(source_path, info).is_skeleton
        except MotionInputError as exc:
            raise MotionRejected(f"The video was rejected: {exc}.", field="file")
        motion = Motion(
            name=name.strip(),
            source=MotionSource.SKELETON_VIDEO if is_skeleton else MotionSource.DRIVING_VIDEO,
            status=MotionStatus.READY if is_skeleton else MotionStatus.PROCESSING,
            tags=[tag.strip() for tag in tags if tag.strip()],
            performer=performer,
            licence_note=licence_note,
            created_by=user,
            fps=info.fps,
            frame_count=info.frame_count,
            duration_seconds=info.duration,
            width=info.width,
            height=info.height,
            progress=100 if is_skeleton else 0,
        )
        with source_path.open("rb") as handle:
            motion.source_video.save(f"source{source_path.suffix}", File(handle), save=False)
        if is_skeleton:
            motion.pose_video.name = motion.source_video.name
            _store_skeleton_previews(motion, source_path, info, workdir=workdir)
        with transaction.atomic():
            motion.save()
            if not is_skeleton:
                from generation.tasks import motion_extract

                transaction.on_commit(lambda: motion_extract.delay(motion.id))
    return motion


def motion_create_from_sequence(
    *, name: str, sequence, user=None, tags: Iterable[str] = (), performer: str = "", licence_note: str = ""
) -> Motion:
    """A motion from an in-memory pose sequence (the demo's procedural dance, imported keypoints)."""
    motion = Motion(
        name=name,
        source=MotionSource.GENERATED,
        status=MotionStatus.READY,
        tags=list(tags),
        performer=performer,
        licence_note=licence_note,
        created_by=user,
        progress=100,
    )
    with tempfile.TemporaryDirectory(prefix="motion-seq-") as tmp:
        _store_pose_outputs(motion, sequence, workdir=Path(tmp))
        motion.save()
    return motion


def motion_extract_run(*, motion_id: int) -> None:
    """Extract poses from a stored driving video; the task calls this. Bad videos end failed."""
    from generation.motion.errors import MotionInputError
    from generation.motion.extract import extract_pose_sequence

    claimed = Motion.objects.filter(pk=motion_id, status=MotionStatus.PROCESSING).update(progress=0)
    if not claimed:
        return
    motion = Motion.objects.get(pk=motion_id)
    last_write = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last_write
        now = time.monotonic()
        if now - last_write >= PROGRESS_INTERVAL_SECONDS:
            last_write = now
            percent = min(99, int(100 * done / max(total, 1)))
            Motion.objects.filter(pk=motion_id).update(progress=percent)

    with tempfile.TemporaryDirectory(prefix="motion-extract-") as tmp:
        workdir = Path(tmp)
        source = workdir / f"source{Path(motion.source_video.name).suffix}"
        with motion.source_video.open("rb") as handle, source.open("wb") as out:
            shutil.copyfileobj(handle, out)
        try:
            sequence, stats = extract_pose_sequence(source, progress=progress, limits=_probe_limits())
        except MotionInputError as exc:
            Motion.objects.filter(pk=motion_id).update(
                status=MotionStatus.FAILED, error_message=f"Pose extraction failed: {exc}."
            )
            return
        _store_pose_outputs(motion, sequence, workdir=workdir)
    motion.status, motion.progress, motion.error_message = MotionStatus.READY, 100, ""
    motion.save()
    logger.info("motion %s: %d frames at %.1f fps", motion.uuid, stats.frames, stats.frames_per_second)


def motion_align(*, motion: Motion, reference_image: ReferenceImage) -> MotionAlignment:
    """Retarget the motion to the persona's body in this image; the original motion is kept."""
    from generation.motion.align import align_to_reference
    from generation.motion.extract import extract_image_pose, render_pose_video
    from generation.motion.keypoints import PoseSequence
    from generation.motion.render import render_frame

    if motion.status != MotionStatus.READY:
        raise ServiceError(f"The motion is not ready (status: {motion.status}).", code="not_ready")
    if not motion.keypoints:
        raise ServiceError(
            "This motion was uploaded as a skeleton video without keypoints, so it cannot be aligned.",
            code="no_keypoints",
        )
    with motion.keypoints.open("rb") as handle:
        sequence = PoseSequence.load(handle)
    with reference_image.image.open("rb") as handle:
        reference_pose = extract_image_pose(handle)
    try:
        aligned = align_to_reference(
            sequence, reference_pose, (reference_image.width, reference_image.height)
        )
    except ValueError as exc:
        raise ServiceError(f"Alignment failed: {exc}.", code="alignment_failed")
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="motion-align-") as tmp:
        workdir = Path(tmp)
        keypoints, poster = workdir / "aligned.npz", workdir / "aligned.png"
        aligned.save(keypoints)
        pose_video = render_pose_video(aligned, workdir / "aligned.mp4")
        first = aligned.frames[aligned.first_person_index() or 0]
        Image.fromarray(render_frame(first, aligned.width, aligned.height)).save(poster)
        with transaction.atomic():
            alignment, _ = MotionAlignment.objects.select_for_update().get_or_create(
                motion=motion, reference_image=reference_image
            )
            stale = [f.name for f in (alignment.keypoints, alignment.pose_video, alignment.poster) if f]
            for field, path in (("keypoints", keypoints), ("pose_video", pose_video), ("poster", poster)):
                with path.open("rb") as handle:
                    getattr(alignment, field).save(f"{alignment.uuid}-{path.name}", File(handle), save=False)
            alignment.save()
            storage = alignment.pose_video.storage
            transaction.on_commit(lambda: [storage.delete(name) for name in stale])
    return alignment


def motion_update(*, motion: Motion, **fields) -> Motion:
    for name in ("name", "tags", "performer", "licence_note"):
        if name in fields:
            setattr(motion, name, fields[name])
    motion.full_clean(exclude=["source_video", "keypoints", "pose_video", "poster", "preview"])
    motion.save()
    return motion


def motion_delete(*, motion: Motion) -> None:
    if motion.generation_jobs.exists():
        raise ServiceError(
            "This motion was used by generation jobs and is kept for their record.", code="in_use"
        )
    files = [motion.source_video, motion.keypoints, motion.pose_video, motion.poster, motion.preview]
    for alignment in motion.alignments.all():
        files += [alignment.keypoints, alignment.pose_video, alignment.poster]
    names = {f.name for f in files if f}
    storage = motion.source_video.storage
    with transaction.atomic():
        motion.delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
