"""A deliverable is one piece of content sold to a brand; its status is an explicit state machine."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from campaigns.models.rate_cards import DeliverableType, UsageTerm
from influencer_platform.common.models import PublicModel, TimeStampedModel
from influencer_platform.common.money import (
    CURRENCY_CHOICES,
    MAX_AMOUNT,
    MAX_EXCLUSIVITY_MONTHS,
    MAX_EXTRA_REVISION_ROUNDS,
)


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PRODUCTION = "in_production", "In production"
    INTERNAL_REVIEW = "internal_review", "Internal review"
    CLIENT_REVIEW = "client_review", "Client review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class Deliverable(PublicModel):
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.PROTECT, related_name="deliverables")
    persona = models.ForeignKey("personas.Persona", on_delete=models.PROTECT, related_name="deliverables")
    title = models.CharField(max_length=200, blank=True)
    deliverable_type = models.CharField(max_length=24, choices=DeliverableType.choices)
    due_date = models.DateField(null=True, blank=True)
    caption = models.TextField(blank=True)
    hashtags = models.JSONField(default=list, blank=True)
    disclosure_text = models.CharField(max_length=200, blank=True, default="#ad")
    # What the quote prices.
    usage_term = models.CharField(max_length=16, choices=UsageTerm.choices, default=UsageTerm.ORGANIC_30D)
    exclusivity_category = models.CharField(max_length=60, blank=True)
    exclusivity_months = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(MAX_EXCLUSIVITY_MONTHS)]
    )
    rush = models.BooleanField(default=False)
    extra_revision_rounds = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(MAX_EXTRA_REVISION_ROUNDS)]
    )
    # Locked when the campaign is contracted.
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, blank=True)
    quote_lines = models.JSONField(default=list, blank=True)
    price_locked_at = models.DateTimeField(null=True, blank=True)
    revision_rounds_allowed = models.PositiveSmallIntegerField(default=2)
    revision_rounds_used = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )
    scheduled_for = models.DateTimeField(null=True, blank=True)
    published_url = models.URLField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                name="deliverable_price_fits", condition=Q(price__isnull=True) | Q(price__lte=MAX_AMOUNT)
            ),
            models.CheckConstraint(
                name="revision_rounds_within_allowed",
                condition=Q(revision_rounds_used__lte=F("revision_rounds_allowed")),
            ),
            models.CheckConstraint(
                name="locked_price_nonnegative", condition=Q(price__isnull=True) | Q(price__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_deliverable_type_display()} · {self.persona}"

    @property
    def is_overdue(self) -> bool:
        """Past its due date and the work is not done (approved, scheduled, published or cancelled)."""
        from django.utils import timezone

        done = (DeliverableStatus.APPROVED, DeliverableStatus.SCHEDULED, DeliverableStatus.PUBLISHED,
                DeliverableStatus.CANCELLED)  # fmt: skip
        return bool(self.due_date and self.due_date < timezone.localdate() and self.status not in done)

    @property
    def revision_rounds_remaining(self) -> int:
        return self.revision_rounds_allowed - self.revision_rounds_used


class DeliverableStatusChange(TimeStampedModel):
    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=DeliverableStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=DeliverableStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class CommentVisibility(models.TextChoices):
    INTERNAL = "internal", "Internal (agency only)"
    SHARED = "shared", "Shared with the client"


def comment_frame_path(comment: "DeliverableComment", filename: str) -> str:
    """Beside the render it shows, so it is readable by exactly who may see that render."""
    return f"renders/{comment.job.uuid}/comment-frames/{comment.uuid}.jpg"


class DeliverableComment(PublicModel):
    """The review thread between brand and agency on one deliverable; internal notes never reach the brand."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    visibility = models.CharField(
        max_length=8, choices=CommentVisibility.choices, default=CommentVisibility.INTERNAL
    )
    # Review notes pinned to a moment of one version, optionally to a box on that frame (fractions
    # of the frame's width and height, so they hold at any display size).
    job = models.ForeignKey(
        "generation.GenerationJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    timecode_seconds = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True)
    region_x = models.FloatField(null=True, blank=True)
    region_y = models.FloatField(null=True, blank=True)
    region_width = models.FloatField(null=True, blank=True)
    region_height = models.FloatField(null=True, blank=True)
    frame = models.ImageField(upload_to=comment_frame_path, null=True, blank=True, max_length=255)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="comment_timecode_needs_version",
                condition=Q(timecode_seconds__isnull=True)
                | (Q(job__isnull=False) & Q(timecode_seconds__gte=0)),
            ),
            models.CheckConstraint(
                name="comment_region_whole_and_inside_frame",
                condition=Q(
                    region_x__isnull=True,
                    region_y__isnull=True,
                    region_width__isnull=True,
                    region_height__isnull=True,
                )
                | Q(
                    timecode_seconds__isnull=False,
                    region_x__gte=0,
                    region_y__gte=0,
                    region_width__gt=0,
                    region_height__gt=0,
                    region_x__lte=1 - F("region_width"),
                    region_y__lte=1 - F("region_height"),
                ),
            ),  # fmt: skip
        ]

    @property
    def has_region(self) -> bool:
        return self.region_x is not None

    @property
    def timecode_label(self) -> str:
        """mm:ss.s, the way video tools show it."""
        if self.timecode_seconds is None:
            return ""
        minutes, seconds = divmod(float(self.timecode_seconds), 60)
        return f"{int(minutes):02d}:{seconds:04.1f}"
