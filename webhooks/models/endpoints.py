"""A receiver of signed webhooks, with the secrets that sign them (two during a rotation)."""

from django.conf import settings
from django.db import models

from influencer_platform.common.models import PublicModel


class WebhookEndpoint(PublicModel):
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text='Event types to send; ["*"] for all.')
    # Stored in the Standard Webhooks form (whsec_ + base64) because signing needs the key itself.
    secret = models.CharField(max_length=120)
    previous_secret = models.CharField(max_length=120, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints"
    )

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return "*" in self.events or event_type in self.events
