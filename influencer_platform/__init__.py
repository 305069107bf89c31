"""Project package: settings, root urls, the Celery app, accounts and roles."""

from influencer_platform.celery import app as celery_app

__all__ = ["celery_app"]
