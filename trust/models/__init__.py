"""Trust domain models, split by resource."""

from trust.models.disclosures import DeliverableDisclosure

__all__ = ["DeliverableDisclosure"]
