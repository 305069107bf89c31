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
        "status": JobStatus.RUNNING,
        "attempts": F("attempts") + 1,
        "worker_hostname": hostname,
        "worker_pid": pid,
        "started_at": now,
        "heartbeat_at": now,
        "progress": 0,
        "current_step": 0,
        "message": "Starting",
        "updated_at": now,
    }
    jobs = GenerationJob.objects.filter(pk=job_id)
    if jobs.filter(status=JobStatus.QUEUED, attempts__lt=max_attempts).update(**start):
        return jobs.get()
    job = jobs.first()
    if job is None:
        return None
    if job.status == JobStatus.QUEUED:
        _fail(
            jobs.filter(status=JobStatus.QUEUED),
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
    same_run = jobs.filter(status=JobStatus.RUNNING, attempts=job.attempts, worker_pid=job.worker_pid)
    if job.cancel_requested_at is not None:
        same_run.update(status=JobStatus.CANCELLED, finished_at=now, message="Cancelled", updated_at=now)
        render_files_delete(job_uuid=job.uuid)
        return None
    if job.attempts >= max_attempts:
        if _fail(same_run, code="worker_lost", message=worker_lost_message(attempts=job.attempts)):
            render_files_delete(job_uuid=job.uuid)
        return None
    logger.warning("Job %s: attempt %s died with its worker process; retrying", job.uuid, job.attempts)
    return jobs.get() if same_run.update(**start) else None


def worker_lost_message(*, attempts: int) -> str:
    return f"The worker died {attempts} times while rendering this job."


def _fail(queryset, *, code: str, message: str) -> int:
    now = timezone.now()
    return queryset.update(
        status=JobStatus.FAILED,
        finished_at=now,
        error_code=code,
        error_message=message,
        message="Failed",
        updated_at=now,
    )


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
                return bool(
                    _this_run(job_id=job_id, attempt=attempt).update(
                        **result,
                        version_number=version,
                        status=JobStatus.SUCCEEDED,
                        progress=100,
                        message="Done",
                        finished_at=now,
                        heartbeat_at=now,
                        updated_at=now,
                    )
                )
        except IntegrityError:
            logger.info("Job %s: version number taken by a concurrent render; retrying", job_id)
    raise IntegrityError(f"Could not assign a version number to job {job_id}")


def generation_job_fail(
    *, job_id: int, attempt: int, code: str, message: str, gpu_seconds: float = 0
) -> bool:
    now = timezone.now()
    return bool(
        _this_run(job_id=job_id, attempt=attempt).update(
            status=JobStatus.FAILED,
            error_code=code[:40],
            error_message=message,
            message="Failed",
            gpu_seconds=gpu_seconds,
            finished_at=now,
            updated_at=now,
        )
    )


def generation_job_stop(*, job_id: int, attempt: int, gpu_seconds: float = 0) -> bool:
    """The run was told to stop: it ends cancelled if a cancel was requested, else someone else owns it."""
    now = timezone.now()
    run = _this_run(job_id=job_id, attempt=attempt).filter(cancel_requested_at__isnull=False)
    return bool(
        run.update(
            status=JobStatus.CANCELLED,
            message="Cancelled",
            gpu_seconds=gpu_seconds,
            finished_at=now,
            updated_at=now,
        )
    )


def generation_job_release(*, job_id: int, attempt: int, message: str) -> bool:
    """Hand the job back to the queue before a retry of a transient error."""
    now = timezone.now()
    return bool(
        _this_run(job_id=job_id, attempt=attempt).update(
            status=JobStatus.QUEUED, message=message[:300], worker_pid=None, updated_at=now
        )
    )


def generation_job_give_up(*, job_id: int, message: str) -> bool:
    """A released job whose transient retries ran out ends failed instead of waiting forever."""
    return bool(
        _fail(
            GenerationJob.objects.filter(pk=job_id, status=JobStatus.QUEUED),
            code="transient",
            message=message,
        )
    )
