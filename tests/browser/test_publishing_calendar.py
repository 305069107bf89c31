"""The content calendar in Chromium: a post dragged to another day keeps its time, the keyboard form
does the same, and a post a scheduler has claimed cannot be dragged."""

import re
import time
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from publishing.models import Publication
from publishing.services.publications import publication_claim, publication_create
from publishing.services.renditions import rendition_build
from tests.browser.conftest import login, screenshot
from tests.factories import ChannelFactory
from tests.publishing.conftest import approved_deliverable

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _local(moment):
    return timezone.localtime(moment)


def _wait_ready(*publications, timeout=60):
    """The session's worker may take the build that planning sent; either way, wait for it."""
    deadline = time.monotonic() + timeout
    for publication in publications:
        rendition_build(rendition_id=publication.rendition_id)
        publication.refresh_from_db()
        while publication.state == "preparing" and time.monotonic() < deadline:
            time.sleep(0.2)
            publication.refresh_from_db()
        assert publication.state == "ready", publication.failure_reason


def test_staff_drag_a_post_to_another_day_and_a_claimed_post_stays(worker, agency_staff, brand_a, page):
    deliverable, _ = approved_deliverable(brand=brand_a)
    tiktok = ChannelFactory(persona=deliverable.persona, platform="tiktok", handle="mira.tt")
    youtube = ChannelFactory(persona=deliverable.persona, platform="youtube", handle="mira.yt")
    # Monday of next week at 17:30, so every day of that week is in the future.
    today = _local(timezone.now()).date()
    monday = today + timedelta(days=7 - today.weekday())
    when = timezone.make_aware(datetime(monday.year, monday.month, monday.day, 17, 30))
    plan = {"deliverable": deliverable, "user": agency_staff, "scheduled_for": when}
    moving = publication_create(channel=tiktok, **plan)
    claimed = publication_create(channel=youtube, **plan)
    _wait_ready(moving, claimed)
    publication_claim(publication=Publication.objects.get(pk=claimed.pk), user=agency_staff)

    login(page, "staff")
    page.goto(f"/publications/calendar/?week={monday.isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Content calendar")
    calendar = page.locator("[data-calendar]")
    tiktok_row = calendar.get_by_role("row").filter(has_text="@mira.tt")
    youtube_row = calendar.get_by_role("row").filter(has_text="@mira.yt")
    card = tiktok_row.locator("[data-pub]")
    expect(card).to_have_count(1)
    expect(youtube_row.locator("[data-pub]")).to_have_count(0)  # claimed: not draggable, no form
    expect(youtube_row.get_by_text("Claimed")).to_be_visible()
    screenshot(page, "publications-calendar")

    wednesday = monday + timedelta(days=2)
    card.drag_to(tiktok_row.locator(f'td[data-day="{wednesday.isoformat()}"]'))
    expect(tiktok_row.locator(f'td[data-day="{wednesday.isoformat()}"] [data-pub]')).to_have_count(1)
    moving.refresh_from_db()
    assert (_local(moving.scheduled_for).date(), _local(moving.scheduled_for).strftime("%H:%M")) == (
        wednesday,
        "17:30",
    )

    # The keyboard path: type the day into the card's own date field and press Enter.
    friday = monday + timedelta(days=4)
    field = tiktok_row.get_by_label("Move to")
    field.fill(friday.isoformat())
    field.press("Enter")
    expect(tiktok_row.locator(f'td[data-day="{friday.isoformat()}"] [data-pub]')).to_have_count(1)
    moving.refresh_from_db()
    assert _local(moving.scheduled_for).date() == friday

    # Nothing moved the claimed post.
    claimed.refresh_from_db()
    assert claimed.scheduled_for == when
    assert re.search(r"Claimed", youtube_row.inner_text())
