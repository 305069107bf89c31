"""How long a brand's usage rights let a post stay up: the term sold on the deliverable, counted from
its first publication. Delivery URLs stop (410) when it ends."""

from datetime import datetime, timedelta

from campaigns.models import Deliverable, UsageTerm

USAGE_TERM_DAYS: dict[str, int | None] = {
    UsageTerm.ORGANIC_30D: 30,
    UsageTerm.ORGANIC_90D: 90,
    UsageTerm.ORGANIC_1Y: 365,
    UsageTerm.PAID_ADS_30D: 30,
    UsageTerm.PAID_ADS_90D: 90,
    UsageTerm.PERPETUAL: None,
}


def usage_rights_ends_at(
    *, deliverable: Deliverable, first_published_at: datetime | None = None
) -> datetime | None:
    """None while the term has not started (nothing published yet) or when it never ends."""
    start = first_published_at or deliverable.published_at
    days = USAGE_TERM_DAYS.get(deliverable.usage_term)
    if start is None or days is None:
        return None
    return start + timedelta(days=days)
