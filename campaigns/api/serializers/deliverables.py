from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import Campaign, CommentVisibility, Deliverable, DeliverableComment, DeliverableStatus
from campaigns.selectors import campaigns_for_user
from influencer_platform.api.fields import BlankAsNullURLField, ScopedUUIDField
from influencer_platform.common.money import CURRENCY_CHOICES
from personas.models import Persona


def _all_personas(*, user):
    # Deliverable writes are agency-only, and the agency works with every persona.
    return Persona.objects.all()


class PersonaRefSerializer(serializers.ModelSerializer):
    """Public persona identity only: never private notes or commission."""

    class Meta:
        model = Persona
        fields = ["uuid", "name", "handle"]
        read_only_fields = fields


class _BlankAsNullChoiceField(serializers.ChoiceField):
    """An unpriced deliverable has no currency yet: null, not an empty string outside the enum."""

    def to_representation(self, value):
        return super().to_representation(value) if value else None


class DeliverableSerializer(serializers.ModelSerializer):
    currency = _BlankAsNullChoiceField(choices=CURRENCY_CHOICES, allow_null=True, read_only=True)
    published_url = BlankAsNullURLField(read_only=True)
    campaign = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    brand = serializers.UUIDField(source="campaign.brand.uuid", read_only=True)
    persona = PersonaRefSerializer(read_only=True)
    revision_rounds_remaining = serializers.IntegerField(read_only=True)
    usage_rights_starts_at = serializers.SerializerMethodField(
        help_text="When the usage rights sold on the quote started (approval for paid ads, first "
        "publication otherwise); null before."
    )
    usage_rights_ends_at = serializers.SerializerMethodField(
        help_text="When they end; null before they start or for a perpetual term."
    )

    class Meta:
        model = Deliverable
        fields = [
            "uuid",
            "campaign",
            "campaign_name",
            "brand",
            "persona",
            "title",
            "deliverable_type",
            "due_date",
            "caption",
            "hashtags",
            "disclosure_text",
            "usage_term",
            "exclusivity_category",
            "exclusivity_months",
            "rush",
            "extra_revision_rounds",
            "price",
            "currency",
            "price_locked_at",
            "revision_rounds_allowed",
            "revision_rounds_used",
            "revision_rounds_remaining",
            "status",
            "scheduled_for",
            "published_url",
            "published_at",
            "usage_rights_starts_at",
            "usage_rights_ends_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @staticmethod
    def _rights(deliverable):
        from trust.models import DeliverableUsageRights

        try:
            return deliverable.usage_rights
        except DeliverableUsageRights.DoesNotExist:
            return None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_usage_rights_starts_at(self, deliverable):
        rights = self._rights(deliverable)
        return serializers.DateTimeField().to_representation(rights.starts_at) if rights else None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_usage_rights_ends_at(self, deliverable):
        rights = self._rights(deliverable)
        return (
            serializers.DateTimeField().to_representation(rights.ends_at)
            if rights and rights.ends_at
            else None
        )


class DeliverableInputSerializer(serializers.ModelSerializer):
    campaign = ScopedUUIDField(selector=campaigns_for_user, queryset=Campaign.objects.all())
    persona = ScopedUUIDField(selector=_all_personas, queryset=Persona.objects.all())
    hashtags = serializers.ListField(child=serializers.CharField(max_length=100), required=False)

    class Meta:
        model = Deliverable
        fields = [
            "campaign",
            "persona",
            "title",
            "deliverable_type",
            "due_date",
            "caption",
            "hashtags",
            "disclosure_text",
            "usage_term",
            "exclusivity_category",
            "exclusivity_months",
            "rush",
            "extra_revision_rounds",
        ]


class DeliverableUpdateSerializer(DeliverableInputSerializer):
    class Meta(DeliverableInputSerializer.Meta):
        fields = [name for name in DeliverableInputSerializer.Meta.fields if name != "campaign"]


class DeliverableTransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=DeliverableStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    published_url = serializers.URLField(required=False, allow_null=True, default=None)
    scheduled_for = serializers.DateTimeField(required=False, allow_null=True, default=None)
    identity_override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text="Needed to send a version below the persona's identity threshold to client review; "
        "recorded in the status history.",
    )
    client_note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=1000,
        help_text="Sending to client review shares the newest version with the brand, with this note.",
    )
    resend_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=500,
        help_text="Needed to send to client review when the brand has already seen the newest version.",
    )


class DeliverableApproveSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.UUIDField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The version being approved (its job id); refused unless it is the one under review.",
    )


class DeliverableRequestChangesSerializer(serializers.Serializer):
    comment = serializers.CharField(allow_blank=True, help_text="What should change. Required.")


class DeliverableCommentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True, default=None)
    author_role = serializers.CharField(source="author.role", read_only=True, default=None)
    job = serializers.UUIDField(
        source="job.uuid", read_only=True, default=None, help_text="The pinned version."
    )
    parent = serializers.UUIDField(source="parent.uuid", read_only=True, default=None)
    region = serializers.SerializerMethodField()
    frame_url = serializers.SerializerMethodField()

    class Meta:
        model = DeliverableComment
        fields = [
            "uuid", "author", "author_role", "body", "visibility", "job", "timecode_seconds", "region",
            "frame_url", "parent", "resolved_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.FloatField(), allow_null=True))
    def get_region(self, comment):
        """[x, y, width, height] as fractions of the frame, or null."""
        if not comment.has_region:
            return None
        return [comment.region_x, comment.region_y, comment.region_width, comment.region_height]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_frame_url(self, comment):
        return comment.frame.url if comment.frame else None


class DeliverableCommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    job = serializers.UUIDField(required=False, help_text="The version a timecode points into.")
    timecode_seconds = serializers.DecimalField(
        max_digits=8, decimal_places=3, min_value=0, max_value=3600, required=False
    )
    region = serializers.ListField(
        child=serializers.FloatField(min_value=0, max_value=1),
        min_length=4,
        max_length=4,
        required=False,
        help_text="[x, y, width, height] as fractions of the frame; needs timecode_seconds.",
    )
    parent = serializers.UUIDField(required=False, help_text="Reply to this top-level comment.")
    visibility = serializers.ChoiceField(
        choices=CommentVisibility.choices,
        required=False,
        help_text="Agency only: `internal` stays with the agency, `shared` reaches the brand. Default: "
        "internal until the deliverable is in client review, shared from then on. Brand comments are shared.",
    )
