"""One render: reference and pose frames in, an H.264 mp4 and a poster in storage out."""

import hashlib
import shutil
import time
from pathlib import Path

from django.core.files import File
from PIL import Image

from generation.models import GenerationJob, MotionAlignment
from generation.services.job_parameters import JobParameters, job_parameters_load
from generation.services.job_runs import generation_job_stage, render_key
from generation.worker import model_cache
from generation.worker.progress import ProgressReporter
from generation.worker.scratch import scratch_folder
from influencer_platform.common.files import stored_file_replace
from posekit.video_io import Mp4Writer, VideoReadError, read_video_frames
from trust.services.identity import render_identity_check
from trust.services.render_credentials import render_credentials_sign


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


def pose_frames_load(
    job: GenerationJob, params: JobParameters, directory: Path
) -> tuple[list[Image.Image], float]:
    """The aligned pose video for this reference image when there is one, else the motion's own,
    cut to the frames the job's parameters select (trim, then fps resampling)."""
    alignment = MotionAlignment.objects.filter(
        motion=job.motion_id, reference_image=job.reference_image_id
    ).first()
    video = alignment.pose_video if alignment is not None and alignment.pose_video else job.motion.pose_video
    if not video:
        raise RenderInputError(f"The motion “{job.motion}” has no pose video.")
    path = _download(video, directory, "poses.mp4")
    try:
        frames, source_fps = read_video_frames(path, max_frames=_frames_to_decode(job, params))
    except VideoReadError as exc:
        raise RenderInputError(f"The pose video cannot be read: {exc}")
    indices = params.pose_frame_indices(source_frames=len(frames), source_fps=source_fps)
    params.check_pose_frames(available=len(indices))
    return [frames[i] for i in indices[: params.frames]], params.output_fps(source_fps=source_fps)


def _frames_to_decode(job: GenerationJob, params: JobParameters) -> int | None:
    """Decode no further than the last frame the render uses, when the motion's metadata says where."""
    motion = job.motion
    if not (motion.frame_count and motion.fps):
        return params.trim_end_frame
    indices = params.pose_frame_indices(source_frames=motion.frame_count, source_fps=motion.fps)
    return indices[params.frames - 1] + 1 if len(indices) >= params.frames else None


def _sequence_load(field_file, directory: Path, name: str):
    from posekit.keypoints import PoseSequence

    try:
        return PoseSequence.load(_download(field_file, directory, name))
    except (ValueError, KeyError, OSError) as exc:
        raise RenderInputError(f"The motion's keypoints cannot be read: {exc}")


def driving_inputs_load(
    job: GenerationJob, params: JobParameters, directory: Path, *, reference, face_size: int
):
    """Wan2.2-Animate's inputs from the motion's driving video and keypoints: poses (retargeted to the
    persona in animate mode when an alignment exists; the performer's own in replace mode, to fit the
    scene), face crops, and for replacement the scene and person masks."""
    from animation.backends.wan_animate.inputs import driving_inputs
    from posekit.errors import MotionInputError
    from posekit.keypoints import PoseSequence
    from posekit.probe import iter_video_frames, probe_video

    motion = job.motion
    if not (motion.keypoints and motion.source_video):
        raise RenderInputError(
            f"{params.backend} needs a motion extracted from a driving video (face and scene come from it); "
            f"“{motion}” has no driving video and keypoints."
        )
    source = _sequence_load(motion.keypoints, directory, "keypoints.npz")
    indices = params.pose_frame_indices(source_frames=len(source), source_fps=source.fps)
    params.check_pose_frames(available=len(indices))
    indices = indices[: params.frames]
    video = _download(motion.source_video, directory, "driving.mp4")
    wanted, frames = set(indices), {}
    try:
        info = probe_video(video)
        for index, rgb in enumerate(iter_video_frames(video, info, max_frames=indices[-1] + 1)):
            if index in wanted:
                frames[index] = rgb
    except MotionInputError as exc:
        raise RenderInputError(f"The driving video cannot be read: {exc}")
    if len(frames) < len(wanted):
        raise RenderInputError(f"The driving video has fewer frames than its keypoints ({len(frames)}).")
    poses = source
    if params.mode == "animate":
        alignment = MotionAlignment.objects.filter(
            motion=job.motion_id, reference_image=job.reference_image_id
        ).first()
        if alignment is not None and alignment.keypoints:
            poses = _sequence_load(alignment.keypoints, directory, "aligned_keypoints.npz")
    pick = lambda sequence: PoseSequence(  # noqa: E731
        fps=sequence.fps,
        width=sequence.width,
        height=sequence.height,
        frames=[sequence.frames[i] for i in indices],
    )
    fps = params.output_fps(source_fps=source.fps)
    try:
        return driving_inputs(
            reference=reference,
            poses=pick(poses),
            face_poses=pick(source),
            frames=[frames[i] for i in indices],
            width=params.width,
            height=params.height,
            face_size=face_size,
            mode=params.mode,
            fps=fps,
        ), fps
    except MotionInputError as exc:
        raise RenderInputError(str(exc))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _store(path: Path, key: str) -> str:
    with open(path, "rb") as handle:
        return stored_file_replace(key, File(handle, name=path.name))


class _VideoSink:
    """Encodes frames as the model hands them out (segment by segment), so no video sits in memory."""

    def __init__(self, video_path: Path, poster_path: Path, *, fps: float):
        self.video_path, self.poster_path, self.fps = video_path, poster_path, fps
        self.writer = None
        self.count = 0
        self.size = (0, 0)

    def __call__(self, frames: list) -> None:
        for frame in frames:
            if self.writer is None:
                self.size = frame.size
                self.writer = Mp4Writer(self.video_path, fps=self.fps, size=frame.size)
                frame.convert("RGB").save(self.poster_path, format="PNG")
            self.writer.write(frame)
            self.count += 1

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def render_job(job: GenerationJob, *, attempt: int, reporter: ProgressReporter) -> dict:
    """Render and store one attempt; returns the result fields for ``generation_job_succeed``."""
    params = job_parameters_load(stored={k: v for k, v in job.parameters.items() if k != "test_hooks"})
    from animation.backends import RenderInputs

    with scratch_folder(job_uuid=job.uuid) as directory:
        generation_job_stage(job_id=job.id, attempt=attempt, message="Reading reference image and poses")
        reference = reference_load(job, directory)
        if params.backend == "animate-anyone":
            poses, fps = pose_frames_load(job, params, directory)
            inputs = RenderInputs(reference=reference, poses=poses, fps=fps)
        generation_job_stage(job_id=job.id, attempt=attempt, message="Loading the model")
        model = model_cache.get_model(params.backend)
        if params.backend != "animate-anyone":
            generation_job_stage(job_id=job.id, attempt=attempt, message="Preparing poses, faces and masks")
            inputs, fps = driving_inputs_load(
                job, params, directory, reference=reference, face_size=model.model.face_size
            )
        generation_job_stage(job_id=job.id, attempt=attempt, message="Denoising")
        video_path, poster_path = directory / "video.mp4", directory / "poster.png"
        sink = _VideoSink(video_path, poster_path, fps=fps)
        started = time.monotonic()
        try:
            model_cache.render_frames(
                model, inputs=inputs, parameters=params, progress_callback=reporter, frame_sink=sink
            )
        finally:
            reporter.model_seconds = time.monotonic() - started
            sink.close()
        generation_job_stage(job_id=job.id, attempt=attempt, message="Encoding video")
        if not sink.count:
            raise RenderInputError("The model produced no frames.")
        generation_job_stage(job_id=job.id, attempt=attempt, message="Signing content credentials")
        render_credentials_sign(
            job=job,
            video_path=video_path,
            poster_path=poster_path,
            directory=directory,
            backend=params.backend,
            model_fingerprint=model.fingerprint,
        )
        generation_job_stage(job_id=job.id, attempt=attempt, message="Checking the persona's identity")
        render_identity_check(
            job=job,
            video_path=video_path,
            directory=directory,
            thumbnail_key=lambda name: render_key(job_uuid=job.uuid, attempt=attempt, name=name),
            appearance_encoder=model.model.appearance_encoder(),
        )
        generation_job_stage(job_id=job.id, attempt=attempt, message="Uploading")
        video_key = _store(video_path, render_key(job_uuid=job.uuid, attempt=attempt, name="video.mp4"))
        poster_key = _store(poster_path, render_key(job_uuid=job.uuid, attempt=attempt, name="poster.png"))
        width, height = sink.size
        return {
            "video": video_key,
            "poster": poster_key,
            "duration_seconds": sink.count / fps,
            "fps": fps,
            "width": width,
            "height": height,
            "file_size": video_path.stat().st_size,
            "checksum_sha256": _sha256(video_path),
            "model_fingerprint": model.fingerprint,
            "model_description": model.description,
            "gpu_seconds": reporter.model_seconds,
        }
