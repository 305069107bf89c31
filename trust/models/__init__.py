"""Trust domain models, split by resource."""

from trust.models.consent import ConsentRecord, ContentUse, RecordKind
from trust.models.credentials import ContentCredential
from trust.models.disclosures import DeliverableDisclosure
from trust.models.usage_rights import DeliverableUsageRights, UsageRightsStart

__all__ = [
    "ConsentRecord",
    "ContentCredential",
    "ContentUse",
    "DeliverableDisclosure",
    "DeliverableUsageRights",
    "RecordKind",
    "UsageRightsStart",
]
