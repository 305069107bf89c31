from rest_framework import serializers

from campaigns.models import (
    DeliverableType,
    ExclusivityFee,
    RateCard,
    RateCardPrice,
    UsageRightsMultiplier,
    UsageTerm,
)
from campaigns.services.quotes import INCLUDED_USAGE_TERM
from influencer_platform.api.fields import PlainDecimalField, ScopedUUIDField
from influencer_platform.common.money import (
    CURRENCY_CHOICES,
    MAX_EXCLUSIVITY_MONTHS,
    MAX_EXTRA_REVISION_ROUNDS,
    MAX_MULTIPLIER,
    MAX_PRICE,
    MAX_SURCHARGE_PERCENT,
)
from personas.models import Persona


def _all_personas(*, user):
    return Persona.objects.all()  # rate cards are agency-only


class RateCardPriceSerializer(serializers.ModelSerializer):
    base_price = PlainDecimalField(max_digits=12, decimal_places=2, min_value=0, max_value=MAX_PRICE)

    class Meta:
        model = RateCardPrice
        fields = ["deliverable_type", "base_price"]


class UsageRightsMultiplierSerializer(serializers.ModelSerializer):
    multiplier = PlainDecimalField(max_digits=6, decimal_places=3, min_value=1, max_value=MAX_MULTIPLIER)

    class Meta:
        model = UsageRightsMultiplier
        fields = ["term", "multiplier"]


class ExclusivityFeeSerializer(serializers.ModelSerializer):
    fee_per_month = PlainDecimalField(max_digits=12, decimal_places=2, min_value=0, max_value=MAX_PRICE)

    class Meta:
        model = ExclusivityFee
        fields = ["category", "fee_per_month"]


class RateCardSerializer(serializers.ModelSerializer):
    persona = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    persona_name = serializers.CharField(source="persona.name", read_only=True)
    prices = RateCardPriceSerializer(many=True, read_only=True)
    usage_multipliers = UsageRightsMultiplierSerializer(many=True, read_only=True)
    exclusivity_fees = ExclusivityFeeSerializer(many=True, read_only=True)

    class Meta:
        model = RateCard
        fields = [
            "uuid",
            "persona",
            "persona_name",
            "currency",
            "rush_surcharge_percent",
            "included_revision_rounds",
            "extra_revision_round_price",
            "prices",
            "usage_multipliers",
            "exclusivity_fees",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RateCardInputSerializer(serializers.Serializer):
    persona = ScopedUUIDField(selector=_all_personas, queryset=Persona.objects.all())
    currency = serializers.ChoiceField(choices=CURRENCY_CHOICES, required=False)
    rush_surcharge_percent = PlainDecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=MAX_SURCHARGE_PERCENT, required=False
    )
    included_revision_rounds = serializers.IntegerField(min_value=0, max_value=20, required=False)
    extra_revision_round_price = PlainDecimalField(
        max_digits=12, decimal_places=2, min_value=0, max_value=MAX_PRICE, required=False
    )
    prices = RateCardPriceSerializer(many=True)
    usage_multipliers = UsageRightsMultiplierSerializer(many=True, required=False)
    exclusivity_fees = ExclusivityFeeSerializer(many=True, required=False)


class RateCardUpdateSerializer(RateCardInputSerializer):
    persona = None
    prices = RateCardPriceSerializer(many=True, required=False)


class QuoteRequestSerializer(serializers.Serializer):
    persona = ScopedUUIDField(selector=_all_personas, queryset=Persona.objects.all())
    deliverable_type = serializers.ChoiceField(choices=DeliverableType.choices)
    usage_term = serializers.ChoiceField(choices=UsageTerm.choices, default=INCLUDED_USAGE_TERM)
    exclusivity_category = serializers.CharField(required=False, allow_blank=True, default="")
    exclusivity_months = serializers.IntegerField(min_value=0, max_value=MAX_EXCLUSIVITY_MONTHS, default=0)
    rush = serializers.BooleanField(default=False)
    extra_revision_rounds = serializers.IntegerField(
        min_value=0, max_value=MAX_EXTRA_REVISION_ROUNDS, default=0
    )


class QuoteLineSerializer(serializers.Serializer):
    label = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    kind = serializers.ChoiceField(choices=["base", "usage_rights", "exclusivity", "rush", "extra_revisions"])


class QuoteSerializer(serializers.Serializer):
    currency = serializers.CharField()
    lines = QuoteLineSerializer(many=True)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    revision_rounds_allowed = serializers.IntegerField()
    locked = serializers.BooleanField(help_text="True when this is the price stored at contract.")
    locked_at = serializers.DateTimeField(allow_null=True)
