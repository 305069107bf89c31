"""Reads for publishing, scoped to the user: the feed, delivery URLs, performance."""

from publishing.selectors.calendar import (
    CalendarWeek,
    calendar_feed_path,
    calendar_feed_signature,
    calendar_feed_valid,
    calendar_week,
    persona_calendar_publications,
)
from publishing.selectors.delivery import (
    delivery_refusal,
    delivery_signature,
    delivery_signature_valid,
    publication_delivery_url,
)
from publishing.selectors.feed import (
    FEED_DEFAULT_PAGE,
    FEED_MAX_PAGE,
    FeedPage,
    cursor_decode,
    cursor_encode,
    publication_feed,
    publications_for_user,
)
from publishing.selectors.performance import PerformanceReport, performance_report

__all__ = [
    "CalendarWeek",
    "calendar_feed_path",
    "calendar_feed_signature",
    "calendar_feed_valid",
    "calendar_week",
    "persona_calendar_publications",
    "FEED_DEFAULT_PAGE",
    "FEED_MAX_PAGE",
    "FeedPage",
    "PerformanceReport",
    "cursor_decode",
    "cursor_encode",
    "delivery_refusal",
    "delivery_signature",
    "delivery_signature_valid",
    "publication_delivery_url",
    "performance_report",
    "publication_feed",
    "publications_for_user",
]
