"""Worker-side job transitions. Every write names the attempt it belongs to, so a run that lost the
job (re-queued by the reaper, cancelled, superseded) can never overwrite the row."""

import logging
import os
import posixpath
from uuid import UUID

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from campaigns.models import Deliverable
from generation.models import GenerationJob, JobStatus
from generation.services.job_states import job_transition

logger = logging.getLogger(__name__)


def render_dir(*, job_uuid: UUID | str) -> str:
    return f"renders/{job_uuid}"


def render_key(*, job_uuid: UUID | str, attempt: int, name: str) -> str:
    return f"{render_dir(job_uuid=job_uuid)}/attempt-{attempt}/{name}"


def render_files_delete(
    *, job_uuid: UUID | str, keep_attempt: int | None = None, only_attempt: int | None = None
) -> int:
    """Delete stored files of all attempts (or ``only_attempt``) but ``keep_attempt``; returns a count."""
    root = render_dir(job_uuid=job_uuid)
    try:
        folders, _ = default_storage.listdir(root)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    removed = 0
    for folder in folders:
        if keep_attempt is not None and folder == f"attempt-{keep_attempt}":
            continue
        if only_attempt is not None and folder != f"attempt-{only_attempt}":
            continue
        _, files = default_storage.listdir(posixpath.join(root, folder))
        for name in files:
            default_storage.delete(posixpath.join(root, folder, name))
            removed += 1
    return removed


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def generation_job_claim(*, job_id: int, hostname: str, pid: int) -> GenerationJob | None:
    """Take a queued job (conditional UPDATE); None when another delivery already has it or it is done.

    A message redelivered after its worker process died on this host (kill -9, OOM) finds the row
    still running under a dead pid of the same worker: that run is taken over as the next attempt.
    """
    max_attempts = settings.GENERATION_MAX_ATTEMPTS
    now = timezone.now()
    start = {
        "attempts": F("attempts") + 1,
        "worker_hostname": hostname,
        "worker_pid": pid,
        "started_at": now,
        "heartbeat_at": now,
        "progress": 0,
        "current_step": 0,
        "message": "Starting",
    }
    jobs = GenerationJob.objects.filter(pk=job_id)
    claimed = job_transition(
        job_id=job_id,
        from_status=JobStatus.QUEUED,
        to_status=JobStatus.RUNNING,
        match={"attempts__lt": max_attempts},
        fields=start,
        reason=f"Claimed by {hostname} (pid {pid})",
    )
    if claimed:
        return jobs.get()
    job = jobs.first()
    if job is None:
        return None
    if job.status == JobStatus.QUEUED:
        _fail(
            job_id=job_id,
            from_status=JobStatus.QUEUED,
            code="too_many_attempts",
            message=f"Gave up after {job.attempts} attempts.",
        )
        return None
    orphaned = (
        job.status == JobStatus.RUNNING
        and job.worker_hostname == hostname
        and (job.worker_pid == pid or not _pid_alive(job.worker_pid))
    )
    if not orphaned:
        return None  # a duplicate delivery while the job runs elsewhere, or a finished job
    same_run = {
        "job_id": job_id,
        "from_status": JobStatus.RUNNING,
        "attempt": job.attempts,
        "match": {"worker_pid": job.worker_pid},
    }
    if job.cancel_requested_at is not None:
        job_transition(**same_run, to_status=JobStatus.CANCELLED, fields={"message": "Cancelled"})
        render_files_delete(job_uuid=job.uuid)
        return None
    if job.attempts >= max_attempts:
        if _fail(**same_run, code="worker_lost", message=worker_lost_message(attempts=job.attempts)):
            render_files_delete(job_uuid=job.uuid)
        return None
    logger.warning("Job %s: attempt %s died with its worker process; retrying", job.uuid, job.attempts)
    taken = job_transition(
        **same_run, to_status=JobStatus.RUNNING, fields=start, reason="The previous attempt died; taken over"
    )
    return jobs.get() if taken else None


def worker_lost_message(*, attempts: int) -> str:
    return f"The worker died {attempts} times while rendering this job."


def _fail(*, code: str, message: str, gpu_seconds: float | None = None, **transition) -> bool:
    fields = {"error_code": code[:40], "error_message": message, "message": "Failed"}
    if gpu_seconds is not None:
        fields["gpu_seconds"] = gpu_seconds
    return job_transition(**transition, to_status=JobStatus.FAILED, fields=fields)


def _this_run(*, job_id: int, attempt: int):
    return GenerationJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempts=attempt)


def generation_job_heartbeat(*, job_id: int, attempt: int) -> bool:
    """Proof of life; False when this run no longer owns the job."""
    now = timezone.now()
    return bool(_this_run(job_id=job_id, attempt=attempt).update(heartbeat_at=now))


def generation_job_progress(
    *, job_id: int, attempt: int, step: int, total: int, message: str, gpu_seconds: float | None = None
) -> bool:
    """Record progress; False when the job should stop (cancel requested, or the run lost the job)."""
    now = timezone.now()
    fields = {
        "current_step": step,
        "total_steps": total,
        "progress": min(100, int(100 * step / total)) if total else 0,
        "message": message[:300],
        "heartbeat_at": now,
        "updated_at": now,
    }
    if gpu_seconds is not None:
        fields["gpu_seconds"] = gpu_seconds
    run = _this_run(job_id=job_id, attempt=attempt).filter(cancel_requested_at__isnull=True)
    return bool(run.update(**fields))


def generation_job_stage(*, job_id: int, attempt: int, message: str) -> bool:
    now = timezone.now()
    return bool(
        _this_run(job_id=job_id, attempt=attempt).update(message=message, heartbeat_at=now, updated_at=now)
    )


def generation_job_succeed(*, job_id: int, attempt: int, result: dict) -> bool:
    """Record the one result of a job, with the deliverable's next version number; False if the run lost."""
    job = GenerationJob.objects.only("id", "deliverable_id").get(pk=job_id)
    for _ in range(5):
        try:
            with transaction.atomic():
                version = None
                if job.deliverable_id:
                    # Serialise versions per deliverable (row lock on PostgreSQL; SQLite locks the file).
                    Deliverable.objects.select_for_update().filter(pk=job.deliverable_id).exists()
                    latest = GenerationJob.objects.filter(deliverable_id=job.deliverable_id).aggregate(
                        latest=Max("version_number")
                    )["latest"]
                    version = (latest or 0) + 1
                now = timezone.now()
                return job_transition(
                    job_id=job_id,
                    from_status=JobStatus.RUNNING,
                    to_status=JobStatus.SUCCEEDED,
                    attempt=attempt,
                    fields={
                        **result,
                        "version_number": version,
                        "progress": 100,
                        "message": "Done",
                        "heartbeat_at": now,
                    },
                )
        except IntegrityError:
            logger.info("Job %s: version number taken by a concurrent render; retrying", job_id)
    raise IntegrityError(f"Could not assign a version number to job {job_id}")


def generation_job_fail(
    *, job_id: int, attempt: int, code: str, message: str, gpu_seconds: float = 0
) -> bool:
    return _fail(
        job_id=job_id,
        from_status=JobStatus.RUNNING,
        attempt=attempt,
        code=code,
        message=message,
        gpu_seconds=gpu_seconds,
    )


def generation_job_stop(*, job_id: int, attempt: int, gpu_seconds: float = 0) -> bool:
    """The run was told to stop: it ends cancelled if a cancel was requested, else someone else owns it."""
    return job_transition(
        job_id=job_id,
        from_status=JobStatus.RUNNING,
        to_status=JobStatus.CANCELLED,
        attempt=attempt,
        match={"cancel_requested_at__isnull": False},
        fields={"message": "Cancelled", "gpu_seconds": gpu_seconds},
    )


def generation_job_release(*, job_id: int, attempt: int, message: str) -> bool:
    """Hand the job back to the queue before a retry of a transient error."""
    return job_transition(
        job_id=job_id,
        from_status=JobStatus.RUNNING,
        to_status=JobStatus.QUEUED,
        attempt=attempt,
        fields={"message": message[:300], "worker_pid": None},
    )


def generation_job_give_up(*, job_id: int, message: str) -> bool:
    """A released job whose transient retries ran out ends failed instead of waiting forever."""
    return _fail(job_id=job_id, from_status=JobStatus.QUEUED, code="transient", message=message)
