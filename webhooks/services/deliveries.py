"""Delivering an event to one endpoint: claim, sign, POST with timeouts, log, then retry or give up.

At least once: a delivery is pending until a 2xx answer; a worker claims it by moving
``next_attempt_at`` past the attempt's longest duration, so a worker that dies mid-attempt leaves it
to the sweep, and two workers never send the same attempt.
"""

import logging
import random
import time
from datetime import timedelta

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from generation.queue import webhook_delivery_enqueue
from influencer_platform.accounts.models import Role, User
from influencer_platform.common.errors import ServiceError
from webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from webhooks.services.events import webhook_event_body
from webhooks.services.signing import webhook_signature
from webhooks.services.url_safety import WebhookUrlRefused, webhook_url_check

logger = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 5
RETRY_GROWTH = 4
MAX_RETRY_SECONDS = 12 * 3600
JITTER = 0.2
EXCERPT_BYTES = 500
USER_AGENT = "VirtualInfluencerStudio-Webhooks/1"


def retry_delay_seconds(*, failures: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with jitter: about 5 s, 20 s, 80 s, 5 min, 21 min, 1.4 h, 5.7 h, then 12 h."""
    base = min(FIRST_RETRY_SECONDS * RETRY_GROWTH ** (failures - 1), MAX_RETRY_SECONDS)
    return base * (1 + (rng or random).uniform(-JITTER, JITTER))


def _claim(delivery_id: int) -> WebhookDelivery | None:
    now = timezone.now()
    lease = timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 2 + 30)
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + lease, attempts=F("attempts") + 1, last_attempt_at=now, updated_at=now)
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_id)


def webhook_delivery_attempt(*, delivery_id: int) -> WebhookAttempt | None:
    """One attempt; None when another worker holds the delivery, it is not due, or it is finished."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        # Parked until the endpoint is enabled again (which makes it due at once).
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            next_attempt_at=None, attempts=F("attempts") - 1
        )
        return None
    status, error, excerpt, duration_ms = _post(endpoint=endpoint, delivery=delivery)
    attempt = WebhookAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        response_status=status,
        duration_ms=duration_ms,
        error=error[:300],
        response_excerpt=excerpt[:EXCERPT_BYTES],
    )
    now = timezone.now()
    if attempt.succeeded:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SUCCEEDED, next_attempt_at=None, delivered_at=now,
            last_response_status=status, updated_at=now,
        )  # fmt: skip
        return attempt
    delay = retry_delay_seconds(failures=delivery.attempts)
    window_end = delivery.created_at + timedelta(seconds=settings.WEBHOOK_RETRY_WINDOW_SECONDS)
    if now + timedelta(seconds=delay) > window_end:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, next_attempt_at=None, last_response_status=status, updated_at=now
        )
        webhook_endpoint_disable(
            endpoint=endpoint,
            reason=f"Gave up on {delivery.event.message_id} after {delivery.attempts} attempts "
            f"({error or f'HTTP {status}'}).",
        )
        return attempt
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=now + timedelta(seconds=delay), last_response_status=status, updated_at=now
    )
    if delay <= settings.WEBHOOK_SWEEP_SECONDS:
        webhook_delivery_enqueue(delivery_id=delivery.pk, countdown=delay)  # later ones: the sweep
    return attempt


def _post(*, endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> tuple[int | None, str, str, int]:
    body = webhook_event_body(event=delivery.event)
    now = timezone.now()
    secrets_in_use = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.previous_secret_expires_at
        and endpoint.previous_secret_expires_at > now
    ):
        secrets_in_use.append(endpoint.previous_secret)
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": delivery.event.message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": webhook_signature(
            secrets_in_use=secrets_in_use, message_id=delivery.event.message_id, timestamp=now, body=body
        ),
    }
    started = time.monotonic()
    try:
        webhook_url_check(url=endpoint.url)
        timeout = settings.WEBHOOK_TIMEOUT_SECONDS
        with requests.post(
            endpoint.url,
            data=body.encode(),
            headers=headers,
            timeout=(min(5, timeout), timeout),
            allow_redirects=False,  # a redirect could lead to an internal address
            stream=True,
        ) as response:
            excerpt = response.raw.read(EXCERPT_BYTES, decode_content=True).decode(errors="replace")
            return response.status_code, "", excerpt, _ms_since(started)
    except WebhookUrlRefused as exc:
        return None, exc.message, "", _ms_since(started)
    except requests.Timeout:
        return None, f"timed out after {settings.WEBHOOK_TIMEOUT_SECONDS} s", "", _ms_since(started)
    except requests.RequestException as exc:
        return None, f"{type(exc).__name__}: {exc}", "", _ms_since(started)


def _ms_since(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def webhook_deliveries_dispatch(*, limit: int = 500) -> int:
    """The sweep (beat): enqueue every pending delivery that is due, the outbox's safety net."""
    due = list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=timezone.now(), endpoint__is_active=True
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for delivery_id in due:
        webhook_delivery_enqueue(delivery_id=delivery_id)
    return len(due)


def webhook_delivery_redeliver(*, delivery: WebhookDelivery, user) -> WebhookDelivery:
    """Manual redelivery from the log: the same event (same webhook-id), due now."""
    if not delivery.endpoint.is_active:
        raise ServiceError("The endpoint is disabled; enable it first.", code="endpoint_disabled")
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), updated_at=timezone.now()
        )
        webhook_delivery_enqueue(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery


def webhook_endpoint_disable(*, endpoint: WebhookEndpoint, reason: str) -> None:
    """Stop sending to a receiver that has failed for the whole retry window, and tell the staff."""
    now = timezone.now()
    if not WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True).update(
        is_active=False, disabled_at=now, disabled_reason=reason[:300], updated_at=now
    ):
        return
    logger.error("webhook endpoint %s (%s) disabled: %s", endpoint.uuid, endpoint.url, reason)
    recipients = list(
        User.objects.filter(role=Role.AGENCY_ADMIN, is_active=True)
        .filter(~Q(email=""))
        .values_list("email", flat=True)
    )
    if recipients:
        send_mail(
            subject=f"Webhook endpoint disabled: {endpoint.url}",
            message=f"{reason}\n\nEnable it again from the admin or the API once the receiver is fixed.",
            from_email=None,
            recipient_list=recipients,
            fail_silently=True,
        )
