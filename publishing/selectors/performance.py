"""Performance next to revenue: each post's latest figures, and sums per campaign and per month.
A deliverable's price is shared equally by its published posts (a cross-post splits it)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from publishing.models import METRIC_FIELDS, MetricsSnapshot, Publication

CENT = Decimal("0.01")
TENTH_OF_A_CENT = Decimal("0.0001")


@dataclass
class Figures:
    views: int = 0
    reach: int = 0
    engagements: int = 0
    watch_time_seconds: int = 0
    clicks: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)

    def add(self, other: "Figures") -> None:
        self.views += other.views
        self.reach += other.reach
        self.engagements += other.engagements
        self.watch_time_seconds += other.watch_time_seconds
        self.clicks += other.clicks
        for currency, amount in other.revenue.items():
            self.revenue[currency] = self.revenue.get(currency, Decimal("0")) + amount

    @property
    def engagement_rate(self) -> Decimal | None:
        """Likes, comments, shares and saves per account reached (per view where reach is unknown), in %."""
        base = self.reach or self.views
        if not base:
            return None
        return (Decimal(self.engagements) * 100 / Decimal(base)).quantize(CENT, ROUND_HALF_UP)

    @property
    def cost_per_view(self) -> dict[str, Decimal]:
        if not self.views:
            return {}
        return {
            currency: (amount / Decimal(self.views)).quantize(TENTH_OF_A_CENT, ROUND_HALF_UP)
            for currency, amount in self.revenue.items()
        }


@dataclass
class PostPerformance:
    publication: Publication
    figures: Figures
    captured_at: object | None
    latest: dict


@dataclass
class GroupPerformance:
    label: str
    key: object
    posts: int
    figures: Figures


@dataclass
class PerformanceReport:
    posts: list[PostPerformance]
    by_campaign: list[GroupPerformance]
    by_month: list[GroupPerformance]
    totals: Figures


def performance_report(*, publications) -> PerformanceReport:
    """``publications`` comes from ``publications_for_user``, so a brand sees only its own posts."""
    published = list(
        publications.filter(published_at__isnull=False)
        .select_related("deliverable__campaign", "channel")
        .order_by("-published_at", "-id")
    )
    latest = _latest_snapshots([publication.id for publication in published])
    shares = defaultdict(int)
    for publication in published:
        shares[publication.deliverable_id] += 1
    posts = []
    totals = Figures()
    campaigns: dict[int, GroupPerformance] = {}
    months: dict[date, GroupPerformance] = {}
    for publication in published:
        snapshot = latest.get(publication.id)
        values = {name: getattr(snapshot, name) for name in METRIC_FIELDS} if snapshot else {}
        figures = Figures(
            views=values.get("views") or 0,
            reach=values.get("reach") or 0,
            engagements=sum(values.get(name) or 0 for name in ("likes", "comments", "shares", "saves")),
            watch_time_seconds=values.get("watch_time_seconds") or 0,
            clicks=values.get("clicks") or 0,
        )
        deliverable = publication.deliverable
        if deliverable.price is not None and deliverable.currency:
            share = (deliverable.price / shares[deliverable.id]).quantize(CENT, ROUND_HALF_UP)
            figures.revenue[deliverable.currency] = share
        posts.append(
            PostPerformance(publication, figures, snapshot.captured_at if snapshot else None, values)
        )
        totals.add(figures)
        campaign = deliverable.campaign
        group = campaigns.setdefault(campaign.id, GroupPerformance(campaign.name, campaign, 0, Figures()))
        group.posts += 1
        group.figures.add(figures)
        month = publication.published_at.date().replace(day=1)
        group = months.setdefault(month, GroupPerformance(month.strftime("%b %Y"), month, 0, Figures()))
        group.posts += 1
        group.figures.add(figures)
    return PerformanceReport(
        posts=posts,
        by_campaign=sorted(campaigns.values(), key=lambda group: group.label),
        by_month=[months[key] for key in sorted(months)],
        totals=totals,
    )


def _latest_snapshots(publication_ids: list[int]) -> dict[int, MetricsSnapshot]:
    latest: dict[int, MetricsSnapshot] = {}
    snapshots = MetricsSnapshot.objects.filter(publication_id__in=publication_ids).order_by(
        "captured_at", "id"
    )
    for snapshot in snapshots:
        latest[snapshot.publication_id] = snapshot
    return latest
