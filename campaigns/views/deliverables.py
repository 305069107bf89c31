"""Deliverable pages: the board by status, the deliverable with its versions, history and actions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.forms import CommentForm, DeliverableForm, DeliverableTransitionForm
from campaigns.models import DeliverableStatus
from campaigns.selectors import campaigns_for_user, comments_for_deliverable, deliverables_for_user
from campaigns.services.deliverables import (
    DELIVERABLE_TRANSITIONS,
    deliverable_comment_add,
    deliverable_transition,
    deliverable_update,
)
from generation.selectors import deliverable_versions
from influencer_platform.web import SERVICE_ERRORS, add_service_error, agency_required, paginate
from personas.selectors import personas_for_user

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


@agency_required
def deliverable_board(request):
    deliverables = deliverables_for_user(user=request.user).order_by("due_date", "id")
    campaign_uuid = request.GET.get("campaign", "")
    if campaign_uuid:
        deliverables = deliverables.filter(campaign__uuid=campaign_uuid)
    if not request.GET.get("all"):
        deliverables = deliverables.exclude(
            status__in=(DeliverableStatus.PUBLISHED, DeliverableStatus.CANCELLED)
        )
    page = paginate(request, deliverables, per_page=BOARD_PAGE_SIZE)
    by_status = {value: [] for value in DeliverableStatus.values}
    for deliverable in page:
        by_status[deliverable.status].append(deliverable)
    columns = [
        {"status": value, "label": label, "items": by_status[value]}
        for value, label in DeliverableStatus.choices
        if request.GET.get("all") or value not in (DeliverableStatus.PUBLISHED, DeliverableStatus.CANCELLED)
    ]
    context = {
        "page": page,
        "columns": columns,
        "campaigns": campaigns_for_user(user=request.user).only("uuid", "name", "brand__name"),
        "campaign_uuid": campaign_uuid,
        "show_all": bool(request.GET.get("all")),
        "query": _query_without_page(request),
        "nav": "deliverables",
    }
    return render(request, "campaigns/deliverable_board.html", context)


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
    return {
        "deliverable": deliverable,
        "versions": deliverable_versions(user=request.user, deliverable=deliverable),
        "history": deliverable.status_changes.select_related("changed_by"),
        "comments": comments_for_deliverable(deliverable=deliverable, user=request.user),
        "moves": moves,
        "transition_form": forms.get("transition_form") or DeliverableTransitionForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "nav": "deliverables",
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
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            deliverable_comment_add(
                deliverable=deliverable, user=request.user, body=form.cleaned_data["body"]
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
    form = DeliverableForm(request.POST or None, personas=personas, initial=initial)
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
