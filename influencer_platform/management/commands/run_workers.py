"""Start the embedded set-up's workers: renders on one, the reaper (beat) and pose extraction on another."""

from django.conf import settings
from django.core.management.base import BaseCommand

from influencer_platform.processes import supervise, worker_commands


class Command(BaseCommand):
    help = "Run the render worker and the default worker with the embedded beat (the stale-job reaper)."

    def handle(self, *args, **options):
        commands = worker_commands(beat_schedule=settings.VAR_DIR / "celerybeat-schedule")
        raise SystemExit(supervise(commands))
