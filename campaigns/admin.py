"""Thin admin: browsing and plain edits; status changes go through the services."""

from django.contrib import admin, messages

from campaigns.models import (
    Brand,
    BrandContact,
    Campaign,
    Deliverable,
    DeliverableComment,
    DeliverableStatusChange,
    ExclusivityFee,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    Payment,
    RateCard,
    RateCardPrice,
    UsageRightsMultiplier,
)
from campaigns.services.invoices import invoice_issue, invoice_void
from influencer_platform.common.errors import ServiceError


class BrandContactInline(admin.TabularInline):
    model = BrandContact
    extra = 0


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "website")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [BrandContactInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "brand", "status", "start_date", "end_date", "budget", "currency")
    list_filter = ("status", "currency")
    search_fields = ("name", "brand__name")
    list_select_related = ("brand",)
    readonly_fields = ("status", "contracted_at")  # moved by campaign_transition only


class StatusChangeInline(admin.TabularInline):
    model = DeliverableStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "changed_by", "note", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


class CommentInline(admin.TabularInline):
    model = DeliverableComment
    extra = 0
    readonly_fields = ("author", "created_at")


@admin.register(Deliverable)
class DeliverableAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "campaign",
        "persona",
        "deliverable_type",
        "status",
        "due_date",
        "price",
        "currency",
    )
    list_filter = ("status", "deliverable_type")
    search_fields = ("title", "caption", "campaign__name", "persona__name")
    list_select_related = ("campaign__brand", "persona")
    readonly_fields = (
        "status",
        "price",
        "currency",
        "quote_lines",
        "price_locked_at",
        "revision_rounds_used",
        "published_at",
    )
    inlines = [StatusChangeInline, CommentInline]


class RateCardPriceInline(admin.TabularInline):
    model = RateCardPrice
    extra = 0


class UsageRightsMultiplierInline(admin.TabularInline):
    model = UsageRightsMultiplier
    extra = 0


class ExclusivityFeeInline(admin.TabularInline):
    model = ExclusivityFee
    extra = 0


@admin.register(RateCard)
class RateCardAdmin(admin.ModelAdmin):
    list_display = ("persona", "currency", "rush_surcharge_percent", "included_revision_rounds")
    list_select_related = ("persona",)
    inlines = [RateCardPriceInline, UsageRightsMultiplierInline, ExclusivityFeeInline]


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    extra = 0
    readonly_fields = ("deliverable", "description", "amount")

    def has_add_permission(self, request, obj=None):
        return False  # lines come from invoice_create

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.status == InvoiceStatus.DRAFT


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    can_delete = False
    readonly_fields = ("amount", "currency", "received_on", "reference", "recorded_by")

    def has_add_permission(self, request, obj=None):
        return False  # payments go through payment_record


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "campaign", "status", "currency", "total", "issue_date", "due_date")
    list_filter = ("status", "currency")
    search_fields = ("number", "campaign__name", "campaign__brand__name")
    list_select_related = ("campaign__brand",)
    readonly_fields = (
        "number",
        "status",
        "currency",
        "total",
        "issue_date",
        "due_date",
        "paid_at",
        "voided_at",
    )
    inlines = [InvoiceLineInline, PaymentInline]
    actions = ["issue_selected", "void_selected"]

    def has_change_permission(self, request, obj=None):
        # Issued invoices are immutable; the model refuses too, this just hides the form.
        if obj is not None and obj.status != InvoiceStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != InvoiceStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description="Issue selected draft invoices")
    def issue_selected(self, request, queryset):
        self._apply(request, queryset, lambda invoice: invoice_issue(invoice=invoice, user=request.user))

    @admin.action(description="Void selected invoices")
    def void_selected(self, request, queryset):
        self._apply(request, queryset, lambda invoice: invoice_void(invoice=invoice, user=request.user))

    def _apply(self, request, queryset, service):
        for invoice in queryset:
            try:
                service(invoice)
            except ServiceError as error:
                self.message_user(request, f"{invoice}: {error.message}", level=messages.ERROR)
