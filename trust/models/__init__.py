"""Trust domain models, split by resource."""

from trust.models.consent import ConsentRecord, ContentUse, RecordKind
from trust.models.credentials import ContentCredential
from trust.models.disclosures import DeliverableDisclosure
from trust.models.identity import AppearanceStatus, IdentityCheck, IdentityStatus
from trust.models.usage_rights import DeliverableUsageRights, UsageRightsStart

__all__ = [
    "AppearanceStatus",
    "ConsentRecord",
    "ContentCredential",
    "ContentUse",
    "DeliverableDisclosure",
    "IdentityCheck",
    "IdentityStatus",
    "DeliverableUsageRights",
    "RecordKind",
    "UsageRightsStart",
]
