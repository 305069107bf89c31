"""Delivery: the outbox commits with the change, retries back off with jitter, duplicates share an id,
and a receiver that fails for three days is disabled with the staff told. Time is travelled, not slept."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from influencer_platform.accounts.services import scheduler_create
from tests.factories import ChannelFactory, PersonaFactory
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from webhooks.services.deliveries import (
    retry_delay_seconds,
    webhook_deliveries_dispatch,
    webhook_delivery_attempt,
)
from webhooks.services.endpoints import webhook_endpoint_create, webhook_endpoint_enable
from webhooks.services.events import webhook_event_record


@pytest.fixture
def endpoint(agency_staff, allow_loopback, receiver):
    endpoint, _ = webhook_endpoint_create(url=receiver.url, events=["*"], user=agency_staff)
    return endpoint


def test_an_event_of_a_rolled_back_change_does_not_exist(endpoint):
    with pytest.raises(RuntimeError), transaction.atomic():
        webhook_event_record(event_type="invoice.issued", data={"invoice": "x"})
        raise RuntimeError("the change failed")
    assert WebhookEvent.objects.count() == 0
    assert WebhookDelivery.objects.count() == 0


def test_deliveries_are_enqueued_only_after_commit(endpoint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        webhook_event_record(event_type="invoice.paid", data={"invoice": "x"})
    assert len(callbacks) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint_id, delivery.status, delivery.attempts) == (endpoint.id, "pending", 0)


def test_five_failures_retry_with_growing_delays_then_succeed(endpoint, receiver):
    receiver.fail_next = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        webhook_event_record(event_type="render.succeeded", data={"job": "j1"})
        delivery = WebhookDelivery.objects.get()
        delays = []
        for _ in range(5):
            attempt = webhook_delivery_attempt(delivery_id=delivery.id)
            assert attempt.response_status == 500
            delivery.refresh_from_db()
            delays.append((delivery.next_attempt_at - timezone.now()).total_seconds())
            # Not yet due: a second worker (or the sweep) gets nothing.
            assert webhook_delivery_attempt(delivery_id=delivery.id) is None
            clock.move_to(delivery.next_attempt_at)
        final = webhook_delivery_attempt(delivery_id=delivery.id)
    assert final.response_status == 204
    assert all(later > earlier * 2 for earlier, later in zip(delays, delays[1:], strict=False)), delays
    assert 4 <= delays[0] <= 6 and 960 <= delays[4] <= 1540, delays
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_response_status) == ("succeeded", 6, 204)
    assert [a.response_status for a in delivery.attempt_log.all()] == [500] * 5 + [204]
    ids = {hit.headers["webhook-id"] for hit in receiver.received}
    assert ids == {delivery.event.message_id}  # every retry is recognisable as the same message
    assert len(receiver.received) == 6


def test_the_sweep_enqueues_only_due_deliveries(endpoint, receiver, django_capture_on_commit_callbacks):
    receiver.fail_next = 1
    webhook_event_record(event_type="invoice.issued", data={})
    delivery = WebhookDelivery.objects.get()
    webhook_delivery_attempt(delivery_id=delivery.id)
    with django_capture_on_commit_callbacks() as callbacks:
        assert webhook_deliveries_dispatch() == 0
    assert callbacks == []
    delivery.refresh_from_db()
    with time_machine.travel(delivery.next_attempt_at + timedelta(seconds=1), tick=False):
        with django_capture_on_commit_callbacks() as callbacks:
            assert webhook_deliveries_dispatch() == 1
        assert len(callbacks) == 1


def test_giving_up_after_three_days_disables_the_endpoint_and_tells_staff(
    endpoint, receiver, agency_admin, monkeypatch
):
    # Without jitter the schedule is exact (jitter's bounds have their own test below).
    monkeypatch.setattr("webhooks.services.deliveries.JITTER", 0)
    receiver.fail_next = 1000
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        webhook_event_record(event_type="invoice.issued", data={})
        delivery = WebhookDelivery.objects.get()
        while True:
            webhook_delivery_attempt(delivery_id=delivery.id)
            delivery.refresh_from_db()
            if delivery.status != DeliveryStatus.PENDING:
                break
            clock.move_to(delivery.next_attempt_at)
        assert timezone.now() - start < timedelta(days=3)
    assert delivery.status == DeliveryStatus.FAILED
    # 5 s, 20 s, 80 s, 320 s, 1280 s, 5120 s, 20480 s, then every 12 h until three days have passed.
    assert delivery.attempts == 13
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert endpoint.disabled_reason.startswith(f"Gave up on {delivery.event.message_id}")
    assert [m.to for m in mail.outbox] == [[agency_admin.email]]
    assert endpoint.url in mail.outbox[0].subject

    # While disabled, new events are not fanned out to it; enabling resumes parked ones.
    webhook_event_record(event_type="invoice.paid", data={})
    assert WebhookDelivery.objects.count() == 1
    webhook_endpoint_enable(endpoint=endpoint, user=agency_admin)
    assert WebhookEndpoint.objects.get().is_active


def test_retry_delays_are_jittered_but_bounded():
    import random

    rng = random.Random(3)
    for failures, base in [(1, 5), (2, 20), (3, 80), (9, 12 * 3600), (20, 12 * 3600)]:
        values = {round(retry_delay_seconds(failures=failures, rng=rng), 3) for _ in range(20)}
        assert len(values) > 1
        assert all(base * 0.8 <= value <= base * 1.2 for value in values)


def test_scheduler_endpoints_get_only_their_personas_events(agency_admin, allow_loopback, receiver):
    served, other = PersonaFactory(), PersonaFactory()
    wanted_channel, unwanted_channel = ChannelFactory(persona=served), ChannelFactory(persona=served)
    scheduler = scheduler_create(
        name="postiz", personas=[served], channels=[wanted_channel], created_by=agency_admin
    )
    endpoint, _ = webhook_endpoint_create(url=receiver.url, events=["*"], user=scheduler)
    webhook_event_record(event_type="publication.ready", data={}, persona=served, channel=wanted_channel)
    webhook_event_record(event_type="publication.ready", data={}, persona=served, channel=unwanted_channel)
    webhook_event_record(event_type="publication.ready", data={}, persona=other)
    webhook_event_record(event_type="invoice.issued", data={}, persona=served)
    webhook_event_record(event_type="deliverable.approved", data={}, persona=served)
    sent = WebhookDelivery.objects.filter(endpoint=endpoint).select_related("event").order_by("id")
    assert [d.event.event_type for d in sent] == ["publication.ready", "deliverable.approved"]
