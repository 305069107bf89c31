from django.urls import path

from generation.views import jobs, motions

app_name = "generation"

urlpatterns = [
    path("motions/", motions.motion_list, name="motion-list"),
    path("motions/upload/", motions.motion_upload, name="motion-upload"),
    path("motions/<uuid:uuid>/", motions.motion_detail, name="motion-detail"),
    path("motions/<uuid:uuid>/status.json", motions.motion_status, name="motion-status"),
    path("motions/<uuid:uuid>/align/", motions.motion_align_view, name="motion-align"),
    path("motions/<uuid:uuid>/retry/", motions.motion_retry_view, name="motion-retry"),
    path("motions/<uuid:uuid>/delete/", motions.motion_delete_view, name="motion-delete"),
    path("generate/", jobs.generate, name="generate"),
    path("jobs/", jobs.job_list, name="job-list"),
    path("jobs/<uuid:uuid>/", jobs.job_detail, name="job-detail"),
    path("jobs/<uuid:uuid>/progress.json", jobs.job_progress, name="job-progress"),
    path("jobs/<uuid:uuid>/cancel/", jobs.job_cancel, name="job-cancel"),
]
