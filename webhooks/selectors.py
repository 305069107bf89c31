"""Reads for webhooks: the agency sees every endpoint, a scheduler only its own, brand clients none."""

from django.db.models import QuerySet

from webhooks.models import WebhookAttempt, WebhookEndpoint


def webhook_endpoints_for_user(*, user) -> QuerySet[WebhookEndpoint]:
    if not user.is_authenticated:
        return WebhookEndpoint.objects.none()
    if user.is_agency:
        return WebhookEndpoint.objects.select_related("owner")
    if user.is_scheduler:
        return WebhookEndpoint.objects.filter(owner=user).select_related("owner")
    return WebhookEndpoint.objects.none()


def webhook_attempts_for_endpoint(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookAttempt]:
    """The delivery log, newest first; the caller reached ``endpoint`` through the selector above."""
    return (
        WebhookAttempt.objects.filter(delivery__endpoint=endpoint)
        .select_related("delivery__event")
        .order_by("-created_at", "-id")
    )
