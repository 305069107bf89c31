"""The Celery application; configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "influencer_platform.settings")

app = Celery("influencer_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _remove_scratch_of_killed_renders(**kwargs) -> None:
    """Render folders of a worker that was killed are removed when a worker starts again."""
    from generation.worker.scratch import scratch_cleanup

    scratch_cleanup()
