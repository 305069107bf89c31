"""A publication: one deliverable version planned as one post on one of the persona's channels."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from influencer_platform.common.models import PublicModel, TimeStampedModel


class PublicationState(models.TextChoices):
    PREPARING = "preparing", "Preparing media"
    READY = "ready", "Ready for a scheduler"
    CLAIMED = "claimed", "Claimed by a scheduler"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Publication(PublicModel):
    deliverable = models.ForeignKey(
        "campaigns.Deliverable", on_delete=models.PROTECT, related_name="publications"
    )
    job = models.ForeignKey("generation.GenerationJob", on_delete=models.PROTECT, related_name="publications")
    channel = models.ForeignKey("personas.Channel", on_delete=models.PROTECT, related_name="publications")
    # Copied from the channel so the feed filters without a join.
    platform = models.CharField(max_length=12)
    rendition = models.ForeignKey(
        "publishing.Rendition", on_delete=models.PROTECT, related_name="publications"
    )
    caption = models.TextField(blank=True)
    hashtags = models.JSONField(default=list, blank=True)
    disclosure_flags = models.JSONField(default=dict, blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=PublicationState.choices, default=PublicationState.PREPARING
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    permalink = models.URLField(max_length=500, blank=True)
    external_id = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=500, blank=True)
    # The delivery URL is an HMAC of (uuid, version): bumping the version revokes every old URL.
    delivery_version = models.PositiveIntegerField(default=1)
    delivery_revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["updated_at", "id"]
        indexes = [
            models.Index(fields=["updated_at", "id"], name="publication_feed_order"),
            models.Index(fields=["state", "scheduled_for"], name="publication_state_time"),
        ]
        constraints = [
            models.CheckConstraint(
                name="publication_claim_has_lease",
                condition=~Q(state="claimed") | Q(claimed_by__isnull=False, lease_expires_at__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["deliverable", "channel"],
                condition=~Q(state__in=["withdrawn", "failed"]),
                name="one_live_publication_per_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deliverable} on {self.platform}"


class PublicationStateChange(TimeStampedModel):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=10, choices=PublicationState.choices, blank=True)
    to_state = models.CharField(max_length=10, choices=PublicationState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
