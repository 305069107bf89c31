from django.contrib import admin

from publishing.models import MetricsSnapshot, Publication, PublicationStateChange, Rendition


class StateChangeInline(admin.TabularInline):
    model = PublicationStateChange
    extra = 0
    can_delete = False
    readonly_fields = ("created_at", "from_state", "to_state", "actor", "note")


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-only here: states change through the services (API, calendar), which keep the history."""

    list_display = ("deliverable", "platform", "state", "scheduled_for", "published_at")
    list_filter = ("state", "platform")
    readonly_fields = [field.name for field in Publication._meta.fields]
    inlines = [StateChangeInline]

    def has_add_permission(self, request):
        return False


@admin.register(Rendition)
class RenditionAdmin(admin.ModelAdmin):
    list_display = ("job", "profile", "status", "file_size")
    readonly_fields = [field.name for field in Rendition._meta.fields]


@admin.register(MetricsSnapshot)
class MetricsSnapshotAdmin(admin.ModelAdmin):
    list_display = ("publication", "captured_at", "views", "likes", "source")
    readonly_fields = [field.name for field in MetricsSnapshot._meta.fields]
