"""Campaign domain models, split by resource."""

from campaigns.models.brands import Brand, BrandContact
from campaigns.models.campaigns import Campaign, CampaignStatus
from campaigns.models.deliverables import (
    CommentVisibility,
    Deliverable,
    DeliverableComment,
    DeliverableStatus,
    DeliverableStatusChange,
    DeliverableType,
)
from campaigns.models.invoices import (
    Invoice,
    InvoiceImmutable,
    InvoiceLine,
    InvoiceNumberSequence,
    InvoiceStatus,
    Payment,
)
from campaigns.models.rate_cards import (
    ExclusivityFee,
    RateCard,
    RateCardPrice,
    UsageRightsMultiplier,
    UsageTerm,
)

__all__ = [
    "Brand",
    "BrandContact",
    "Campaign",
    "CampaignStatus",
    "Deliverable",
    "CommentVisibility",
    "DeliverableComment",
    "DeliverableStatus",
    "DeliverableStatusChange",
    "DeliverableType",
    "ExclusivityFee",
    "Invoice",
    "InvoiceImmutable",
    "InvoiceLine",
    "InvoiceNumberSequence",
    "InvoiceStatus",
    "Payment",
    "RateCard",
    "RateCardPrice",
    "UsageRightsMultiplier",
    "UsageTerm",
]
