"""Pricing a deliverable from a persona's rate card, line by line, in Decimal."""

from dataclasses import dataclass, field
from decimal import Decimal

from campaigns.models import DeliverableType, RateCard, UsageTerm
from influencer_platform.common.errors import ServiceError
from influencer_platform.common.money import MAX_AMOUNT, fits_amount_column, quantize

INCLUDED_USAGE_TERM = UsageTerm.ORGANIC_30D
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class QuoteLine:
    label: str
    amount: Decimal
    kind: str  # base | usage_rights | exclusivity | rush | extra_revisions

    def as_json(self) -> dict:
        return {"label": self.label, "amount": str(self.amount), "kind": self.kind}


@dataclass(frozen=True)
class Quote:
    currency: str
    lines: list[QuoteLine] = field(default_factory=list)
    revision_rounds_allowed: int = 0

    @property
    def total(self) -> Decimal:
        return quantize(sum((line.amount for line in self.lines), Decimal("0")))

    def lines_json(self) -> list[dict]:
        return [line.as_json() for line in self.lines]


def quote_compute(
    *,
    rate_card: RateCard,
    deliverable_type: str,
    usage_term: str = INCLUDED_USAGE_TERM,
    exclusivity_category: str = "",
    exclusivity_months: int = 0,
    rush: bool = False,
    extra_revision_rounds: int = 0,
) -> Quote:
    """Price one deliverable. Order of modifiers, each line rounded to cents (ROUND_HALF_UP):

    1. base price for the type;
    2. usage rights: base × (multiplier − 1) as its own line (organic 30 days is included, ×1.0);
    3. exclusivity: fee per month for the category × months;
    4. rush: rush percent of the subtotal of lines 1–3;
    5. extra revision rounds: price per round × rounds (never rushed).
    The total is the sum of the rounded lines, so the lines always add up to it.
    """
    prices = {p.deliverable_type: p.base_price for p in rate_card.prices.all()}
    type_label = _label(DeliverableType, deliverable_type)
    if deliverable_type not in prices:
        raise ServiceError(
            f"The rate card of {rate_card.persona} has no price for {type_label}.",
            code="no_price_for_type",
            field="deliverable_type",
        )
    base = quantize(prices[deliverable_type])
    lines = [QuoteLine(f"Base price: {type_label}", base, "base")]

    if usage_term != INCLUDED_USAGE_TERM:
        multipliers = {m.term: m.multiplier for m in rate_card.usage_multipliers.all()}
        if usage_term not in multipliers:
            raise ServiceError(
                f"The rate card of {rate_card.persona} has no usage-rights multiplier for "
                f"{_label(UsageTerm, usage_term)}.",
                code="no_usage_multiplier",
                field="usage_term",
            )
        multiplier = multipliers[usage_term]
        uplift = quantize(base * multiplier) - base
        lines.append(
            QuoteLine(
                f"Usage rights: {_label(UsageTerm, usage_term)} (×{multiplier.normalize()})",
                uplift,
                "usage_rights",
            )
        )

    if exclusivity_months:
        if not exclusivity_category:
            raise ServiceError(
                "Exclusivity months need an exclusivity category.",
                code="exclusivity_category_required",
                field="exclusivity_category",
            )
        fees = {f.category.lower(): f for f in rate_card.exclusivity_fees.all()}
        fee = fees.get(exclusivity_category.lower())
        if fee is None:
            raise ServiceError(
                f"The rate card of {rate_card.persona} has no exclusivity fee for category "
                f"'{exclusivity_category}'.",
                code="no_exclusivity_fee",
                field="exclusivity_category",
            )
        amount = quantize(fee.fee_per_month * exclusivity_months)
        lines.append(
            QuoteLine(f"Exclusivity: {fee.category}, {exclusivity_months} month(s)", amount, "exclusivity")
        )

    if rush:
        subtotal = sum((line.amount for line in lines), Decimal("0"))
        percent = rate_card.rush_surcharge_percent
        lines.append(
            QuoteLine(
                f"Rush surcharge: {percent.normalize()}%", quantize(subtotal * percent / HUNDRED), "rush"
            )
        )

    if extra_revision_rounds:
        amount = quantize(rate_card.extra_revision_round_price * extra_revision_rounds)
        lines.append(QuoteLine(f"Extra revision rounds: {extra_revision_rounds}", amount, "extra_revisions"))

    quote = Quote(
        currency=rate_card.currency,
        lines=lines,
        revision_rounds_allowed=rate_card.included_revision_rounds + extra_revision_rounds,
    )
    if not fits_amount_column(quote.total):
        # Only reachable through rate-card rows written before the input bounds existed.
        raise ServiceError(
            f"This quote comes to {quote.total} {quote.currency}, more than the studio can record "
            f"({MAX_AMOUNT:,} {quote.currency}); lower the rate card's prices or modifiers.",
            code="amount_too_large",
        )
    return quote


def quote_for_deliverable(*, deliverable) -> Quote:
    """The live quote from the persona's current rate card (ignores any locked price)."""
    rate_card = RateCard.objects.filter(persona_id=deliverable.persona_id).first()
    if rate_card is None:
        raise ServiceError(
            f"{deliverable.persona} has no rate card, so the deliverable cannot be priced.",
            code="no_rate_card",
        )
    return quote_compute(
        rate_card=rate_card,
        deliverable_type=deliverable.deliverable_type,
        usage_term=deliverable.usage_term,
        exclusivity_category=deliverable.exclusivity_category,
        exclusivity_months=deliverable.exclusivity_months,
        rush=deliverable.rush,
        extra_revision_rounds=deliverable.extra_revision_rounds,
    )


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value
