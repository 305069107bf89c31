"""A platform-ready copy of a render (aspect, duration, bitrate, H.264/AAC, faststart), built once."""

from django.db import models

from influencer_platform.common.models import PublicModel


class RenditionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    BUILDING = "building", "Building"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class Rendition(PublicModel):
    job = models.ForeignKey("generation.GenerationJob", on_delete=models.PROTECT, related_name="renditions")
    profile = models.CharField(max_length=40)
    status = models.CharField(max_length=8, choices=RenditionStatus.choices, default=RenditionStatus.PENDING)
    file = models.FileField(max_length=300, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    error_message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["job", "profile"], name="one_rendition_per_profile")]

    def __str__(self) -> str:
        return f"{self.profile} of job {self.job_id}"
