"""Who sees which publications, and the scheduler feed with its keyset cursor."""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from influencer_platform.common.errors import ServiceError
from publishing.models import Publication

# Rows changed in the last few seconds may still be joined by rows of transactions that began
# earlier and commit later; the cursor never moves past this horizon, so none is skipped (a row
# may come twice: receivers de-duplicate by id and updated_at).
FEED_SETTLE = timedelta(seconds=5)
FEED_MAX_PAGE = 200
FEED_DEFAULT_PAGE = 50


def publications_for_user(*, user) -> QuerySet[Publication]:
    """Agency: all. Scheduler: its personas (and channels, when narrowed). Brand client: its own
    brand's posts, read-only. Everyone else: none."""
    publications = Publication.objects.select_related(
        "deliverable__persona",
        "deliverable__campaign__brand",
        "deliverable__usage_rights",
        "channel",
        "job",
        "rendition",
        "claimed_by",
    )
    if not user.is_authenticated:
        return publications.none()
    if user.is_agency:
        return publications
    if user.is_scheduler:
        scoped = publications.filter(deliverable__persona__in=user.scheduler_personas.all())
        if user.scheduler_channels.exists():
            scoped = scoped.filter(channel__in=user.scheduler_channels.all())
        return scoped
    if user.is_brand_client and user.brand_id:
        return publications.filter(deliverable__campaign__brand_id=user.brand_id)
    return publications.none()


@dataclass(frozen=True)
class FeedPage:
    items: list[Publication]
    next_cursor: str
    has_more: bool


def cursor_encode(updated_at: datetime, pk: int) -> str:
    raw = json.dumps({"t": updated_at.isoformat(), "i": pk}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        moment, pk = parse_datetime(data["t"]), int(data["i"])
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise ServiceError(
            "cursor is not one this feed gave out.", code="invalid_cursor", field="cursor"
        ) from error
    if moment is None or moment.tzinfo is None:
        raise ServiceError("cursor is not one this feed gave out.", code="invalid_cursor", field="cursor")
    return moment, pk


def publication_feed(
    *,
    publications: QuerySet[Publication],
    cursor: str | None = None,
    updated_since: datetime | None = None,
    limit: int = FEED_DEFAULT_PAGE,
) -> FeedPage:
    """Keyset pages in (updated_at, id) order. ``next_cursor`` is always given: poll with it later to
    get only what changed since."""
    ordered = publications.order_by("updated_at", "id")
    if cursor:
        moment, pk = cursor_decode(cursor)
        ordered = ordered.filter(Q(updated_at__gt=moment) | Q(updated_at=moment, id__gt=pk))
    elif updated_since is not None:
        ordered = ordered.filter(updated_at__gte=updated_since)
    rows = list(ordered[: limit + 1])
    has_more = len(rows) > limit
    items = rows[:limit]
    horizon = timezone.now() - FEED_SETTLE
    if items and (has_more or items[-1].updated_at <= horizon):
        next_cursor = cursor_encode(items[-1].updated_at, items[-1].id)
    else:
        # Stop at the horizon: anything newer comes again on the next poll rather than never.
        settled = [item for item in items if item.updated_at <= horizon]
        if settled:
            next_cursor = cursor_encode(settled[-1].updated_at, settled[-1].id)
        elif cursor:
            next_cursor = cursor
        else:
            start = updated_since - timedelta(microseconds=1) if updated_since else horizon
            next_cursor = cursor_encode(min(start, horizon), 0)
    return FeedPage(items=items, next_cursor=next_cursor, has_more=has_more)
