from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from campaigns.models import Deliverable
from campaigns.selectors import deliverables_for_user
from influencer_platform.api.fields import ScopedUUIDField
from publishing import platforms
from publishing.models import MAX_METRIC, METRIC_FIELDS, MetricsSnapshot, Publication, PublicationState
from publishing.selectors import publication_delivery_url
from trust.selectors import deliverable_usage_rights_ends_at


class ChannelBriefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    platform = serializers.CharField()
    handle = serializers.CharField()


class PublicationMediaSerializer(serializers.Serializer):
    url = serializers.URLField(
        allow_null=True, help_text="Stable delivery URL (no session needed); null if revoked."
    )
    profile = serializers.CharField()
    status = serializers.CharField()
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    duration_seconds = serializers.FloatField(allow_null=True)
    file_size = serializers.IntegerField(allow_null=True)
    content_type = serializers.CharField()


class PublicationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    deliverable = serializers.UUIDField(source="deliverable.uuid", read_only=True)
    persona = serializers.UUIDField(source="deliverable.persona.uuid", read_only=True)
    version = serializers.UUIDField(source="job.uuid", read_only=True)
    version_number = serializers.IntegerField(source="job.version_number", read_only=True)
    channel = ChannelBriefSerializer(read_only=True)
    post_text = serializers.SerializerMethodField()
    media = serializers.SerializerMethodField()
    claimed_by_you = serializers.SerializerMethodField()
    usage_rights_ends_at = serializers.SerializerMethodField()

    class Meta:
        model = Publication
        fields = [
            "id", "deliverable", "persona", "version", "version_number", "channel", "platform", "state",
            "caption", "hashtags", "post_text", "disclosure_flags", "scheduled_for", "media",
            "claimed_by_you", "lease_expires_at", "permalink", "external_id", "published_at",
            "failure_reason", "usage_rights_ends_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_post_text(self, publication) -> str:
        return platforms.post_text(caption=publication.caption, hashtags=publication.hashtags)

    @extend_schema_field(PublicationMediaSerializer)
    def get_media(self, publication) -> dict:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        rendition = publication.rendition
        may_fetch = user is not None and (user.is_agency or user.is_scheduler)
        return {
            "url": publication_delivery_url(publication=publication) if may_fetch else None,
            "profile": rendition.profile,
            "status": rendition.status,
            "width": rendition.width,
            "height": rendition.height,
            "duration_seconds": rendition.duration_seconds,
            "file_size": rendition.file_size,
            "content_type": "video/mp4",
        }

    def get_claimed_by_you(self, publication) -> bool:
        request = self.context.get("request")
        return bool(request and publication.claimed_by_id == request.user.pk)

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_usage_rights_ends_at(self, publication):
        ends = deliverable_usage_rights_ends_at(deliverable=publication.deliverable)
        return ends.isoformat().replace("+00:00", "Z") if ends else None


@extend_schema_serializer(many=False)  # the feed is one page object with a cursor, not a paginated list
class PublicationFeedSerializer(serializers.Serializer):
    results = PublicationSerializer(many=True)
    next_cursor = serializers.CharField(help_text="Pass as ?cursor= on the next poll; always present.")
    has_more = serializers.BooleanField(help_text="True when the next page is ready now.")


def _hashtags_field():
    return serializers.ListField(
        child=serializers.CharField(max_length=100), max_length=60, required=False, help_text="Without the #."
    )


class PublicationCreateSerializer(serializers.Serializer):
    deliverable = ScopedUUIDField(selector=deliverables_for_user, queryset=Deliverable.objects.all())
    channel = serializers.UUIDField(help_text="One of the persona's channels.")
    version = serializers.UUIDField(required=False, help_text="A finished render; default: the latest one.")
    caption = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    hashtags = _hashtags_field()
    scheduled_for = serializers.DateTimeField(required=False, allow_null=True)


class PublicationClaimSerializer(serializers.Serializer):
    lease_seconds = serializers.IntegerField(
        required=False,
        min_value=30,
        max_value=86400,
        help_text="How long the claim holds; renew before it ends.",
    )


class PublicationReportSerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=[PublicationState.SCHEDULED, PublicationState.PUBLISHED, PublicationState.FAILED]
    )
    permalink = serializers.URLField(max_length=500, required=False, allow_blank=True)
    external_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    scheduled_for = serializers.DateTimeField(required=False, allow_null=True)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class PublicationWithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class PublicationRescheduleSerializer(serializers.Serializer):
    scheduled_for = serializers.DateTimeField()


class MetricsSnapshotSerializer(serializers.ModelSerializer):
    class Meta:
        model = MetricsSnapshot
        fields = ["captured_at", *METRIC_FIELDS, "source", "created_at"]
        read_only_fields = fields


def _metric_field():
    return serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_METRIC)


class MetricsSnapshotInputSerializer(serializers.Serializer):
    captured_at = serializers.DateTimeField(
        required=False, help_text="When the figures were read; default now."
    )
    views = _metric_field()
    reach = _metric_field()
    likes = _metric_field()
    comments = _metric_field()
    shares = _metric_field()
    saves = _metric_field()
    watch_time_seconds = _metric_field()
    clicks = _metric_field()

    def validate(self, attrs):
        if not any(attrs.get(name) is not None for name in METRIC_FIELDS):
            raise serializers.ValidationError(f"Send at least one of: {', '.join(METRIC_FIELDS)}.")
        return attrs
