"""What a deliverable must tell its audience: that it is AI-generated and, when paid, who paid."""

from django.db import models

from influencer_platform.common.models import TimeStampedModel


class DeliverableDisclosure(TimeStampedModel):
    """One row per deliverable; a deliverable without a row gets the strict defaults."""

    deliverable = models.OneToOneField(
        "campaigns.Deliverable", on_delete=models.CASCADE, related_name="disclosure"
    )
    is_ai_generated = models.BooleanField(default=True)
    is_paid_partnership = models.BooleanField(default=True)
    sponsor_name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Disclosure for {self.deliverable}"
