"""A real Celery worker process for job tests, on the same database, media folder and broker.

Fixtures: ``worker_process`` (session-scoped, started once) and ``worker`` (per test: requires
``transactional_db`` so rows are committed where the worker can see them, and points MEDIA_ROOT at
the folder the worker writes to). With no CELERY_BROKER_URL the broker is the filesystem transport
in a temporary folder; with one (e.g. redis://127.0.0.1:6379/15) both processes use it.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from kombu import pools as kombu_pools

from influencer_platform.celery import app as celery_app

REPO_ROOT = Path(__file__).resolve().parent.parent
QUEUES = ("gpu", "gpu-large", "default")
STALE_SECONDS = 4  # the worker beats every second; the tests reap anything silent for longer


def database_url(settings_dict: dict) -> str:
    """The URL of the database the test process uses (pytest-django's test database)."""
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    if engine.endswith("postgresql"):
        credentials = quote(settings_dict.get("USER") or "")
        if settings_dict.get("PASSWORD"):
            credentials += ":" + quote(settings_dict["PASSWORD"])
        host = settings_dict.get("HOST") or "localhost"
        port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
        return f"postgres://{credentials}{'@' if credentials else ''}{host}{port}/{settings_dict['NAME']}"
    raise RuntimeError(f"worker tests do not support {engine}")


class WorkerProcess:
    """``celery worker --pool prefork --concurrency 1``: the child renders, the parent survives a kill -9."""

    def __init__(self, *, base_dir: Path, media_root: Path, db_url: str):
        self.base_dir = base_dir
        self.media_root = media_root
        self.log_path = base_dir / "worker.log"
        self.nodename = f"test-{uuid.uuid4().hex[:8]}@%h"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "DATABASE_URL": db_url,
            "MEDIA_ROOT": str(media_root),
            "VAR_DIR": str(base_dir / "var"),
            "GENERATION_HEARTBEAT_STALE_SECONDS": str(STALE_SECONDS),
            # Built on demand by the ``wan_weights`` fixture, before any wan-animate job is sent.
            "WAN_ANIMATE_WEIGHTS_DIR": str(base_dir / "wan-animate-tiny"),
            # Webhook tests run their receiver on the loopback address.
            "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
            "WEBHOOK_REQUIRE_HTTPS": "false",
            "PYTHONPATH": str(REPO_ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        self.process: subprocess.Popen | None = None

    @property
    def queue_dir(self) -> Path:
        return self.base_dir / "var" / "celery" / "queue"

    def start(self, timeout: float = 90) -> None:
        command = [
            sys.executable, "-m", "celery", "-A", "influencer_platform", "worker",
            "-Q", ",".join(QUEUES), "--pool", "prefork", "--concurrency", "1", "--prefetch-multiplier", "1",
            "-n", self.nodename, "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO",
        ]  # fmt: skip
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + timeout
        while " ready." not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the Celery worker did not start:\n{self.log()[-4000:]}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # the worker's own process group
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def count_in_log(self, text: str) -> int:
        return self.log().count(text)


def _reset_connections() -> None:
    """Drop pooled broker connections so the next publish uses the current transport options.

    kombu keeps its pools in a process-wide registry keyed by connection URL and options; closing
    one pool without clearing the registry would hand the same closed pool back (as with Redis,
    whose URL does not change between runs)."""
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _point_producer_at(worker: WorkerProcess) -> dict:
    """Make this process publish where the worker consumes; returns the options to restore."""
    previous = dict(celery_app.conf.broker_transport_options or {})
    if str(celery_app.conf.broker_url).startswith("filesystem"):
        worker.queue_dir.mkdir(parents=True, exist_ok=True)
        celery_app.conf.broker_transport_options = {
            **previous,
            "data_folder_in": str(worker.queue_dir),
            "data_folder_out": str(worker.queue_dir),
        }
    _reset_connections()
    with celery_app.connection_for_write() as conn:
        channel = conn.default_channel
        for queue in QUEUES:
            with contextlib.suppress(Exception):  # a queue that does not exist yet has nothing to purge
                channel.queue_purge(queue)  # leftovers of an earlier run on a shared Redis database
    return previous


_running: list[WorkerProcess] = []


@pytest.fixture(scope="session")
def worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    # A test module that imports these fixtures gets its own copy of this session fixture, and with
    # it a second worker on the same broker queues: it would take tasks with another media folder.
    if _running:
        raise RuntimeError("a second test worker was requested; use the fixtures from tests/conftest.py only")
    base_dir = tmp_path_factory.mktemp("celery-worker")
    media_root = base_dir / "media"
    media_root.mkdir()
    worker = WorkerProcess(
        base_dir=base_dir, media_root=media_root, db_url=database_url(connection.settings_dict)
    )
    previous = _point_producer_at(worker)
    worker.start()
    _running.append(worker)
    try:
        yield worker
    finally:
        _running.remove(worker)
        worker.stop()
        celery_app.conf.broker_transport_options = previous
        _reset_connections()


@pytest.fixture
def wan_weights(worker_process):
    """The tiny random-weight Wan2.2-Animate directory the worker loads for wan-animate jobs."""
    from animation.backends.wan_animate.tiny import build_tiny_wan_animate

    directory = Path(worker_process.env["WAN_ANIMATE_WEIGHTS_DIR"])
    if not (directory / "model_index.json").exists():
        build_tiny_wan_animate(directory, seed=0)
    return directory


@pytest.fixture
def worker(worker_process, transactional_db, settings):
    settings.MEDIA_ROOT = str(worker_process.media_root)
    settings.GENERATION_HEARTBEAT_STALE_SECONDS = STALE_SECONDS
    if worker_process.process.poll() is not None:
        pytest.fail(f"the Celery worker exited:\n{worker_process.log()[-4000:]}")
    return worker_process
