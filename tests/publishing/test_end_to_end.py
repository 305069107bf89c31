"""From approval to a published post with performance, through a real Celery worker and a real HTTP
receiver on the loopback address, as a scheduling tool would see it."""

import base64
import hashlib
import hmac
import json

import pytest
from rest_framework.test import APIClient

from campaigns.models import DeliverableStatus
from campaigns.services.deliverables import deliverable_approve
from influencer_platform.accounts.models import TokenScope
from tests.factories import ChannelFactory
from tests.publishing.conftest import ALL_SCOPES, approved_deliverable, read_stream, scheduler_client
from webhooks.models import WebhookDelivery


def verify_standard_webhook(*, secret: str, headers: dict, body: bytes) -> dict:
    """What a receiver does (the README's snippet): HMAC-SHA256 over id.timestamp.body with the
    base64-decoded secret; any of the space-separated v1 signatures may match."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    offered = [
        part.split(",", 1)[1] for part in headers["webhook-signature"].split() if part.startswith("v1,")
    ]
    if not any(hmac.compare_digest(expected, candidate) for candidate in offered):
        raise AssertionError("bad signature")
    return json.loads(body)


@pytest.fixture
def receiver():
    from tests.receiver import receiver_start

    receiver = receiver_start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def test_approved_content_flows_to_publication_and_back(
    worker,
    receiver,
    settings,
    client,
    agency_admin,
    agency_staff,
    client_a,
    brand_a,
):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOK_REQUIRE_HTTPS = False
    deliverable, job = approved_deliverable(brand=brand_a, status=DeliverableStatus.CLIENT_REVIEW)
    persona = deliverable.persona
    tiktok = ChannelFactory(persona=persona, platform="tiktok", handle="mira.tt")
    youtube = ChannelFactory(persona=persona, platform="youtube", handle="mira.yt")
    scheduler_api, _ = scheduler_client(
        admin=agency_admin, personas=[persona], scopes=[*ALL_SCOPES, TokenScope.WEBHOOKS_MANAGE]
    )
    endpoint = scheduler_api.post(
        "/api/webhook-endpoints/", {"url": receiver.url, "events": ["publication.ready"]}, format="json"
    ).json()
    secret = endpoint["secret"]

    deliverable_approve(deliverable=deliverable, user=client_a)
    staff_api = APIClient()
    staff_api.force_authenticate(agency_staff)
    planned = [
        staff_api.post(
            "/api/publications/",
            {"deliverable": str(deliverable.uuid), "channel": str(channel.uuid)},
            format="json",
        ).json()
        for channel in (tiktok, youtube)
    ]
    assert [body["state"] for body in planned] == ["preparing", "preparing"]

    # The worker builds the vertical rendition once, both posts become ready, both events arrive signed.
    hits = receiver.wait_for(2, timeout=120)
    events = [verify_standard_webhook(secret=secret, headers=hit.headers, body=hit.body) for hit in hits]
    assert sorted(event["data"]["publication"] for event in events) == sorted(body["id"] for body in planned)
    assert {event["type"] for event in events} == {"publication.ready"}

    # The scheduler fetches the media later, without a session, seeking with a range request.
    media_path = events[0]["data"]["media_url"].removeprefix(settings.PUBLIC_BASE_URL)
    whole = client.get(media_path)
    assert whole.status_code == 200
    data = read_stream(whole)
    assert data[4:8] == b"ftyp"
    part = client.get(media_path, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part.content == data[100:200]

    feed = scheduler_api.get("/api/publications/?state=ready").json()
    assert {row["id"] for row in feed["results"]} == {body["id"] for body in planned}
    first, second = planned
    assert scheduler_api.post(f"/api/publications/{first['id']}/claim/", format="json").status_code == 200
    assert scheduler_api.post(f"/api/publications/{second['id']}/claim/", format="json").status_code == 200
    scheduled = scheduler_api.post(
        f"/api/publications/{first['id']}/report/",
        {"state": "scheduled", "scheduled_for": "2099-01-01T10:00:00Z"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="sched-1",
    )
    assert scheduled.status_code == 400  # more than a year ahead: refused with a reason
    assert scheduled.json()["field"] == "scheduled_for"
    from datetime import timedelta

    from django.utils import timezone

    when = (timezone.now() + timedelta(hours=1)).isoformat()
    assert (
        scheduler_api.post(
            f"/api/publications/{first['id']}/report/",
            {"state": "scheduled", "scheduled_for": when},
            format="json",
            HTTP_IDEMPOTENCY_KEY="sched-2",
        ).json()["state"]
        == "scheduled"
    )
    permalink = "https://www.tiktok.com/@mira.tt/video/7301"
    for publication, link, key in (
        (first, permalink, "pub-1"),
        (second, "https://youtube.com/shorts/ab1", "pub-2"),
    ):
        report = scheduler_api.post(
            f"/api/publications/{publication['id']}/report/",
            {"state": "published", "permalink": link, "external_id": link.rsplit("/", 1)[1]},
            format="json",
            HTTP_IDEMPOTENCY_KEY=key,
        )
        assert report.json()["state"] == "published"
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.published_url) == ("published", permalink)

    metrics = scheduler_api.post(
        f"/api/publications/{first['id']}/metrics/",
        {"views": 48210, "likes": 3120, "comments": 140, "shares": 77},
        format="json",
        HTTP_IDEMPOTENCY_KEY="m-1",
    )
    assert metrics.status_code == 201
    client.force_login(agency_staff)
    page = client.get(f"/personas/{persona.uuid}/").content.decode()
    assert "48,210 views" in page

    # A manual redelivery of the first event is recognisably the same message.
    delivery = WebhookDelivery.objects.filter(event__data__publication=first["id"]).get()
    redeliver = scheduler_api.post(
        f"/api/webhook-endpoints/{endpoint['id']}/deliveries/{delivery.uuid}/redeliver/", format="json"
    )
    assert redeliver.status_code == 202
    again = receiver.wait_for(3, timeout=60)[2]
    assert again.headers["webhook-id"] == delivery.event.message_id
    assert json.loads(again.body) == json.loads(
        next(hit.body for hit in hits if hit.headers["webhook-id"] == again.headers["webhook-id"])
    )
