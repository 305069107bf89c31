"""Trust housekeeping on the default queue: thin wrappers over the services."""

from celery import shared_task

from trust.services.usage_rights import usage_rights_sweep as sweep


@shared_task(ignore_result=True)
def usage_rights_sweep() -> dict:
    """Periodic (beat): usage_rights.expiring / usage_rights.expired webhook events."""
    return sweep()
