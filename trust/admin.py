from django.contrib import admin

from trust.models import DeliverableDisclosure


@admin.register(DeliverableDisclosure)
class DeliverableDisclosureAdmin(admin.ModelAdmin):
    list_display = ("deliverable", "is_ai_generated", "is_paid_partnership", "sponsor_name")
    list_select_related = ("deliverable",)
    raw_id_fields = ("deliverable",)
