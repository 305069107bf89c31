"""The scheduler API: planning posts, the feed and its cursor, claims with leases, idempotent
reports, scoping, and the delivery URL."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from campaigns.models import DeliverableStatus
from publishing.models import IdempotencyRecord, Publication, PublicationStateChange, Rendition
from publishing.services.renditions import rendition_build
from tests.factories import ChannelFactory
from tests.publishing.conftest import approved_deliverable, read_stream, scheduler_client
from trust.models import DeliverableUsageRights
from trust.services.usage_rights import usage_rights_start
from webhooks.models import WebhookEvent

pytestmark = pytest.mark.django_db


def _plan(staff_api, approved, channel="tiktok", **extra):
    response = staff_api.post(
        "/api/publications/",
        {"deliverable": str(approved["deliverable"].uuid), "channel": str(approved[channel].uuid), **extra},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def _ready(staff_api, approved, channel="tiktok", **extra):
    body = _plan(staff_api, approved, channel, **extra)
    publication = Publication.objects.get(uuid=body["id"])
    rendition_build(rendition_id=publication.rendition_id)
    # In a transactional test a running worker may have taken the build first: wait for it.
    deadline = time.monotonic() + 60
    publication.refresh_from_db()
    while publication.state == "preparing" and time.monotonic() < deadline:
        time.sleep(0.2)
        publication.refresh_from_db()
    assert publication.state == "ready"
    return publication


def test_planning_builds_a_platform_rendition_then_the_post_is_ready(staff_api, approved):
    body = _plan(staff_api, approved)
    assert body["state"] == "preparing"
    assert body["platform"] == "tiktok"
    assert body["disclosure_flags"] == {
        "is_aigc": True,
        "brand_content_toggle": True,
        "sponsor_name": "Brand A",
    }
    assert body["post_text"] == "Summer drop with the brand\n\n#summer #ad #aigenerated"
    assert body["media"]["profile"] == "vertical-720x1280"
    assert WebhookEvent.objects.count() == 0  # not ready yet

    publication = Publication.objects.get(uuid=body["id"])
    rendition = rendition_build(rendition_id=publication.rendition_id)
    assert (rendition.status, rendition.width, rendition.height) == ("ready", 720, 1280)
    publication.refresh_from_db()
    assert publication.state == "ready"
    event = WebhookEvent.objects.get()
    assert event.event_type == "publication.ready"
    assert event.data["publication"] == body["id"]
    assert event.data["media_url"].startswith("http://localhost:8000/deliver/")
    history = list(
        PublicationStateChange.objects.filter(publication=publication).values_list("from_state", "to_state")
    )
    assert history == [("", "preparing"), ("preparing", "ready")]


def test_a_second_channel_reuses_the_rendition_and_is_ready_at_once(staff_api, approved):
    _ready(staff_api, approved, "tiktok")
    second = _plan(staff_api, approved, "youtube")
    assert second["state"] == "ready"
    assert Rendition.objects.count() == 1


def test_only_approved_deliverables_with_disclosures_can_be_planned(staff_api, approved):
    deliverable = approved["deliverable"]
    deliverable.status = DeliverableStatus.CLIENT_REVIEW
    deliverable.save()
    response = staff_api.post(
        "/api/publications/",
        {"deliverable": str(deliverable.uuid), "channel": str(approved["tiktok"].uuid)},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "deliverable_not_approved"

    deliverable.status = DeliverableStatus.APPROVED
    deliverable.save()
    response = staff_api.post(
        "/api/publications/",
        {
            "deliverable": str(deliverable.uuid),
            "channel": str(approved["tiktok"].uuid),
            "caption": "Look at this",
            "hashtags": ["summer"],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "disclosure_missing"
    assert "AI generation is not disclosed" in response.json()["detail"]
    assert Publication.objects.count() == 0


def test_platform_caption_limits_are_checked(staff_api, approved):
    approved["x"] = ChannelFactory(persona=approved["deliverable"].persona, platform="x", handle="mira.x")
    response = staff_api.post(
        "/api/publications/",
        {
            "deliverable": str(approved["deliverable"].uuid),
            "channel": str(approved["x"].uuid),
            "caption": "#ad #aigenerated " + "a" * 300,
            "hashtags": [],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "caption_too_long"
    assert "X captions hold at most 280 characters" in response.json()["detail"]


def test_another_personas_channel_is_refused(staff_api, approved):
    other = ChannelFactory(platform="tiktok", handle="someone.else")
    response = staff_api.post(
        "/api/publications/",
        {"deliverable": str(approved["deliverable"].uuid), "channel": str(other.uuid)},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "channel_mismatch"


def test_the_feed_pages_by_cursor_and_returns_only_changes(staff_api, approved, scheduler_api):
    first = _ready(staff_api, approved, "tiktok")
    second = _ready(staff_api, approved, "youtube")
    page = scheduler_api.get("/api/publications/", {"page_size": 1}).json()
    assert [row["id"] for row in page["results"]] == [str(first.uuid)]
    assert page["has_more"] is True
    page = scheduler_api.get("/api/publications/", {"cursor": page["next_cursor"], "page_size": 1}).json()
    assert [row["id"] for row in page["results"]] == [str(second.uuid)]
    assert page["has_more"] is False

    # Everything settled: polling from the last cursor gives nothing until something changes.
    Publication.objects.update(updated_at=timezone.now() - timedelta(minutes=1))
    settled = scheduler_api.get("/api/publications/").json()
    assert len(settled["results"]) == 2
    empty = scheduler_api.get("/api/publications/", {"cursor": settled["next_cursor"]}).json()
    assert empty["results"] == []
    scheduler_api.post(f"/api/publications/{second.uuid}/claim/", format="json")
    changed = scheduler_api.get("/api/publications/", {"cursor": settled["next_cursor"]}).json()
    assert [(row["id"], row["state"]) for row in changed["results"]] == [(str(second.uuid), "claimed")]


def test_feed_filters_and_bad_parameters(staff_api, approved, scheduler_api):
    _ready(staff_api, approved, "tiktok")
    _ready(staff_api, approved, "youtube")
    assert {
        row["platform"] for row in scheduler_api.get("/api/publications/?platform=youtube").json()["results"]
    } == {"youtube"}
    by_channel = scheduler_api.get(f"/api/publications/?channel={approved['tiktok'].uuid}").json()["results"]
    assert [row["channel"]["handle"] for row in by_channel] == ["mira.tt"]
    assert scheduler_api.get("/api/publications/?state=claimed").json()["results"] == []
    for query, field in (
        ("cursor=bm9wZQ", "cursor"),
        ("state=lost", "state"),
        ("page_size=1000", "page_size"),
        ("updated_since=yesterday", "updated_since"),
        ("channel=12", "channel"),
    ):
        response = scheduler_api.get(f"/api/publications/?{query}")
        assert response.status_code == 400, query
        assert response.json()["field"] == field
    assert scheduler_api.get("/api/publications/?colour=red").json()["code"] == "unknown_parameter"


def test_feed_query_count_does_not_grow_with_rows(
    staff_api, approved, scheduler_api, django_assert_max_num_queries
):
    _ready(staff_api, approved, "tiktok")
    _ready(staff_api, approved, "youtube")
    for index in range(3):
        channel = ChannelFactory(
            persona=approved["deliverable"].persona, platform="instagram", handle=f"ig{index}"
        )
        approved[f"ig{index}"] = channel
        _plan(staff_api, approved, f"ig{index}", caption="#ad #aigenerated", hashtags=[])
    with django_assert_max_num_queries(8):
        response = scheduler_api.get("/api/publications/")
    assert len(response.json()["results"]) == 5


def test_a_scheduler_sees_only_its_personas_and_channels(agency_admin, staff_api, approved, brand_a):
    mine = _ready(staff_api, approved, "tiktok")
    other_deliverable, _ = approved_deliverable(brand=brand_a)
    other_channel = ChannelFactory(persona=other_deliverable.persona, platform="tiktok", handle="other.tt")
    other = staff_api.post(
        "/api/publications/",
        {"deliverable": str(other_deliverable.uuid), "channel": str(other_channel.uuid)},
        format="json",
    ).json()
    client, _ = scheduler_client(
        admin=agency_admin, personas=[approved["deliverable"].persona], name="postiz"
    )
    assert [row["id"] for row in client.get("/api/publications/").json()["results"]] == [str(mine.uuid)]
    assert client.get(f"/api/publications/{other['id']}/").status_code == 404
    assert client.post(f"/api/publications/{other['id']}/claim/", format="json").status_code == 404
    assert Publication.objects.get(uuid=other["id"]).state == "preparing"

    narrowed, _ = scheduler_client(
        admin=agency_admin,
        personas=[approved["deliverable"].persona],
        channels=[approved["youtube"]],
        name="narrow",
    )
    assert narrowed.get("/api/publications/").json()["results"] == []
    assert narrowed.get(f"/api/publications/{mine.uuid}/").status_code == 404


def test_scopes_are_enforced_and_schedulers_never_plan(agency_admin, approved, staff_api):
    publication = _ready(staff_api, approved)
    feed_only, _ = scheduler_client(
        admin=agency_admin, personas=[approved["deliverable"].persona], scopes=["feed:read"], name="ro"
    )
    assert feed_only.get("/api/publications/").status_code == 200
    response = feed_only.post(f"/api/publications/{publication.uuid}/claim/", format="json")
    assert response.status_code == 403
    assert "publications:report" in response.json()["detail"]
    assert feed_only.get(f"/api/publications/{publication.uuid}/metrics/").status_code == 403
    response = feed_only.post(
        "/api/publications/",
        {"deliverable": str(approved["deliverable"].uuid), "channel": str(approved["youtube"].uuid)},
        format="json",
    )
    assert response.status_code == 403


def test_brand_clients_read_their_own_posts_without_media_urls(
    staff_api, approved, client_a_api, client_b_api
):
    publication = _ready(staff_api, approved)
    own = client_a_api.get(f"/api/publications/{publication.uuid}/")
    assert own.status_code == 200
    assert own.json()["media"]["url"] is None
    assert client_b_api.get(f"/api/publications/{publication.uuid}/").status_code == 404
    assert client_b_api.get("/api/publications/").json()["results"] == []
    assert client_a_api.post(f"/api/publications/{publication.uuid}/claim/", format="json").status_code == 403


def test_claim_lease_one_winner_renewal_and_takeover(agency_admin, staff_api, approved):
    publication = _ready(staff_api, approved)
    persona = approved["deliverable"].persona
    first, _ = scheduler_client(admin=agency_admin, personas=[persona], name="one")
    second, _ = scheduler_client(admin=agency_admin, personas=[persona], name="two")
    url = f"/api/publications/{publication.uuid}/claim/"
    won = first.post(url, {"lease_seconds": 60}, format="json")
    assert won.status_code == 200
    assert won.json()["claimed_by_you"] is True
    lost = second.post(url, format="json")
    assert lost.status_code == 409
    assert lost.json()["code"] == "already_claimed"
    assert first.post(url, {"lease_seconds": 120}, format="json").status_code == 200  # renewal
    assert first.post(url, {"lease_seconds": 5}, format="json").status_code == 400

    Publication.objects.filter(pk=publication.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    taken = second.post(url, format="json")
    assert taken.status_code == 200
    assert (
        first.post(
            f"/api/publications/{publication.uuid}/report/", {"state": "scheduled"}, format="json"
        ).json()["code"]
        == "not_claimed"
    )
    notes = list(
        PublicationStateChange.objects.filter(publication=publication).values_list("to_state", "note")
    )
    assert notes[-2:] == [("claimed", ""), ("claimed", "Lease taken over after it expired.")]


@pytest.mark.skipif(connection.vendor == "sqlite", reason="racing transactions need a server database")
def test_two_schedulers_racing_for_one_post_get_one_claim(worker, agency_admin, staff_api, approved):
    # The session's worker consumes the broker the build is sent to: share its media folder.
    publication = _ready(staff_api, approved)
    persona = approved["deliverable"].persona
    clients = [scheduler_client(admin=agency_admin, personas=[persona], name=f"s{i}")[0] for i in range(6)]
    barrier = threading.Barrier(len(clients))
    codes = []

    def race(client):
        barrier.wait()
        codes.append(client.post(f"/api/publications/{publication.uuid}/claim/", format="json").status_code)
        connection.close()

    threads = [threading.Thread(target=race, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200] + [409] * 5


def test_sequential_racers_on_any_database_get_one_claim(agency_admin, staff_api, approved):
    from publishing.services.publications import publication_claim

    publication = _ready(staff_api, approved)
    persona = approved["deliverable"].persona
    _, one = scheduler_client(admin=agency_admin, personas=[persona], name="a")
    _, two = scheduler_client(admin=agency_admin, personas=[persona], name="b")
    stale_copy = Publication.objects.get(pk=publication.pk)  # both read "ready"
    publication_claim(publication=publication, user=one)
    with pytest.raises(Exception, match="Another scheduler holds this publication"):
        publication_claim(publication=stale_copy, user=two)
    assert Publication.objects.get(pk=publication.pk).claimed_by_id == one.pk


def test_reports_are_idempotent_and_move_the_deliverable(staff_api, approved, scheduler_api):
    publication = _ready(staff_api, approved)
    scheduler_api.post(f"/api/publications/{publication.uuid}/claim/", format="json")
    when = (timezone.now() + timedelta(hours=2)).isoformat()
    url = f"/api/publications/{publication.uuid}/report/"
    scheduled = scheduler_api.post(
        url, {"state": "scheduled", "scheduled_for": when}, format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert scheduled.status_code == 200
    assert scheduled.json()["state"] == "scheduled"
    approved["deliverable"].refresh_from_db()
    assert approved["deliverable"].status == "scheduled"

    body = {
        "state": "published",
        "permalink": "https://www.tiktok.com/@mira.tt/video/1",
        "external_id": "1",
    }
    first = scheduler_api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k2")
    changes = PublicationStateChange.objects.count()
    again = scheduler_api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="k2")
    assert again.status_code == first.status_code == 200
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert PublicationStateChange.objects.count() == changes
    reused = scheduler_api.post(url, {**body, "external_id": "2"}, format="json", HTTP_IDEMPOTENCY_KEY="k2")
    assert reused.status_code == 400
    assert reused.json()["code"] == "idempotency_key_reused"

    deliverable = approved["deliverable"]
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.published_url) == (
        "published",
        "https://www.tiktok.com/@mira.tt/video/1",
    )
    assert IdempotencyRecord.objects.count() == 2


def test_a_refused_request_is_replayed_as_refused(staff_api, approved, scheduler_api):
    publication = _ready(staff_api, approved)
    scheduler_api.post(f"/api/publications/{publication.uuid}/claim/", format="json")
    url = f"/api/publications/{publication.uuid}/report/"
    first = scheduler_api.post(url, {"state": "published"}, format="json", HTTP_IDEMPOTENCY_KEY="x")
    assert first.status_code == 400
    assert first.json()["field"] == "permalink"
    assert (
        scheduler_api.post(url, {"state": "published"}, format="json", HTTP_IDEMPOTENCY_KEY="x").json()
        == first.json()
    )


def test_report_bad_input(staff_api, approved, scheduler_api):
    publication = _ready(staff_api, approved)
    url = f"/api/publications/{publication.uuid}/report/"
    assert scheduler_api.post(url, {"state": "scheduled"}, format="json").json()["code"] == "not_claimed"
    scheduler_api.post(f"/api/publications/{publication.uuid}/claim/", format="json")
    assert scheduler_api.post(url, {"state": "ready"}, format="json").status_code == 400
    assert scheduler_api.post(url, {"state": "failed"}, format="json").json()["field"] == "reason"
    future = (timezone.now() + timedelta(days=2)).isoformat()
    response = scheduler_api.post(
        url, {"state": "published", "permalink": "https://x.example/p", "published_at": future}, format="json"
    )
    assert response.json()["field"] == "published_at"
    assert scheduler_api.post(url, {"state": "scheduled"}, format="json").json()["field"] == "scheduled_for"
    assert (
        scheduler_api.post(url, {"state": "failed", "reason": "token expired"}, format="json").json()["state"]
        == "failed"
    )
    assert Publication.objects.get(pk=publication.pk).failure_reason == "token expired"


def test_delivery_url_streams_with_ranges_without_a_session(client, staff_api, approved, scheduler_api):
    publication = _ready(staff_api, approved)
    url = scheduler_api.get(f"/api/publications/{publication.uuid}/").json()["media"]["url"]
    path = url.removeprefix("http://localhost:8000")
    whole = client.get(path)
    assert whole.status_code == 200
    assert whole["Content-Type"] == "video/mp4"
    data = read_stream(whole)
    assert data[4:8] == b"ftyp" and b"moov" in data[:200]  # faststart: the index comes first
    ranged = client.get(path, HTTP_RANGE="bytes=0-99")
    assert ranged.status_code == 206
    assert ranged["Content-Range"] == f"bytes 0-99/{len(data)}"
    assert ranged.content == data[:100]
    assert client.get(path.replace(path.rsplit("/", 1)[1], "0" * 48 + ".mp4")).status_code == 404


def test_revoked_withdrawn_and_expired_delivery_urls_are_gone(client, staff_api, approved, scheduler_api):
    publication = _ready(staff_api, approved)
    old = scheduler_api.get(f"/api/publications/{publication.uuid}/").json()["media"]["url"]
    revoked = staff_api.post(f"/api/publications/{publication.uuid}/revoke-delivery/").json()
    assert revoked["media"]["url"] is None
    assert client.get(old.removeprefix("http://localhost:8000")).status_code == 410
    reissued = staff_api.post(f"/api/publications/{publication.uuid}/reissue-delivery/").json()["media"][
        "url"
    ]
    assert reissued != old
    assert client.get(old.removeprefix("http://localhost:8000")).status_code == 410
    fresh = reissued.removeprefix("http://localhost:8000")
    assert client.get(fresh).status_code == 200

    # The term sold on the quote (organic, 30 days) started at a first publication 31 days ago.
    rights = usage_rights_start(
        deliverable=approved["deliverable"],
        to_status=DeliverableStatus.PUBLISHED,
        at=timezone.now() - timedelta(days=31),
    )
    expired = client.get(fresh)
    assert expired.status_code == 410
    assert f"usage rights for this content ended on {rights.ends_at:%Y-%m-%d}" in expired.content.decode()
    assert scheduler_api.get(f"/api/publications/{publication.uuid}/").json()["usage_rights_ends_at"] == (
        rights.ends_at.isoformat().replace("+00:00", "Z")
    )
    DeliverableUsageRights.objects.filter(pk=rights.pk).update(ends_at=timezone.now() + timedelta(days=30))
    assert client.get(fresh).status_code == 200

    withdrawn = staff_api.post(
        f"/api/publications/{publication.uuid}/withdraw/", {"reason": "Brand asked"}, format="json"
    )
    assert withdrawn.json()["state"] == "withdrawn"
    assert client.get(fresh).status_code == 410
    assert (
        WebhookEvent.objects.filter(event_type="publication.withdrawn").get().data["reason"] == "Brand asked"
    )


def test_reschedule_only_before_a_claim(staff_api, approved, scheduler_api):
    publication = _ready(staff_api, approved)
    later = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    moved = staff_api.post(
        f"/api/publications/{publication.uuid}/reschedule/",
        {"scheduled_for": later.isoformat()},
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["scheduled_for"].startswith(later.strftime("%Y-%m-%dT%H:%M"))
    past = staff_api.post(
        f"/api/publications/{publication.uuid}/reschedule/",
        {"scheduled_for": (timezone.now() - timedelta(days=1)).isoformat()},
        format="json",
    )
    assert past.status_code == 400
    scheduler_api.post(f"/api/publications/{publication.uuid}/claim/", format="json")
    late = staff_api.post(
        f"/api/publications/{publication.uuid}/reschedule/",
        {"scheduled_for": later.isoformat()},
        format="json",
    )
    assert late.status_code == 409
    assert late.json()["code"] == "not_reschedulable"


def test_expired_leases_go_back_to_ready(staff_api, approved, scheduler_api):
    from publishing.services.publications import publications_leases_expire

    publication = _ready(staff_api, approved)
    scheduler_api.post(f"/api/publications/{publication.uuid}/claim/", format="json")
    assert publications_leases_expire() == 0
    assert publications_leases_expire(now=timezone.now() + timedelta(hours=1)) == 1
    publication.refresh_from_db()
    assert (publication.state, publication.claimed_by_id) == ("ready", None)


def test_bad_media_fails_the_rendition_and_its_posts(staff_api, approved):
    from django.core.files.base import ContentFile

    job = approved["job"]
    job.video.save("broken.mp4", ContentFile(b"not a video"), save=True)
    body = _plan(staff_api, approved)
    publication = Publication.objects.get(uuid=body["id"])
    rendition = rendition_build(rendition_id=publication.rendition_id)
    assert rendition.status == "failed"
    publication.refresh_from_db()
    assert publication.state == "failed"
    assert publication.failure_reason.startswith("The media could not be prepared")
    assert WebhookEvent.objects.count() == 0


def test_the_sweep_releases_posts_left_preparing_on_finished_media(staff_api, approved):
    from publishing.services.renditions import publications_waiting_on_ready_renditions

    body = _plan(staff_api, approved)
    publication = Publication.objects.get(uuid=body["id"])
    Rendition.objects.filter(pk=publication.rendition_id).update(status="ready")  # finished elsewhere
    assert publications_waiting_on_ready_renditions() == 1
    publication.refresh_from_db()
    assert publication.state == "ready"
    assert WebhookEvent.objects.get().event_type == "publication.ready"
    assert publications_waiting_on_ready_renditions() == 0


def test_a_post_cannot_be_scheduled_past_the_brands_usage_rights(staff_api, approved):
    rights = usage_rights_start(
        deliverable=approved["deliverable"], to_status=DeliverableStatus.PUBLISHED, at=timezone.now()
    )
    late = (rights.ends_at + timedelta(days=1)).isoformat()
    response = staff_api.post(
        "/api/publications/",
        {
            "deliverable": str(approved["deliverable"].uuid),
            "channel": str(approved["tiktok"].uuid),
            "scheduled_for": late,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "usage_rights_end"
    assert f"{rights.ends_at:%Y-%m-%d}" in response.json()["detail"]
    within = (rights.ends_at - timedelta(days=1)).isoformat()
    assert _plan(staff_api, approved, scheduled_for=within)["scheduled_for"] is not None
