"""Dated usage rights: started by the deliverable's review flow, watched by a periodic sweep that
tells agency systems and schedulers before and when they end (``usage_rights.*`` webhook events)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from campaigns.models import Deliverable, DeliverableStatus
from trust.models import DeliverableUsageRights, UsageRightsStart
from trust.models.usage_rights import USAGE_TERM_DAYS
from webhooks.services.business_events import usage_rights_event_record


def usage_rights_start_on(*, usage_term: str) -> str:
    """Paid-ads terms start when the brand approves (it receives the file and runs the ads itself);
    organic and perpetual terms when the persona first publishes the post."""
    return UsageRightsStart.APPROVAL if usage_term.startswith("paid_ads") else UsageRightsStart.PUBLICATION


def usage_rights_start(
    *, deliverable: Deliverable, to_status: str, at: datetime
) -> DeliverableUsageRights | None:
    """Called by the deliverable transition service inside its transaction. A term that has started
    is never moved; a publication starts any term that approval did not."""
    if to_status not in (DeliverableStatus.APPROVED, DeliverableStatus.PUBLISHED):
        return None
    existing = DeliverableUsageRights.objects.filter(deliverable=deliverable).first()
    if existing is not None:
        return existing
    start_on = usage_rights_start_on(usage_term=deliverable.usage_term)
    if to_status == DeliverableStatus.APPROVED and start_on != UsageRightsStart.APPROVAL:
        return None
    days = USAGE_TERM_DAYS.get(deliverable.usage_term)
    return DeliverableUsageRights.objects.create(
        deliverable=deliverable,
        usage_term=deliverable.usage_term,
        started_on=UsageRightsStart.APPROVAL
        if to_status == DeliverableStatus.APPROVED
        else UsageRightsStart.PUBLICATION,
        starts_at=at,
        ends_at=at + timedelta(days=days) if days is not None else None,
    )


def usage_rights_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Emit ``usage_rights.expiring`` once when a term enters its warning window
    (USAGE_RIGHTS_WARNING_DAYS) and ``usage_rights.expired`` once when it ends. Each notice is claimed
    with a conditional UPDATE in the event's transaction, so overlapping sweeps send it once."""
    now = now or timezone.now()
    warning = timedelta(days=settings.USAGE_RIGHTS_WARNING_DAYS)
    counts = {"expiring": 0, "expired": 0}
    rights = DeliverableUsageRights.objects.select_related(
        "deliverable__campaign__brand", "deliverable__persona"
    ).filter(ends_at__isnull=False)
    for row in rights.filter(ends_at__lte=now, expired_notified_at__isnull=True):
        with transaction.atomic():
            claimed = DeliverableUsageRights.objects.filter(
                pk=row.pk, expired_notified_at__isnull=True
            ).update(expired_notified_at=now, updated_at=now)
            if claimed:
                usage_rights_event_record(rights=row, expired=True)
                counts["expired"] += 1
    window = rights.filter(
        ends_at__gt=now,
        ends_at__lte=now + warning,
        expiring_notified_at__isnull=True,
        expired_notified_at__isnull=True,
    )
    for row in window:
        with transaction.atomic():
            claimed = DeliverableUsageRights.objects.filter(
                pk=row.pk, expiring_notified_at__isnull=True
            ).update(expiring_notified_at=now, updated_at=now)
            if claimed:
                usage_rights_event_record(rights=row, expired=False)
                counts["expiring"] += 1
    return counts
