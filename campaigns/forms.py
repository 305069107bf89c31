"""Page forms for brands, campaigns, deliverables, invoices and reviews: parsing only, no rules."""

import json
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone

from campaigns.models import CampaignStatus, CommentVisibility, DeliverableStatus, DeliverableType, UsageTerm
from influencer_platform.common.errors import ServiceError
from influencer_platform.common.money import (
    CURRENCY_CHOICES,
    MAX_MULTIPLIER,
    MAX_PRICE,
    MAX_SURCHARGE_PERCENT,
)
from influencer_platform.templatetags.studio_format import format_money
from personas.forms import ListField


class BrandForm(forms.Form):
    name = forms.CharField(max_length=150)
    slug = forms.SlugField(
        max_length=80,
        required=False,
        help_text="Short name for URLs and invoices; leave empty to make one from the name.",
    )
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

    def __init__(self, *args, personas, priced_types: dict[str, list[str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persona"].queryset = personas
        if priced_types is not None:
            # The page script greys out the types the chosen persona's rate card does not price.
            self.fields["deliverable_type"].widget.attrs["data-priced-types"] = json.dumps(priced_types)


class BoardFilterForm(forms.Form):
    campaign = forms.ModelChoiceField(
        queryset=None, to_field_name="uuid", required=False, empty_label="All campaigns"
    )
    persona = forms.ModelChoiceField(
        queryset=None, to_field_name="uuid", required=False, empty_label="All personas"
    )
    brand = forms.ModelChoiceField(
        queryset=None, to_field_name="uuid", required=False, empty_label="All brands"
    )
    due_before = forms.DateField(
        required=False, label="Due by", widget=forms.DateInput(attrs={"type": "date"})
    )
    overdue = forms.BooleanField(required=False, label="Overdue only")
    all = forms.BooleanField(required=False, label="Include published and cancelled")

    def __init__(self, *args, campaigns, personas, brands, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns.select_related("brand")
        self.fields["campaign"].label_from_instance = lambda c: f"{c.brand.name} · {c.name}"
        self.fields["persona"].queryset = personas
        self.fields["brand"].queryset = brands


class DeliverableTransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=DeliverableStatus.choices)
    note = forms.CharField(required=False, max_length=2000)
    scheduled_for = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    published_url = forms.URLField(required=False, assume_scheme="https", label="Published link")
    identity_override_reason = forms.CharField(
        required=False,
        max_length=500,
        label="Identity override reason",
        help_text="Only when the newest version is below the persona's identity threshold.",
    )
    client_note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Note to the client",
        help_text="Shown with the version you share.",
    )
    resend_reason = forms.CharField(
        required=False,
        max_length=500,
        label="Reason to send again without a new version",
        help_text="Only when the client has already seen the newest version.",
    )


class CommentForm(forms.Form):
    """A comment, optionally pinned to a moment (and a box) of one version, or a reply in a thread.
    The player's "pin" button and the C key fill the pin; the seconds can also be typed."""

    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Comment", max_length=5000)
    timecode_seconds = forms.DecimalField(
        required=False,
        min_value=0,
        max_value=3600,
        decimal_places=3,
        label="At second",
        help_text="Optional: the moment of the video this is about.",
        widget=forms.NumberInput(attrs={"step": "0.1", "data-timecode": ""}),
    )
    job = forms.UUIDField(required=False, widget=forms.HiddenInput(attrs={"data-version": ""}))
    region = forms.RegexField(
        required=False,
        regex=r"^\d(\.\d{1,4})?(,\d(\.\d{1,4})?){3}$",
        widget=forms.HiddenInput(attrs={"data-region": ""}),
        error_messages={"invalid": "region is x,y,width,height as fractions of the frame."},
    )
    parent = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def pin(self, *, deliverable, user) -> dict:
        """The service's keyword arguments for the pin and the thread, from the cleaned uuids."""
        from campaigns.selectors import comments_for_deliverable
        from generation.selectors import generation_jobs_for_user

        data = self.cleaned_data
        pinned = {"timecode_seconds": data.get("timecode_seconds")}
        if data.get("job"):
            job = (
                generation_jobs_for_user(user=user).filter(uuid=data["job"], deliverable=deliverable).first()
            )
            if job is None:
                raise ServiceError("That version is not one of this deliverable's renders.", field="job")
            pinned["job"] = job
        if data.get("region"):
            pinned["region"] = tuple(float(part) for part in data["region"].split(","))
        if data.get("parent"):
            parent = (
                comments_for_deliverable(deliverable=deliverable, user=user)
                .filter(uuid=data["parent"])
                .first()
            )
            if parent is None:
                raise ServiceError("No such comment to reply to.", field="parent")
            pinned["parent"] = parent
        return pinned


class AgencyCommentForm(CommentForm):
    """The agency chooses, each time, whether the brand will read the comment."""

    visibility = forms.ChoiceField(
        choices=CommentVisibility.choices, widget=forms.RadioSelect, label="Who can read it"
    )


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
        self.fields["deliverables"].label_from_instance = lambda d: (
            f"{d} · {format_money(d.price, d.currency)}"
        )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(max_digits=12, decimal_places=2)
    currency = forms.ChoiceField(choices=CURRENCY_CHOICES)
    received_on = forms.DateField(initial=date.today, widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(max_length=120, required=False)


class IssueInvoiceForm(forms.Form):
    issue_date = forms.DateField(initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"}))


class RateCardForm(forms.Form):
    """One price box per deliverable type and one multiplier box per usage term; an empty box
    means the persona does not offer it. Exclusivity fees are one "category: fee" per line."""

    currency = forms.ChoiceField(choices=CURRENCY_CHOICES, initial="EUR")
    rush_surcharge_percent = forms.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=MAX_SURCHARGE_PERCENT,
        initial=25,
        label="Rush surcharge (%)",
    )
    included_revision_rounds = forms.IntegerField(min_value=0, max_value=20, initial=2)
    extra_revision_round_price = forms.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, max_value=MAX_PRICE, initial=0
    )
    exclusivity_fees = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Exclusivity fees per month",
        help_text="One per line: category: fee, for example “Beauty: 400”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in DeliverableType.choices:
            self.fields[f"price_{value}"] = forms.DecimalField(
                max_digits=12, decimal_places=2, min_value=0, max_value=MAX_PRICE, required=False,
                label=f"{label} price",
            )  # fmt: skip
        for value, label in UsageTerm.choices:
            if value == UsageTerm.ORGANIC_30D:
                continue
            self.fields[f"usage_{value}"] = forms.DecimalField(
                max_digits=6, decimal_places=3, min_value=1, max_value=MAX_MULTIPLIER, required=False,
                label=f"{label} multiplier",
            )  # fmt: skip

    @classmethod
    def initial_for(cls, rate_card) -> dict:
        if rate_card is None:
            return {}
        initial = {name: getattr(rate_card, name) for name in RATE_CARD_FIELDS}
        initial.update({f"price_{p.deliverable_type}": p.base_price for p in rate_card.prices.all()})
        initial.update(
            {
                f"usage_{m.term}": m.multiplier
                for m in rate_card.usage_multipliers.all()
                if m.term != UsageTerm.ORGANIC_30D
            }
        )
        initial["exclusivity_fees"] = "\n".join(
            f"{fee.category}: {fee.fee_per_month}" for fee in rate_card.exclusivity_fees.all()
        )
        return initial

    def clean_exclusivity_fees(self) -> list[dict]:
        rows, problems = [], []
        for number, line in enumerate(self.cleaned_data["exclusivity_fees"].splitlines(), start=1):
            if not line.strip():
                continue
            category, sep, fee = line.rpartition(":")
            try:
                amount = Decimal(fee.strip())
            except InvalidOperation:
                amount = None
            if not sep or not category.strip() or amount is None or not 0 <= amount <= MAX_PRICE:
                problems.append(f"Line {number} should read “category: fee”, with a fee of 0 or more.")
                continue
            rows.append(
                {"category": category.strip()[:60], "fee_per_month": amount.quantize(Decimal("0.01"))}
            )
        if problems:
            raise forms.ValidationError(problems)
        return rows

    def service_data(self) -> dict:
        """The cleaned form in the shape ``rate_card_create``/``rate_card_update`` take."""
        data = self.cleaned_data
        return {
            **{name: data[name] for name in RATE_CARD_FIELDS},
            "prices": [
                {"deliverable_type": value, "base_price": data[f"price_{value}"]}
                for value in DeliverableType.values
                if data.get(f"price_{value}") is not None
            ],
            "usage_multipliers": [
                {"term": value, "multiplier": data[f"usage_{value}"]}
                for value in UsageTerm.values
                if data.get(f"usage_{value}") is not None
            ],
            "exclusivity_fees": data["exclusivity_fees"],
        }


RATE_CARD_FIELDS = (
    "currency",
    "rush_surcharge_percent",
    "included_revision_rounds",
    "extra_revision_round_price",
)
