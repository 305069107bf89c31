from django.contrib import admin, messages

from influencer_platform.common.errors import ServiceError
from trust.models import (
    ConsentRecord,
    ContentCredential,
    DeliverableDisclosure,
    DeliverableUsageRights,
    IdentityCheck,
)
from trust.services.consent import consent_record_revoke


@admin.register(DeliverableDisclosure)
class DeliverableDisclosureAdmin(admin.ModelAdmin):
    list_display = ("deliverable", "is_ai_generated", "is_paid_partnership", "sponsor_name")
    list_select_related = ("deliverable",)
    raw_id_fields = ("deliverable",)


@admin.register(ContentCredential)
class ContentCredentialAdmin(admin.ModelAdmin):
    list_display = ("job", "signed", "signer", "development_ca", "signed_at")
    list_filter = ("signed", "development_ca")
    list_select_related = ("job",)
    raw_id_fields = ("job",)
    readonly_fields = ("manifest", "error", "signed_at")


@admin.register(IdentityCheck)
class IdentityCheckAdmin(admin.ModelAdmin):
    """Read-only: the worker writes these; an override is a reason on the deliverable's history."""

    list_display = ("job", "status", "mean_score", "worst_window_score", "threshold", "checked_at")
    list_filter = ("status",)
    list_select_related = ("job",)
    raw_id_fields = ("job",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ("holder", "kind", "motion", "reference_image", "model_backend", "starts_on", "ends_on",
                    "revoked_at")  # fmt: skip
    list_filter = ("kind", "commercial_use", "model_backend")
    search_fields = ("holder", "licence_name", "document_reference")
    raw_id_fields = ("motion", "reference_image")
    filter_horizontal = ("personas",)
    readonly_fields = ("revoked_at", "revoked_by", "revocation_reason", "created_by")
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Revoke the selected records (reason: revoked in admin)")
    def revoke(self, request, queryset):
        count = 0
        for record in queryset.filter(revoked_at__isnull=True):
            try:
                consent_record_revoke(record=record, user=request.user, reason="Revoked in admin.")
            except ServiceError as error:
                messages.error(request, error.message)
            else:
                count += 1
        messages.success(request, f"Revoked {count} record(s).")


@admin.register(DeliverableUsageRights)
class DeliverableUsageRightsAdmin(admin.ModelAdmin):
    list_display = ("deliverable", "usage_term", "started_on", "starts_at", "ends_at", "expired_notified_at")
    list_filter = ("usage_term", "started_on")
    list_select_related = ("deliverable",)
    raw_id_fields = ("deliverable",)
    readonly_fields = ("expiring_notified_at", "expired_notified_at")
