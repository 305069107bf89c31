"""Reads for generation jobs, scoped to the user: brand isolation comes from ``deliverables_for_user``."""

from django.db.models import QuerySet

from campaigns.models import Deliverable
from campaigns.selectors import deliverables_for_user
from generation.models import GenerationJob, JobStatus, Motion


def generation_jobs_for_user(*, user) -> QuerySet[GenerationJob]:
    """Agency users see every job; brand clients only jobs of deliverables they may see (client review on)."""
    if not user.is_authenticated:
        return GenerationJob.objects.none()
    jobs = GenerationJob.objects.select_related(
        "reference_image__persona", "motion", "deliverable__campaign", "requested_by"
    )
    if user.is_agency:
        return jobs
    return jobs.filter(deliverable__in=deliverables_for_user(user=user).values("pk"))


def deliverable_versions(*, user, deliverable: Deliverable) -> QuerySet[GenerationJob]:
    """Every rendered version of a deliverable, oldest first, each with the parameters it was made with."""
    return (
        generation_jobs_for_user(user=user)
        .filter(deliverable=deliverable, status=JobStatus.SUCCEEDED, version_number__isnull=False)
        .order_by("version_number")
    )


def motions_for_user(*, user) -> QuerySet[Motion]:
    """The motion library is the agency's; brand clients see none of it."""
    if not user.is_authenticated or not user.is_agency:
        return Motion.objects.none()
    return Motion.objects.select_related("created_by")
