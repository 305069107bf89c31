"""Webhook tasks on the default queue: thin wrappers over the delivery services.

Retries are rows, not broker messages: a failed attempt writes when the next one is due
(backoff with jitter, up to three days) and the sweep sends it then, so a retry survives a worker
or broker restart and no message sits in Redis for hours past its visibility timeout."""

from celery import shared_task

from webhooks.services.deliveries import webhook_deliveries_dispatch as dispatch_due
from webhooks.services.deliveries import webhook_delivery_attempt


@shared_task(acks_late=True, ignore_result=True)
def webhook_delivery_send(delivery_id: int) -> None:
    webhook_delivery_attempt(delivery_id=delivery_id)


@shared_task(ignore_result=True)
def webhook_deliveries_dispatch() -> int:
    """Periodic (beat): enqueue deliveries whose next attempt is due."""
    return dispatch_due()
