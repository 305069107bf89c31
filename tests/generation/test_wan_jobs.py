"""Wan2.2-Animate jobs through the real worker: a motion extracted from a driving video by the motion
library, the tiny random-weight model loaded from its diffusers directory, real video encoding."""

import av
import numpy as np
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from generation.models import GenerationJob, JobStatus, MotionSource, MotionStatus
from generation.queue import render_queue
from generation.services.jobs import generation_job_submit, persona_look_prompt
from generation.services.motions import motion_create_from_upload
from tests.generation.test_job_worker import wait_for, wait_terminal
from tests.posekit.conftest import CLIP_SIZE, compose_frame, shared_file, write_clip

pytestmark = [pytest.mark.worker, pytest.mark.slow]

WAN = {
    "backend": "wan-animate",
    "width": 64,
    "height": 96,
    "frames": 6,
    "steps": 2,
    "segment_frame_length": 5,  # 6 frames: two segments
    "seed": 11,
}


@pytest.fixture
def driving_motion(worker, agency_staff, tmp_path):
    """A person drifting across six frames, uploaded and extracted by the worker like any upload."""
    from PIL import Image

    photo = Image.open(shared_file("samples", "reference_images", "anyone-11.png")).convert("RGBA")
    frames = []
    for t in range(6):
        scale = 0.7 + 0.02 * t
        offset = ((CLIP_SIZE[0] - photo.width * scale) / 2 + 8 * t, (CLIP_SIZE[1] - photo.height * scale) / 2)
        frames.append(compose_frame(photo, scale, offset)[0])
    path = write_clip(tmp_path / "driving.mp4", frames)
    with transaction.atomic():
        motion = motion_create_from_upload(
            name="Drift", file=SimpleUploadedFile("drift.mp4", path.read_bytes()), user=agency_staff
        )

    def ready():
        motion.refresh_from_db()
        return motion.status != MotionStatus.PROCESSING

    wait_for(ready, timeout=120, what="pose extraction")
    assert (motion.status, motion.source, motion.frame_count) == (
        MotionStatus.READY,
        MotionSource.DRIVING_VIDEO,
        6,
    )
    return motion


def _submit(user, reference_image, motion, **changes) -> GenerationJob:
    with transaction.atomic():
        job, _ = generation_job_submit(
            user=user, reference_image=reference_image, motion=motion, parameters={**WAN, **changes}
        )
    return job


def _frames(job) -> list[np.ndarray]:
    with default_storage.open(job.video.name, "rb") as handle, av.open(handle) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def test_animate_and_replace_jobs_render_on_the_large_queue(
    worker, wan_weights, agency_staff, reference_image, driving_motion
):
    animate = _submit(agency_staff, reference_image, driving_motion)
    replace = _submit(agency_staff, reference_image, driving_motion, mode="replace", prompt="on a stage")
    assert render_queue(parameters=animate.parameters) == "gpu-large"
    assert animate.total_steps == 4  # two segments of two steps
    for job in (animate, replace):
        wait_terminal(job, timeout=180)
        assert job.status == JobStatus.SUCCEEDED, job.error_message
        assert (job.current_step, job.total_steps, job.progress) == (4, 4, 100)
        assert (job.width, job.height, job.fps) == (64, 96, 10.0)
        assert job.model_fingerprint.startswith("wan-animate-")
        assert job.model_description["backend"] == "wan-animate"
        assert job.model_description["weights"] == str(wan_weights)
        assert job.model_description["licence"]["name"] == "Apache-2.0"
    # The prompt comes from the persona's look unless the job says otherwise; both are stored.
    assert animate.parameters["prompt"] == persona_look_prompt(persona=reference_image.persona)
    assert replace.parameters["prompt"] == "on a stage"
    animated, replaced = _frames(animate), _frames(replace)
    assert len(animated) == len(replaced) == 6 and animated[0].shape == (96, 64, 3)
    assert not np.array_equal(np.stack(animated), np.stack(replaced))  # the scene conditions replace mode


def test_a_skeleton_motion_fails_readably_for_wan(worker, wan_weights, agency_staff, reference_image, motion):
    job = _submit(agency_staff, reference_image, motion, frames=4)
    wait_terminal(job, timeout=120)
    assert (job.status, job.error_code) == (JobStatus.FAILED, "invalid_input")
    assert job.error_message == (
        "wan-animate needs a motion extracted from a driving video (face and scene come from it); "
        "“Wave” has no driving video and keypoints."
    )
    assert not job.video
