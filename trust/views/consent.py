"""Staff pages for the consent ledger: add or revoke a record from the persona or motion page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from influencer_platform.web import SERVICE_ERRORS, agency_required
from trust.selectors import consent_records_for_user
from trust.services.consent import consent_record_revoke


@agency_required
@require_POST
def consent_record_revoke_view(request, uuid):
    record = get_object_or_404(consent_records_for_user(user=request.user), uuid=uuid)
    try:
        consent_record_revoke(record=record, user=request.user, reason=request.POST.get("reason", ""))
    except SERVICE_ERRORS as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        messages.success(request, f"Revoked: {record}. Renders that would use it are refused from now on.")
    return redirect(_next(request))


@agency_required
@require_POST
def consent_record_add_view(request):
    """Add a performer consent or stock licence (motion page) or an image source (persona page)."""
    from generation.selectors import motions_for_user
    from personas.selectors import personas_for_user, reference_images_for_user
    from trust.forms import ConsentRecordForm
    from trust.services.consent import consent_record_create

    form = ConsentRecordForm(request.POST)
    target = _next(request)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in form.errors.items())
        messages.error(request, f"The record was not added. {errors}")
        return redirect(target)
    data = form.cleaned_data
    motion = image = None
    if data["motion"]:
        motion = get_object_or_404(motions_for_user(user=request.user), uuid=data["motion"])
    if data["reference_image"]:
        image = get_object_or_404(reference_images_for_user(user=request.user), uuid=data["reference_image"])
    personas = []
    if data["persona_only"]:
        personas = [get_object_or_404(personas_for_user(user=request.user), uuid=data["persona_only"])]
    try:
        record = consent_record_create(
            user=request.user,
            kind=data["kind"],
            holder=data["holder"],
            motion=motion,
            reference_image=image,
            licence_name=data["licence_name"],
            document_reference=data["document_reference"],
            personas=personas,
            allowed_uses=data["allowed_uses"],
            commercial_use=data["commercial_use"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )
    except SERVICE_ERRORS as error:
        messages.error(request, f"The record was not added. {getattr(error, 'message', error)}")
    else:
        messages.success(request, f"Added: {record}.")
    return redirect(target)


def _next(request) -> str:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target
