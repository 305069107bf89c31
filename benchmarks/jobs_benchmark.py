"""Submit N tiny jobs through a real Celery worker; print submit-to-start latency and model share.

    .venv/bin/python benchmarks/jobs_benchmark.py --jobs 8

Runs in a throw-away VAR_DIR (SQLite database, media, filesystem broker) unless DATABASE_URL /
CELERY_BROKER_URL are set, in which case it uses those (and leaves its rows behind).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=8)
    parser.add_argument("--frames", type=int, default=4)
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--size", type=int, default=64)
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="jobs-benchmark-"))
    os.environ.setdefault("VAR_DIR", str(base / "var"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "influencer_platform.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from generation.models import GenerationJob, JobStatus
    from generation.services.jobs import generation_job_submit
    from influencer_platform.accounts.models import Role, User
    from tests.generation.conftest import motion_create, png_bytes
    from tests.worker_harness import WorkerProcess, _point_producer_at, database_url

    call_command("migrate", verbosity=0)
    settings.MEDIA_ROOT = str(base / "media")
    from django.core.files.base import ContentFile

    from personas.models import Persona, ReferenceImage

    user, _ = User.objects.get_or_create(username="benchmark", defaults={"role": Role.AGENCY_STAFF})
    persona = Persona.objects.create(
        name="Bench", handle=f"bench{time.time_ns()}", slug=f"bench-{time.time_ns()}"
    )
    image = ReferenceImage(persona=persona)
    image.image.save("bench.png", ContentFile(png_bytes(size=(48, 72))), save=False)
    image.width, image.height = 48, 72
    image.save()
    motion = motion_create(frames=max(12, args.frames))

    worker = WorkerProcess(
        base_dir=base, media_root=Path(settings.MEDIA_ROOT), db_url=database_url(connection.settings_dict)
    )
    _point_producer_at(worker)
    print(f"starting worker (log: {worker.log_path})", flush=True)
    worker.start()
    try:
        params = {"width": args.size, "height": args.size, "frames": args.frames, "steps": args.steps,
                  "context_frames": min(args.frames, 16), "context_overlap": 1}  # fmt: skip
        # One warm-up job so the model load is not counted as queueing latency.
        warm, _ = generation_job_submit(
            user=user, reference_image=image, motion=motion, parameters={**params, "seed": 0}
        )
        _wait([warm.pk])
        ids = []
        for seed in range(1, args.jobs + 1):
            job, _ = generation_job_submit(
                user=user, reference_image=image, motion=motion, parameters={**params, "seed": seed}
            )
            ids.append(job.pk)
        started = time.monotonic()
        _wait(ids)
        wall = time.monotonic() - started
    finally:
        worker.stop()

    jobs = list(GenerationJob.objects.filter(pk__in=ids))
    ok = [j for j in jobs if j.status == JobStatus.SUCCEEDED]
    # Jobs queue behind each other on one worker, so latency of the first job is the pickup cost.
    latencies = sorted((j.started_at - j.created_at).total_seconds() for j in ok)
    worker_time = sum((j.finished_at - j.started_at).total_seconds() for j in ok)
    model_time = sum(j.gpu_seconds for j in ok)
    rate = len(ok) / wall
    print(f"jobs: {len(ok)}/{len(jobs)} succeeded in {wall:.1f}s ({rate:.2f} jobs/s)")
    p95 = latencies[max(0, round(0.95 * len(latencies)) - 1)]
    median = statistics.median(latencies)
    print(f"submit-to-start latency: median {median:.2f}s, p95 {p95:.2f}s, first {latencies[0]:.2f}s")
    print(
        f"time in the model: {model_time:.1f}s of {worker_time:.1f}s worker wall time "
        f"({100 * model_time / worker_time:.0f}%)"
    )


def _wait(ids, timeout=900):
    from generation.models import GenerationJob, JobStatus

    deadline = time.monotonic() + timeout
    terminal = [JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED]
    while GenerationJob.objects.filter(pk__in=ids).exclude(status__in=terminal).exists():
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for jobs")
        time.sleep(0.2)


if __name__ == "__main__":
    main()
