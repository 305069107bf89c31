"""The outbox: one row per event, written in the same transaction as the change that caused it."""

from django.db import models

from influencer_platform.common.models import PublicModel


class EventType(models.TextChoices):
    PUBLICATION_READY = "publication.ready", "Publication ready"
    PUBLICATION_WITHDRAWN = "publication.withdrawn", "Publication withdrawn"
    DELIVERABLE_APPROVED = "deliverable.approved", "Deliverable approved"
    RENDER_SUCCEEDED = "render.succeeded", "Render succeeded"
    RENDER_FAILED = "render.failed", "Render failed"
    USAGE_RIGHTS_EXPIRING = "usage_rights.expiring", "Usage rights expiring"
    USAGE_RIGHTS_EXPIRED = "usage_rights.expired", "Usage rights expired"
    INVOICE_ISSUED = "invoice.issued", "Invoice issued"
    INVOICE_PAID = "invoice.paid", "Invoice paid"
    WEBHOOK_TEST = "webhook.test", "Test event"


# Events about a persona's content that a scheduler scoped to that persona may receive; the rest
# (invoices, renders) are agency business.
SCHEDULER_EVENT_TYPES = frozenset(
    {
        EventType.PUBLICATION_READY,
        EventType.PUBLICATION_WITHDRAWN,
        EventType.DELIVERABLE_APPROVED,
        EventType.USAGE_RIGHTS_EXPIRING,
        EventType.USAGE_RIGHTS_EXPIRED,
        EventType.WEBHOOK_TEST,
    }
)


class WebhookEvent(PublicModel):
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    data = models.JSONField(default=dict)
    persona = models.ForeignKey(
        "personas.Persona", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id}"

    @property
    def message_id(self) -> str:
        """The ``webhook-id``: the same on every retry, so receivers can drop duplicates."""
        return f"msg_{self.uuid.hex}"
