from django import forms


class PublicationPlanForm(forms.Form):
    channel = forms.ChoiceField(label="Channel")
    caption = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text="Leave empty to use the deliverable's caption.",
    )
    hashtags = forms.CharField(
        required=False, max_length=2000, help_text="Space separated, without #; empty uses the deliverable's."
    )
    scheduled_for = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [
            (str(channel.uuid), f"{channel.get_platform_display()} @{channel.handle}") for channel in channels
        ]

    def clean_hashtags(self):
        raw = self.cleaned_data["hashtags"].strip()
        if not raw:
            return None
        tags = [tag.lstrip("#") for tag in raw.replace(",", " ").split() if tag.lstrip("#")]
        if len(tags) > 60:
            raise forms.ValidationError("At most 60 hashtags.")
        return tags


class PublicationRescheduleForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Move to")


class WithdrawForm(forms.Form):
    reason = forms.CharField(max_length=500, label="Why")


class MetricsImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: publication (id or the platform's post id), captured_at, then any of views, "
        "reach, likes, comments, shares, saves, watch_time_seconds, clicks.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("The file is larger than 5 MB; split it.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not UTF-8 text; export it as CSV (UTF-8).") from None
