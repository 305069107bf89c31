"""Start the whole embedded studio: the web server plus one Celery worker (with beat) for both queues."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

DEMO_LOGINS = [
    ("agency admin", "admin", "studio-admin-1"),
    ("agency staff", "staff", "studio-staff-1"),
    ("brand client (Lumen Skincare)", "lumen", "studio-brand-1"),
    ("brand client (Northwind Outdoor)", "northwind", "studio-brand-2"),
]


class Command(BaseCommand):
    help = "Run the web server and a worker for the embedded (single-machine) set-up."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, host, port, **options):
        beat_schedule = settings.VAR_DIR / "celerybeat-schedule"
        celery = [sys.executable, "-m", "celery", "-A", "influencer_platform", "worker", "-Q", "gpu,default"]
        celery += ["--concurrency", "1", "--loglevel", "INFO", "-B", "-s", str(beat_schedule)]
        web = [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload"]
        processes = [subprocess.Popen(celery), subprocess.Popen(web)]
        url = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"\nThe studio is running at {url}"))
        for role, username, password in DEMO_LOGINS:
            self.stdout.write(f"  {role:34} {username} / {password}")
        if not settings.ANIMATION_WEIGHTS_DIR:
            self.stdout.write(
                "\nNo ANIMATION_WEIGHTS_DIR is set, so generation uses the tiny random-weight model: "
                "its videos are noise.\nPoint ANIMATION_WEIGHTS_DIR at a released AnimateAnyone "
                "weights directory for real renders."
            )
        self.stdout.write("Press Ctrl-C to stop.\n")
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM if os.name != "nt" else signal.CTRL_BREAK_EVENT)
            for process in processes:
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
