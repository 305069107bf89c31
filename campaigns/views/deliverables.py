"""Deliverable pages: the board by status, the deliverable with its versions, history and actions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from campaigns.forms import AgencyCommentForm, BoardFilterForm, DeliverableForm, DeliverableTransitionForm
from campaigns.models import DeliverableStatus
from campaigns.selectors import (
    brands_for_user,
    campaigns_for_user,
    comment_threads_for_deliverable,
    comments_for_deliverable,
    deliverables_for_user,
    is_overdue,
    overdue_deliverables,
    priced_types_by_persona,
)
from campaigns.services.deliverables import (
    DELIVERABLE_TRANSITIONS,
    comment_default_visibility,
    deliverable_comment_add,
    deliverable_comment_resolve,
    deliverable_transition,
    deliverable_update,
)
from generation.selectors import deliverable_sent_to_client_before, deliverable_versions
from influencer_platform.web import SERVICE_ERRORS, add_service_error, agency_required, paginate
from personas.selectors import personas_for_user
from trust.selectors import (
    deliverable_disclosure_context,
    deliverable_identity_flag,
    deliverable_usage_rights_status,
)

BOARD_PAGE_SIZE = 120
# Moves the agency makes from the deliverable page; changes are requested by the client's review.
AGENCY_MOVES = {
    DeliverableStatus.IN_PRODUCTION: "Start production",
    DeliverableStatus.INTERNAL_REVIEW: "Send to internal review",
    DeliverableStatus.CLIENT_REVIEW: "Send to client review",
    DeliverableStatus.APPROVED: "Approve",
    DeliverableStatus.SCHEDULED: "Schedule",
    DeliverableStatus.PUBLISHED: "Mark published",
    DeliverableStatus.CANCELLED: "Cancel deliverable",
}


# Moves a card can make by drag and drop (or its "Move to" select); scheduling, publishing and
# cancelling need more than a status, so they stay on the deliverable page.
BOARD_MOVES = (
    DeliverableStatus.IN_PRODUCTION,
    DeliverableStatus.INTERNAL_REVIEW,
    DeliverableStatus.CLIENT_REVIEW,
    DeliverableStatus.APPROVED,
)
FINISHED = (DeliverableStatus.PUBLISHED, DeliverableStatus.CANCELLED)


@agency_required
def deliverable_board(request):
    filters = BoardFilterForm(
        request.GET or None,
        campaigns=campaigns_for_user(user=request.user),
        personas=personas_for_user(user=request.user),
        brands=brands_for_user(user=request.user),
    )
    data = filters.cleaned_data if filters.is_valid() else {}
    deliverables = deliverables_for_user(user=request.user).select_related("campaign__brand", "persona")
    if data.get("campaign"):
        deliverables = deliverables.filter(campaign=data["campaign"])
    if data.get("persona"):
        deliverables = deliverables.filter(persona=data["persona"])
    if data.get("brand"):
        deliverables = deliverables.filter(campaign__brand=data["brand"])
    if data.get("due_before"):
        deliverables = deliverables.filter(due_date__lte=data["due_before"])
    if data.get("overdue"):
        deliverables = overdue_deliverables(deliverables)
    show_all = bool(data.get("all"))
    if not show_all:
        deliverables = deliverables.exclude(status__in=FINISHED)
    page = paginate(request, deliverables.order_by("due_date", "id"), per_page=BOARD_PAGE_SIZE)
    by_status = {value: [] for value in DeliverableStatus.values}
    today = timezone.localdate()
    for deliverable in page:
        deliverable.moves = [
            (status, DeliverableStatus(status).label)
            for status in BOARD_MOVES
            if status in DELIVERABLE_TRANSITIONS[deliverable.status]
        ]
        deliverable.overdue = is_overdue(deliverable, today=today)
        by_status[deliverable.status].append(deliverable)
    columns = [
        {"status": value, "label": label, "items": by_status[value]}
        for value, label in DeliverableStatus.choices
        if show_all or value not in FINISHED
    ]
    context = {
        "page": page,
        "columns": columns,
        "filters": filters,
        "query": _query_without_page(request),
        "board_url": request.get_full_path(),
        "nav": "deliverables",
    }
    return render(request, "campaigns/deliverable_board.html", context)


@agency_required
@require_POST
def deliverable_board_move(request, uuid):
    """The board's drag and drop and its keyboard form both post here; one service applies it."""
    deliverable = _deliverable_or_404(request, uuid)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("campaigns:deliverable-board")
    to_status = request.POST.get("to_status", "")
    if to_status not in BOARD_MOVES:
        messages.error(request, f"{deliverable} cannot be moved there from the board; open it to do that.")
        return redirect(back)
    try:
        deliverable_transition(deliverable=deliverable, to_status=to_status, user=request.user)
    except SERVICE_ERRORS as error:
        detail = getattr(error, "message", None) or " ".join(getattr(error, "messages", [str(error)]))
        messages.error(request, f"{deliverable} was not moved: {detail}")
    else:
        messages.success(request, f"{deliverable} moved to {deliverable.get_status_display().lower()}.")
    return redirect(back)


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _deliverable_or_404(request, uuid):
    return get_object_or_404(deliverables_for_user(user=request.user), uuid=uuid)


def _detail_context(request, deliverable, **forms):
    moves = [
        (status, AGENCY_MOVES[status])
        for status in DeliverableStatus.values
        if status in DELIVERABLE_TRANSITIONS[deliverable.status] and status in AGENCY_MOVES
    ]
    versions = list(deliverable_versions(user=request.user, deliverable=deliverable))
    newest = versions[-1] if versions else None
    return {
        "deliverable": deliverable,
        "versions": versions,
        "unshared_version": newest if newest is not None and newest.shared_at is None else None,
        "resend_needs_reason": (newest is None or newest.shared_at is not None)
        and deliverable_sent_to_client_before(deliverable=deliverable),
        "history": deliverable.status_changes.select_related("changed_by"),
        "comments": comment_threads_for_deliverable(deliverable=deliverable, user=request.user),
        "moves": moves,
        "transition_form": forms.get("transition_form") or DeliverableTransitionForm(),
        "comment_form": forms.get("comment_form")
        or AgencyCommentForm(initial={"visibility": comment_default_visibility(deliverable=deliverable)}),
        "nav": "deliverables",
        "usage_rights": deliverable_usage_rights_status(deliverable=deliverable),
        "identity_flag": deliverable_identity_flag(deliverable=deliverable),
        "deliverable_moves": [status for status, _ in moves],
        **deliverable_disclosure_context(deliverable=deliverable),
    }


@agency_required
def deliverable_detail(request, uuid):
    deliverable = _deliverable_or_404(request, uuid)
    return render(request, "campaigns/deliverable_detail.html", _detail_context(request, deliverable))


@agency_required
@require_POST
def deliverable_transition_view(request, uuid):
    deliverable = _deliverable_or_404(request, uuid)
    form = DeliverableTransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            deliverable_transition(
                deliverable=deliverable,
                to_status=data["to_status"],
                user=request.user,
                note=data["note"],
                scheduled_for=data["scheduled_for"],
                published_url=data["published_url"] or None,
                identity_override_reason=data["identity_override_reason"],
                client_note=data["client_note"],
                resend_reason=data["resend_reason"],
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Deliverable is now {deliverable.get_status_display().lower()}.")
            return redirect("campaigns:deliverable-detail", uuid=deliverable.uuid)
    context = _detail_context(request, deliverable, transition_form=form)
    return render(request, "campaigns/deliverable_detail.html", context, status=400)


@agency_required
@require_POST
def deliverable_comment(request, uuid):
    deliverable = _deliverable_or_404(request, uuid)
    form = AgencyCommentForm(request.POST)
    if form.is_valid():
        try:
            deliverable_comment_add(
                deliverable=deliverable,
                user=request.user,
                body=form.cleaned_data["body"],
                visibility=form.cleaned_data["visibility"],
                **form.pin(deliverable=deliverable, user=request.user),
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            return redirect("campaigns:deliverable-detail", uuid=deliverable.uuid)
    context = _detail_context(request, deliverable, comment_form=form)
    return render(request, "campaigns/deliverable_detail.html", context, status=400)


@agency_required
def deliverable_edit(request, uuid):
    deliverable = _deliverable_or_404(request, uuid)
    personas = personas_for_user(user=request.user)
    initial = {name: getattr(deliverable, name) for name in DeliverableForm.base_fields}
    form = DeliverableForm(
        request.POST or None,
        personas=personas,
        initial=initial,
        priced_types=priced_types_by_persona(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            deliverable_update(deliverable=deliverable, user=request.user, data=form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Deliverable saved.")
            return redirect("campaigns:deliverable-detail", uuid=deliverable.uuid)
    context = {"form": form, "title": f"Edit {deliverable}", "nav": "deliverables"}
    return render(request, "campaigns/form.html", context)


@agency_required
@require_POST
def deliverable_comment_resolve_view(request, uuid, comment_uuid):
    deliverable = _deliverable_or_404(request, uuid)
    comment = get_object_or_404(
        comments_for_deliverable(deliverable=deliverable, user=request.user), uuid=comment_uuid
    )
    try:
        deliverable_comment_resolve(
            comment=comment, user=request.user, resolved=request.POST.get("resolved") == "1"
        )
    except SERVICE_ERRORS as error:
        messages.error(request, getattr(error, "message", str(error)))
    return redirect("campaigns:deliverable-detail", uuid=deliverable.uuid)
