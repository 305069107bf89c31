"""Recording events: the outbox row and one delivery per interested endpoint, in the caller's transaction."""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from generation.queue import webhook_delivery_enqueue
from webhooks.models import EventType, WebhookDelivery, WebhookEndpoint, WebhookEvent
from webhooks.models.events import SCHEDULER_EVENT_TYPES


def webhook_event_record(
    *, event_type: str, data: dict[str, Any], persona=None, channel=None
) -> WebhookEvent:
    """Call inside the transaction that makes the change: if it rolls back, no event exists; once it
    commits, the deliveries are sent (and re-sent by the sweep if a worker dies)."""
    if event_type not in EventType.values:
        raise ValueError(f"unknown webhook event type {event_type!r}")
    with transaction.atomic():
        event = WebhookEvent.objects.create(
            event_type=event_type, data=json.loads(json.dumps(data, cls=DjangoJSONEncoder)), persona=persona
        )
        now = timezone.now()
        for endpoint in _endpoints_for(event_type=event_type, persona=persona, channel=channel):
            delivery = WebhookDelivery.objects.create(endpoint=endpoint, event=event, next_attempt_at=now)
            webhook_delivery_enqueue(delivery_id=delivery.id)
    return event


def _endpoints_for(*, event_type: str, persona, channel) -> list[WebhookEndpoint]:
    """Agency endpoints get every event they subscribe to; a scheduler's endpoint only events about
    the personas (and channels, when it is narrowed to some) it serves."""
    chosen = []
    endpoints = WebhookEndpoint.objects.filter(is_active=True).select_related("owner")
    for endpoint in endpoints:
        if not endpoint.wants(event_type):
            continue
        owner = endpoint.owner
        if owner.is_scheduler:
            if event_type not in SCHEDULER_EVENT_TYPES or persona is None:
                continue
            if not owner.scheduler_personas.filter(pk=persona.pk).exists():
                continue
            narrowed = channel is not None and owner.scheduler_channels.exists()
            if narrowed and not owner.scheduler_channels.filter(pk=channel.pk).exists():
                continue
        elif not owner.is_agency:
            continue
        chosen.append(endpoint)
    return chosen


def webhook_event_body(*, event: WebhookEvent) -> str:
    """The exact bytes that are signed and sent; the same on every retry of the event."""
    envelope = {"type": event.event_type, "timestamp": event.created_at.isoformat(), "data": event.data}
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True, cls=DjangoJSONEncoder)
