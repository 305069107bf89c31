"""Generate page and job pages: submit, live progress, cancel, the finished video, re-run."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils import timezone
from django.views.decorators.http import require_POST

from animation.params import PRESETS
from campaigns.models import DeliverableStatus
from campaigns.selectors import deliverables_for_user
from generation.forms import GenerateForm, parameter_groups
from generation.models import MotionStatus
from generation.selectors import (
    generation_jobs_for_user,
    job_parameter_changes,
    motions_for_user,
    preset_time_estimates,
    seconds_per_work_unit,
)
from generation.services.job_parameters import InvalidParameters, job_parameter_specs
from generation.services.jobs import generation_job_cancel, generation_job_submit
from influencer_platform.templatetags.studio_format import approximate_duration
from influencer_platform.web import SERVICE_ERRORS, add_service_error, agency_required, paginate
from personas.selectors import reference_images_for_user
from trust.selectors import job_content_credential


def _generate_form(request, data=None, initial=None) -> GenerateForm:
    images = reference_images_for_user(user=request.user).order_by(
        "persona__name", "-is_primary", "created_at"
    )
    persona = request.GET.get("persona")
    if persona:
        images = images.filter(persona__uuid=persona)
    deliverables = (
        deliverables_for_user(user=request.user)
        .exclude(status__in=(DeliverableStatus.PUBLISHED, DeliverableStatus.CANCELLED))
        .order_by("due_date", "id")
    )
    return GenerateForm(
        data,
        images=images,
        motions=motions_for_user(user=request.user).filter(status=MotionStatus.READY),
        deliverables=deliverables,
        initial=initial,
    )


@agency_required
def generate(request):
    initial = {}
    rerun = request.GET.get("from")
    if rerun:
        job = get_object_or_404(generation_jobs_for_user(user=request.user), uuid=rerun)
        initial = GenerateForm.initial_from_job(job)
    else:
        # Links from a motion ("use in a render") or a deliverable preselect it.
        for name in ("deliverable", "motion"):
            if request.GET.get(name):
                initial[name] = request.GET[name]
    form = _generate_form(request, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        rerun_of = None
        if form.cleaned_data["rerun_of"]:
            rerun_of = (
                generation_jobs_for_user(user=request.user).filter(uuid=form.cleaned_data["rerun_of"]).first()
            )
        try:
            job, _ = generation_job_submit(
                user=request.user,
                reference_image=form.cleaned_data["reference_image"],
                motion=form.cleaned_data["motion"],
                deliverable=form.cleaned_data["deliverable"],
                parameters=form.parameters(),
                idempotency_key=form.cleaned_data["idempotency_key"],
                rerun_of=rerun_of,
            )
        except InvalidParameters as error:
            for name, message in error.errors.items():  # every field's error at once
                form.add_error(name if name in form.fields else None, message)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            return redirect("generation:job-detail", uuid=job.uuid)
    seconds_per_unit = seconds_per_work_unit()
    estimates = preset_time_estimates(seconds_per_unit=seconds_per_unit)
    context = {
        "form": form,
        "presets": {
            name: {k: v for k, v in preset.to_dict().items() if v is not None}
            for name, (_, preset) in PRESETS.items()
        },
        "parameter_groups": parameter_groups(form),
        "seconds_per_unit": seconds_per_unit,
        "estimate_seconds": estimates.get(form["preset"].value()),
        "rerun": rerun,
        "nav": "generate",
    }
    return render(request, "generation/generate.html", context)


@agency_required
def job_list(request):
    # Deliverable names fall back to their persona's name.
    jobs = generation_jobs_for_user(user=request.user).select_related("deliverable__persona")
    status = request.GET.get("status", "")
    if status:
        jobs = jobs.filter(status=status)
    context = {
        "page": paginate(request, jobs),
        "status": status,
        "query": f"status={status}" if status else "",
    }
    context["nav"] = "generate"
    return render(request, "generation/job_list.html", context)


def _job_or_404(request, uuid):
    return get_object_or_404(generation_jobs_for_user(user=request.user), uuid=uuid)


def progress_payload(job) -> dict:
    """Step n of N with elapsed and an estimate of the time left, from the pace so far."""
    elapsed = remaining = None
    if job.started_at:
        end = job.finished_at or timezone.now()
        elapsed = max(0, int((end - job.started_at).total_seconds()))
        if not job.is_terminal and job.current_step and job.total_steps:
            per_step = elapsed / job.current_step
            remaining = int(per_step * max(0, job.total_steps - job.current_step))
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "current_step": job.current_step,
        "total_steps": job.total_steps,
        "message": job.message,
        "elapsed_seconds": elapsed,
        "remaining_seconds": remaining,
        "terminal": job.is_terminal,
        "cancel_requested": job.cancel_requested_at is not None,
    }


def result_facts(job, progress: dict) -> list[str]:
    """Size, frame rate, length, file size and render time of a finished video; what was not
    recorded is left out rather than shown as None."""
    facts = []
    if job.width and job.height:
        facts.append(f"{job.width}×{job.height}")
    if job.fps:
        facts.append(f"{floatformat(job.fps, 0)} fps")
    if job.duration_seconds:
        facts.append(f"{floatformat(job.duration_seconds, 1)} s long")
    if job.file_size:
        facts.append(filesizeformat(job.file_size))
    if progress["elapsed_seconds"] is not None:
        facts.append(f"rendered in {approximate_duration(progress['elapsed_seconds'])}")
    return facts


@agency_required
def job_detail(request, uuid):
    job = _job_or_404(request, uuid)
    progress = progress_payload(job)
    labels = {spec.name: spec.label for spec in job_parameter_specs()}
    compared_with, changes = job_parameter_changes(job=job)
    context = {
        "job": job,
        "progress": progress,
        "result_facts": result_facts(job, progress),
        "parameters": [(labels.get(name, name), name, value) for name, value in job.parameters.items()],
        "compared_with": compared_with,
        "changes": changes,
        "credential": job_content_credential(job=job),
        "nav": "generate",
    }
    return render(request, "generation/job_detail.html", context)


@agency_required
def job_progress(request, uuid):
    return JsonResponse(progress_payload(_job_or_404(request, uuid)))


@agency_required
@require_POST
def job_cancel(request, uuid):
    job = _job_or_404(request, uuid)
    try:
        generation_job_cancel(job=job, user=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        messages.success(request, "Cancelling the render.")
    return redirect("generation:job-detail", uuid=job.uuid)
