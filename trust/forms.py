"""The add-a-record form of the consent panels (motion and persona pages); rules live in the service."""

from django import forms

from trust.models import ContentUse, RecordKind


class ConsentRecordForm(forms.Form):
    kind = forms.ChoiceField(choices=RecordKind.choices)
    motion = forms.UUIDField(required=False, widget=forms.HiddenInput)
    reference_image = forms.UUIDField(required=False)
    persona_only = forms.UUIDField(required=False, widget=forms.HiddenInput)
    holder = forms.CharField(max_length=200, label="Granted by")
    licence_name = forms.CharField(max_length=120, required=False, label="Licence")
    document_reference = forms.CharField(max_length=300, required=False, label="Where the document is")
    allowed_uses = forms.MultipleChoiceField(
        choices=ContentUse.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Allowed uses"
    )
    commercial_use = forms.BooleanField(required=False, initial=True, label="Commercial use allowed")
    starts_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
