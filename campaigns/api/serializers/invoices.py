from decimal import Decimal

from rest_framework import serializers

from campaigns.models import Campaign, Deliverable, Invoice, InvoiceLine, Payment
from campaigns.selectors import campaigns_for_user, deliverables_for_user
from influencer_platform.api.fields import PlainDecimalField, ScopedUUIDField
from influencer_platform.common.money import CURRENCY_CHOICES, MAX_AMOUNT


class InvoiceLineSerializer(serializers.ModelSerializer):
    deliverable = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = InvoiceLine
        fields = ["deliverable", "description", "amount"]
        read_only_fields = fields


class InvoiceSerializer(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    brand = serializers.UUIDField(source="campaign.brand.uuid", read_only=True)
    brand_name = serializers.CharField(source="campaign.brand.name", read_only=True)
    lines = InvoiceLineSerializer(many=True, read_only=True)
    amount_paid = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "uuid",
            "number",
            "campaign",
            "campaign_name",
            "brand",
            "brand_name",
            "currency",
            "status",
            "issue_date",
            "due_date",
            "payment_terms_days",
            "total",
            "amount_paid",
            "lines",
            "notes",
            "paid_at",
            "voided_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class InvoiceCreateSerializer(serializers.Serializer):
    campaign = ScopedUUIDField(selector=campaigns_for_user, queryset=Campaign.objects.all())
    deliverables = ScopedUUIDField(
        selector=deliverables_for_user, queryset=Deliverable.objects.all(), many=True
    )
    due_in_days = serializers.IntegerField(min_value=0, max_value=365, default=30)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class InvoiceUpdateSerializer(serializers.Serializer):
    notes = serializers.CharField(required=False, allow_blank=True)
    due_in_days = serializers.IntegerField(min_value=0, max_value=365, required=False)


class InvoiceIssueSerializer(serializers.Serializer):
    issue_date = serializers.DateField(required=False, allow_null=True, default=None)


class InvoiceVoidSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["uuid", "amount", "currency", "received_on", "reference", "created_at"]
        read_only_fields = fields


class PaymentInputSerializer(serializers.Serializer):
    amount = PlainDecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), max_value=MAX_AMOUNT
    )
    currency = serializers.ChoiceField(choices=CURRENCY_CHOICES)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
