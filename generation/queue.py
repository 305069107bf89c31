"""The one module that names the studio's background tasks and decides where and how they run.

Services enqueue through the functions here (after commit) and never import ``generation.tasks``;
tasks import services at module top. Routing (``CELERY_TASK_ROUTES`` points at :func:`route_task`),
priorities and time limits are read here and nowhere else.
"""

from __future__ import annotations

from django.db import transaction

from generation.services.job_parameters import job_queue_class, job_time_limits

GPU_QUEUE = "gpu"
GPU_LARGE_QUEUE = "gpu-large"
DEFAULT_QUEUE = "default"

# A backend's memory class -> the queue of the workers that have such a GPU. A render goes to the
# queue of the backend its parameters name (AnimateAnyone: gpu; Wan2.2-Animate: gpu-large).
RENDER_QUEUES = {"gpu": GPU_QUEUE, "gpu-large": GPU_LARGE_QUEUE}

RENDER_TASK = "generation.tasks.generation_job_run"
MOTION_EXTRACT_TASK = "generation.tasks.motion_extract"
REAP_TASK = "generation.tasks.generation_jobs_reap"
# Outbound webhooks (one attempt; the sweep that re-sends due retries) and publishing housekeeping.
WEBHOOK_DELIVER_TASK = "webhooks.tasks.webhook_delivery_send"
WEBHOOK_DISPATCH_TASK = "webhooks.tasks.webhook_deliveries_dispatch"
PUBLICATION_RIGHTS_SWEEP_TASK = "publishing.tasks.publications_usage_rights_sweep"
# Usage rights sold to brands: warn before and announce when a term ends (beat, hourly).
USAGE_RIGHTS_SWEEP_TASK = "trust.tasks.usage_rights_sweep"
RENDITION_BUILD_TASK = "publishing.tasks.rendition_build"
PUBLICATIONS_SWEEP_TASK = "publishing.tasks.publications_sweep"
NOTIFICATION_EMAIL_TASK = "notifications.tasks.notification_email_deliver"
INVOICES_OVERDUE_SWEEP_TASK = "notifications.tasks.invoices_overdue_sweep"

# Task name -> queue. Renders need a GPU worker; everything else (pose extraction, the reaper, and
# housekeeping of other apps) runs on the default queue, so it never waits behind a render.
QUEUES = {
    RENDER_TASK: GPU_QUEUE,
    MOTION_EXTRACT_TASK: DEFAULT_QUEUE,
    REAP_TASK: DEFAULT_QUEUE,
    WEBHOOK_DELIVER_TASK: DEFAULT_QUEUE,
    WEBHOOK_DISPATCH_TASK: DEFAULT_QUEUE,
    PUBLICATION_RIGHTS_SWEEP_TASK: DEFAULT_QUEUE,
    USAGE_RIGHTS_SWEEP_TASK: DEFAULT_QUEUE,
    RENDITION_BUILD_TASK: DEFAULT_QUEUE,
    PUBLICATIONS_SWEEP_TASK: DEFAULT_QUEUE,
    NOTIFICATION_EMAIL_TASK: DEFAULT_QUEUE,
    INVOICES_OVERDUE_SWEEP_TASK: DEFAULT_QUEUE,
}

RUSH_PRIORITY = 0
NORMAL_PRIORITY = 5


def route_task(name, args, kwargs, options, task=None, **extra):
    """Celery router: the queue of a task this module knows; others take the default queue."""
    return {"queue": QUEUES.get(name, DEFAULT_QUEUE)}


def _send(name: str, *, args: list, **options) -> None:
    """Publish by task name: the sending process (the web server) need not import the task modules."""
    from influencer_platform.celery import app

    app.send_task(name, args=args, **options)


def job_priority(*, rush: bool) -> int:
    return RUSH_PRIORITY if rush else NORMAL_PRIORITY


def render_queue(*, parameters: dict) -> str:
    """The queue a job with these stored parameters renders on."""
    return RENDER_QUEUES[job_queue_class(parameters=parameters)]


def generation_job_enqueue(*, job) -> None:
    """Send the run message once the surrounding transaction commits, so the worker sees the row."""
    soft, hard = job_time_limits(parameters=job.parameters)
    job_id, priority, queue = job.id, job.priority, render_queue(parameters=job.parameters)
    transaction.on_commit(
        lambda: _send(
            RENDER_TASK, args=[job_id], queue=queue, priority=priority, soft_time_limit=soft, time_limit=hard
        )
    )


def motion_extract_enqueue(*, motion_id: int) -> None:
    transaction.on_commit(lambda: _send(MOTION_EXTRACT_TASK, args=[motion_id]))


def webhook_delivery_enqueue(*, delivery_id: int, countdown: float = 0) -> None:
    """One attempt of one delivery, after commit; its hard limit is a little over the HTTP timeout,
    so a slow receiver holds one worker slot for a bounded time."""
    from django.conf import settings

    limit = settings.WEBHOOK_TIMEOUT_SECONDS * 2 + 10
    transaction.on_commit(
        lambda: _send(
            WEBHOOK_DELIVER_TASK,
            args=[delivery_id],
            countdown=countdown,
            soft_time_limit=limit,
            time_limit=limit + 5,
        )
    )


def rendition_build_enqueue(*, rendition_id: int) -> None:
    """Platform renditions are ffmpeg work, not GPU work: the default queue."""
    transaction.on_commit(
        lambda: _send(RENDITION_BUILD_TASK, args=[rendition_id], soft_time_limit=600, time_limit=660)
    )


def notification_email_enqueue(*, notification_id: int) -> None:
    """One notification email, after commit; mail servers can be slow, so the limit is generous."""
    transaction.on_commit(
        lambda: _send(NOTIFICATION_EMAIL_TASK, args=[notification_id], soft_time_limit=60, time_limit=90)
    )
