"""Reads for the campaigns app, always scoped to the user asking."""

from campaigns.selectors.earnings import (
    CashReceived,
    CurrencyEarnings,
    EarningsRow,
    cash_received,
    earnings_by_brand,
    earnings_by_persona_month,
)
from campaigns.selectors.revisions import RevisionTerms, deliverable_revision_terms
from campaigns.selectors.scoping import (
    brand_contacts_for_user,
    brands_for_user,
    campaign_money_summary,
    campaigns_for_user,
    comment_threads_for_deliverable,
    comments_for_deliverable,
    deliverables_for_user,
    invoices_for_user,
    is_overdue,
    overdue_deliverables,
    payments_for_invoice,
    priced_types_by_persona,
    rate_cards_for_user,
)

__all__ = [
    "RevisionTerms",
    "deliverable_revision_terms",
    "CashReceived",
    "cash_received",
    "CurrencyEarnings",
    "EarningsRow",
    "brand_contacts_for_user",
    "brands_for_user",
    "campaign_money_summary",
    "campaigns_for_user",
    "comment_threads_for_deliverable",
    "comments_for_deliverable",
    "deliverables_for_user",
    "earnings_by_brand",
    "earnings_by_persona_month",
    "invoices_for_user",
    "is_overdue",
    "overdue_deliverables",
    "payments_for_invoice",
    "priced_types_by_persona",
    "rate_cards_for_user",
]
