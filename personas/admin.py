from django.contrib import admin

from personas.models import Channel, FollowerSnapshot, Persona, ReferenceImage


class ChannelInline(admin.TabularInline):
    model = Channel
    extra = 0
    fields = ("platform", "handle", "url", "follower_count")


class ReferenceImageInline(admin.TabularInline):
    model = ReferenceImage
    extra = 0
    fields = ("image", "label", "is_primary", "provenance")
    readonly_fields = ("image",)


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    list_display = ("name", "handle", "status", "brand_safety", "commission_percent")
    list_filter = ("status", "brand_safety")
    search_fields = ("name", "handle", "slug")
    prepopulated_fields = {"slug": ("handle",)}
    inlines = [ChannelInline, ReferenceImageInline]


@admin.register(FollowerSnapshot)
class FollowerSnapshotAdmin(admin.ModelAdmin):
    list_display = ("channel", "date", "follower_count")
    list_select_related = ("channel",)
