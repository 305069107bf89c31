"""Page forms for the motion library and the generate page. Parameters are validated by the service."""

import uuid

from django import forms

from generation.services.job_parameters import SCHEDULERS

# Starting points for the parameter fields; anything typed into a field wins over the preset.
PRESETS = {
    "draft": {"width": 256, "height": 384, "frames": 16, "steps": 10, "guidance_scale": 3.0},
    "standard": {"width": 512, "height": 768, "frames": 24, "steps": 25, "guidance_scale": 3.5},
    "final": {"width": 576, "height": 1024, "frames": 48, "steps": 40, "guidance_scale": 3.5},
}
PRESET_CHOICES = [
    ("draft", "Draft: small and fast, for checking the motion"),
    ("standard", "Standard: the usual review quality"),
    ("final", "Final: full size for publishing"),
]
PARAMETER_FIELDS = (
    "width",
    "height",
    "frames",
    "steps",
    "guidance_scale",
    "seed",
    "scheduler",
    "context_frames",
    "context_overlap",
)


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
    preset = forms.ChoiceField(choices=PRESET_CHOICES, initial="standard", widget=forms.RadioSelect)
    width = forms.IntegerField(required=False, help_text="Multiple of 8.")
    height = forms.IntegerField(required=False, help_text="Multiple of 8.")
    frames = forms.IntegerField(required=False)
    steps = forms.IntegerField(required=False, label="Denoising steps")
    guidance_scale = forms.FloatField(required=False)
    seed = forms.IntegerField(required=False, help_text="Empty: a random seed, stored with the job.")
    scheduler = forms.ChoiceField(choices=[("", "Default")] + [(s, s) for s in SCHEDULERS], required=False)
    context_frames = forms.IntegerField(required=False, help_text="Frames the model sees at once.")
    context_overlap = forms.IntegerField(required=False, help_text="Frames shared by neighbouring windows.")
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, images, motions, deliverables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference_image"].queryset = images
        self.fields["motion"].queryset = motions
        self.fields["deliverable"].queryset = deliverables
        self.fields["deliverable"].label_from_instance = lambda d: f"{d} · {d.campaign.brand}"
        self.fields["idempotency_key"].initial = uuid.uuid4().hex  # a double submit makes one job

    def parameters(self) -> dict:
        """The preset's values, overridden by every field the user filled in."""
        params = dict(PRESETS[self.cleaned_data["preset"]])
        for name in PARAMETER_FIELDS:
            value = self.cleaned_data.get(name)
            if value not in (None, ""):
                params[name] = value
        return params

    @staticmethod
    def initial_from_job(job) -> dict:
        """Prefill a re-run with everything the earlier job used."""
        initial = {name: job.parameters.get(name) for name in PARAMETER_FIELDS}
        initial.update(
            reference_image=job.reference_image,
            motion=job.motion,
            deliverable=job.deliverable,
            preset="standard",
        )
        return initial
