"""FilterSets for list endpoints. Related objects are filtered by UUID; a UUID the user cannot
see simply matches nothing, the same as an unknown one."""

import django_filters

from campaigns.models import (
    BrandContact,
    Campaign,
    CampaignStatus,
    Deliverable,
    DeliverableStatus,
    DeliverableType,
    Invoice,
    InvoiceStatus,
    RateCard,
)
from influencer_platform.common.money import CURRENCY_CHOICES


class BrandContactFilter(django_filters.FilterSet):
    brand = django_filters.UUIDFilter(field_name="brand__uuid")

    class Meta:
        model = BrandContact
        fields = ["brand"]


class CampaignFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=CampaignStatus.choices)
    brand = django_filters.UUIDFilter(field_name="brand__uuid")
    currency = django_filters.ChoiceFilter(choices=CURRENCY_CHOICES)
    starts_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte")
    starts_before = django_filters.DateFilter(field_name="start_date", lookup_expr="lte")

    class Meta:
        model = Campaign
        fields = ["status", "brand", "currency"]


class DeliverableFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=DeliverableStatus.choices)
    deliverable_type = django_filters.MultipleChoiceFilter(choices=DeliverableType.choices)
    campaign = django_filters.UUIDFilter(field_name="campaign__uuid")
    persona = django_filters.UUIDFilter(field_name="persona__uuid")
    brand = django_filters.UUIDFilter(field_name="campaign__brand__uuid")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Deliverable
        fields = ["status", "deliverable_type", "campaign", "persona", "brand"]


class InvoiceFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=InvoiceStatus.choices)
    campaign = django_filters.UUIDFilter(field_name="campaign__uuid")
    brand = django_filters.UUIDFilter(field_name="campaign__brand__uuid")
    currency = django_filters.ChoiceFilter(choices=CURRENCY_CHOICES)
    issued_after = django_filters.DateFilter(field_name="issue_date", lookup_expr="gte")
    issued_before = django_filters.DateFilter(field_name="issue_date", lookup_expr="lte")

    class Meta:
        model = Invoice
        fields = ["status", "campaign", "brand", "currency"]


class RateCardFilter(django_filters.FilterSet):
    persona = django_filters.UUIDFilter(field_name="persona__uuid")
    currency = django_filters.ChoiceFilter(choices=CURRENCY_CHOICES)

    class Meta:
        model = RateCard
        fields = ["persona", "currency"]
