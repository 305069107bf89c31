"""Campaign writes and the campaign state machine; contracting locks every deliverable's price."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from campaigns.models import Brand, Campaign, CampaignStatus, DeliverableStatus
from campaigns.services.deliverables import deliverable_price_lock
from campaigns.services.errors import ForbiddenAction, illegal_transition
from influencer_platform.common.errors import ServiceError

C = CampaignStatus
# Cancelling is possible from every state except closed (and cancelled itself).
CAMPAIGN_TRANSITIONS: dict[str, frozenset[str]] = {
    C.DRAFT: frozenset({C.PROPOSED, C.CANCELLED}),
    C.PROPOSED: frozenset({C.CONTRACTED, C.CANCELLED}),
    C.CONTRACTED: frozenset({C.IN_PRODUCTION, C.CANCELLED}),
    C.IN_PRODUCTION: frozenset({C.DELIVERED, C.CANCELLED}),
    C.DELIVERED: frozenset({C.CLOSED, C.CANCELLED}),
    C.CLOSED: frozenset(),
    C.CANCELLED: frozenset(),
}
EDITABLE_FIELDS = frozenset({"name", "brief", "objectives", "start_date", "end_date", "budget", "currency"})


def campaign_create(*, brand: Brand, name: str, user, **fields: Any) -> Campaign:
    _require_agency(user)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"Unknown fields: {', '.join(sorted(unknown))}.")
    campaign = Campaign(brand=brand, name=name, **fields)
    campaign.full_clean(exclude=["brand"])
    campaign.save()
    return campaign


def campaign_update(*, campaign: Campaign, user, data: dict[str, Any]) -> Campaign:
    """The currency of the budget is fixed once contracted; closed campaigns are read-only."""
    _require_agency(user)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    if campaign.status in (C.CLOSED, C.CANCELLED):
        raise ServiceError(f"A {campaign.status} campaign cannot be edited.", code="campaign_final")
    if campaign.prices_locked and data.get("currency", campaign.currency) != campaign.currency:
        raise ServiceError(
            "The currency cannot change after contracting.", code="price_locked", field="currency"
        )
    for name, value in data.items():
        setattr(campaign, name, value)
    campaign.full_clean(exclude=["brand"])
    campaign.save()
    return campaign


def campaign_transition(*, campaign: Campaign, to_status: str, user, note: str = "") -> Campaign:
    """Move along ``CAMPAIGN_TRANSITIONS``. Entering ``contracted`` locks the price of every
    deliverable not cancelled; if any of them cannot be priced nothing changes."""
    _require_agency(user)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        allowed = CAMPAIGN_TRANSITIONS[locked.status]
        if to_status not in allowed:
            raise illegal_transition(
                noun="campaign", from_status=locked.status, to_status=to_status, allowed=allowed
            )
        if to_status == C.CONTRACTED:
            deliverables = (
                locked.deliverables.select_for_update()
                .exclude(status=DeliverableStatus.CANCELLED)
                .filter(price_locked_at__isnull=True)
            )
            for deliverable in deliverables:
                deliverable_price_lock(deliverable=deliverable)
            locked.contracted_at = timezone.now()
        locked.status = to_status
        locked.save(update_fields=["status", "contracted_at", "updated_at"])
    campaign.refresh_from_db()
    return campaign


def _require_agency(user) -> None:
    if not user.is_agency:
        raise ForbiddenAction("Only the agency manages campaigns.")
