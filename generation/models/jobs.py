"""A generation job: the database row is the truth about where a render stands."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from influencer_platform.common.models import PublicModel, TimeStampedModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


TERMINAL_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)

# error_code is stable for the API and webhooks; pages name it in words.
FAILURE_REASONS = {
    "consent_refused": "consent or licence",
    "invalid_input": "inputs refused",
    "out_of_memory": "out of memory",
    "render_error": "model error",
    "timeout": "time limit",
    "too_many_attempts": "too many attempts",
    "transient": "temporary errors",
    "worker_lost": "worker lost",
}


class GenerationJob(PublicModel):
    reference_image = models.ForeignKey(
        "personas.ReferenceImage", on_delete=models.PROTECT, related_name="generation_jobs"
    )
    motion = models.ForeignKey("generation.Motion", on_delete=models.PROTECT, related_name="generation_jobs")
    deliverable = models.ForeignKey(
        "campaigns.Deliverable",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="generation_jobs",
    )
    parameters = models.JSONField(help_text="Complete, validated render parameters (seed drawn).")
    rerun_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reruns",
        help_text="The job this one repeats with changed parameters.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    priority = models.PositiveSmallIntegerField(default=5, help_text="0 runs first (rush), 9 last.")
    idempotency_key = models.CharField(max_length=200, blank=True)
    payload_fingerprint = models.CharField(max_length=64, blank=True)

    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    current_step = models.PositiveIntegerField(default=0)
    total_steps = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker_hostname = models.CharField(max_length=200, blank=True)
    worker_pid = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Process running the current attempt; tells a dead run from a live one.",
    )
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancel_requested_at = models.DateTimeField(null=True, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    gpu_seconds = models.FloatField(default=0)

    # The result: exactly one per job.
    video = models.FileField(max_length=300, blank=True)
    poster = models.FileField(max_length=300, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    fps = models.FloatField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    checksum_sha256 = models.CharField(max_length=64, blank=True)
    model_fingerprint = models.CharField(max_length=80, blank=True)
    model_description = models.JSONField(default=dict, blank=True)
    version_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="Version of the deliverable."
    )
    # A version reaches the brand only when staff share it (sending the deliverable to client review).
    shared_at = models.DateTimeField(null=True, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    client_note = models.CharField(max_length=1000, blank=True, help_text="Shown to the brand with it.")
    shared_post = models.JSONField(
        default=dict, blank=True, help_text="Caption, hashtags and disclosure as they were when shared."
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_idempotency_key_per_user",
            ),
            models.UniqueConstraint(
                fields=["deliverable", "version_number"],
                condition=Q(version_number__isnull=False),
                name="unique_version_per_deliverable",
            ),
            models.CheckConstraint(name="progress_0_100", condition=Q(progress__lte=100)),
            models.CheckConstraint(
                name="succeeded_job_has_video",
                condition=~Q(status="succeeded") | ~Q(video=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Job {self.uuid} ({self.status})"

    @property
    def backend(self) -> str:
        """The model backend the job renders with (jobs from before backends existed: AnimateAnyone)."""
        return (self.parameters or {}).get("backend") or "animate-anyone"

    @property
    def failure_reason(self) -> str:
        return FAILURE_REASONS.get(self.error_code, self.error_code.replace("_", " "))

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES


class GenerationJobTransition(TimeStampedModel):
    """One change of a job's status, written by the same transaction that made it."""

    job = models.ForeignKey(GenerationJob, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=JobStatus.choices)
    to_status = models.CharField(max_length=10, choices=JobStatus.choices)
    attempt = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
