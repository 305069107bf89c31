"""Generation jobs as the studio sees them: submit, cancel, re-queue the ones whose worker vanished."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import Deliverable, DeliverableStatus
from generation.models import GenerationJob, JobStatus, Motion, MotionStatus
from generation.services.job_parameters import (
    job_parameters_validate,
    payload_fingerprint,
    pose_frames_available,
)
from generation.services.job_runs import render_files_delete, worker_lost_message
from influencer_platform.common.errors import ConflictError, ServiceError
from personas.models import ReferenceImage

logger = logging.getLogger(__name__)

RUSH_PRIORITY = 0
NORMAL_PRIORITY = 5
# Time limits grow with the work: frames × steps × megapixels, plus a fixed allowance for loading.
TIME_LIMIT_BASE_SECONDS = 300
TIME_LIMIT_SECONDS_PER_UNIT = 4.0
TIME_LIMIT_MAX_SECONDS = 6 * 3600


class JobPermissionDenied(ServiceError):
    code = "permission_denied"
    status_code = 403


def job_time_limits(*, parameters: dict) -> tuple[int, int]:
    """(soft, hard) seconds for one run of a job with these parameters."""
    megapixels = parameters["width"] * parameters["height"] / 1_000_000
    units = parameters["frames"] * parameters["steps"] * megapixels
    soft = min(TIME_LIMIT_MAX_SECONDS, int(TIME_LIMIT_BASE_SECONDS + TIME_LIMIT_SECONDS_PER_UNIT * units))
    return soft, soft + 60 + soft // 10


def generation_job_enqueue(*, job: GenerationJob) -> None:
    """Send the run message once the surrounding transaction commits, so the worker sees the row."""
    from generation.tasks import generation_job_run

    soft, hard = job_time_limits(parameters=job.parameters)
    job_id, priority = job.id, job.priority
    transaction.on_commit(
        lambda: generation_job_run.apply_async(
            args=[job_id], priority=priority, soft_time_limit=soft, time_limit=hard
        )
    )


def _check_inputs(
    *, reference_image: ReferenceImage, motion: Motion, deliverable: Deliverable | None, params
):
    if motion.status != MotionStatus.READY:
        raise ServiceError(f"The motion “{motion}” is not ready (status: {motion.status}).", field="motion")
    if deliverable is not None:
        if deliverable.persona_id != reference_image.persona_id:
            raise ServiceError(
                "The reference image belongs to a different persona than the deliverable.",
                field="reference_image",
            )
        if deliverable.status in (DeliverableStatus.CANCELLED, DeliverableStatus.PUBLISHED):
            raise ServiceError(
                f"The deliverable is {deliverable.status}; it takes no new renders.", field="deliverable"
            )
    if motion.frame_count:
        available = pose_frames_available(
            source_frames=motion.frame_count, source_fps=motion.fps, parameters=params
        )
        if available < params["frames"]:
            raise ServiceError(
                f"The motion has {available} pose frames after trimming and resampling; "
                f"{params['frames']} were requested.",
                field="frames",
            )


def generation_job_submit(
    *,
    user,
    reference_image: ReferenceImage,
    motion: Motion,
    parameters: dict,
    deliverable: Deliverable | None = None,
    idempotency_key: str = "",
) -> tuple[GenerationJob, bool]:
    """Create and enqueue a job; returns (job, created). A repeated idempotency key returns the first job."""
    if not user.is_authenticated or not user.is_agency:
        raise JobPermissionDenied("Only agency staff can start renders.")
    params = job_parameters_validate(parameters=parameters)
    idempotency_key = (idempotency_key or "").strip()
    if len(idempotency_key) > 200:
        raise ServiceError("The idempotency key is longer than 200 characters.", field="idempotency_key")
    fingerprint = payload_fingerprint(
        reference_image_uuid=reference_image.uuid,
        motion_uuid=motion.uuid,
        deliverable_uuid=deliverable.uuid if deliverable else None,
        parameters=params,
    )
    if idempotency_key:
        existing = _job_for_key(user=user, key=idempotency_key, fingerprint=fingerprint)
        if existing is not None:
            return existing, False
    _check_inputs(reference_image=reference_image, motion=motion, deliverable=deliverable, params=params)
    if params["seed"] is None:
        params["seed"] = secrets.randbelow(2**32)  # stored, so every version can be reproduced
    try:
        with transaction.atomic():
            job = GenerationJob.objects.create(
                reference_image=reference_image,
                motion=motion,
                deliverable=deliverable,
                parameters=params,
                requested_by=user,
                priority=RUSH_PRIORITY if deliverable is not None and deliverable.rush else NORMAL_PRIORITY,
                idempotency_key=idempotency_key,
                payload_fingerprint=fingerprint,
                total_steps=params["steps"],
                message="Waiting for a GPU worker",
            )
            generation_job_enqueue(job=job)
    except IntegrityError:
        # A concurrent request with the same key won the race.
        existing = (
            _job_for_key(user=user, key=idempotency_key, fingerprint=fingerprint) if idempotency_key else None
        )
        if existing is None:
            raise
        return existing, False
    return job, True


def _job_for_key(*, user, key: str, fingerprint: str) -> GenerationJob | None:
    existing = GenerationJob.objects.filter(requested_by=user, idempotency_key=key).first()
    if existing is not None and existing.payload_fingerprint != fingerprint:
        raise ConflictError(
            "This Idempotency-Key was already used for a different render request.",
            code="idempotency_conflict",
        )
    return existing


def generation_job_cancel(*, job: GenerationJob, user) -> GenerationJob:
    """Queued jobs stop at once; running ones at the worker's next denoising step."""
    if not user.is_authenticated or not user.is_agency:
        raise JobPermissionDenied("Only agency staff can cancel renders.")
    now = timezone.now()
    jobs = GenerationJob.objects.filter(pk=job.pk)
    cancelled = jobs.filter(status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED,
        cancel_requested_at=now,
        finished_at=now,
        message="Cancelled before it started",
        updated_at=now,
    )
    requested = 0
    if not cancelled:
        requested = jobs.filter(status=JobStatus.RUNNING, cancel_requested_at__isnull=True).update(
            cancel_requested_at=now, message="Cancelling at the next step", updated_at=now
        )
    job.refresh_from_db()
    if not (cancelled or requested) and job.status != JobStatus.RUNNING:
        raise ConflictError(
            f"The job has already {job.status}; there is nothing to cancel.", code="job_finished"
        )
    return job


def generation_jobs_reap(*, stale_after: timedelta | None = None) -> dict[str, int]:
    """Running jobs whose heartbeat stopped: re-queue them, or fail them once the attempts cap is reached."""
    stale_after = stale_after or timedelta(seconds=settings.GENERATION_HEARTBEAT_STALE_SECONDS)
    max_attempts = settings.GENERATION_MAX_ATTEMPTS
    now = timezone.now()
    counts = {"requeued": 0, "failed": 0, "cancelled": 0}
    stale = GenerationJob.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - stale_after)
    for job in stale.only(
        "id", "uuid", "attempts", "heartbeat_at", "cancel_requested_at", "parameters", "priority"
    ):
        # Matching the heartbeat we read makes the write lose to a worker that just came back.
        same_run = GenerationJob.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts, heartbeat_at=job.heartbeat_at
        )
        if job.cancel_requested_at is not None:
            changed = same_run.update(
                status=JobStatus.CANCELLED, finished_at=now, message="Cancelled", updated_at=now
            )
            outcome, keep = "cancelled", None
        elif job.attempts >= max_attempts:
            changed = same_run.update(
                status=JobStatus.FAILED,
                finished_at=now,
                error_code="worker_lost",
                error_message=worker_lost_message(attempts=job.attempts),
                message="Failed",
                updated_at=now,
            )
            outcome, keep = "failed", None
        else:
            with transaction.atomic():
                changed = same_run.update(
                    status=JobStatus.QUEUED,
                    message="Re-queued: the worker stopped responding",
                    worker_pid=None,
                    updated_at=now,
                )
                if changed:
                    generation_job_enqueue(job=job)
            outcome, keep = "requeued", None
        if changed:
            counts[outcome] += 1
            logger.warning("Reaped job %s (attempt %s): %s", job.uuid, job.attempts, outcome)
            render_files_delete(job_uuid=job.uuid, keep_attempt=keep)
    counts["resent"] = _resend_forgotten_queued_jobs(now=now)
    return counts


def _resend_forgotten_queued_jobs(*, now) -> int:
    """A message can be lost with a worker that prefetched it and died before claiming the job.
    Queued jobs untouched for a long time get a fresh message; a duplicate is harmless, because
    only one delivery can claim the row."""
    cutoff = now - timedelta(seconds=settings.GENERATION_QUEUED_RESEND_SECONDS)
    resent = 0
    for job in GenerationJob.objects.filter(status=JobStatus.QUEUED, updated_at__lt=cutoff).only(
        "id", "uuid", "parameters", "priority", "updated_at"
    ):
        with transaction.atomic():
            touched = GenerationJob.objects.filter(
                pk=job.pk, status=JobStatus.QUEUED, updated_at=job.updated_at
            ).update(updated_at=now)
            if touched:
                generation_job_enqueue(job=job)
                resent += 1
    return resent
