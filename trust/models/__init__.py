"""Trust domain models, split by resource."""

from trust.models.consent import ConsentRecord, ContentUse, RecordKind
from trust.models.credentials import ContentCredential
from trust.models.disclosures import DeliverableDisclosure

__all__ = ["ConsentRecord", "ContentCredential", "ContentUse", "DeliverableDisclosure", "RecordKind"]
