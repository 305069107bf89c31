"""Celery tasks: thin wrappers that take ids; the flow lives in services and ``generation.worker``.

Names, queues, priorities and time limits are decided in ``generation.queue``."""

import random

from celery import shared_task
from celery.utils.log import get_task_logger

from generation.services.job_runs import generation_job_give_up
from generation.services.jobs import generation_jobs_reap as reap_stale_jobs
from generation.services.motions import motion_extract_run
from generation.worker.run import TransientJobError, generation_job_execute

logger = get_task_logger(__name__)

MAX_TRANSIENT_RETRIES = 3


def retry_countdown(retries: int) -> float:
    """Exponential backoff with full jitter: 5s, 10s, 20s... capped at five minutes."""
    ceiling = min(300.0, 5.0 * 2**retries)
    return ceiling / 2 + random.uniform(0, ceiling / 2)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def generation_job_run(self, job_id: int) -> str:
    """Render one job. Late ack + reject on worker loss: a killed process gives the message back."""
    try:
        return generation_job_execute(job_id=job_id, hostname=self.request.hostname or "unknown")
    except TransientJobError as exc:
        if self.request.retries >= MAX_TRANSIENT_RETRIES:
            generation_job_give_up(job_id=job_id, message=f"Gave up after repeated temporary errors: {exc}")
            return "failed"
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries), max_retries=None)


@shared_task(ignore_result=True)
def generation_jobs_reap() -> dict:
    """Periodic (beat): re-queue running jobs whose worker stopped beating, fail those out of attempts."""
    return reap_stale_jobs()


@shared_task(acks_late=True, ignore_result=True)
def motion_extract(motion_id: int) -> None:
    """Pose extraction for an uploaded driving video (default queue, CPU)."""
    motion_extract_run(motion_id=motion_id)
