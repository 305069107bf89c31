from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from influencer_platform.common.models import PublicModel
from influencer_platform.common.money import CURRENCY_CHOICES, MAX_AMOUNT


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PROPOSED = "proposed", "Proposed"
    CONTRACTED = "contracted", "Contracted"
    IN_PRODUCTION = "in_production", "In production"
    DELIVERED = "delivered", "Delivered"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


class Campaign(PublicModel):
    brand = models.ForeignKey("campaigns.Brand", on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(max_length=200)
    brief = models.TextField(blank=True)
    objectives = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    budget = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="EUR")
    status = models.CharField(max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    contracted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="campaign_dates_ordered",
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
            ),
            models.CheckConstraint(
                name="campaign_budget_positive", condition=Q(budget__isnull=True) | Q(budget__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand} · {self.name}"

    @property
    def prices_locked(self) -> bool:
        return self.contracted_at is not None
