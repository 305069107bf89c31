"""One delivery of a run message: claim, render, record exactly one outcome, clean up."""

import contextlib
import logging
import os
import signal

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from generation.services.job_parameters import InvalidParameters
from generation.services.job_runs import (
    generation_job_claim,
    generation_job_fail,
    generation_job_release,
    generation_job_stop,
    generation_job_succeed,
    render_files_delete,
)
from generation.services.jobs import job_liveness_seconds
from generation.worker import model_cache
from generation.worker.progress import Heartbeat, ProgressReporter
from generation.worker.render import RenderInputError, render_job
from generation.worker.scratch import scratch_cleanup
from trust.services.consent import job_consent_problems

logger = logging.getLogger(__name__)


class TransientJobError(Exception):
    """A failure worth retrying (database or storage hiccup); the job was handed back to the queue."""


def transient_error_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [OperationalError, InterfaceError, ConnectionError, TimeoutError]
    try:
        from botocore.exceptions import BotoCoreError

        types.append(BotoCoreError)
    except ImportError:  # pragma: no cover - botocore ships with django-storages[s3]
        pass
    return tuple(types)


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, transient_error_types()):
        return True
    # Storage I/O errors, but not a file that simply is not there.
    return isinstance(exc, OSError) and not isinstance(
        exc, FileNotFoundError | PermissionError | IsADirectoryError
    )


def _is_out_of_memory(exc: BaseException) -> bool:
    # torch.cuda.OutOfMemoryError and the CPU allocator's failure are RuntimeErrors; matched by name
    # and text so that the web side of this module needs no torch.
    text = str(exc).lower()
    return (
        isinstance(exc, MemoryError)
        or type(exc).__name__ == "OutOfMemoryError"
        or "out of memory" in text
        or "can't allocate memory" in text
    )


def render_failure(exc: BaseException) -> tuple[str, str]:
    """The code and the sentence staff read for an unexpected failure: what happened and what to try,
    never a Python class name (that goes to the worker's log with the traceback)."""
    if _is_out_of_memory(exc):
        return "out_of_memory", (
            "The worker ran out of memory. Try a smaller size, fewer frames or a smaller decode chunk, "
            "or a worker with more memory."
        )
    detail = str(exc).strip().rstrip(".")
    if not detail:
        return "render_error", "The model stopped with an unexpected error; the worker's log has the details."
    return "render_error", f"The model stopped with an error: {detail}."


def _test_hooks(parameters: dict) -> dict:
    """Hooks that let the worker tests kill or slow a render; only a test-only setting enables them."""
    if not getattr(settings, "GENERATION_TEST_HOOKS", False):
        return {}
    return parameters.get("test_hooks") or {}


def generation_job_execute(*, job_id: int, hostname: str, pid: int | None = None) -> str:
    """Returns the outcome ('skipped', 'succeeded', 'failed', 'cancelled', 'lost'); raises
    TransientJobError when the caller should retry later."""
    pid = pid or os.getpid()
    job = generation_job_claim(job_id=job_id, hostname=hostname, pid=pid)
    if job is None:
        return "skipped"
    attempt = job.attempts
    refused = job_consent_problems(job=job)
    if refused:  # a record was revoked or ran out while the job waited in the queue
        generation_job_fail(
            job_id=job.id,
            attempt=attempt,
            code="consent_refused",
            message="The consent and licence ledger no longer allows this render. " + " ".join(refused),
        )
        return "failed"
    render_files_delete(job_uuid=job.uuid)  # leftovers of earlier attempts
    scratch_cleanup()  # local folders of renders whose process was killed
    hooks = _test_hooks(job.parameters)
    reporter_class = _KillingReporter if hooks.get("kill_worker_at_step") else ProgressReporter
    reporter = reporter_class(job_id=job.id, attempt=attempt, step_delay=float(hooks.get("step_delay", 0)))
    reporter.kill_at_step = int(hooks.get("kill_worker_at_step") or 0)
    try:
        stale_seconds, _ = job_liveness_seconds(parameters=job.parameters)
        with Heartbeat(job_id=job.id, attempt=attempt, interval=max(0.5, min(30.0, stale_seconds / 4))):
            result = render_job(job, attempt=attempt, reporter=reporter)
    except Exception as exc:  # every failure ends in exactly one recorded outcome below
        render_files_delete(job_uuid=job.uuid, only_attempt=attempt)
        return _record_failure(job, attempt=attempt, exc=exc, gpu_seconds=reporter.model_seconds)
    if generation_job_succeed(job_id=job.id, attempt=attempt, result=result):
        logger.info(
            "Job %s attempt %s succeeded (%.1fs in the model)", job.uuid, attempt, result["gpu_seconds"]
        )
        return "succeeded"
    render_files_delete(job_uuid=job.uuid, only_attempt=attempt)  # lost the job while rendering
    generation_job_stop(job_id=job.id, attempt=attempt, gpu_seconds=result["gpu_seconds"])
    return "lost"


def _record_failure(job, *, attempt: int, exc: Exception, gpu_seconds: float) -> str:
    ids = {"job_id": job.id, "attempt": attempt}
    if model_cache.is_cancelled(exc):
        return "cancelled" if generation_job_stop(**ids, gpu_seconds=gpu_seconds) else "lost"
    if isinstance(exc, SoftTimeLimitExceeded):
        generation_job_fail(
            **ids, code="timeout", message="The render ran past its time limit.", gpu_seconds=gpu_seconds
        )
        return "failed"
    if isinstance(exc, RenderInputError | InvalidParameters) or model_cache.is_input_error(exc):
        generation_job_fail(**ids, code="invalid_input", message=str(exc), gpu_seconds=gpu_seconds)
        return "failed"
    if _is_transient(exc):
        logger.warning("Job %s attempt %s: transient error %r; will retry", job.uuid, attempt, exc)
        # If even this write fails, the retry takes the run over from this process (generation_job_claim).
        with contextlib.suppress(OperationalError, InterfaceError):
            generation_job_release(**ids, message="Retrying after a temporary storage or database error")
        raise TransientJobError(str(exc)) from exc
    logger.exception("Job %s attempt %s failed", job.uuid, attempt)
    code, message = render_failure(exc)
    generation_job_fail(**ids, code=code, message=message, gpu_seconds=gpu_seconds)
    return "failed"


class _KillingReporter(ProgressReporter):
    """Test hook: the worker process dies mid-render, as it would on an OOM kill."""

    kill_at_step = 0

    def __call__(self, step: int, total: int) -> bool:
        if step >= self.kill_at_step:
            os.kill(os.getpid(), signal.SIGKILL)
        return super().__call__(step, total)
