"""Trust domain models, split by resource."""

from trust.models.credentials import ContentCredential
from trust.models.disclosures import DeliverableDisclosure

__all__ = ["ContentCredential", "DeliverableDisclosure"]
