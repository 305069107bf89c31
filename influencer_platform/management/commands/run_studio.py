"""Start the whole embedded studio: the web server, the render worker and the default worker with beat."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from influencer_platform.processes import supervise, worker_commands

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
        web = [sys.executable, "manage.py", "runserver", f"{host}:{port}", "--noreload"]
        commands = [*worker_commands(beat_schedule=settings.VAR_DIR / "celerybeat-schedule"), web]
        raise SystemExit(supervise(commands, started=lambda: self._greet(host, port)))

    def _greet(self, host: str, port: int) -> None:
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
