"""The brand client's portal: their campaigns, deliverables from client review on, and invoices.

Everything is read through the user-scoped selectors, so another brand's objects answer 404.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.forms import CommentForm, RequestChangesForm
from campaigns.models import DeliverableStatus
from campaigns.selectors import (
    campaigns_for_user,
    comment_threads_for_deliverable,
    comments_for_deliverable,
    deliverable_revision_terms,
    deliverables_for_user,
    invoices_for_user,
)
from campaigns.services.deliverables import (
    deliverable_approve,
    deliverable_comment_add,
    deliverable_comment_resolve,
    deliverable_request_changes,
)
from campaigns.views.invoices import invoice_pdf_response, invoice_print_context
from generation.selectors import deliverable_versions, version_changes
from influencer_platform.web import SERVICE_ERRORS, add_service_error, brand_client_required, paginate
from trust.selectors import deliverable_disclosure_context


@brand_client_required
def campaign_detail(request, uuid):
    campaign = get_object_or_404(campaigns_for_user(user=request.user), uuid=uuid)
    context = {
        "campaign": campaign,
        "deliverables": deliverables_for_user(user=request.user).filter(campaign=campaign),
        "invoices": invoices_for_user(user=request.user).filter(campaign=campaign),
        "nav": "portal",
    }
    return render(request, "portal/campaign_detail.html", context)


def _deliverable_or_404(request, uuid):
    return get_object_or_404(deliverables_for_user(user=request.user), uuid=uuid)


def _review(request, deliverable, status=200, **forms):
    versions = list(deliverable_versions(user=request.user, deliverable=deliverable))
    latest = versions[-1] if versions else None
    previous = versions[-2] if len(versions) > 1 else None
    context = {
        "deliverable": deliverable,
        "latest": latest,
        "previous": previous,
        "changes": version_changes(previous=previous, current=latest) if previous else [],
        "earlier_versions": versions[:-1][::-1],
        "comments": comment_threads_for_deliverable(deliverable=deliverable, user=request.user),
        "in_review": deliverable.status == DeliverableStatus.CLIENT_REVIEW,
        "rounds": deliverable_revision_terms(deliverable=deliverable),
        "approved": deliverable.status
        in (DeliverableStatus.APPROVED, DeliverableStatus.SCHEDULED, DeliverableStatus.PUBLISHED),
        **deliverable_disclosure_context(deliverable=deliverable),
        "changes_form": forms.get("changes_form") or RequestChangesForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "nav": "portal",
    }
    return render(request, "portal/deliverable_review.html", context, status=status)


@brand_client_required
def deliverable_review(request, uuid):
    return _review(request, _deliverable_or_404(request, uuid))


@brand_client_required
@require_POST
def deliverable_approve_view(request, uuid):
    deliverable = _deliverable_or_404(request, uuid)
    try:
        deliverable_approve(
            deliverable=deliverable, user=request.user, version=request.POST.get("version") or None
        )
    except SERVICE_ERRORS as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        messages.success(request, "Approved. Thank you!")
    return redirect("portal:deliverable", uuid=deliverable.uuid)


@brand_client_required
@require_POST
def deliverable_request_changes_view(request, uuid):
    deliverable = _deliverable_or_404(request, uuid)
    form = RequestChangesForm(request.POST)
    if form.is_valid():
        try:
            deliverable_request_changes(
                deliverable=deliverable, user=request.user, comment=form.cleaned_data["comment"]
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Your change request was sent to the agency.")
            return redirect("portal:deliverable", uuid=deliverable.uuid)
    return _review(request, deliverable, status=400, changes_form=form)


@brand_client_required
@require_POST
def deliverable_comment(request, uuid):
    deliverable = _deliverable_or_404(request, uuid)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            deliverable_comment_add(
                deliverable=deliverable,
                user=request.user,
                body=form.cleaned_data["body"],
                **form.pin(deliverable=deliverable, user=request.user),
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            return redirect("portal:deliverable", uuid=deliverable.uuid)
    return _review(request, deliverable, status=400, comment_form=form)


@brand_client_required
def invoice_list(request):
    context = {
        "page": paginate(request, invoices_for_user(user=request.user).order_by("-created_at", "-id")),
        "nav": "portal-invoices",
    }
    return render(request, "portal/invoice_list.html", context)


@brand_client_required
def invoice_detail(request, uuid):
    invoice = get_object_or_404(invoices_for_user(user=request.user), uuid=uuid)
    return render(request, "campaigns/invoice_print.html", invoice_print_context(invoice, portal=True))


@brand_client_required
def invoice_pdf(request, uuid):
    return invoice_pdf_response(get_object_or_404(invoices_for_user(user=request.user), uuid=uuid))


@brand_client_required
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
    return redirect("portal:deliverable", uuid=deliverable.uuid)
