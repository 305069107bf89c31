"""Page forms for the motion library and the generate page. Parameters are validated by the service."""

import uuid

from django import forms

from animation.backends import DEFAULT_BACKEND, all_backends
from animation.params import DEFAULT_PRESET, PRESETS, ParamSpec, param_specs, preset_values
from generation.services.job_parameters import (
    JobParameters,
    backends_of_parameter,
    job_parameter_specs,
    job_parameters_class,
)

PRESET_CHOICES = [(name, label) for name, (label, _) in PRESETS.items()]


def parameter_form_field(spec: ParamSpec) -> forms.Field:
    """A form field for one schema parameter. It only converts text to the field's type: the schema
    checks limits (once, with the same messages as every other door); the browser gets the limits as
    attributes for early hints."""
    attrs = {"data-param": spec.name, "data-backends": " ".join(backends_of_parameter()[spec.name])}
    if spec.kind is not str:
        attrs.update(
            {k: v for k, v in (("min", spec.minimum), ("max", spec.maximum)) if v is not None},
            step=spec.multiple_of or (1 if spec.kind is int else "any"),
        )
    if spec.default is None and spec.null_means:
        attrs["placeholder"] = spec.null_means
    common = {"required": False, "label": spec.label, "help_text": spec.help}
    if spec.choices:
        return forms.ChoiceField(
            choices=[("", "Default")] + [(c, c) for c in spec.choices],
            widget=forms.Select(attrs=attrs),
            **common,
        )
    if spec.kind is int:
        return forms.IntegerField(widget=forms.NumberInput(attrs=attrs), **common)
    if spec.kind is float:
        return forms.FloatField(widget=forms.NumberInput(attrs=attrs), **common)
    return forms.CharField(widget=forms.TextInput(attrs=attrs), **common)


def parameter_groups(form: forms.Form) -> list[tuple[str, list[forms.BoundField]]]:
    """The form's parameter fields grouped as the schema groups them, for the template."""
    groups: dict[str, list] = {}
    for spec in job_parameter_specs():
        if spec.name != "backend":  # the backend picker sits above the parameters
            groups.setdefault(spec.group, []).append(form[spec.name])
    return [(JobParameters.GROUPS.get(name, name), fields) for name, fields in groups.items()]


class MotionUploadForm(forms.Form):
    name = forms.CharField(max_length=150)
    file = forms.FileField(label="Driving video", help_text="MP4, MOV or WebM of one person moving.")
    tags = forms.CharField(required=False, help_text="Separated by commas.")
    performer = forms.CharField(max_length=150, required=False, help_text="Who performed the movement.")
    licence_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Consent or licence"
    )

    def clean_tags(self):
        return [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]


class MotionAlignForm(forms.Form):
    reference_image = forms.ModelChoiceField(queryset=None, to_field_name="uuid", label="Persona image")

    def __init__(self, *args, images, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference_image"].queryset = images
        self.fields["reference_image"].label_from_instance = lambda image: str(image)


class GenerateForm(forms.Form):
    """The generate page. Parameter fields are generated from the schema; empty ones take the preset's
    value, then the schema's default."""

    reference_image = forms.ModelChoiceField(
        queryset=None, to_field_name="uuid", widget=forms.RadioSelect, label="Persona image"
    )
    motion = forms.ModelChoiceField(queryset=None, to_field_name="uuid")
    deliverable = forms.ModelChoiceField(
        queryset=None,
        to_field_name="uuid",
        required=False,
        help_text="Optional: the render becomes a version.",
    )
    backend = forms.ChoiceField(
        choices=[(backend.name, backend.title) for backend in all_backends()],
        initial=DEFAULT_BACKEND,
        required=False,
        widget=forms.RadioSelect,
        label="Model",
        help_text="Only the chosen model's parameters are shown and sent.",
    )
    preset = forms.ChoiceField(choices=PRESET_CHOICES, initial=DEFAULT_PRESET, widget=forms.RadioSelect)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)
    rerun_of = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, images, motions, deliverables, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in job_parameter_specs():
            if spec.name != "backend":
                self.fields[spec.name] = parameter_form_field(spec)
        self.fields["reference_image"].queryset = images
        self.fields["motion"].queryset = motions
        self.fields["deliverable"].queryset = deliverables
        self.fields["deliverable"].label_from_instance = lambda d: f"{d} · {d.campaign.brand}"
        self.fields["idempotency_key"].initial = uuid.uuid4().hex  # a double submit makes one job

    def parameters(self) -> dict:
        """The chosen backend's parameters: the preset's values, overridden by every field the user
        filled in; another backend's fields are left out."""
        backend = self.cleaned_data.get("backend") or DEFAULT_BACKEND
        names = {spec.name for spec in param_specs(job_parameters_class(backend))}
        preset = preset_values(self.cleaned_data.get("preset") or DEFAULT_PRESET)
        params = {name: value for name, value in preset.items() if name in names}
        for name in names - {"backend"}:
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                params[name] = value
        params["backend"] = backend
        return params

    @staticmethod
    def initial_from_job(job) -> dict:
        """Prefill a re-run with everything the earlier job used, the seed included."""
        initial = {spec.name: job.parameters.get(spec.name) for spec in job_parameter_specs()}
        initial["backend"] = job.parameters.get("backend") or DEFAULT_BACKEND
        initial.update(
            reference_image=job.reference_image,
            motion=job.motion,
            deliverable=job.deliverable,
            preset=DEFAULT_PRESET,
            rerun_of=str(job.uuid),
        )
        return initial
