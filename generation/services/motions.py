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
from generation.queue import motion_extract_enqueue
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
        "max_pixel_rate": settings.MOTION_MAX_PIXEL_RATE,
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


def _attach_assets(target, assets, *, prefix: str = "") -> None:
    """Save the files a motion_assets call wrote onto a Motion or MotionAlignment (not yet saved)."""
    for field in ("keypoints", "pose_video", "poster", "preview"):
        path = getattr(assets, field)
        if path is None or not hasattr(target, field):
            continue
        with Path(path).open("rb") as handle:
            getattr(target, field).save(f"{prefix}{Path(path).name}", File(handle), save=False)


def _copy_facts(motion: Motion, assets) -> None:
    motion.source = assets.source
    motion.fps, motion.frame_count, motion.duration_seconds = assets.fps, assets.frame_count, assets.duration
    motion.width, motion.height = assets.width, assets.height
    motion.frames_without_person = assets.frames_without_person


def motion_create_from_upload(
    *,
    name: str,
    file,
    user=None,
    tags: Iterable[str] = (),
    performer: str = "",
    licence_note: str = "",
) -> Motion:
    """Probe the upload now, so nothing is kept unless it is a usable video within the limits;
    the worker then extracts poses (or re-encodes a ready-made skeleton video)."""
    from posekit.errors import MotionInputError
    from posekit.probe import probe_video

    if not name.strip():
        raise MotionRejected("A motion needs a name.", field="name")
    with tempfile.TemporaryDirectory(prefix="motion-upload-") as tmp:
        source_path = _spool(file, Path(tmp))
        try:
            info = probe_video(source_path, **_probe_limits())
        except MotionInputError as exc:
            raise MotionRejected(f"The video was rejected: {exc}.", field="file")
        motion = Motion(
            name=name.strip(),
            source=MotionSource.DRIVING_VIDEO,
            status=MotionStatus.PROCESSING,
            tags=[tag.strip() for tag in tags if tag.strip()],
            performer=performer,
            licence_note=licence_note,
            created_by=user,
            fps=info.fps,
            frame_count=info.frame_count,
            duration_seconds=info.duration,
            width=info.width,
            height=info.height,
        )
        with source_path.open("rb") as handle:
            motion.source_video.save(f"source{source_path.suffix}", File(handle), save=False)
    try:
        with transaction.atomic():
            motion.save()
            motion_extract_enqueue(motion_id=motion.id)
    except Exception:
        motion.source_video.delete(save=False)
        raise
    return motion


def motion_create_from_sequence(
    *, name: str, sequence, user=None, tags: Iterable[str] = (), performer: str = "", licence_note: str = ""
) -> Motion:
    """A motion from an in-memory pose sequence (the demo's procedural dance, imported keypoints)."""
    from posekit.pose_assets import MotionAssets, write_motion_files

    motion = Motion(
        name=name,
        status=MotionStatus.READY,
        tags=list(tags),
        performer=performer,
        licence_note=licence_note,
        created_by=user,
        progress=100,
    )
    with tempfile.TemporaryDirectory(prefix="motion-seq-") as tmp:
        files = write_motion_files(sequence, Path(tmp))
        assets = MotionAssets(
            source=MotionSource.GENERATED, frames_without_person=sequence.frames_without_person, **files
        )
        _copy_facts(motion, assets)
        _attach_assets(motion, assets)
        motion.save()
    return motion


def motion_extract_run(*, motion_id: int) -> None:
    """Turn a stored upload into a usable motion; the task calls this. Bad videos end failed."""
    from posekit.errors import MotionInputError
    from posekit.pose_assets import prepare_motion

    motion = Motion.objects.filter(pk=motion_id, status=MotionStatus.PROCESSING).first()
    if motion is None:
        return
    last_write = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last_write
        now = time.monotonic()
        if now - last_write >= PROGRESS_INTERVAL_SECONDS:
            last_write = now
            Motion.objects.filter(pk=motion_id).update(progress=min(99, int(100 * done / max(total, 1))))

    with tempfile.TemporaryDirectory(prefix="motion-extract-") as tmp:
        workdir = Path(tmp)
        source = workdir / f"source{Path(motion.source_video.name).suffix}"
        with motion.source_video.open("rb") as handle, source.open("wb") as out:
            shutil.copyfileobj(handle, out)
        try:
            assets = prepare_motion(source, workdir / "out", progress=progress, limits=_probe_limits())
        except MotionInputError as exc:
            Motion.objects.filter(pk=motion_id).update(
                status=MotionStatus.FAILED, error_message=f"Pose extraction failed: {exc}."
            )
            return
        _copy_facts(motion, assets)
        _attach_assets(motion, assets)
    motion.status, motion.progress, motion.error_message = MotionStatus.READY, 100, ""
    motion.save()
    logger.info("motion %s ready: %d frames (%s)", motion.uuid, motion.frame_count, motion.source)


def motion_align(*, motion: Motion, reference_image: ReferenceImage) -> MotionAlignment:
    """Retarget the motion to the persona's body in this image; the original motion is kept."""
    from posekit.errors import MotionInputError
    from posekit.pose_assets import prepare_alignment

    if motion.status != MotionStatus.READY:
        raise ServiceError(f"The motion is not ready (status: {motion.status}).", code="not_ready")
    if not motion.keypoints:
        raise ServiceError(
            "This motion was uploaded as a skeleton video without keypoints, so it cannot be aligned.",
            code="no_keypoints",
        )
    with tempfile.TemporaryDirectory(prefix="motion-align-") as tmp:
        workdir = Path(tmp)
        keypoints = workdir / "keypoints.npz"
        with motion.keypoints.open("rb") as handle, keypoints.open("wb") as out:
            shutil.copyfileobj(handle, out)
        with reference_image.image.open("rb") as handle:
            try:
                assets = prepare_alignment(keypoints, handle, workdir / "out")
            except MotionInputError as exc:
                raise ServiceError(f"Alignment failed: {exc}.", code="alignment_failed")
        with transaction.atomic():
            alignment, _ = MotionAlignment.objects.select_for_update().get_or_create(
                motion=motion, reference_image=reference_image
            )
            stale = [f.name for f in (alignment.keypoints, alignment.pose_video, alignment.poster) if f]
            _attach_assets(alignment, assets, prefix=f"{alignment.uuid}-")
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


def motion_retry(*, motion: Motion) -> Motion:
    """Extract a failed motion's poses again from the stored upload (a worker hiccup, a fixed
    estimator); claimed with a conditional update so two clicks start one extraction."""
    if motion.status != MotionStatus.FAILED:
        raise ServiceError("Only a failed motion can be retried.", code="not_failed")
    if not motion.source_video:
        raise ServiceError(
            "This motion has no stored upload to extract from; upload the video again.", code="no_source"
        )
    with transaction.atomic():
        claimed = Motion.objects.filter(pk=motion.pk, status=MotionStatus.FAILED).update(
            status=MotionStatus.PROCESSING, progress=0, error_message=""
        )
        if claimed:
            motion_extract_enqueue(motion_id=motion.pk)
    motion.refresh_from_db()
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
