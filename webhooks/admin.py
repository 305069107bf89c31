from django.contrib import admin, messages

from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from webhooks.services.deliveries import webhook_delivery_redeliver
from webhooks.services.endpoints import webhook_endpoint_enable


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "owner", "is_active", "disabled_reason", "created_at")
    list_filter = ("is_active",)
    exclude = ("secret", "previous_secret")
    readonly_fields = ("disabled_at", "disabled_reason", "previous_secret_expires_at")
    actions = ["enable"]

    @admin.action(description="Enable again (parked deliveries become due)")
    def enable(self, request, queryset):
        for endpoint in queryset:
            webhook_endpoint_enable(endpoint=endpoint, user=request.user)
        messages.success(request, f"Enabled {queryset.count()} endpoint(s).")


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ("event_type", "uuid", "persona", "created_at")
    list_filter = ("event_type",)
    readonly_fields = ("event_type", "data", "persona")


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("number", "response_status", "duration_ms", "error", "response_excerpt", "created_at")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "status", "attempts", "last_response_status", "next_attempt_at")
    list_filter = ("status",)
    readonly_fields = (
        "endpoint",
        "event",
        "attempts",
        "last_response_status",
        "delivered_at",
        "last_attempt_at",
    )
    inlines = [WebhookAttemptInline]
    actions = ["redeliver"]

    @admin.action(description="Redeliver now")
    def redeliver(self, request, queryset):
        for delivery in queryset.select_related("endpoint"):
            webhook_delivery_redeliver(delivery=delivery, user=request.user)
        messages.success(request, f"Queued {queryset.count()} delivery(ies).")
