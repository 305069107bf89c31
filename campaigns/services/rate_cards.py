"""Rate card writes. Nested rows (prices, usage multipliers, exclusivity fees) are replaced as a set."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from campaigns.models import ExclusivityFee, RateCard, RateCardPrice, UsageRightsMultiplier
from campaigns.services.errors import ForbiddenAction
from campaigns.services.quotes import INCLUDED_USAGE_TERM
from influencer_platform.common.errors import ServiceError
from personas.models import Persona

CARD_FIELDS = frozenset(
    {"currency", "rush_surcharge_percent", "included_revision_rounds", "extra_revision_round_price"}
)


def rate_card_create(
    *,
    persona: Persona,
    user,
    prices: list[dict[str, Any]],
    usage_multipliers: list[dict[str, Any]] | None = None,
    exclusivity_fees: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> RateCard:
    _require_agency(user)
    if RateCard.objects.filter(persona=persona).exists():
        raise ServiceError(f"{persona} already has a rate card; edit it instead.", code="rate_card_exists")
    with transaction.atomic():
        rate_card = RateCard(persona=persona)
        _set_fields(rate_card, fields)
        rate_card.save()
        _replace_rows(rate_card, prices, usage_multipliers or [], exclusivity_fees or [])
    return rate_card


def rate_card_update(
    *,
    rate_card: RateCard,
    user,
    data: dict[str, Any],
) -> RateCard:
    """Locked deliverables keep their stored quote; only future quotes see the change."""
    _require_agency(user)
    nested = {
        key: data.pop(key) for key in ("prices", "usage_multipliers", "exclusivity_fees") if key in data
    }
    with transaction.atomic():
        _set_fields(rate_card, data)
        rate_card.save()
        if nested:
            _replace_rows(
                rate_card,
                nested.get(
                    "prices",
                    [
                        {"deliverable_type": p.deliverable_type, "base_price": p.base_price}
                        for p in rate_card.prices.all()
                    ],
                ),
                nested.get(
                    "usage_multipliers",
                    [{"term": m.term, "multiplier": m.multiplier} for m in rate_card.usage_multipliers.all()],
                ),
                nested.get(
                    "exclusivity_fees",
                    [
                        {"category": f.category, "fee_per_month": f.fee_per_month}
                        for f in rate_card.exclusivity_fees.all()
                    ],
                ),
            )
    return rate_card


def _set_fields(rate_card: RateCard, fields: dict[str, Any]) -> None:
    unknown = set(fields) - CARD_FIELDS
    if unknown:
        raise ServiceError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(rate_card, name, value)
    rate_card.full_clean(exclude=["persona"])


def _replace_rows(rate_card: RateCard, prices, usage_multipliers, exclusivity_fees) -> None:
    _refuse_duplicates(prices, "deliverable_type", "prices")
    _refuse_duplicates(usage_multipliers, "term", "usage_multipliers")
    _refuse_duplicates(
        [{"category": f["category"].lower()} for f in exclusivity_fees], "category", "exclusivity_fees"
    )
    for row in usage_multipliers:
        if row["term"] == INCLUDED_USAGE_TERM and Decimal(row["multiplier"]) != 1:
            raise ServiceError(
                "Organic 30 days is included in the base price; its multiplier is always 1.",
                code="included_term_multiplier",
                field="usage_multipliers",
            )
    rate_card.prices.all().delete()
    rate_card.usage_multipliers.all().delete()
    rate_card.exclusivity_fees.all().delete()
    RateCardPrice.objects.bulk_create(RateCardPrice(rate_card=rate_card, **row) for row in prices)
    UsageRightsMultiplier.objects.bulk_create(
        UsageRightsMultiplier(rate_card=rate_card, **row) for row in usage_multipliers
    )
    ExclusivityFee.objects.bulk_create(ExclusivityFee(rate_card=rate_card, **row) for row in exclusivity_fees)


def _refuse_duplicates(rows, key: str, field: str) -> None:
    seen = [row[key] for row in rows]
    duplicates = sorted({value for value in seen if seen.count(value) > 1})
    if duplicates:
        raise ServiceError(
            f"Duplicate {key} in {field}: {', '.join(duplicates)}.", code="duplicate", field=field
        )


def _require_agency(user) -> None:
    if not user.is_agency:
        raise ForbiddenAction("Only the agency manages rate cards.")
