"""One render: reference and pose frames in, an H.264 mp4 and a poster in storage out."""

import hashlib
import shutil
import tempfile
import time
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from PIL import Image

from generation.models import GenerationJob, MotionAlignment
from generation.services.job_parameters import job_parameters_validate, resample_indices
from generation.services.job_runs import generation_job_stage, render_key
from generation.worker import model_cache
from generation.worker.progress import ProgressReporter
from posekit.video_io import VideoReadError, read_video_frames, write_mp4


class RenderInputError(ValueError):
    """The job's inputs cannot be rendered (missing pose video, too few pose frames...)."""


def _download(field_file, directory: Path, name: str) -> Path:
    """Storage may be S3: copy the file to local disk for PyAV and Pillow."""
    target = directory / name
    try:
        with field_file.storage.open(field_file.name, "rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out)
    except FileNotFoundError:
        raise RenderInputError(f"The file {field_file.name} is missing from storage.")
    return target


def reference_load(job: GenerationJob, directory: Path) -> Image.Image:
    image = job.reference_image.image
    if not image:
        raise RenderInputError("The reference image has no file.")
    with Image.open(_download(image, directory, "reference")) as opened:
        if opened.mode in ("RGBA", "LA", "P"):
            rgba = opened.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            return Image.alpha_composite(white, rgba).convert("RGB")
        return opened.convert("RGB")


def pose_frames_load(job: GenerationJob, directory: Path) -> tuple[list[Image.Image], float]:
    """The aligned pose video for this reference image when there is one, else the motion's own;
    trimmed, resampled to the requested fps, then cut to the requested frame count."""
    params = job.parameters
    alignment = MotionAlignment.objects.filter(
        motion=job.motion_id, reference_image=job.reference_image_id
    ).first()
    video = alignment.pose_video if alignment is not None and alignment.pose_video else job.motion.pose_video
    if not video:
        raise RenderInputError(f"The motion “{job.motion}” has no pose video.")
    path = _download(video, directory, "poses.mp4")
    try:
        frames, source_fps = read_video_frames(path, max_frames=_frames_needed(params))
    except VideoReadError as exc:
        raise RenderInputError(f"The pose video cannot be read: {exc}")
    frames = frames[params["trim_start_frame"] :]
    fps = params["fps"] or source_fps
    frames = [frames[i] for i in resample_indices(count=len(frames), source_fps=source_fps, target_fps=fps)]
    if len(frames) < params["frames"]:
        raise RenderInputError(
            f"The motion has {len(frames)} pose frames after trimming and resampling; "
            f"{params['frames']} were requested."
        )
    return frames[: params["frames"]], fps


def _frames_needed(params: dict) -> int | None:
    """Decode no further than needed; with resampling the source frame rate is not known yet."""
    if params["fps"] is None:
        needed = params["trim_start_frame"] + params["frames"]
        return min(needed, params["trim_end_frame"]) if params["trim_end_frame"] else needed
    return params["trim_end_frame"]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _store(path: Path, key: str) -> str:
    if default_storage.exists(key):
        default_storage.delete(key)  # a leftover of this very attempt; the key names the attempt
    with open(path, "rb") as handle:
        return default_storage.save(key, File(handle, name=path.name))


def render_job(job: GenerationJob, *, attempt: int, reporter: ProgressReporter) -> dict:
    """Render and store one attempt; returns the result fields for ``generation_job_succeed``."""
    # Re-checked here too: a row written around the service must still fail cleanly, never retry.
    params = job_parameters_validate(
        parameters={k: v for k, v in job.parameters.items() if k != "test_hooks"}
    )
    params["seed"] = 0 if params["seed"] is None else params["seed"]
    job.parameters = params
    with tempfile.TemporaryDirectory(prefix=f"render-{job.uuid}-") as tmp:
        directory = Path(tmp)
        generation_job_stage(job_id=job.id, attempt=attempt, message="Reading reference image and poses")
        reference = reference_load(job, directory)
        poses, fps = pose_frames_load(job, directory)
        generation_job_stage(job_id=job.id, attempt=attempt, message="Loading the model")
        model = model_cache.get_model()
        generation_job_stage(job_id=job.id, attempt=attempt, message="Denoising")
        started = time.monotonic()
        try:
            frames = model_cache.render_frames(
                model, reference=reference, poses=poses, parameters=params, progress_callback=reporter
            )
        finally:
            reporter.model_seconds = time.monotonic() - started
        generation_job_stage(job_id=job.id, attempt=attempt, message="Encoding video")
        video_path, poster_path = directory / "video.mp4", directory / "poster.png"
        write_mp4(frames, video_path, fps=fps)
        frames[0].convert("RGB").save(poster_path, format="PNG")
        generation_job_stage(job_id=job.id, attempt=attempt, message="Uploading")
        video_key = _store(video_path, render_key(job_uuid=job.uuid, attempt=attempt, name="video.mp4"))
        poster_key = _store(poster_path, render_key(job_uuid=job.uuid, attempt=attempt, name="poster.png"))
        width, height = frames[0].size
        return {
            "video": video_key,
            "poster": poster_key,
            "duration_seconds": len(frames) / fps,
            "fps": fps,
            "width": width,
            "height": height,
            "file_size": video_path.stat().st_size,
            "checksum_sha256": _sha256(video_path),
            "model_fingerprint": model.fingerprint,
            "model_description": model.description,
            "gpu_seconds": reporter.model_seconds,
        }
