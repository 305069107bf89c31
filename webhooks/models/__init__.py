from webhooks.models.deliveries import DeliveryStatus, WebhookAttempt, WebhookDelivery
from webhooks.models.endpoints import WebhookEndpoint
from webhooks.models.events import EventType, WebhookEvent

__all__ = [
    "DeliveryStatus",
    "EventType",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
]
