"""Endpoint writes: create with a secret shown once, rotate with an overlap, enable, send a test."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from influencer_platform.common.errors import ServiceError
from webhooks.models import (
    DeliveryStatus,
    EventType,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from webhooks.services.deliveries import webhook_delivery_attempt
from webhooks.services.signing import webhook_secret_generate
from webhooks.services.url_safety import webhook_url_check

MAX_ROTATION_OVERLAP_HOURS = 7 * 24


def _require_manager(user) -> None:
    if not (user.is_agency or user.is_scheduler):
        raise ServiceError("Only the agency and scheduling tools manage webhooks.", code="permission_denied")


def _clean_events(events: list[str]) -> list[str]:
    if not events:
        raise ServiceError('Name the events to send, or ["*"] for all.', field="events")
    if "*" in events:
        return ["*"]
    unknown = sorted(set(events) - set(EventType.values))
    if unknown:
        raise ServiceError(f"Unknown events: {', '.join(unknown)}.", code="unknown_event", field="events")
    return sorted(set(events))


def webhook_endpoint_create(
    *, url: str, events: list[str], description: str = "", user
) -> tuple[WebhookEndpoint, str]:
    """Returns the endpoint and its signing secret (``whsec_`` + base64), which is shown this once."""
    _require_manager(user)
    webhook_url_check(url=url)
    secret = webhook_secret_generate()
    endpoint = WebhookEndpoint.objects.create(
        url=url, events=_clean_events(events), description=description, secret=secret, owner=user
    )
    return endpoint, secret


def webhook_endpoint_rotate_secret(
    *, endpoint: WebhookEndpoint, user, overlap_hours: int = 24
) -> tuple[WebhookEndpoint, str]:
    """A new secret signs from now on; the old one signs too for ``overlap_hours``, while receivers switch."""
    _require_manager(user)
    if not 0 <= overlap_hours <= MAX_ROTATION_OVERLAP_HOURS:
        raise ServiceError(
            f"overlap_hours must be between 0 and {MAX_ROTATION_OVERLAP_HOURS}.", field="overlap_hours"
        )
    secret = webhook_secret_generate()
    with transaction.atomic():
        locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        locked.previous_secret = locked.secret if overlap_hours else ""
        locked.previous_secret_expires_at = (
            timezone.now() + timedelta(hours=overlap_hours) if overlap_hours else None
        )
        locked.secret = secret
        locked.save()
    return locked, secret


def webhook_endpoint_enable(*, endpoint: WebhookEndpoint, user) -> WebhookEndpoint:
    """Back on after a fix: deliveries parked while it was off become due at once."""
    _require_manager(user)
    webhook_url_check(url=endpoint.url)
    now = timezone.now()
    with transaction.atomic():
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
            is_active=True, disabled_at=None, disabled_reason="", updated_at=now
        )
        WebhookDelivery.objects.filter(
            endpoint=endpoint, status=DeliveryStatus.PENDING, next_attempt_at__isnull=True
        ).update(next_attempt_at=now)
    endpoint.refresh_from_db()
    return endpoint


def webhook_endpoint_test(*, endpoint: WebhookEndpoint, user) -> WebhookAttempt | None:
    """Send a ``webhook.test`` event to this endpoint now, in the request, and return the attempt."""
    _require_manager(user)
    if not endpoint.is_active:
        raise ServiceError("The endpoint is disabled; enable it first.", code="endpoint_disabled")
    with transaction.atomic():
        event = WebhookEvent.objects.create(
            event_type=EventType.WEBHOOK_TEST,
            data={"endpoint": str(endpoint.uuid), "message": "Test event from the studio."},
        )
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint, event=event, next_attempt_at=timezone.now()
        )
    return webhook_delivery_attempt(delivery_id=delivery.pk)
