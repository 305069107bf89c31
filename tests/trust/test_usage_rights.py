"""Usage rights sold on the quote become dated rights; a sweep warns before and announces the end."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

from campaigns.models import DeliverableStatus as S
from campaigns.services.deliverables import deliverable_transition
from generation.queue import DEFAULT_QUEUE, USAGE_RIGHTS_SWEEP_TASK, route_task
from tests.campaigns.conftest import deliverable_in
from trust.models import DeliverableUsageRights, UsageRightsStart
from trust.selectors import deliverable_usage_rights_ends_at, deliverable_usage_rights_status
from trust.services.usage_rights import usage_rights_sweep
from webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

pytestmark = pytest.mark.django_db
LABELS = {"caption": "Summer #ad #AI"}


def _approve(deliverable, user):
    with mock.patch("influencer_platform.celery.app.send_task"):
        deliverable_transition(deliverable=deliverable, to_status=S.APPROVED, user=user)


def _publish(deliverable, user):
    if deliverable.status == S.APPROVED:
        deliverable_transition(deliverable=deliverable, to_status=S.SCHEDULED, user=user,
                               scheduled_for=timezone.now() + timedelta(hours=1))  # fmt: skip
    deliverable_transition(deliverable=deliverable, to_status=S.PUBLISHED, user=user,
                           published_url="https://instagram.com/p/abc")  # fmt: skip


def test_a_paid_ads_term_starts_at_approval_and_ends_after_its_days(agency_staff):
    deliverable = deliverable_in(S.CLIENT_REVIEW, usage_term="paid_ads_30d", **LABELS)
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        _approve(deliverable, agency_staff)
    rights = DeliverableUsageRights.objects.get(deliverable=deliverable)
    assert (rights.usage_term, rights.started_on, rights.starts_at, rights.ends_at) == (
        "paid_ads_30d",
        UsageRightsStart.APPROVAL,
        start,
        start + timedelta(days=30),
    )
    assert deliverable_usage_rights_ends_at(deliverable=deliverable) == start + timedelta(days=30)
    # Publishing later does not move a term that has started.
    deliverable.refresh_from_db()
    with time_machine.travel(start + timedelta(days=3), tick=False):
        _publish(deliverable, agency_staff)
    rights.refresh_from_db()
    assert rights.starts_at == start


def test_an_organic_term_starts_at_first_publication(agency_staff):
    deliverable = deliverable_in(S.CLIENT_REVIEW, usage_term="organic_90d", **LABELS)
    _approve(deliverable, agency_staff)
    assert DeliverableUsageRights.objects.count() == 0
    assert deliverable_usage_rights_ends_at(deliverable=deliverable) is None
    assert deliverable_usage_rights_status(deliverable=deliverable)["note"] == "Starts at first publication."
    published_at = timezone.now().replace(microsecond=0)
    deliverable.refresh_from_db()
    with time_machine.travel(published_at, tick=False):
        _publish(deliverable, agency_staff)
    rights = DeliverableUsageRights.objects.get(deliverable=deliverable)
    assert (rights.started_on, rights.starts_at, rights.ends_at) == (
        UsageRightsStart.PUBLICATION,
        published_at,
        published_at + timedelta(days=90),
    )


def test_a_perpetual_term_has_no_end_and_never_notifies(agency_staff):
    deliverable = deliverable_in(S.SCHEDULED, usage_term="perpetual", **LABELS)
    _publish(deliverable, agency_staff)
    assert deliverable_usage_rights_ends_at(deliverable=deliverable) is None
    assert deliverable_usage_rights_status(deliverable=deliverable)["state"] == "perpetual"
    with time_machine.travel(timezone.now() + timedelta(days=5000), tick=False):
        assert usage_rights_sweep() == {"expiring": 0, "expired": 0}


def test_the_sweep_emits_expiring_once_then_expired_once_through_the_outbox(agency_staff, settings):
    settings.USAGE_RIGHTS_WARNING_DAYS = 7
    endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.com/in", secret="whsec_x",
                                              events=["usage_rights.expiring", "usage_rights.expired"],
                                              owner=agency_staff)  # fmt: skip
    deliverable = deliverable_in(S.CLIENT_REVIEW, usage_term="paid_ads_30d", **LABELS)
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        _approve(deliverable, agency_staff)
    ends = start + timedelta(days=30)
    with mock.patch("influencer_platform.celery.app.send_task") as send:
        assert usage_rights_sweep(now=ends - timedelta(days=8)) == {"expiring": 0, "expired": 0}
        assert usage_rights_sweep(now=ends - timedelta(days=6)) == {"expiring": 1, "expired": 0}
        assert usage_rights_sweep(now=ends - timedelta(days=5)) == {"expiring": 0, "expired": 0}
        assert usage_rights_sweep(now=ends) == {"expiring": 0, "expired": 1}
        assert usage_rights_sweep(now=ends + timedelta(days=1)) == {"expiring": 0, "expired": 0}
    events = list(WebhookEvent.objects.order_by("id").values_list("event_type", flat=True))
    assert events == ["deliverable.approved", "usage_rights.expiring", "usage_rights.expired"]
    expired = WebhookEvent.objects.get(event_type="usage_rights.expired")
    assert expired.persona == deliverable.persona
    assert expired.data == {
        "deliverable": str(deliverable.uuid),
        "campaign": str(deliverable.campaign.uuid),
        "brand": str(deliverable.campaign.brand.uuid),
        "persona": str(deliverable.persona.uuid),
        "usage_term": "paid_ads_30d",
        "starts_at": start.isoformat().replace("+00:00", "Z"),
        "ends_at": ends.isoformat().replace("+00:00", "Z"),
        "published_url": "",
    }
    assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 2  # the two rights events
    assert send.call_count == 0  # deliveries are sent after commit; the test transaction never commits


def test_an_unwarned_term_that_already_ended_gets_only_expired(agency_staff):
    deliverable = deliverable_in(S.CLIENT_REVIEW, usage_term="paid_ads_30d", **LABELS)
    _approve(deliverable, agency_staff)
    later = timezone.now() + timedelta(days=40)
    assert usage_rights_sweep(now=later) == {"expiring": 0, "expired": 1}
    assert usage_rights_sweep(now=later) == {"expiring": 0, "expired": 0}
    assert not WebhookEvent.objects.filter(event_type="usage_rights.expiring").exists()


def test_the_deliverable_page_and_api_show_the_dates_and_the_warning(
    client, agency_staff, admin_api, settings
):
    settings.USAGE_RIGHTS_WARNING_DAYS = 7
    deliverable = deliverable_in(S.CLIENT_REVIEW, usage_term="paid_ads_30d", **LABELS)
    start = timezone.now().replace(microsecond=0) - timedelta(days=27)
    with time_machine.travel(start, tick=False):
        _approve(deliverable, agency_staff)
    ends = start + timedelta(days=30)
    client.force_login(agency_staff)
    page = client.get(f"/deliverables/{deliverable.uuid}/").content.decode()
    assert f"The brand&#x27;s usage rights end on {ends:%Y-%m-%d} (in 3 days)" in page
    body = admin_api.get(f"/api/deliverables/{deliverable.uuid}/").json()
    assert body["usage_rights_ends_at"] == ends.isoformat().replace("+00:00", "Z")
    assert body["usage_rights_starts_at"] == start.isoformat().replace("+00:00", "Z")
    with time_machine.travel(ends + timedelta(hours=1), tick=False):
        page = client.get(f"/deliverables/{deliverable.uuid}/").content.decode()
    assert f"The brand&#x27;s usage rights ended on {ends:%Y-%m-%d}" in page


def test_the_sweep_runs_on_beat_on_the_default_queue(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["trust-usage-rights-sweep"]
    assert entry["task"] == USAGE_RIGHTS_SWEEP_TASK == "trust.tasks.usage_rights_sweep"
    assert route_task(USAGE_RIGHTS_SWEEP_TASK, [], {}, {}) == {"queue": DEFAULT_QUEUE}
    from trust.tasks import usage_rights_sweep as task

    assert task.name == USAGE_RIGHTS_SWEEP_TASK
