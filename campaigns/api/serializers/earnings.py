from rest_framework import serializers

from influencer_platform.common.money import CURRENCY_CHOICES

GROUPS = [("persona_month", "Per persona and issue month"), ("brand", "Per brand")]


class EarningsQuerySerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=GROUPS, default="persona_month")
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    currency = serializers.ChoiceField(choices=CURRENCY_CHOICES, required=False)


class EarningsRowSerializer(serializers.Serializer):
    persona = serializers.UUIDField(source="persona_uuid", allow_null=True)
    persona_name = serializers.CharField()
    brand = serializers.UUIDField(source="brand_uuid", allow_null=True)
    brand_name = serializers.CharField()
    month = serializers.DateField(allow_null=True, help_text="First day of the issue month (persona_month).")
    gross = serializers.DecimalField(max_digits=14, decimal_places=2)
    commission = serializers.DecimalField(max_digits=14, decimal_places=2)
    net = serializers.DecimalField(max_digits=14, decimal_places=2)


class CurrencyEarningsSerializer(serializers.Serializer):
    currency = serializers.CharField()
    gross = serializers.DecimalField(max_digits=14, decimal_places=2)
    commission = serializers.DecimalField(max_digits=14, decimal_places=2)
    net = serializers.DecimalField(max_digits=14, decimal_places=2)
    rows = EarningsRowSerializer(many=True)


class EarningsReportSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=GROUPS)
    year = serializers.IntegerField(allow_null=True)
    currencies = serializers.DictField(
        child=CurrencyEarningsSerializer(), help_text="Keyed by currency code; amounts never mix currencies."
    )
