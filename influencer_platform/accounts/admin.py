from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from influencer_platform.accounts.models import ApiToken, BrandInvitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "email", "role", "brand", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Role", {"fields": ("role", "brand", "scheduler_personas", "scheduler_channels")}),
    )
    filter_horizontal = (*BaseUserAdmin.filter_horizontal, "scheduler_personas", "scheduler_channels")
    add_fieldsets = BaseUserAdmin.add_fieldsets + (("Role", {"fields": ("role", "brand")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "scopes", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "last_used_at")


@admin.register(BrandInvitation)
class BrandInvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "brand", "invited_by", "expires_at", "accepted_at", "revoked_at")
    readonly_fields = ("token_hash", "accepted_at", "accepted_user")
