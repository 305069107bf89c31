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
