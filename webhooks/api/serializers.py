from rest_framework import serializers

from webhooks.models import EventType, WebhookAttempt, WebhookEndpoint

EVENT_CHOICES = ["*", *EventType.values]


class WebhookEndpointSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id", "url", "description", "events", "is_active", "disabled_at", "disabled_reason",
            "previous_secret_expires_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text="whsec_ + base64; shown once.")

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookEndpointInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES), min_length=1, max_length=len(EVENT_CHOICES)
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RotateSecretInputSerializer(serializers.Serializer):
    overlap_hours = serializers.IntegerField(min_value=0, max_value=7 * 24, default=24)


class WebhookAttemptSerializer(serializers.ModelSerializer):
    delivery = serializers.UUIDField(source="delivery.uuid", read_only=True)
    webhook_id = serializers.CharField(source="delivery.event.message_id", read_only=True)
    event_type = serializers.CharField(source="delivery.event.event_type", read_only=True)
    delivery_status = serializers.CharField(source="delivery.status", read_only=True)

    class Meta:
        model = WebhookAttempt
        fields = [
            "delivery", "webhook_id", "event_type", "number", "response_status", "duration_ms", "error",
            "response_excerpt", "delivery_status", "created_at",
        ]  # fmt: skip
        read_only_fields = fields
