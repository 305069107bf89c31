"""What a brand reviewer needs to know before asking for changes: rounds left and what one more costs."""

from dataclasses import dataclass
from decimal import Decimal

from campaigns.models import Deliverable, RateCard


@dataclass(frozen=True)
class RevisionTerms:
    used: int
    allowed: int
    remaining: int
    extra_round_price: Decimal | None
    currency: str
    blocked_reason: str


def deliverable_revision_terms(*, deliverable: Deliverable) -> RevisionTerms:
    """The rule of the quote, in words: the request-changes button says why it is disabled."""
    card = RateCard.objects.filter(persona_id=deliverable.persona_id).first()
    price = card.extra_revision_round_price if card is not None else None
    currency = card.currency if card is not None else deliverable.currency
    remaining = deliverable.revision_rounds_remaining
    blocked = ""
    if remaining < 1:
        blocked = (
            f"All {deliverable.revision_rounds_allowed} revision rounds of this deliverable are used. "
            "Approve it, or ask the agency to add a round"
            + (" (each extra round is quoted at the rate card's price)." if price else ".")
        )
    return RevisionTerms(
        used=deliverable.revision_rounds_used,
        allowed=deliverable.revision_rounds_allowed,
        remaining=remaining,
        extra_round_price=price if price else None,
        currency=currency or "",
        blocked_reason=blocked,
    )
