"""Writes for disclosure records."""

from django.db import transaction

from campaigns.models import Deliverable
from trust.models import DeliverableDisclosure


def disclosure_set(
    *,
    deliverable: Deliverable,
    is_ai_generated: bool = True,
    is_paid_partnership: bool = True,
    sponsor_name: str = "",
) -> DeliverableDisclosure:
    """Create or update the deliverable's disclosure record."""
    with transaction.atomic():
        disclosure, _ = DeliverableDisclosure.objects.get_or_create(deliverable=deliverable)
        disclosure.is_ai_generated = is_ai_generated
        disclosure.is_paid_partnership = is_paid_partnership
        disclosure.sponsor_name = sponsor_name.strip()
        disclosure.full_clean()
        disclosure.save()
    return disclosure
