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
    relationship = serializers.CharField()
    sha256 = serializers.CharField()


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
