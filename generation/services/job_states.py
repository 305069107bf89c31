"""The job state machine: one table of allowed moves, one function that makes a move.

Every status change of a job goes through :func:`job_transition`: a conditional UPDATE (the row's
current status, and the attempt when a worker writes, must still be what the caller read), plus a
:class:`GenerationJobTransition` row in the same transaction. A caller that lost the race gets False
and must not touch the job; the row stays the truth.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from generation.models import TERMINAL_STATUSES, GenerationJob, GenerationJobTransition, JobStatus
from influencer_platform.common.errors import ConflictError
from notifications.services import render_finished_notify
from webhooks.services.business_events import render_event_record

Q, R = JobStatus.QUEUED, JobStatus.RUNNING
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    # claimed by a worker; cancelled before it started; out of attempts or transient retries
    Q: frozenset({R, JobStatus.CANCELLED, JobStatus.FAILED}),
    # finished; handed back for a retry (transient error, reaper); a dead attempt taken over (R -> R)
    R: frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, Q, R}),
    JobStatus.SUCCEEDED: frozenset(),
    JobStatus.FAILED: frozenset(),
    JobStatus.CANCELLED: frozenset(),
}


class InvalidJobTransition(ConflictError):
    code = "invalid_job_transition"


def job_transition(
    *,
    job_id: int,
    from_status: str,
    to_status: str,
    attempt: int | None = None,
    match: dict[str, Any] | None = None,
    fields: dict[str, Any] | None = None,
    reason: str = "",
    actor=None,
) -> bool:
    """Move a job from ``from_status`` to ``to_status`` if it is still there; True if this call moved it.

    ``attempt`` pins the write to one run of the job; ``match`` adds further conditions (the heartbeat
    the reaper read, "no cancel requested"...); ``fields`` are written with the status.
    """
    if to_status not in ALLOWED_TRANSITIONS[from_status]:
        raise InvalidJobTransition(f"A {from_status} job cannot become {to_status}.")
    now = timezone.now()
    conditions = {"pk": job_id, "status": from_status, **(match or {})}
    if attempt is not None:
        conditions["attempts"] = attempt
    values = {"message": to_status.capitalize(), **(fields or {}), "status": to_status, "updated_at": now}
    if to_status in TERMINAL_STATUSES:
        values.setdefault("finished_at", now)
    with transaction.atomic():
        if not GenerationJob.objects.filter(**conditions).update(**values):
            return False
        recorded_attempt = GenerationJob.objects.filter(pk=job_id).values_list("attempts", flat=True).first()
        GenerationJobTransition.objects.create(
            job_id=job_id,
            from_status=from_status,
            to_status=to_status,
            attempt=recorded_attempt or 0,
            reason=(reason or values.get("error_message") or values["message"])[:300],
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if to_status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
            render_event_record(job_id=job_id, status=to_status)
            render_finished_notify(job_id=job_id, status=to_status)
    return True
