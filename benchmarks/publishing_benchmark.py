"""Webhook deliveries per second through one real default-queue worker, and the scheduler feed's
latency over 10,000 publications.

    .venv/bin/python benchmarks/publishing_benchmark.py [--deliveries 200] [--publications 10000]

Runs in a throw-away VAR_DIR with a receiver on the loopback address: SQLite and the filesystem broker
by default, or whatever DATABASE_URL and CELERY_BROKER_URL name (an empty PostgreSQL database).

Measured 2026-12-03 on the 2-core CI machine (shared with other work, so noisy):
  filesystem broker + SQLite: 9.8 deliveries/s (1.0/s before the broker polled every 0.1 s);
                              feed p95 45 ms (first page), 52 ms (cursor walk) over 10,000
  Redis + PostgreSQL:         56.5 deliveries/s; feed median 37-41 ms, p95 49 ms (cursor walk)
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class _Counter(BaseHTTPRequestHandler):
    received = 0
    lock = threading.Lock()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length") or 0))
        with _Counter.lock:
            _Counter.received += 1
        self.send_response(204)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def deliveries_per_second(count: int, base: Path) -> None:
    from django.conf import settings

    from influencer_platform.accounts.models import Role, User
    from influencer_platform.processes import worker_commands
    from webhooks.services.endpoints import webhook_endpoint_create
    from webhooks.services.events import webhook_event_record

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    user = User.objects.create(username="bench-agency", role=Role.AGENCY_ADMIN)
    webhook_endpoint_create(url=f"http://127.0.0.1:{server.server_address[1]}/hooks", events=["*"], user=user)
    # The default-queue worker as `make worker` starts it, without beat (deliveries only).
    command = worker_commands(beat_schedule=Path(settings.VAR_DIR) / "celerybeat-schedule")[1]
    command = command[: command.index("-B")]
    log_path = base / "worker.log"
    with open(log_path, "wb") as log:
        worker = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while b" ready." not in log_path.read_bytes():
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the worker did not start; see {log_path}")
            time.sleep(0.2)
        webhook_event_record(event_type="webhook.test", data={"warm": True})
        _wait_for(1)
        started = time.monotonic()
        for index in range(count):
            webhook_event_record(event_type="render.succeeded", data={"job": index})
        _wait_for(count + 1)
        elapsed = time.monotonic() - started
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        server.shutdown()
    print(
        f"webhooks: {count} deliveries through one worker (concurrency 1) in {elapsed:.1f} s: "
        f"{count / elapsed:.1f}/s"
    )


def _wait_for(total: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while _Counter.received < total:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {_Counter.received} of {total} deliveries arrived")
        time.sleep(0.05)


def feed_latency(publications: int, requests: int) -> None:
    from django.test.utils import setup_test_environment
    from rest_framework.test import APIClient

    from campaigns.models import Brand, Campaign, Deliverable
    from generation.models import GenerationJob, Motion
    from influencer_platform.accounts.models import Role, TokenScope, User
    from influencer_platform.accounts.services import api_token_create, scheduler_create
    from personas.models import Channel, Persona, ReferenceImage
    from publishing.models import Publication, Rendition

    setup_test_environment()
    admin, _ = User.objects.get_or_create(username="bench-agency", defaults={"role": Role.AGENCY_ADMIN})
    brand = Brand.objects.create(name="Bench brand", slug="bench-brand")
    campaign = Campaign.objects.create(brand=brand, name="Bench", currency="EUR")
    persona = Persona.objects.create(name="Bench", handle="bench", slug="bench", status="active")
    channels = Channel.objects.bulk_create(
        Channel(persona=persona, platform="tiktok", handle=f"bench{i}") for i in range(5)
    )
    # A stand-in row: the feed never opens the reference image.
    image = ReferenceImage.objects.create(persona=persona, image="reference/bench.png", width=8, height=8)
    motion = Motion.objects.create(name="Bench", source="skeleton_video", status="ready")
    per_deliverable = len(channels)
    deliverables = Deliverable.objects.bulk_create(
        (
            Deliverable(
                campaign=campaign, persona=persona, deliverable_type="tiktok_video", status="approved"
            )
            for _ in range(publications // per_deliverable)
        ),
        batch_size=1000,
    )
    jobs = GenerationJob.objects.bulk_create(
        (
            GenerationJob(
                reference_image=image,
                motion=motion,
                deliverable=d,
                parameters={},
                status="succeeded",
                video="renders/bench.mp4",
            )
            for d in deliverables
        ),
        batch_size=1000,
    )
    renditions = Rendition.objects.bulk_create(
        (
            Rendition(job=job, profile="vertical-720x1280", status="ready", file="renditions/x.mp4")
            for job in jobs
        ),
        batch_size=1000,
    )
    Publication.objects.bulk_create(
        (
            Publication(
                deliverable=deliverable,
                job=job,
                channel=channel,
                platform="tiktok",
                rendition=rendition,
                caption="#ad #aigenerated",
                state="ready",
            )  # fmt: skip
            for deliverable, job, rendition in zip(deliverables, jobs, renditions, strict=True)
            for channel in channels
        ),
        batch_size=1000,
    )
    # Bulk loads leave the planner's statistics empty; a live database has autovacuum's.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    scheduler = scheduler_create(name="bench-scheduler", personas=[persona], created_by=admin)
    _, secret = api_token_create(user=scheduler, name="feed", created_by=admin, scopes=[TokenScope.FEED_READ])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert User.objects.filter(role=Role.SCHEDULER).count() == 1
    total = Publication.objects.count()
    for label, walk in (("first page", False), ("cursor walk", True)):
        timings = []
        cursor = None
        for _ in range(requests):
            query = "?page_size=50" + (f"&cursor={cursor}" if walk and cursor else "")
            started = time.perf_counter()
            response = client.get("/api/publications/" + query, HTTP_HOST="localhost")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content[:300]
            cursor = response.json()["next_cursor"]
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        print(
            f"feed ({label}, {total} publications, page 50): "
            f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=200)
    parser.add_argument("--publications", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--only", choices=("deliveries", "feed"), help="run one half")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="publishing-benchmark-"))
    os.environ["VAR_DIR"] = str(base / "var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "influencer_platform.settings"
    os.environ["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = "true"  # the receiver is on loopback
    os.environ["WEBHOOK_REQUIRE_HTTPS"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings

    print(
        f"broker {settings.CELERY_BROKER_URL.split('://')[0]}, "
        f"database {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[1]}"
    )
    if args.only != "feed":
        deliveries_per_second(args.deliveries, base)
    if args.only != "deliveries":
        feed_latency(args.publications, args.requests)


if __name__ == "__main__":
    main()
