"""Motion library pages: previews, upload with extraction progress, alignment against a persona image."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from generation.forms import MotionAlignForm, MotionUploadForm
from generation.selectors import motions_for_user
from generation.services.motions import motion_align, motion_create_from_upload, motion_delete, motion_retry
from influencer_platform.web import SERVICE_ERRORS, add_service_error, agency_required, paginate
from personas.selectors import reference_images_for_user
from trust.models import RecordKind
from trust.models.consent import MOTION_KINDS
from trust.selectors import consent_records_for_user

MOTION_PAGE_SIZE = 24


@agency_required
def motion_list(request):
    motions = motions_for_user(user=request.user)
    tag = request.GET.get("tag", "").strip()
    if tag:
        motions = motions.filter(tags__icontains=tag)
    context = {
        "page": paginate(request, motions, per_page=MOTION_PAGE_SIZE),
        "tag": tag,
        "query": f"tag={tag}" if tag else "",
        "nav": "motions",
    }
    return render(request, "generation/motion_list.html", context)


@agency_required
def motion_upload(request):
    form = MotionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            motion = motion_create_from_upload(user=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Motion {motion.name} uploaded.")
            return redirect("generation:motion-detail", uuid=motion.uuid)
    return render(request, "generation/motion_upload.html", {"form": form, "nav": "motions"})


def _motion_or_404(request, uuid):
    return get_object_or_404(motions_for_user(user=request.user), uuid=uuid)


def _images(request):
    return reference_images_for_user(user=request.user).order_by("persona__name", "-is_primary", "created_at")


def _detail(request, motion, form=None, alignment=None, status=200):
    context = {
        "motion": motion,
        "align_form": form or MotionAlignForm(images=_images(request)),
        "alignment": alignment,
        "alignments": motion.alignments.select_related("reference_image__persona"),
        "nav": "motions",
        "consent_records": consent_records_for_user(user=request.user).filter(motion=motion),
        "consent_intro": "The performer's consent or the stock licence for this driving video.",
        "consent_motion": motion,
        "consent_kinds": [(k, RecordKind(k).label) for k in MOTION_KINDS],
        "today": timezone.localdate(),
    }
    return render(request, "generation/motion_detail.html", context, status=status)


@agency_required
def motion_detail(request, uuid):
    return _detail(request, _motion_or_404(request, uuid))


@agency_required
def motion_status(request, uuid):
    """Polled by the page while poses are being extracted."""
    motion = _motion_or_404(request, uuid)
    return JsonResponse(
        {"status": motion.status, "progress": motion.progress, "error_message": motion.error_message}
    )


@agency_required
@require_POST
def motion_align_view(request, uuid):
    motion = _motion_or_404(request, uuid)
    form = MotionAlignForm(request.POST, images=_images(request))
    if form.is_valid():
        try:
            alignment = motion_align(motion=motion, reference_image=form.cleaned_data["reference_image"])
        except SERVICE_ERRORS as error:
            add_service_error(form, error, field_map={"motion": "reference_image"})
        else:
            return _detail(request, motion, form=form, alignment=alignment)
    return _detail(request, motion, form=form, status=400)


@agency_required
@require_POST
def motion_retry_view(request, uuid):
    motion = _motion_or_404(request, uuid)
    try:
        motion_retry(motion=motion)
    except SERVICE_ERRORS as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        messages.success(request, f"Extracting the poses of {motion.name} again.")
    return redirect("generation:motion-detail", uuid=motion.uuid)


@agency_required
@require_POST
def motion_delete_view(request, uuid):
    motion = _motion_or_404(request, uuid)
    try:
        motion_delete(motion=motion)
    except SERVICE_ERRORS as error:
        messages.error(request, getattr(error, "message", str(error)))
        return redirect("generation:motion-detail", uuid=motion.uuid)
    messages.success(request, f"Motion {motion.name} deleted.")
    return redirect("generation:motion-list")
