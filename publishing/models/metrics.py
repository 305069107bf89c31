"""Performance a scheduler (or a CSV import) reports for a publication, as dated snapshots."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from influencer_platform.common.models import TimeStampedModel

# Far above any real post (the most-viewed videos have ~1.6e10 views) and inside a 64-bit column.
MAX_METRIC = 10**12
METRIC_FIELDS = ("views", "reach", "likes", "comments", "shares", "saves", "watch_time_seconds", "clicks")


def _metric(help_text: str):
    return models.PositiveBigIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_METRIC)], help_text=help_text
    )


class MetricsSnapshotSource(models.TextChoices):
    API = "api", "Scheduler API"
    CSV = "csv", "CSV import"


class MetricsSnapshot(TimeStampedModel):
    publication = models.ForeignKey(
        "publishing.Publication", on_delete=models.CASCADE, related_name="metrics"
    )
    captured_at = models.DateTimeField()
    views = _metric("Plays or impressions of the post.")
    reach = _metric("Unique accounts reached.")
    likes = _metric("Likes or reactions.")
    comments = _metric("Comments.")
    shares = _metric("Shares or reposts.")
    saves = _metric("Saves or bookmarks.")
    watch_time_seconds = _metric("Total watch time in seconds.")
    clicks = _metric("Link or sticker clicks.")
    source = models.CharField(max_length=4, choices=MetricsSnapshotSource.choices, default="api")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["captured_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "captured_at"], name="one_snapshot_per_instant")
        ]
