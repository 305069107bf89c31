"""Progress and liveness of one run: a throttled step callback and a background heartbeat."""

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connection

from generation.services.job_runs import generation_job_heartbeat, generation_job_progress

logger = logging.getLogger(__name__)


class ProgressReporter:
    """The pipeline's step callback. Writes at most about once a second; the same conditional
    UPDATE is the cancel check, so returning False (stop) costs no extra query."""

    def __init__(self, *, job_id: int, attempt: int, interval: float = 1.0, step_delay: float = 0.0):
        self.job_id = job_id
        self.attempt = attempt
        self.interval = interval
        self.step_delay = step_delay  # test hook: makes a tiny render slow enough to observe
        self.model_seconds = 0.0
        self._last_write = float("-inf")
        self.writes = 0

    def __call__(self, step: int, total: int) -> bool:
        if self.step_delay:
            time.sleep(self.step_delay)
        now = time.monotonic()
        if step < total and now - self._last_write < self.interval:
            return True
        self._last_write = now
        self.writes += 1
        return generation_job_progress(
            job_id=self.job_id,
            attempt=self.attempt,
            step=step,
            total=total,
            message="Denoising",
        )


class Heartbeat:
    """Beats from a thread while the run loads weights, decodes, encodes and uploads, so the reaper
    tells a slow phase from a dead worker. Uses its own database connection and closes it."""

    def __init__(self, *, job_id: int, attempt: int, interval: float | None = None):
        stale = settings.GENERATION_HEARTBEAT_STALE_SECONDS
        self.job_id = job_id
        self.attempt = attempt
        self.interval = interval or min(30.0, max(0.5, stale / 4))
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-job-{job_id}", daemon=True)

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    if not generation_job_heartbeat(job_id=self.job_id, attempt=self.attempt):
                        return
                except DatabaseError:
                    logger.warning("Heartbeat for job %s failed; will try again", self.job_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
