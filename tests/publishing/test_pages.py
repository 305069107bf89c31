"""Staff pages for publishing: the deliverable's publications panel, the calendar (drag or form to
reschedule), CSV import of performance, performance next to revenue, and the iCalendar feed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from publishing.models import MetricsSnapshot, Publication
from publishing.selectors import calendar_feed_path
from publishing.services.metrics import metrics_snapshot_record
from publishing.services.publications import publication_claim, publication_create, publication_report
from publishing.services.renditions import rendition_build

pytestmark = pytest.mark.django_db


def _published(approved, staff, scheduler=None, *, views=1000, likes=50, comments=10, shares=5):
    deliverable = approved["deliverable"]
    deliverable.price, deliverable.currency = Decimal("1500.00"), "EUR"
    deliverable.save()
    publication = publication_create(deliverable=deliverable, channel=approved["tiktok"], user=staff)
    rendition_build(rendition_id=publication.rendition_id)
    publication.refresh_from_db()
    publication_claim(publication=publication, user=staff)
    publication_report(
        publication=publication,
        user=staff,
        state="published",
        permalink="https://www.tiktok.com/@mira.tt/video/9",
        external_id="9",
    )
    metrics_snapshot_record(
        publication=publication, user=staff, views=views, likes=likes, comments=comments, shares=shares
    )
    return publication


def test_deliverable_page_plans_a_post_and_lists_it(client, agency_staff, approved):
    client.force_login(agency_staff)
    deliverable = approved["deliverable"]
    page = client.get(f"/deliverables/{deliverable.uuid}/")
    assert page.status_code == 200
    assert "Hand to schedulers" in page.content.decode()
    response = client.post(
        f"/deliverables/{deliverable.uuid}/publications/",
        {"channel": str(approved["youtube"].uuid), "caption": "", "hashtags": "", "scheduled_for": ""},
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert (publication.platform, publication.caption) == ("youtube", deliverable.caption)
    page = client.get(f"/deliverables/{deliverable.uuid}/").content.decode()
    assert "@mira.yt" in page and "Preparing media" in page


def test_planning_without_disclosure_says_why(client, agency_staff, approved):
    client.force_login(agency_staff)
    deliverable = approved["deliverable"]
    response = client.post(
        f"/deliverables/{deliverable.uuid}/publications/",
        {"channel": str(approved["tiktok"].uuid), "caption": "Hello", "hashtags": "summer"},
        follow=True,
    )
    assert "Not planned: This post cannot be handed to a scheduler until its disclosures are complete" in (
        response.content.decode()
    )
    assert Publication.objects.count() == 0


def test_calendar_moves_an_unclaimed_post_keeping_its_time(client, agency_staff, approved):
    client.force_login(agency_staff)
    when = (timezone.now() + timedelta(days=1)).replace(hour=17, minute=30, second=0, microsecond=0)
    publication = publication_create(
        deliverable=approved["deliverable"], channel=approved["tiktok"], user=agency_staff, scheduled_for=when
    )
    week = (when.date() - timedelta(days=when.weekday())).isoformat()
    page = client.get(f"/publications/calendar/?week={week}").content.decode()
    assert str(approved["deliverable"]) in page and 'draggable="true"' in page
    target = when.date() + timedelta(days=2)
    response = client.post(
        f"/publications/{publication.uuid}/reschedule/", {"day": target.isoformat(), "week": week}
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert timezone.localtime(publication.scheduled_for).date() == target
    assert timezone.localtime(publication.scheduled_for).strftime("%H:%M") == "17:30"

    rendition_build(rendition_id=publication.rendition_id)
    publication_claim(publication=publication, user=agency_staff)
    refused = client.post(
        f"/publications/{publication.uuid}/reschedule/",
        {"day": when.date().isoformat(), "week": week},
        follow=True,
    )
    assert "belongs to its scheduler now" in refused.content.decode()


def test_brand_clients_and_anonymous_get_no_calendar(client, client_a):
    assert client.get("/publications/calendar/").status_code == 302
    client.force_login(client_a)
    assert client.get("/publications/calendar/").status_code == 404


def test_csv_import_is_all_or_nothing_with_line_numbers(client, agency_staff, approved):
    from django.core.files.uploadedfile import SimpleUploadedFile

    publication = _published(approved, agency_staff)
    client.force_login(agency_staff)
    now = timezone.now().isoformat()
    good = f"publication,captured_at,views,likes\n9,2030-01-01T00:00Z,5,1\n{publication.uuid},{now},2000,80\n"
    response = client.post(
        "/publications/metrics-import/", {"file": SimpleUploadedFile("m.csv", good.encode())}
    )
    assert response.status_code == 400
    assert "Line 2: captured_at is in the future." in response.content.decode()
    assert MetricsSnapshot.objects.count() == 1  # the one recorded by _published

    earlier = (timezone.now() - timedelta(minutes=1)).isoformat()
    good = f"publication,captured_at,views,likes\n9,{earlier},2,1\n{publication.uuid},{now},2000,80\n"
    response = client.post(
        "/publications/metrics-import/", {"file": SimpleUploadedFile("m.csv", good.encode())}
    )
    assert response.status_code == 302  # "9" is the external post id the scheduler reported
    assert MetricsSnapshot.objects.filter(source="csv").count() == 2
    bad = "publication,captured_at,views\nnope,2026-01-01T00:00Z,1\n"
    response = client.post(
        "/publications/metrics-import/", {"file": SimpleUploadedFile("m.csv", bad.encode())}
    )
    assert "Line 2: no publication &#x27;nope&#x27;." in response.content.decode()
    columns = "publication,captured_at,dislikes\n"
    response = client.post(
        "/publications/metrics-import/", {"file": SimpleUploadedFile("m.csv", columns.encode())}
    )
    assert "Unknown columns: dislikes" in response.content.decode()


def test_persona_page_shows_performance_next_to_revenue(client, agency_staff, approved):
    _published(approved, agency_staff, views=12000, likes=900, comments=60, shares=40)
    client.force_login(agency_staff)
    page = client.get(f"/personas/{approved['deliverable'].persona.uuid}/").content.decode()
    assert "12,000 views" in page
    assert "1,000 engagements" in page
    assert "engagement rate 8.33 %" in page
    assert "EUR 0.1250" in page  # 1,500.00 / 12,000 views
    assert "Views by month" in page


def test_brand_portal_shows_its_campaign_results_without_money(
    client, agency_staff, client_a, client_b, approved
):
    _published(approved, agency_staff, views=5000)
    campaign = approved["deliverable"].campaign
    client.force_login(client_a)
    page = client.get(f"/portal/campaigns/{campaign.uuid}/").content.decode()
    assert "Results" in page and "5,000 views" in page
    assert "Cost per view" not in page
    client.force_login(client_b)
    assert client.get(f"/portal/campaigns/{campaign.uuid}/").status_code == 404


def test_icalendar_feed_is_signed_and_lists_posts(client, agency_staff, approved):
    from icalendar import Calendar

    publication = _published(approved, agency_staff)
    persona = approved["deliverable"].persona
    path = calendar_feed_path(persona=persona)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(event["uid"]) for event in events] == [f"{publication.uuid}@studio"]
    assert str(events[0]["status"]) == "CONFIRMED"
    assert str(events[0]["url"]) == "https://www.tiktok.com/@mira.tt/video/9"
    assert client.get(path.replace(path.rsplit("/", 1)[1], "0" * 40 + ".ics")).status_code == 404
