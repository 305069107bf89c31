"""The usage rights sold to a brand (the rate card's usage term on the deliverable), as dates."""

from django.db import models
from django.db.models import F, Q

from campaigns.models.rate_cards import UsageTerm
from influencer_platform.common.models import TimeStampedModel

# Days each sold term lasts from its start; None never ends.
USAGE_TERM_DAYS: dict[str, int | None] = {
    UsageTerm.ORGANIC_30D: 30,
    UsageTerm.ORGANIC_90D: 90,
    UsageTerm.ORGANIC_1Y: 365,
    UsageTerm.PAID_ADS_30D: 30,
    UsageTerm.PAID_ADS_90D: 90,
    UsageTerm.PERPETUAL: None,
}


class UsageRightsStart(models.TextChoices):
    APPROVAL = "approval", "On approval (the brand runs the ads itself)"
    PUBLICATION = "publication", "On first publication"


class DeliverableUsageRights(TimeStampedModel):
    """One row per deliverable once its term has started; the term is copied, so a later edit of the
    deliverable's usage term does not silently change what was granted."""

    deliverable = models.OneToOneField(
        "campaigns.Deliverable", on_delete=models.CASCADE, related_name="usage_rights"
    )
    usage_term = models.CharField(max_length=16, choices=UsageTerm.choices)
    started_on = models.CharField(max_length=12, choices=UsageRightsStart.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Empty: perpetual.")
    expiring_notified_at = models.DateTimeField(null=True, blank=True)
    expired_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliverable usage rights"
        indexes = [models.Index(fields=["ends_at"])]
        constraints = [
            models.CheckConstraint(
                name="usage_rights_end_after_start",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
            )
        ]

    def __str__(self) -> str:
        return f"Usage rights of {self.deliverable_id}: {self.usage_term} from {self.starts_at:%Y-%m-%d}"
