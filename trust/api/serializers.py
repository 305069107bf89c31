from django.conf import settings
from rest_framework import serializers


class VerifyRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An mp4, PNG, JPEG or WebP file.")

    def validate_file(self, value):
        if value.size > settings.C2PA_VERIFY_MAX_BYTES:
            raise serializers.ValidationError(
                f"The file is {value.size} bytes; the most this checks is {settings.C2PA_VERIFY_MAX_BYTES}."
            )
        return value


class IngredientSerializer(serializers.Serializer):
    title = serializers.CharField()
    format = serializers.CharField()
    relationship = serializers.CharField(help_text="inputTo, or parentOf for the previous version.")
    sha256 = serializers.CharField()
    consent_records = serializers.ListField(
        child=serializers.CharField(), help_text="Ids of the consent/licence ledger records that cover it."
    )


class VerificationSerializer(serializers.Serializer):
    has_manifest = serializers.BooleanField()
    valid = serializers.BooleanField()
    validation_state = serializers.CharField(help_text="The C2PA SDK's state: Invalid, Valid or Trusted.")
    signer = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField())
    digital_source_type = serializers.CharField()
    software_agent = serializers.CharField()
    ingredients = IngredientSerializer(many=True)
    problems = serializers.ListField(child=serializers.CharField())
    licences = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Ledger record ids per subject (motion, reference_image, model) from the manifest.",
    )


class SignedFileCredentialsSerializer(serializers.Serializer):
    """One signed file's stored credentials (checked right after signing)."""

    signed = serializers.BooleanField()
    valid = serializers.BooleanField(help_text="Validated against the trust anchors just after signing.")
    validation_state = serializers.CharField()
    signer = serializers.CharField()
    actions = serializers.ListField(child=serializers.CharField())
    ingredients = IngredientSerializer(many=True)
    error = serializers.CharField()


class RenderCredentialsSerializer(serializers.Serializer):
    """A render's content credentials: the mp4 and its poster, each signed with C2PA."""

    development_ca = serializers.BooleanField(help_text="Signed by the untrusted local development CA.")
    digital_source_type = serializers.CharField()
    parent_version = serializers.IntegerField(
        allow_null=True, help_text="The version this one was edited from (its parentOf ingredient)."
    )
    video = SignedFileCredentialsSerializer()
    poster = SignedFileCredentialsSerializer()


class DisclosureRuleSerializer(serializers.Serializer):
    platform = serializers.CharField(help_text="instagram, tiktok, youtube, or * for every platform.")
    jurisdiction = serializers.CharField(help_text="EU, US, US-NY, or * for every jurisdiction.")
    requirement = serializers.CharField(
        help_text="ai_label, ad_label, machine_readable_mark or platform_flag."
    )
    requirement_label = serializers.CharField()
    only_when_paid = serializers.BooleanField()
    platform_field = serializers.CharField(help_text="The platform's own flag name, for platform_flag rows.")
    reason = serializers.CharField()
    source = serializers.CharField()
    enforced_by = serializers.CharField()


class DisclosureRuleTableSerializer(serializers.Serializer):
    version = serializers.CharField()
    effective = serializers.CharField(help_text="Date this version took effect (YYYY-MM-DD).")
    rules = DisclosureRuleSerializer(many=True)


class IdentityWorstFrameSerializer(serializers.Serializer):
    frame = serializers.IntegerField()
    score = serializers.FloatField()
    image_url = serializers.URLField(help_text="Thumbnail of that frame (signed, short-lived).")


class IdentityCheckSerializer(serializers.Serializer):
    """How well a render keeps the persona's face: scores are 1 − dlib face distance, per frame."""

    status = serializers.ChoiceField(choices=["match", "below_threshold", "not_scored", "failed"])
    reason = serializers.CharField()
    method = serializers.CharField()
    threshold = serializers.DecimalField(max_digits=3, decimal_places=2)
    mean_score = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    worst_window_score = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    worst_window_start = serializers.IntegerField(allow_null=True)
    window_frames = serializers.IntegerField()
    frames_total = serializers.IntegerField()
    frames_scored = serializers.IntegerField()
    frames_below = serializers.IntegerField()
    frames_without_face = serializers.IntegerField()
    frame_scores = serializers.ListField(child=serializers.FloatField(allow_null=True))
    worst_frames = IdentityWorstFrameSerializer(many=True)
    appearance_status = serializers.ChoiceField(
        choices=["consistent", "collapsed", "not_scored"],
        help_text="Whole-figure check: cosine of the model's CLIP image embeddings to the closest reference.",
    )
    appearance_reason = serializers.CharField()
    appearance_method = serializers.CharField()
    appearance_floor = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    appearance_mean = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    appearance_worst_window_score = serializers.DecimalField(max_digits=5, decimal_places=4, allow_null=True)
    appearance_worst_window_start = serializers.IntegerField(allow_null=True)
    appearance_frames_below = serializers.IntegerField()
    appearance_scores = serializers.ListField(child=serializers.FloatField())
    checked_at = serializers.DateTimeField()


def identity_check_api(job, request=None) -> dict | None:
    """The job's identity check in ``IdentityCheckSerializer``'s shape, or None before it ran."""
    from django.core.files.storage import default_storage

    from trust.selectors import job_identity_check

    check = job_identity_check(job=job)
    if check is None:
        return None
    urls = []
    for worst in check.worst_frames:
        url = default_storage.url(worst["image"])
        if request is not None and url.startswith("/"):
            url = request.build_absolute_uri(url)
        urls.append({"frame": worst["frame"], "score": worst["score"], "image_url": url})
    names = [name for name in IdentityCheckSerializer().fields if name != "worst_frames"]
    fields = {name: getattr(check, name) for name in names}
    return IdentityCheckSerializer({**fields, "worst_frames": urls}).data
