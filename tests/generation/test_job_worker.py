"""Jobs through a real Celery worker process, real broker, real files and real video encoding."""

import hashlib
import os
import signal
import time
from datetime import timedelta

import av
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from generation.models import GenerationJob, JobStatus
from generation.services.job_runs import render_key
from generation.services.jobs import (
    generation_job_cancel,
    generation_job_rerun,
    generation_job_submit,
    generation_jobs_reap,
)
from generation.tasks import generation_job_run
from generation.tasks import generation_jobs_reap as reap_task
from tests.generation.conftest import TINY
from trust.services.credentials import content_credentials_verify

pytestmark = [pytest.mark.worker, pytest.mark.slow]

TERMINAL = {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED}
STALE = timedelta(seconds=4)


def submit(user, reference_image, motion, *, hooks=None, deliverable=None, **overrides) -> GenerationJob:
    """Submit through the service; test hooks are written in the same transaction, before the message goes."""
    with transaction.atomic():
        job, _ = generation_job_submit(
            user=user,
            reference_image=reference_image,
            motion=motion,
            parameters={**TINY, **overrides},
            deliverable=deliverable,
        )
        if hooks:
            GenerationJob.objects.filter(pk=job.pk).update(parameters={**job.parameters, "test_hooks": hooks})
    return job


def wait_for(predicate, *, timeout=90.0, reap=False, what="condition"):
    """Poll; with ``reap`` also run the reaper, as beat would, for brokers that do not redeliver."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if reap:
            generation_jobs_reap(stale_after=STALE)
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def wait_terminal(job: GenerationJob, *, timeout=120.0, reap=False) -> GenerationJob:
    def done():
        job.refresh_from_db()
        return job.status in TERMINAL

    wait_for(done, timeout=timeout, reap=reap, what=f"job {job.uuid} to finish")
    return job


def stored_files(job: GenerationJob) -> list[str]:
    root = f"renders/{job.uuid}"
    if not default_storage.exists(root):
        return []
    folders, _ = default_storage.listdir(root)
    return sorted(
        f"{folder}/{name}" for folder in folders for name in default_storage.listdir(f"{root}/{folder}")[1]
    )


def decoded_frames(job: GenerationJob) -> list:
    with default_storage.open(job.video.name, "rb") as handle, av.open(handle) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def test_job_runs_to_success_with_progress_and_a_playable_video(
    worker, agency_staff, reference_image, motion, deliverable, settings, tmp_path
):
    job = submit(
        agency_staff, reference_image, motion, deliverable=deliverable, steps=4, hooks={"step_delay": 0.6}
    )
    seen = set()

    def finished():
        job.refresh_from_db()
        seen.add((job.status, job.progress))
        return job.status in TERMINAL

    wait_for(finished, timeout=120, what="the render")
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert (JobStatus.QUEUED, 0) in seen
    assert any(status == JobStatus.RUNNING and 0 < progress < 100 for status, progress in seen), seen
    assert (job.progress, job.current_step, job.total_steps, job.attempts) == (100, 4, 4, 1)
    assert job.version_number == 1
    assert job.video.name == render_key(job_uuid=job.uuid, attempt=1, name="video.mp4")
    assert stored_files(job) == ["attempt-1/poster.png", "attempt-1/video.mp4"]
    frames = decoded_frames(job)
    assert len(frames) == 4 and frames[0].shape == (64, 64, 3)
    with default_storage.open(job.video.name, "rb") as handle:
        data = handle.read()
    assert job.checksum_sha256 == hashlib.sha256(data).hexdigest() and job.file_size == len(data)
    assert (job.width, job.height, job.fps, job.duration_seconds) == (64, 64, 8.0, 0.5)
    assert job.model_fingerprint.startswith("random-")
    assert job.model_description["weights"].startswith("tiny random weights")
    assert 0 < job.gpu_seconds < (job.finished_at - job.started_at).total_seconds()
    # Signed at the end of rendering by the worker's development CA (made under the worker's VAR_DIR).
    credential = job.content_credential
    assert (credential.signed, credential.development_ca, credential.error) == (True, True, "")
    # Identity QC ran in the worker after decoding; the synthetic reference has no face to compare with.
    identity = job.identity_check
    assert (identity.status, identity.mean_score, identity.references_with_face) == ("not_scored", None, 0)
    assert "No face was found in the persona's reference images" in identity.reason
    assert [i["title"] for i in credential.manifest["ingredients"]] == [
        f"Persona reference image {reference_image.pk}",
        f"Motion {motion.name}",
    ]
    settings.C2PA_TRUST_ANCHORS_FILE = str(worker.base_dir / "var" / "c2pa-dev-ca" / "ca.pem")
    local = tmp_path / "render.mp4"
    local.write_bytes(data)
    verified = content_credentials_verify(path=local)
    assert (verified.valid, verified.actions, verified.problems) == (True, ["c2pa.created"], [])
    assert verified.software_agent == (
        f"Virtual Influencer Studio; backend animate-anyone; weights {job.model_fingerprint}"
    )
    # The poster is signed too, and both validated right after signing.
    assert (credential.valid, credential.poster_signed, credential.poster_valid) == (True, True, True)
    with default_storage.open(job.poster.name, "rb") as handle:
        (tmp_path / "poster.png").write_bytes(handle.read())
    poster = content_credentials_verify(path=tmp_path / "poster.png")
    assert (poster.valid, poster.actions, poster.problems) == (True, ["c2pa.created"], [])


def test_a_rerun_through_the_worker_is_signed_as_edited_from_the_previous_version(
    worker, agency_staff, reference_image, motion, deliverable, settings, tmp_path
):
    first = wait_terminal(submit(agency_staff, reference_image, motion, deliverable=deliverable))
    assert first.status == JobStatus.SUCCEEDED, first.error_message
    with transaction.atomic():
        second, _ = generation_job_rerun(job=first, user=agency_staff, changes={"steps": 3})
    second = wait_terminal(second)
    assert (second.status, second.version_number) == (JobStatus.SUCCEEDED, 2), second.error_message
    credential = second.content_credential
    assert (credential.parent_job, credential.manifest["parent_version"]) == (first, 1)
    settings.C2PA_TRUST_ANCHORS_FILE = str(worker.base_dir / "var" / "c2pa-dev-ca" / "ca.pem")
    local = tmp_path / "v2.mp4"
    with default_storage.open(second.video.name, "rb") as handle:
        local.write_bytes(handle.read())
    verified = content_credentials_verify(path=local)
    assert (verified.valid, verified.actions, verified.problems) == (True, ["c2pa.opened", "c2pa.edited"], [])
    parent = verified.ingredients[0]
    assert (parent["title"], parent["relationship"], parent["sha256"]) == (
        "Previous version 1",
        "parentOf",
        first.checksum_sha256,
    )


def test_a_message_delivered_twice_renders_once(worker, agency_staff, reference_image, motion):
    skipped_before = worker.count_in_log("'skipped'")
    job = submit(agency_staff, reference_image, motion, hooks={"step_delay": 0.3})
    generation_job_run.apply_async(args=[job.id], priority=job.priority)  # the duplicate delivery
    wait_terminal(job)
    wait_for(lambda: worker.count_in_log("'skipped'") > skipped_before, what="the duplicate to be skipped")
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 1)
    assert stored_files(job) == ["attempt-1/poster.png", "attempt-1/video.mp4"]


def test_kill_9_mid_render_reruns_the_job_with_one_result_and_no_orphans(
    worker, agency_staff, reference_image, motion
):
    job = submit(agency_staff, reference_image, motion, steps=4, hooks={"step_delay": 1.0})

    def rendering():
        job.refresh_from_db()
        return job.status == JobStatus.RUNNING and job.current_step >= 1

    wait_for(rendering, timeout=90, what="the render to start")
    os.kill(job.worker_pid, signal.SIGKILL)
    wait_terminal(job, timeout=150, reap=True)
    assert job.status == JobStatus.SUCCEEDED, job.error_message
    assert job.attempts == 2
    assert stored_files(job) == ["attempt-2/poster.png", "attempt-2/video.mp4"]
    assert len(decoded_frames(job)) == 4


def test_a_poison_job_fails_after_three_attempts_and_the_next_job_succeeds(
    worker, agency_staff, reference_image, motion
):
    poison = submit(agency_staff, reference_image, motion, hooks={"kill_worker_at_step": 1})
    healthy = submit(agency_staff, reference_image, motion)
    wait_terminal(poison, timeout=240, reap=True)
    assert (poison.status, poison.attempts, poison.error_code) == (JobStatus.FAILED, 3, "worker_lost")
    assert poison.error_message == "The worker died 3 times while rendering this job."
    assert stored_files(poison) == []
    wait_terminal(healthy, timeout=120, reap=True)
    assert (healthy.status, healthy.attempts) == (JobStatus.SUCCEEDED, 1)


def test_cancel_a_queued_job_at_once_and_a_running_job_at_the_next_step(
    worker, agency_staff, reference_image, motion
):
    skipped_before = worker.count_in_log("'skipped'")
    running = submit(agency_staff, reference_image, motion, steps=20, hooks={"step_delay": 0.5})
    queued = submit(agency_staff, reference_image, motion)

    def started():
        running.refresh_from_db()
        return running.status == JobStatus.RUNNING and running.current_step >= 1

    wait_for(started, what="the first job to render")
    queued = generation_job_cancel(job=queued, user=agency_staff)
    assert (queued.status, queued.attempts) == (JobStatus.CANCELLED, 0)

    running = generation_job_cancel(job=running, user=agency_staff)
    assert running.status == JobStatus.RUNNING and running.cancel_requested_at is not None
    wait_terminal(running, timeout=60)
    assert running.status == JobStatus.CANCELLED
    assert running.current_step < 20 and not running.video
    assert stored_files(running) == []
    wait_for(
        lambda: worker.count_in_log("'skipped'") > skipped_before, what="the cancelled message to be skipped"
    )
    queued.refresh_from_db()
    assert (queued.status, queued.attempts) == (JobStatus.CANCELLED, 0)


def test_a_job_with_bad_parameters_fails_once_with_a_clear_message(
    worker, agency_staff, reference_image, motion
):
    bad = GenerationJob.objects.create(  # written around the service, which would refuse it
        reference_image=reference_image,
        motion=motion,
        parameters={**TINY, "width": 68},
        requested_by=agency_staff,
    )
    generation_job_run.apply_async(args=[bad.id])
    wait_terminal(bad)
    assert (bad.status, bad.attempts, bad.error_code) == (JobStatus.FAILED, 1, "invalid_input")
    assert bad.error_message == "width must be a multiple of 8; got 68."
    assert stored_files(bad) == []


def test_the_reaper_requeues_a_job_whose_worker_vanished(worker, agency_staff, reference_image, motion):
    long_ago = timezone.now() - timedelta(minutes=10)
    lost = GenerationJob.objects.create(
        reference_image=reference_image,
        motion=motion,
        parameters={**TINY},
        requested_by=agency_staff,
        status=JobStatus.RUNNING,
        attempts=1,
        worker_hostname="gpu@vanished-host",
        worker_pid=999_999,
        started_at=long_ago,
        heartbeat_at=long_ago,
    )
    orphan = render_key(job_uuid=lost.uuid, attempt=1, name="video.mp4")
    default_storage.save(orphan, ContentFile(b"half an upload"))

    reap_task.apply_async()  # through the broker, on the default queue, as beat sends it
    wait_terminal(lost)
    assert (lost.status, lost.attempts) == (JobStatus.SUCCEEDED, 2)
    assert stored_files(lost) == ["attempt-2/poster.png", "attempt-2/video.mp4"]
