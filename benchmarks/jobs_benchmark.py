"""Submit N tiny jobs through a real Celery worker; print submit-to-start latency and model share.

    .venv/bin/python benchmarks/jobs_benchmark.py --jobs 8

Runs in a throw-away VAR_DIR (SQLite database, media, filesystem broker) unless DATABASE_URL /
CELERY_BROKER_URL are set, in which case it uses those (and leaves its rows behind).
"""

import argparse
import io
import os
import statistics
import subprocess
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
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from generation.demo_assets import drawn_character, procedural_dance
    from generation.models import GenerationJob, JobStatus
    from generation.services.jobs import generation_job_submit
    from generation.services.motions import motion_create_from_sequence
    from influencer_platform.accounts.models import Role, User
    from influencer_platform.processes import worker_commands
    from personas.services.images import reference_image_upload
    from personas.services.personas import persona_create

    call_command("migrate", verbosity=0)
    user, _ = User.objects.get_or_create(username="benchmark", defaults={"role": Role.AGENCY_STAFF})
    stamp = time.time_ns()
    persona = persona_create(name="Bench", handle=f"bench{stamp}", slug=f"bench-{stamp}")
    buffer = io.BytesIO()
    drawn_character().resize((48, 72)).save(buffer, format="PNG")
    image = reference_image_upload(
        persona=persona, file=SimpleUploadedFile("bench.png", buffer.getvalue()), user=user
    )
    sequence = procedural_dance(frames=max(12, args.frames), fps=8.0)
    motion = motion_create_from_sequence(name="Bench dance", sequence=sequence, user=user)

    # The render worker exactly as `make worker` starts it, on this VAR_DIR's database and broker.
    render_command = worker_commands(beat_schedule=Path(settings.VAR_DIR) / "celerybeat-schedule")[0]
    log_path = base / "worker.log"
    print(f"starting worker (log: {log_path})", flush=True)
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(render_command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
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
        worker.terminate()
        worker.wait(timeout=60)

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
