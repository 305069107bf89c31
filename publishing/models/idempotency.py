"""The first answer to a POST sent with an Idempotency-Key, replayed for every repeat of it."""

from django.conf import settings
from django.db import models

from influencer_platform.common.models import TimeStampedModel


class IdempotencyRecord(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    # Method and path, and a hash of the body: the same key with another request is refused.
    request_path = models.CharField(max_length=300)
    request_fingerprint = models.CharField(max_length=64)
    # Null while the first request is still being handled.
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_record_per_key")]
