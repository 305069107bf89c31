"""Generation jobs as the studio sees them: submit, re-run, cancel, re-queue jobs whose worker vanished."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from campaigns.models import Deliverable, DeliverableStatus
from generation.models import GenerationJob, JobStatus, Motion, MotionStatus
from generation.queue import generation_job_enqueue, job_priority
from generation.services.job_parameters import (
    JobParameters,
    job_parameters_class,
    job_parameters_for,
    job_parameters_validate,
    job_total_steps,
    payload_fingerprint,
    work_units,
)
from generation.services.job_runs import render_files_delete, worker_lost_message
from generation.services.job_states import job_transition
from influencer_platform.common.errors import ConflictError, ServiceError
from personas.models import ReferenceImage
from trust.services.consent import render_consent_check

logger = logging.getLogger(__name__)


class JobPermissionDenied(ServiceError):
    code = "permission_denied"
    status_code = 403


def job_liveness_seconds(*, parameters: dict) -> tuple[float, float]:
    """(stale heartbeat, queued resend) in seconds, from how long this job is expected to take.

    A small render is declared dead sooner than a long one, and a queued message lost with a worker is
    re-sent after about one expected run rather than after a fixed half hour.
    """
    expected = settings.GENERATION_LOAD_SECONDS + settings.GENERATION_SECONDS_PER_WORK_UNIT * work_units(
        parameters
    )
    stale = min(float(settings.GENERATION_HEARTBEAT_STALE_SECONDS), max(30.0, expected / 4))
    resend = min(float(settings.GENERATION_QUEUED_RESEND_SECONDS), max(60.0, expected))
    return stale, resend


def _check_inputs(
    *, reference_image: ReferenceImage, motion: Motion, deliverable: Deliverable | None, params: JobParameters
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
        indices = params.pose_frame_indices(source_frames=motion.frame_count, source_fps=motion.fps)
        params.check_pose_frames(available=len(indices))
    # Consent: the ledger's records for the motion's performer, the image's source and the model's
    # licence, checked against the persona and the deliverable's sold uses (the worker checks again).
    render_consent_check(
        reference_image=reference_image, motion=motion, backend=params.backend, deliverable=deliverable
    )


def generation_job_submit(
    *,
    user,
    reference_image: ReferenceImage,
    motion: Motion,
    parameters: dict,
    deliverable: Deliverable | None = None,
    idempotency_key: str = "",
    rerun_of: GenerationJob | None = None,
) -> tuple[GenerationJob, bool]:
    """Create and enqueue a job; returns (job, created). A repeated idempotency key returns the first job.

    The stored parameters are complete: every field, defaults filled in and the seed drawn, so the
    render can be repeated exactly.
    """
    if not user.is_authenticated or not user.is_agency:
        raise JobPermissionDenied("Only agency staff can start renders.")
    validated = job_parameters_validate(parameters=parameters)
    idempotency_key = (idempotency_key or "").strip()
    if len(idempotency_key) > 200:
        raise ServiceError("The idempotency key is longer than 200 characters.", field="idempotency_key")
    fingerprint = payload_fingerprint(
        reference_image_uuid=reference_image.uuid,
        motion_uuid=motion.uuid,
        deliverable_uuid=deliverable.uuid if deliverable else None,
        parameters=validated,
    )
    if idempotency_key:
        existing = _job_for_key(user=user, key=idempotency_key, fingerprint=fingerprint)
        if existing is not None:
            return existing, False
    params = job_parameters_for(validated)(**validated)
    _check_inputs(reference_image=reference_image, motion=motion, deliverable=deliverable, params=params)
    params = params.with_seed()  # stored, so every version can be reproduced
    if "prompt" in params.to_dict() and not params.prompt:
        params = params.replace(prompt=persona_look_prompt(persona=reference_image.persona))
    try:
        with transaction.atomic():
            job = GenerationJob.objects.create(
                reference_image=reference_image,
                motion=motion,
                deliverable=deliverable,
                parameters=params.to_dict(),
                requested_by=user,
                rerun_of=rerun_of,
                priority=job_priority(rush=deliverable is not None and deliverable.rush),
                idempotency_key=idempotency_key,
                payload_fingerprint=fingerprint,
                total_steps=job_total_steps(params),
                message="Waiting for a worker",
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


def persona_look_prompt(*, persona) -> str:
    """A text-conditioned backend's prompt from the persona's look in its bible (name, style and
    wardrobe); stored with the job, so it can be edited per job and every version reproduced."""
    look = " ".join(persona.style_notes.split())
    prompt = f"{persona.name}" + (f", {look.rstrip('.')}" if look else "")
    prompt += ". One person moving naturally, sharp detail, consistent face and outfit."
    return prompt[:2000]


def generation_job_rerun(
    *, job: GenerationJob, user, changes: dict, idempotency_key: str = ""
) -> tuple[GenerationJob, bool]:
    """Repeat a job with some parameters changed: every other field, the seed included, is kept."""
    backend = changes.get("backend") or job.parameters.get("backend")
    names = _job_parameter_names(backend if isinstance(backend, str) else None)
    base = {key: value for key, value in job.parameters.items() if key in names}
    return generation_job_submit(
        user=user,
        reference_image=job.reference_image,
        motion=job.motion,
        deliverable=job.deliverable,
        parameters={**base, **changes},
        idempotency_key=idempotency_key,
        rerun_of=job,
    )


def _job_parameter_names(backend: str | None) -> set[str]:
    from animation.backends import backend_names
    from animation.params import param_specs

    if backend not in backend_names():
        backend = None  # the submit refuses the unknown name with its own message
    return {spec.name for spec in param_specs(job_parameters_class(backend))}


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
    cancelled = job_transition(
        job_id=job.pk,
        from_status=JobStatus.QUEUED,
        to_status=JobStatus.CANCELLED,
        fields={"cancel_requested_at": now, "message": "Cancelled before it started"},
        actor=user,
    )
    requested = 0
    if not cancelled:
        # Not a status change: the worker sees the request at its next step and ends the run cancelled.
        requested = GenerationJob.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, cancel_requested_at__isnull=True
        ).update(cancel_requested_at=now, message="Cancelling at the next denoising step", updated_at=now)
    job.refresh_from_db()
    if not (cancelled or requested) and job.status != JobStatus.RUNNING:
        raise ConflictError(
            f"The job has already {job.status}; there is nothing to cancel.", code="job_finished"
        )
    return job


def generation_jobs_reap(*, stale_after: timedelta | None = None) -> dict[str, int]:
    """Running jobs whose heartbeat stopped: re-queue them, or fail them once the attempts cap is reached.

    Without ``stale_after`` each job gets its own allowance from its expected duration.
    """
    max_attempts = settings.GENERATION_MAX_ATTEMPTS
    now = timezone.now()
    counts = {"requeued": 0, "failed": 0, "cancelled": 0}
    shortest = stale_after or timedelta(seconds=30)
    candidates = GenerationJob.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - shortest)
    for job in candidates.only(
        "id", "uuid", "attempts", "heartbeat_at", "cancel_requested_at", "parameters", "priority"
    ):
        allowance = stale_after or timedelta(seconds=job_liveness_seconds(parameters=job.parameters)[0])
        if job.heartbeat_at >= now - allowance:
            continue
        # Matching the heartbeat we read makes the write lose to a worker that just came back.
        same_run = {
            "job_id": job.pk,
            "from_status": JobStatus.RUNNING,
            "attempt": job.attempts,
            "match": {"heartbeat_at": job.heartbeat_at},
        }
        if job.cancel_requested_at is not None:
            changed = job_transition(
                **same_run, to_status=JobStatus.CANCELLED, fields={"message": "Cancelled"}
            )
            outcome = "cancelled"
        elif job.attempts >= max_attempts:
            message = worker_lost_message(attempts=job.attempts)
            changed = job_transition(
                **same_run,
                to_status=JobStatus.FAILED,
                fields={"error_code": "worker_lost", "error_message": message, "message": "Failed"},
            )
            outcome = "failed"
        else:
            with transaction.atomic():
                changed = job_transition(
                    **same_run,
                    to_status=JobStatus.QUEUED,
                    fields={"message": "Re-queued: the worker stopped responding", "worker_pid": None},
                )
                if changed:
                    generation_job_enqueue(job=job)
            outcome = "requeued"
        if changed:
            counts[outcome] += 1
            logger.warning("Reaped job %s (attempt %s): %s", job.uuid, job.attempts, outcome)
            render_files_delete(job_uuid=job.uuid)
    counts["resent"] = _resend_forgotten_queued_jobs(now=now)
    return counts


def _resend_forgotten_queued_jobs(*, now) -> int:
    """A message can be lost with a worker that prefetched it and died before claiming the job.
    Queued jobs untouched for about one expected run get a fresh message; a duplicate is harmless,
    because only one delivery can claim the row."""
    resent = 0
    shortest = now - timedelta(seconds=60)
    for job in GenerationJob.objects.filter(status=JobStatus.QUEUED, updated_at__lt=shortest).only(
        "id", "uuid", "parameters", "priority", "updated_at"
    ):
        if job.updated_at >= now - timedelta(seconds=job_liveness_seconds(parameters=job.parameters)[1]):
            continue
        with transaction.atomic():
            touched = GenerationJob.objects.filter(
                pk=job.pk, status=JobStatus.QUEUED, updated_at=job.updated_at
            ).update(updated_at=now)
            if touched:
                generation_job_enqueue(job=job)
                resent += 1
    return resent
