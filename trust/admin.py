from django.contrib import admin

from trust.models import ContentCredential, DeliverableDisclosure


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
