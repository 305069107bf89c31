from rest_framework import serializers

from influencer_platform.api.fields import FileUrlField
from personas.models import (
    CHECK_SETTING_MAX,
    CHECK_SETTING_MIN,
    MAX_FOLLOWERS,
    Channel,
    ImageLabel,
    Persona,
    ReferenceImage,
)
from personas.selectors import primary_image, total_followers


class ChannelSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = Channel
        fields = ["id", "platform", "handle", "url", "follower_count"]


class ChannelInputSerializer(serializers.Serializer):
    platform = serializers.ChoiceField(choices=Channel._meta.get_field("platform").choices)
    handle = serializers.CharField(max_length=100)
    url = serializers.URLField(required=False, allow_blank=True, default="")
    follower_count = serializers.IntegerField(min_value=0, max_value=MAX_FOLLOWERS, default=0)


class FollowerSnapshotInputSerializer(serializers.Serializer):
    follower_count = serializers.IntegerField(min_value=0, max_value=MAX_FOLLOWERS)
    date = serializers.DateField(required=False)


class ReferenceImageSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    persona = serializers.UUIDField(source="persona.uuid", read_only=True)
    url = FileUrlField(source="image")

    class Meta:
        model = ReferenceImage
        fields = [
            "id", "persona", "url", "width", "height", "label", "is_primary",
            "provenance", "consent_notes", "original_filename", "created_at",
        ]  # fmt: skip


class ReferenceImageUploadSerializer(serializers.Serializer):
    image = serializers.FileField()
    label = serializers.ChoiceField(choices=ImageLabel.choices, default=ImageLabel.FULL_BODY)
    provenance = serializers.CharField(required=False, allow_blank=True, default="")
    consent_notes = serializers.CharField(required=False, allow_blank=True, default="")
    make_primary = serializers.BooleanField(required=False, allow_null=True, default=None)


class ReferenceImageUpdateSerializer(serializers.Serializer):
    label = serializers.ChoiceField(choices=ImageLabel.choices, required=False)
    provenance = serializers.CharField(required=False, allow_blank=True)
    consent_notes = serializers.CharField(required=False, allow_blank=True)


# The identity threshold and the appearance floor: two decimals with the model's bounds.
CHECK_SETTING_FIELD = {
    "max_digits": 3,
    "decimal_places": 2,
    "min_value": CHECK_SETTING_MIN,
    "max_value": CHECK_SETTING_MAX,
    "required": False,
}


class PersonaSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    zodiac_sign = serializers.CharField(read_only=True)
    channels = ChannelSerializer(many=True, read_only=True)
    images = ReferenceImageSerializer(many=True, read_only=True)
    primary_image = serializers.SerializerMethodField()
    total_followers = serializers.SerializerMethodField()
    commission_percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    identity_threshold = serializers.DecimalField(**CHECK_SETTING_FIELD)
    appearance_floor = serializers.DecimalField(**CHECK_SETTING_FIELD)
    personality = serializers.ListField(child=serializers.CharField(max_length=60), required=False)
    interests = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    never_topics = serializers.ListField(child=serializers.CharField(max_length=100), required=False)

    class Meta:
        model = Persona
        fields = [
            "id", "name", "handle", "slug", "status", "bio", "backstory", "personality", "birthday",
            "zodiac_sign", "home_city", "interests", "style_notes", "voice", "never_topics",
            "brand_safety", "private_notes", "commission_percent", "identity_threshold", "appearance_floor",
            "channels", "images", "primary_image", "total_followers", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"slug": {"required": False}}

    def get_primary_image(self, obj) -> str | None:
        image = primary_image(obj)
        return str(image.uuid) if image else None

    def get_total_followers(self, obj) -> int:
        return total_followers(obj)

    def validate(self, attrs):
        # Uniqueness and the rest are enforced by the service; the ModelSerializer's own
        # unique validators would query once more per field.
        return attrs

    def get_validators(self):
        return []
