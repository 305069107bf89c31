"""Reads for generation jobs, scoped to the user: brand isolation comes from ``deliverables_for_user``."""

from django.db.models import QuerySet

from campaigns.models import Deliverable, DeliverableStatus
from campaigns.selectors import deliverables_for_user
from generation.models import GenerationJob, JobStatus, Motion


def generation_jobs_for_user(*, user) -> QuerySet[GenerationJob]:
    """Agency users see every job; brand clients only finished renders that staff shared with them, of
    deliverables they may see: attempts and unshared versions are the agency's business."""
    if not user.is_authenticated:
        return GenerationJob.objects.none()
    jobs = GenerationJob.objects.select_related(
        "reference_image__persona",
        "motion",
        "deliverable__campaign",
        "requested_by",
        "content_credential",
        "identity_check",
    )
    if user.is_agency:
        return jobs
    return jobs.filter(
        deliverable__in=deliverables_for_user(user=user).values("pk"),
        status=JobStatus.SUCCEEDED,
        shared_at__isnull=False,
    )


def finished_versions(*, deliverable: Deliverable, jobs: QuerySet[GenerationJob] | None = None):
    """The deliverable's rendered versions (of ``jobs``, by default all), oldest first."""
    jobs = GenerationJob.objects.all() if jobs is None else jobs
    return jobs.filter(
        deliverable=deliverable, status=JobStatus.SUCCEEDED, version_number__isnull=False
    ).order_by("version_number")


def deliverable_versions(*, user, deliverable: Deliverable) -> QuerySet[GenerationJob]:
    """Every rendered version of a deliverable the user may see, oldest first, each with the parameters
    it was made with."""
    return finished_versions(deliverable=deliverable, jobs=generation_jobs_for_user(user=user))


def deliverable_sent_to_client_before(*, deliverable: Deliverable) -> bool:
    """Whether the brand has reviewed this deliverable already (so a version may be one it has seen)."""
    return deliverable.status_changes.filter(to_status=DeliverableStatus.CLIENT_REVIEW).exists()


# What the brand compares between two shared versions: the post as shared, and how the render was made.
POST_FIELDS = (("caption", "Caption"), ("hashtags", "Hashtags"), ("disclosure_text", "Disclosure"))


def version_changes(*, previous: GenerationJob, current: GenerationJob) -> list[dict]:
    """What changed from ``previous`` to ``current``: [{label, before, after}], in words."""
    changes = []
    before_post, after_post = previous.shared_post or {}, current.shared_post or {}
    for key, label in POST_FIELDS:
        before, after = before_post.get(key), after_post.get(key)
        if before != after:
            if key == "hashtags":
                before, after = (
                    " ".join(f"#{t}" for t in before or []),
                    " ".join(f"#{t}" for t in after or []),
                )
            changes.append({"label": label, "before": before or "—", "after": after or "—"})
    if previous.duration_seconds != current.duration_seconds:
        changes.append(
            {
                "label": "Duration",
                "before": f"{previous.duration_seconds or 0:.1f} s",
                "after": f"{current.duration_seconds or 0:.1f} s",
            }
        )
    return changes + parameter_changes(before=previous.parameters or {}, after=current.parameters or {})


def motions_for_user(*, user) -> QuerySet[Motion]:
    """The motion library is the agency's; brand clients see none of it."""
    if not user.is_authenticated or not user.is_agency:
        return Motion.objects.none()
    return Motion.objects.select_related("created_by")


def seconds_per_work_unit(*, recent: int = 20) -> float | None:
    """Measured speed of this studio's workers: model seconds per (frame × step × megapixel), from the
    latest finished renders; None before the first one."""
    from generation.services.job_parameters import work_units

    rows = (
        GenerationJob.objects.filter(status=JobStatus.SUCCEEDED, gpu_seconds__gt=0)
        .order_by("-finished_at")
        .values_list("parameters", "gpu_seconds")[:recent]
    )
    rates = []
    for parameters, seconds in rows:
        try:
            units = work_units(parameters)
        except (KeyError, TypeError):
            continue
        if units > 0:
            rates.append(seconds / units)
    if not rates:
        return None
    rates.sort()
    return rates[len(rates) // 2]  # the median: one slow render on a busy machine does not skew it


def preset_time_estimates(*, seconds_per_unit: float | None) -> dict[str, int]:
    """Seconds each preset would take at the measured speed, shown before a render is started (the
    standard preset takes about an hour on a CPU worker); empty before the first finished render."""
    from animation.params import PRESETS
    from generation.services.job_parameters import work_units

    if not seconds_per_unit:
        return {}
    return {
        name: round(work_units(preset.to_dict()) * seconds_per_unit) for name, (_, preset) in PRESETS.items()
    }


def job_parameter_changes(*, job: GenerationJob) -> tuple[GenerationJob | None, list[dict]]:
    """What this job changed against the one it re-ran, or else the deliverable's previous version:
    (that job, [{name, label, before, after}])."""
    base = job.rerun_of
    if base is None and job.deliverable_id and job.version_number:
        base = (
            GenerationJob.objects.filter(
                deliverable_id=job.deliverable_id, version_number__lt=job.version_number
            )
            .order_by("-version_number")
            .first()
        )
    if base is None:
        return None, []
    return base, parameter_changes(before=base.parameters, after=job.parameters)


def parameter_changes(*, before: dict, after: dict) -> list[dict]:
    """[{name, label, before, after}] for each render parameter (as the form names it) that differs."""
    from generation.services.job_parameters import job_parameter_specs

    labels = {spec.name: spec.label for spec in job_parameter_specs()}
    return [
        {"name": name, "label": labels[name], "before": before.get(name), "after": value}
        for name, value in after.items()
        if name in labels and before.get(name) != value
    ]
