"""Page forms for personas. They parse input; the services decide what is allowed."""

from datetime import date
from decimal import Decimal

from django import forms

from personas.models import (
    CHECK_SETTING_MAX,
    CHECK_SETTING_MIN,
    DEFAULT_APPEARANCE_FLOOR,
    DEFAULT_IDENTITY_THRESHOLD,
    MAX_FOLLOWERS,
    BrandSafety,
    ImageLabel,
    Persona,
    PersonaStatus,
    Platform,
)


class ListField(forms.CharField):
    """A list of short words typed as comma- or line-separated text."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]


class PersonaForm(forms.Form):
    name = forms.CharField(max_length=120)
    handle = forms.CharField(max_length=60, help_text="Public handle, without the @.")
    status = forms.ChoiceField(choices=PersonaStatus.choices, initial=PersonaStatus.DRAFT)
    bio = forms.CharField(widget=forms.Textarea, required=False)
    personality = ListField(required=False, help_text="Personality words, separated by commas.")
    interests = ListField(required=False, help_text="Separated by commas.")
    backstory = forms.CharField(widget=forms.Textarea, required=False)
    voice = forms.CharField(widget=forms.Textarea, required=False, label="Voice and tone")
    never_topics = ListField(
        widget=forms.Textarea, required=False, label="Never-do topics", help_text="One per line or comma."
    )
    style_notes = forms.CharField(widget=forms.Textarea, required=False)
    birthday = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    home_city = forms.CharField(max_length=120, required=False)
    brand_safety = forms.ChoiceField(choices=BrandSafety.choices, initial=BrandSafety.GENERAL)
    commission_percent = forms.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, initial=20, label="Commission %"
    )
    identity_threshold = forms.DecimalField(
        max_digits=3,
        decimal_places=2,
        min_value=CHECK_SETTING_MIN,
        max_value=CHECK_SETTING_MAX,
        initial=DEFAULT_IDENTITY_THRESHOLD,
        required=False,
        label="Identity threshold",
        help_text="Renders whose face score falls below this are flagged (0.40 is the same-person cutoff).",
    )
    appearance_floor = forms.DecimalField(
        max_digits=3,
        decimal_places=2,
        min_value=CHECK_SETTING_MIN,
        max_value=CHECK_SETTING_MAX,
        initial=DEFAULT_APPEARANCE_FLOOR,
        required=False,
        label="Appearance floor",
        help_text="Renders whose whole figure stops resembling the reference (similarity below this over "
        "a stretch of frames) are flagged as collapsed.",
    )
    private_notes = forms.CharField(widget=forms.Textarea, required=False, help_text="Agency only.")

    def _default_when_empty(self, name: str) -> Decimal:
        """Left empty: the documented default, as an API call that omits it gets."""
        value = self.cleaned_data.get(name)
        return Persona._meta.get_field(name).default if value is None else value

    def clean_identity_threshold(self) -> Decimal:
        return self._default_when_empty("identity_threshold")

    def clean_appearance_floor(self) -> Decimal:
        return self._default_when_empty("appearance_floor")

    @classmethod
    def initial_for(cls, persona: Persona) -> dict:
        return {name: getattr(persona, name) for name in cls.base_fields}


class PersonaCreateForm(PersonaForm):
    image = forms.FileField(
        required=False, label="First reference image", help_text="PNG, JPEG or WebP; it becomes the primary."
    )
    image_label = forms.ChoiceField(
        choices=ImageLabel.choices, initial=ImageLabel.FULL_BODY, label="Image label"
    )


class ReferenceImageUploadForm(forms.Form):
    # A FileField, not ImageField: the upload service does the (stricter) image validation.
    image = forms.FileField(label="Image file")
    label = forms.ChoiceField(choices=ImageLabel.choices, initial=ImageLabel.FULL_BODY)
    provenance = forms.CharField(required=False, help_text="Tool, artist or shoot.")
    consent_notes = forms.CharField(required=False)


class ReferenceImageLabelForm(forms.Form):
    label = forms.ChoiceField(choices=ImageLabel.choices)


class ChannelForm(forms.Form):
    platform = forms.ChoiceField(choices=Platform.choices)
    handle = forms.CharField(max_length=100, help_text="Without the @.")
    url = forms.URLField(required=False, assume_scheme="https", label="Link")
    follower_count = forms.IntegerField(
        min_value=0, max_value=MAX_FOLLOWERS, initial=0, label="Followers today"
    )


class ChannelEditForm(forms.Form):
    handle = forms.CharField(max_length=100, help_text="Without the @.")
    url = forms.URLField(required=False, assume_scheme="https", label="Link")


class FollowerSnapshotForm(forms.Form):
    follower_count = forms.IntegerField(min_value=0, max_value=MAX_FOLLOWERS, label="Followers")
    on = forms.DateField(initial=date.today, widget=forms.DateInput(attrs={"type": "date"}), label="On")
