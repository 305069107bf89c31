"""Admin for generation jobs: read-mostly; the only write is cancel, through the service."""

from django.contrib import admin, messages

from generation.models import GenerationJob, Motion, MotionAlignment
from generation.services.jobs import generation_job_cancel
from influencer_platform.common.errors import ServiceError


@admin.register(GenerationJob)
class GenerationJobAdmin(admin.ModelAdmin):
    list_display = [
        "uuid",
        "status",
        "progress",
        "attempts",
        "priority",
        "deliverable",
        "version_number",
        "created_at",
    ]
    list_filter = ["status", "priority", "error_code"]
    search_fields = ["uuid", "idempotency_key", "worker_hostname", "error_message"]
    list_select_related = ["deliverable__persona"]
    date_hierarchy = "created_at"
    actions = ["cancel_jobs"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False  # jobs are submitted through the service, which validates and enqueues

    @admin.action(description="Cancel selected jobs")
    def cancel_jobs(self, request, queryset):
        for job in queryset:
            try:
                generation_job_cancel(job=job, user=request.user)
            except ServiceError as exc:
                self.message_user(request, f"{job.uuid}: {exc.message}", level=messages.WARNING)


@admin.register(Motion)
class MotionAdmin(admin.ModelAdmin):
    list_display = ["name", "source", "status", "frame_count", "fps", "created_at"]
    list_filter = ["source", "status"]
    search_fields = ["name", "uuid", "performer"]


@admin.register(MotionAlignment)
class MotionAlignmentAdmin(admin.ModelAdmin):
    list_display = ["motion", "reference_image", "created_at"]
    list_select_related = ["motion", "reference_image__persona"]
