"""The content calendar: a week of posts by channel and day, and the signed iCalendar feed URL."""

import hmac
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from publishing.models import Publication, PublicationState
from publishing.selectors.feed import publications_for_user


@dataclass
class CalendarRow:
    channel: object
    cells: list[list[Publication]]  # one list per day


@dataclass
class CalendarWeek:
    start: date
    days: list[date]
    rows: list[CalendarRow]
    unscheduled: list[Publication]


def calendar_week(*, user, start: date) -> CalendarWeek:
    """Posts scheduled (or published) in the seven days from ``start``, one row per channel."""
    days = [start + timedelta(days=offset) for offset in range(7)]
    zone = timezone.get_current_timezone()
    begin = timezone.make_aware(datetime.combine(start, time.min), zone)
    end = begin + timedelta(days=7)
    publications = publications_for_user(user=user).select_related("deliverable__persona", "channel__persona")
    in_week = publications.filter(scheduled_for__gte=begin, scheduled_for__lt=end).order_by(
        "scheduled_for", "id"
    )
    rows: dict[int, CalendarRow] = {}
    for publication in in_week:
        row = rows.setdefault(publication.channel_id, CalendarRow(publication.channel, [[] for _ in days]))
        day = timezone.localtime(publication.scheduled_for, zone).date()
        row.cells[(day - start).days].append(publication)
    unscheduled = list(
        publications.filter(scheduled_for__isnull=True)
        .exclude(state__in=(PublicationState.WITHDRAWN, PublicationState.PUBLISHED))
        .order_by("created_at")[:50]
    )
    ordered = sorted(
        rows.values(), key=lambda row: (row.channel.persona.name, row.channel.platform, row.channel.handle)
    )
    return CalendarWeek(start=start, days=days, rows=ordered, unscheduled=unscheduled)


def calendar_feed_signature(persona) -> str:
    return salted_hmac("publishing.calendar", str(persona.uuid), algorithm="sha256").hexdigest()[:40]


def calendar_feed_valid(persona, signature: str) -> bool:
    return hmac.compare_digest(calendar_feed_signature(persona), signature)


def calendar_feed_path(*, persona) -> str:
    return reverse(
        "publishing:persona-calendar-feed",
        kwargs={"uuid": persona.uuid, "signature": calendar_feed_signature(persona)},
    )


def persona_calendar_publications(*, persona):
    """Every post of the persona but withdrawn ones: the signed feed URL is the permission."""
    return (
        Publication.objects.filter(deliverable__persona=persona)
        .exclude(state=PublicationState.WITHDRAWN)
        .select_related("channel", "deliverable")
        .order_by("scheduled_for", "id")
    )
