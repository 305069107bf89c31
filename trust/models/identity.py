from django.db import models


class IdentityStatus(models.TextChoices):
    MATCH = "match", "Matches the persona"
    BELOW_THRESHOLD = "below_threshold", "Below threshold"
    NOT_SCORED = "not_scored", "Not scored"
    FAILED = "failed", "Check failed"


class AppearanceStatus(models.TextChoices):
    CONSISTENT = "consistent", "Looks like the reference"
    COLLAPSED = "collapsed", "Collapsed"
    NOT_SCORED = "not_scored", "Not scored"


class IdentityCheck(models.Model):
    """Whether a render stays the persona (package ``identity``), one row per job, written by the worker
    after decoding. Face scores are 1 − dlib face distance against ``threshold``; appearance scores are
    the cosine of the model's CLIP image embeddings against ``appearance_floor`` (both the persona's at
    the time). ``status`` is the verdict: below threshold when either the face or the appearance fails."""

    job = models.OneToOneField(
        "generation.GenerationJob", on_delete=models.CASCADE, related_name="identity_check"
    )
    status = models.CharField(max_length=20, choices=IdentityStatus.choices)
    reason = models.TextField(blank=True)
    method = models.CharField(max_length=120, blank=True)
    threshold = models.DecimalField(max_digits=3, decimal_places=2)
    mean_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    worst_window_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    worst_window_start = models.PositiveIntegerField(null=True, blank=True)
    window_frames = models.PositiveSmallIntegerField(default=8)
    frames_total = models.PositiveIntegerField(default=0)
    frames_scored = models.PositiveIntegerField(default=0)
    frames_below = models.PositiveIntegerField(default=0)
    frames_without_face = models.PositiveIntegerField(default=0)
    references_with_face = models.PositiveSmallIntegerField(default=0)
    frame_scores = models.JSONField(default=list, blank=True, help_text="Per frame: score, or null.")
    worst_frames = models.JSONField(
        default=list, blank=True, help_text="[{frame, score, image}] worst first; image is a storage key."
    )
    appearance_status = models.CharField(
        max_length=20, choices=AppearanceStatus.choices, default=AppearanceStatus.NOT_SCORED
    )
    appearance_reason = models.TextField(blank=True)
    appearance_method = models.CharField(max_length=120, blank=True)
    appearance_floor = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    appearance_mean = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    appearance_worst_window_score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    appearance_worst_window_start = models.PositiveIntegerField(null=True, blank=True)
    appearance_frames_below = models.PositiveIntegerField(default=0)
    appearance_scores = models.JSONField(default=list, blank=True, help_text="Per frame: cosine similarity.")
    seconds = models.FloatField(default=0)
    checked_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"identity of job {self.job_id}: {self.status}"

    @property
    def flagged(self) -> bool:
        return self.status == IdentityStatus.BELOW_THRESHOLD
