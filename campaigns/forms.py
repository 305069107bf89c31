"""Page forms for brands, campaigns, deliverables, invoices and reviews: parsing only, no rules."""

from datetime import date

from django import forms
from django.utils import timezone

from campaigns.models import CampaignStatus, DeliverableStatus, DeliverableType, UsageTerm
from influencer_platform.common.money import CURRENCY_CHOICES
from personas.forms import ListField


class BrandForm(forms.Form):
    name = forms.CharField(max_length=150)
    slug = forms.SlugField(max_length=80, help_text="Short name for URLs and invoices.")
    website = forms.URLField(required=False, assume_scheme="https")
    billing_address = forms.CharField(widget=forms.Textarea, required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False, help_text="Agency only.")


class BrandContactForm(forms.Form):
    name = forms.CharField(max_length=150)
    email = forms.EmailField()
    phone = forms.CharField(max_length=40, required=False)
    role = forms.CharField(max_length=100, required=False)


class CampaignForm(forms.Form):
    name = forms.CharField(max_length=200)
    brief = forms.CharField(widget=forms.Textarea, required=False)
    objectives = forms.CharField(widget=forms.Textarea, required=False)
    start_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    budget = forms.DecimalField(max_digits=12, decimal_places=2, required=False, min_value=0)
    currency = forms.ChoiceField(choices=CURRENCY_CHOICES, initial="EUR")


class CampaignCreateForm(CampaignForm):
    brand = forms.ModelChoiceField(queryset=None, to_field_name="uuid")
    field_order = ["brand", "name"]

    def __init__(self, *args, brands, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["brand"].queryset = brands


class CampaignTransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=CampaignStatus.choices)


class DeliverableForm(forms.Form):
    persona = forms.ModelChoiceField(queryset=None, to_field_name="uuid")
    title = forms.CharField(max_length=200, required=False)
    deliverable_type = forms.ChoiceField(choices=DeliverableType.choices)
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    caption = forms.CharField(widget=forms.Textarea, required=False)
    hashtags = ListField(required=False, help_text="Without #, separated by commas.")
    disclosure_text = forms.CharField(max_length=200, required=False, initial="#ad")
    usage_term = forms.ChoiceField(choices=UsageTerm.choices, initial=UsageTerm.ORGANIC_30D)
    exclusivity_category = forms.CharField(max_length=60, required=False)
    exclusivity_months = forms.IntegerField(min_value=0, initial=0)
    rush = forms.BooleanField(required=False)
    extra_revision_rounds = forms.IntegerField(min_value=0, initial=0)

    def __init__(self, *args, personas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = personas


class DeliverableTransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=DeliverableStatus.choices)
    note = forms.CharField(required=False, max_length=2000)
    scheduled_for = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    published_url = forms.URLField(required=False, assume_scheme="https", label="Published link")


class CommentForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Comment", max_length=5000)


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="What should change?", required=False, max_length=5000
    )


class InvoiceCreateForm(forms.Form):
    deliverables = forms.ModelMultipleChoiceField(
        queryset=None, to_field_name="uuid", widget=forms.CheckboxSelectMultiple, required=False
    )
    due_in_days = forms.IntegerField(min_value=0, initial=30, label="Payment terms (days)")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, deliverables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deliverables"].queryset = deliverables
        self.fields["deliverables"].label_from_instance = lambda d: f"{d} · {d.price} {d.currency}"


class PaymentForm(forms.Form):
    amount = forms.DecimalField(max_digits=12, decimal_places=2)
    currency = forms.ChoiceField(choices=CURRENCY_CHOICES)
    received_on = forms.DateField(initial=date.today, widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(max_length=120, required=False)


class IssueInvoiceForm(forms.Form):
    issue_date = forms.DateField(initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}))
