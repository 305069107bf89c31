"""A persona's rate card: base prices per deliverable type and the modifiers a quote applies."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from influencer_platform.common.models import PublicModel
from influencer_platform.common.money import (
    CURRENCY_CHOICES,
    MAX_MULTIPLIER,
    MAX_PRICE,
    MAX_SURCHARGE_PERCENT,
)

PRICE_BOUNDS = [MinValueValidator(0), MaxValueValidator(MAX_PRICE)]


class UsageTerm(models.TextChoices):
    ORGANIC_30D = "organic_30d", "Organic, 30 days (included)"
    ORGANIC_90D = "organic_90d", "Organic, 90 days"
    ORGANIC_1Y = "organic_1y", "Organic, 1 year"
    PAID_ADS_30D = "paid_ads_30d", "Paid ads, 30 days"
    PAID_ADS_90D = "paid_ads_90d", "Paid ads, 90 days"
    PERPETUAL = "perpetual", "Perpetual"


class DeliverableType(models.TextChoices):
    INSTAGRAM_REEL = "instagram_reel", "Instagram reel"
    INSTAGRAM_POST = "instagram_post", "Instagram feed post"
    INSTAGRAM_STORY_SET = "instagram_story_set", "Instagram story set"
    TIKTOK_VIDEO = "tiktok_video", "TikTok video"
    YOUTUBE_SHORT = "youtube_short", "YouTube short"


class RateCard(PublicModel):
    persona = models.OneToOneField("personas.Persona", on_delete=models.CASCADE, related_name="rate_card")
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="EUR")
    rush_surcharge_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("25"),
        validators=[MinValueValidator(0), MaxValueValidator(MAX_SURCHARGE_PERCENT)],
    )
    included_revision_rounds = models.PositiveSmallIntegerField(default=2, validators=[MaxValueValidator(20)])
    extra_revision_round_price = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0"), validators=PRICE_BOUNDS
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="rate_card_rush_nonnegative", condition=Q(rush_surcharge_percent__gte=0)
            ),
            models.CheckConstraint(
                name="rate_card_revision_nonnegative", condition=Q(extra_revision_round_price__gte=0)
            ),
            models.CheckConstraint(
                name="rate_card_amounts_bounded",
                condition=Q(rush_surcharge_percent__lte=MAX_SURCHARGE_PERCENT)
                & Q(extra_revision_round_price__lte=MAX_PRICE),
            ),
        ]

    def __str__(self) -> str:
        return f"Rate card · {self.persona}"


class RateCardPrice(models.Model):
    rate_card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="prices")
    deliverable_type = models.CharField(max_length=24, choices=DeliverableType.choices)
    base_price = models.DecimalField(max_digits=12, decimal_places=2, validators=PRICE_BOUNDS)

    class Meta:
        ordering = ["deliverable_type"]
        constraints = [
            models.UniqueConstraint(fields=["rate_card", "deliverable_type"], name="one_price_per_type"),
            models.CheckConstraint(name="base_price_nonnegative", condition=Q(base_price__gte=0)),
            models.CheckConstraint(name="base_price_bounded", condition=Q(base_price__lte=MAX_PRICE)),
        ]

    def __str__(self) -> str:
        return f"{self.get_deliverable_type_display()}: {self.base_price}"


class UsageRightsMultiplier(models.Model):
    """Organic 30 days is included (1.0); longer, paid-ads and perpetual terms multiply the base."""

    rate_card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="usage_multipliers")
    term = models.CharField(max_length=16, choices=UsageTerm.choices)
    multiplier = models.DecimalField(
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MULTIPLIER)],
    )

    class Meta:
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["rate_card", "term"], name="one_multiplier_per_term"),
            models.CheckConstraint(name="multiplier_at_least_one", condition=Q(multiplier__gte=1)),
            models.CheckConstraint(name="multiplier_bounded", condition=Q(multiplier__lte=MAX_MULTIPLIER)),
        ]

    def __str__(self) -> str:
        return f"{self.get_term_display()}: ×{self.multiplier}"


class ExclusivityFee(models.Model):
    """Not working with a brand's competitors in a category costs a fee per month."""

    rate_card = models.ForeignKey(RateCard, on_delete=models.CASCADE, related_name="exclusivity_fees")
    category = models.CharField(max_length=60)
    fee_per_month = models.DecimalField(max_digits=12, decimal_places=2, validators=PRICE_BOUNDS)

    class Meta:
        ordering = ["category"]
        constraints = [
            models.UniqueConstraint(fields=["rate_card", "category"], name="one_fee_per_category"),
            models.CheckConstraint(name="exclusivity_fee_nonnegative", condition=Q(fee_per_month__gte=0)),
            models.CheckConstraint(name="exclusivity_fee_bounded", condition=Q(fee_per_month__lte=MAX_PRICE)),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.fee_per_month}/month"
