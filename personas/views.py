"""Persona pages: roster, persona bible, reference-image gallery, create and edit."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from campaigns.selectors import deliverables_for_user, earnings_by_persona_month, rate_cards_for_user
from influencer_platform.charts import bar_chart_svg
from influencer_platform.common.errors import ServiceError
from influencer_platform.web import SERVICE_ERRORS, add_service_error, agency_required, paginate
from personas.forms import (
    ChannelForm,
    FollowerSnapshotForm,
    PersonaCreateForm,
    PersonaForm,
    ReferenceImageLabelForm,
    ReferenceImageUploadForm,
)
from personas.models import PersonaStatus
from personas.selectors import personas_for_user, primary_image, reference_images_for_user, total_followers
from personas.services.images import (
    reference_image_delete,
    reference_image_set_primary,
    reference_image_update,
    reference_image_upload,
)
from personas.services.personas import persona_create, persona_update
from trust.models import RecordKind
from trust.selectors import consent_records_for_persona

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@agency_required
def persona_list(request):
    personas = personas_for_user(user=request.user)
    status = request.GET.get("status", "")
    if status:
        personas = personas.filter(status=status)
    page = paginate(request, personas)
    for persona in page:
        persona.primary = primary_image(persona)
        persona.followers = total_followers(persona)
    context = {
        "page": page,
        "status": status,
        "status_choices": PersonaStatus.choices,
        "query": urlencode({"status": status}) if status else "",
        "nav": "personas",
    }
    return render(request, "personas/persona_list.html", context)


def _persona_or_404(request, uuid):
    return get_object_or_404(personas_for_user(user=request.user), uuid=uuid)


def _monthly_earnings(user, persona, year: int) -> list[dict]:
    """One twelve-bar chart per currency the persona earned in this year."""
    charts = []
    for currency, report in earnings_by_persona_month(user=user, year=year).items():
        by_month = {row.month.month: row.net for row in report.rows if row.persona_uuid == persona.uuid}
        if by_month:
            chart = bar_chart_svg(
                ((MONTHS[m - 1], by_month.get(m, 0)) for m in range(1, 13)),
                title=f"{persona.name}: net earnings by month, {currency} {year}",
            )
            charts.append({"currency": currency, "chart": chart, "total": sum(by_month.values())})
    return charts


@agency_required
def persona_detail(request, uuid):
    persona = _persona_or_404(request, uuid)
    year = date.today().year
    context = {
        "persona": persona,
        "primary": primary_image(persona),
        "followers": total_followers(persona),
        "images": persona.images.all(),
        "channels": persona.channels.prefetch_related("snapshots"),
        "channel_form": ChannelForm(),
        "snapshot_form": FollowerSnapshotForm(),
        "rate_card": rate_cards_for_user(user=request.user).filter(persona=persona).first(),
        "deliverables": deliverables_for_user(user=request.user)
        .filter(persona=persona)
        .order_by("-due_date")[:20],
        "earnings": _monthly_earnings(request.user, persona, year),
        "year": year,
        "upload_form": ReferenceImageUploadForm(),
        "label_choices": ReferenceImageLabelForm.base_fields["label"].choices,
        "nav": "personas",
        "consent_records": consent_records_for_persona(user=request.user, persona=persona),
        "consent_intro": (
            "Sources of this persona's reference images, and performer consents or licences scoped to it."
        ),
        "today": timezone.localdate(),
        "consent_images": list(persona.images.all()),
        "consent_kinds": [(RecordKind.IMAGE_SOURCE, RecordKind.IMAGE_SOURCE.label)],
    }
    return render(request, "personas/persona_detail.html", context)


@agency_required
def persona_create_view(request):
    form = PersonaCreateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        image, image_label = data.pop("image"), data.pop("image_label")
        try:
            # One atomic step: a rejected image leaves no half-made persona behind.
            with transaction.atomic():
                persona = persona_create(**data)
                if image:
                    try:
                        reference_image_upload(
                            persona=persona, file=image, label=image_label, user=request.user
                        )
                    except ServiceError as error:
                        error.field = "image"
                        raise
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Persona {persona.name} created.")
            return redirect("personas:detail", uuid=persona.uuid)
    return render(request, "personas/persona_form.html", {"form": form, "nav": "personas"})


@agency_required
def persona_edit(request, uuid):
    persona = _persona_or_404(request, uuid)
    form = PersonaForm(request.POST or None, initial=PersonaForm.initial_for(persona))
    if request.method == "POST" and form.is_valid():
        try:
            persona_update(persona=persona, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Persona saved.")
            return redirect("personas:detail", uuid=persona.uuid)
    return render(
        request, "personas/persona_form.html", {"form": form, "persona": persona, "nav": "personas"}
    )


@agency_required
@require_POST
def image_upload(request, uuid):
    """Answers JSON to the drag-and-drop script and a redirect to a plain form post."""
    persona = _persona_or_404(request, uuid)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    form = ReferenceImageUploadForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            image = reference_image_upload(
                persona=persona,
                file=form.cleaned_data["image"],
                label=form.cleaned_data["label"],
                provenance=form.cleaned_data["provenance"],
                consent_notes=form.cleaned_data["consent_notes"],
                user=request.user,
            )
        except SERVICE_ERRORS as exc:
            error = getattr(exc, "message", None) or "; ".join(getattr(exc, "messages", [str(exc)]))
    else:
        error = " ".join(msg for msgs in form.errors.values() for msg in msgs)
    if wants_json:
        if error:
            return JsonResponse({"detail": error}, status=400)
        return JsonResponse({"uuid": str(image.uuid), "url": image.image.url}, status=201)
    if error:
        messages.error(request, f"Upload refused: {error}")
    else:
        messages.success(request, "Image uploaded.")
    return redirect("personas:detail", uuid=persona.uuid)


def _image_or_404(request, uuid, image_uuid):
    return get_object_or_404(
        reference_images_for_user(user=request.user), uuid=image_uuid, persona__uuid=uuid
    )


@agency_required
@require_POST
def image_set_primary(request, uuid, image_uuid):
    reference_image_set_primary(image=_image_or_404(request, uuid, image_uuid))
    messages.success(request, "Primary image changed.")
    return redirect("personas:detail", uuid=uuid)


@agency_required
@require_POST
def image_label(request, uuid, image_uuid):
    image = _image_or_404(request, uuid, image_uuid)
    form = ReferenceImageLabelForm(request.POST)
    if form.is_valid():
        reference_image_update(image=image, label=form.cleaned_data["label"])
        messages.success(request, "Label saved.")
    else:
        messages.error(request, "Choose one of the listed labels.")
    return redirect("personas:detail", uuid=uuid)


@agency_required
@require_POST
def image_delete(request, uuid, image_uuid):
    try:
        reference_image_delete(image=_image_or_404(request, uuid, image_uuid))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Image deleted.")
    return redirect("personas:detail", uuid=uuid)
