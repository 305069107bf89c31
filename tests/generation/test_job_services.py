"""Job services without a worker: validation, idempotency, priorities, cancel, claim and the reaper."""

import os
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from campaigns.models import DeliverableStatus
from generation.models import GenerationJob, JobStatus
from generation.queue import NOTIFICATION_EMAIL_TASK, RENDER_TASK
from generation.services.job_parameters import InvalidParameters, job_parameters_validate, job_time_limits
from generation.services.job_runs import generation_job_claim, generation_job_succeed
from generation.services.jobs import (
    JobPermissionDenied,
    generation_job_cancel,
    generation_job_submit,
    generation_jobs_reap,
)
from influencer_platform.common.errors import ConflictError, ServiceError
from tests.generation.conftest import TINY

pytestmark = pytest.mark.django_db


def _submit(user, image, motion, **kwargs):
    kwargs.setdefault("parameters", TINY)
    return generation_job_submit(user=user, reference_image=image, motion=motion, **kwargs)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"width": 100}, "width must be a multiple of 8; got 100."),
        ({"height": 2048}, "height must be between 64 and 1024; got 2048."),
        ({"frames": 0}, "frames must be between 1 and 240; got 0."),
        ({"steps": 151}, "steps must be between 1 and 150; got 151."),
        ({"guidance_scale": 25}, "guidance_scale must be between 0 and 20; got 25."),
        ({"seed": "abc"}, "seed must be a whole number, not 'abc'."),
        ({"context_frames": 33}, "context_frames must be between 1 and 32; got 33."),
        ({"context_overlap": 4}, "context_overlap (4) must be smaller than context_frames (4)."),
        ({"context_stride": 0}, "context_stride must be between 1 and 8; got 0."),
        (
            {"scheduler": "magic"},
            "scheduler must be one of ddim, ddpm, euler, euler_a, dpm++, unipc; got 'magic'.",
        ),
        ({"trim_start_frame": 5, "trim_end_frame": 5}, "trim_end_frame must be after trim_start_frame."),
        ({"fps": 0}, "fps must be between 1 and 60; got 0."),
        ({"colour": "red"}, "Unknown parameter(s): colour."),
    ],
)
def test_bad_parameters_are_refused_with_a_clear_message(change, message):
    with pytest.raises(InvalidParameters) as caught:
        job_parameters_validate(parameters={**TINY, **change})
    assert caught.value.message == message


def test_submit_creates_a_queued_job_and_enqueues_after_commit(
    agency_staff, reference_image, motion, deliverable, django_capture_on_commit_callbacks
):
    deliverable.rush = True
    deliverable.save()
    with (
        mock.patch("influencer_platform.celery.app.send_task") as send,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        job, created = _submit(agency_staff, reference_image, motion, deliverable=deliverable)
        assert not send.called  # nothing leaves before the row is committed
    assert created and len(callbacks) == 1
    soft, hard = job_time_limits(parameters=job.parameters)
    send.assert_called_once_with(
        RENDER_TASK, args=[job.id], queue="gpu", priority=0, soft_time_limit=soft, time_limit=hard
    )
    assert (job.status, job.priority, job.requested_by, job.total_steps) == (
        JobStatus.QUEUED,
        0,
        agency_staff,
        2,
    )
    assert job.parameters == {**job_parameters_validate(parameters=TINY), "seed": 7}


def test_a_missing_seed_is_chosen_and_stored(agency_staff, reference_image, motion):
    job, _ = _submit(agency_staff, reference_image, motion, parameters={**TINY, "seed": None})
    assert isinstance(job.parameters["seed"], int) and job.priority == 5


def test_time_limits_grow_with_the_work():
    small = job_time_limits(parameters={"width": 64, "height": 64, "frames": 4, "steps": 2})
    large = job_time_limits(parameters={"width": 512, "height": 768, "frames": 120, "steps": 30})
    assert small[0] < large[0] and small[0] < small[1] and large[0] < large[1]


def test_idempotency_key_returns_the_same_job_or_conflicts(agency_staff, reference_image, motion):
    first, created = _submit(agency_staff, reference_image, motion, idempotency_key="k-1")
    again, created_again = _submit(agency_staff, reference_image, motion, idempotency_key="k-1")
    assert created and not created_again and again.pk == first.pk
    with pytest.raises(ConflictError):
        _submit(agency_staff, reference_image, motion, idempotency_key="k-1", parameters={**TINY, "steps": 3})
    assert GenerationJob.objects.count() == 1


def test_brand_clients_cannot_submit(client_a, reference_image, motion):
    with pytest.raises(JobPermissionDenied):
        _submit(client_a, reference_image, motion)
    assert not GenerationJob.objects.exists()


def test_submit_refuses_too_few_pose_frames_and_mismatched_persona(agency_staff, reference_image, motion):
    with pytest.raises(ServiceError, match="The motion has 12 pose frames"):
        _submit(agency_staff, reference_image, motion, parameters={**TINY, "frames": 13})
    from tests.factories import DeliverableFactory

    with pytest.raises(ServiceError, match="different persona"):
        _submit(agency_staff, reference_image, motion, deliverable=DeliverableFactory())


def test_cancel_queued_running_and_finished(agency_staff, reference_image, motion):
    queued, _ = _submit(agency_staff, reference_image, motion)
    assert generation_job_cancel(job=queued, user=agency_staff).status == JobStatus.CANCELLED
    with pytest.raises(ConflictError, match="already cancelled"):
        generation_job_cancel(job=queued, user=agency_staff)
    running, _ = _submit(agency_staff, reference_image, motion, parameters={**TINY, "seed": 8})
    GenerationJob.objects.filter(pk=running.pk).update(status=JobStatus.RUNNING, attempts=1)
    running = generation_job_cancel(job=running, user=agency_staff)
    assert running.status == JobStatus.RUNNING and running.cancel_requested_at is not None


def test_claim_is_exclusive_and_takes_over_a_dead_run_on_the_same_worker(
    agency_staff, reference_image, motion
):
    job, _ = _submit(agency_staff, reference_image, motion)
    claimed = generation_job_claim(job_id=job.id, hostname="gpu@a", pid=os.getpid())
    assert (claimed.status, claimed.attempts, claimed.worker_pid) == (JobStatus.RUNNING, 1, os.getpid())
    # A duplicate delivery while the run is alive elsewhere does nothing.
    assert generation_job_claim(job_id=job.id, hostname="gpu@b", pid=1) is None
    GenerationJob.objects.filter(pk=job.pk).update(worker_pid=999_999)  # that process died
    retaken = generation_job_claim(job_id=job.id, hostname="gpu@a", pid=os.getpid())
    assert retaken.attempts == 2


def test_a_run_that_lost_the_job_cannot_record_a_result(agency_staff, reference_image, motion):
    job, _ = _submit(agency_staff, reference_image, motion)
    generation_job_claim(job_id=job.id, hostname="gpu@a", pid=os.getpid())
    assert not generation_job_succeed(job_id=job.id, attempt=2, result={"video": "x.mp4"})
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not job.video


def test_versions_are_numbered_per_deliverable(agency_staff, reference_image, motion, deliverable):
    for expected in (1, 2):
        job, _ = _submit(
            agency_staff,
            reference_image,
            motion,
            deliverable=deliverable,
            parameters={**TINY, "seed": expected},
        )
        generation_job_claim(job_id=job.id, hostname="gpu@a", pid=os.getpid())
        assert generation_job_succeed(job_id=job.id, attempt=1, result={"video": f"v{expected}.mp4"})
        job.refresh_from_db()
        assert (job.status, job.version_number) == (JobStatus.SUCCEEDED, expected)


@pytest.mark.parametrize(("attempts", "status"), [(1, JobStatus.QUEUED), (3, JobStatus.FAILED)])
def test_reaper_requeues_stale_jobs_and_fails_them_at_the_cap(
    agency_staff, reference_image, motion, attempts, status, django_capture_on_commit_callbacks
):
    job, _ = _submit(agency_staff, reference_image, motion)
    stale = timezone.now() - timedelta(minutes=5)
    GenerationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=attempts, heartbeat_at=stale
    )
    fresh, _ = _submit(agency_staff, reference_image, motion, parameters={**TINY, "seed": 9})
    GenerationJob.objects.filter(pk=fresh.pk).update(
        status=JobStatus.RUNNING, attempts=1, heartbeat_at=timezone.now()
    )
    with (
        mock.patch("influencer_platform.celery.app.send_task") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        counts = generation_jobs_reap()
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert job.status == status and fresh.status == JobStatus.RUNNING
    if status == JobStatus.FAILED:
        assert counts == {"requeued": 0, "failed": 1, "cancelled": 0, "resent": 0}
        # No render is sent again; the only message is the requester's "render failed" email.
        assert [call.args[0] for call in send.call_args_list] == [NOTIFICATION_EMAIL_TASK]
        assert job.error_message == "The worker died 3 times while rendering this job."
    else:
        assert counts == {"requeued": 1, "failed": 0, "cancelled": 0, "resent": 0} and send.call_count == 1


def test_reaper_resends_queued_jobs_whose_message_was_lost(
    agency_staff, reference_image, motion, settings, django_capture_on_commit_callbacks
):
    settings.GENERATION_QUEUED_RESEND_SECONDS = 600
    forgotten, _ = _submit(agency_staff, reference_image, motion)
    waiting, _ = _submit(agency_staff, reference_image, motion, parameters={**TINY, "seed": 9})
    GenerationJob.objects.filter(pk=forgotten.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    with (
        mock.patch("influencer_platform.celery.app.send_task") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        counts = generation_jobs_reap()
    assert counts["resent"] == 1
    assert send.call_count == 1 and send.call_args.kwargs["args"] == [forgotten.id]
    forgotten.refresh_from_db()
    assert forgotten.status == JobStatus.QUEUED
    assert timezone.now() - forgotten.updated_at < timedelta(minutes=1)


def test_brand_client_visibility(client_a, client_b, agency_staff, reference_image, motion, deliverable):
    from generation.selectors import deliverable_versions, generation_jobs_for_user

    deliverable.campaign.brand = client_a.brand
    deliverable.campaign.save()
    job, _ = _submit(agency_staff, reference_image, motion, deliverable=deliverable)
    loose, _ = _submit(agency_staff, reference_image, motion, parameters={**TINY, "seed": 1})
    assert set(generation_jobs_for_user(user=agency_staff)) == {job, loose}
    assert not generation_jobs_for_user(user=client_a).exists()  # still in production
    deliverable.status = DeliverableStatus.CLIENT_REVIEW
    deliverable.save()
    assert not generation_jobs_for_user(user=client_a).exists()  # queued: the agency's business
    assert not deliverable_versions(user=client_a, deliverable=deliverable).exists()  # not rendered yet
    GenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, video="renders/x/video.mp4")
    assert not generation_jobs_for_user(user=client_a).exists()  # rendered, but not shared yet
    GenerationJob.objects.filter(pk=job.pk).update(shared_at=timezone.now())
    assert list(generation_jobs_for_user(user=client_a)) == [job]
    assert not generation_jobs_for_user(user=client_b).exists()


def test_the_web_process_enqueues_without_importing_the_task_modules(tmp_path):
    """A web server never imports ``generation.tasks``; its enqueue must still publish the message."""
    import subprocess
    import sys
    import textwrap
    from pathlib import Path

    queue_dir = tmp_path / "queue"
    script = textwrap.dedent(
        f"""
        import os, sys
        os.environ["DJANGO_SETTINGS_MODULE"] = "influencer_platform.settings"
        import django
        django.setup()
        from django.db import transaction
        from influencer_platform.celery import app
        app.conf.broker_url = "filesystem://"
        app.conf.broker_transport_options = {{
            "data_folder_in": {str(queue_dir)!r}, "data_folder_out": {str(queue_dir)!r}
        }}
        from generation.queue import motion_extract_enqueue
        with transaction.atomic():
            motion_extract_enqueue(motion_id=41)
        assert "generation.tasks" not in sys.modules
        """
    )
    queue_dir.mkdir()
    env = {**os.environ, "VAR_DIR": str(tmp_path / "var")}
    env.pop("CELERY_BROKER_URL", None)
    env.pop("DATABASE_URL", None)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    messages = [path.read_text() for path in queue_dir.iterdir()]
    assert len(messages) == 1 and "generation.tasks.motion_extract" in messages[0]
