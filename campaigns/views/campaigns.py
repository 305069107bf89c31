"""Campaign pages: list, create, edit, detail with deliverables and invoices, status moves."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.forms import CampaignCreateForm, CampaignForm, CampaignTransitionForm, DeliverableForm
from campaigns.models import CampaignStatus
from campaigns.selectors import (
    brands_for_user,
    campaign_money_summary,
    campaigns_for_user,
    deliverables_for_user,
    invoices_for_user,
    priced_types_by_persona,
)
from campaigns.services.campaigns import (
    CAMPAIGN_TRANSITIONS,
    campaign_create,
    campaign_transition,
    campaign_update,
)
from campaigns.services.deliverables import deliverable_create
from campaigns.views.invoices import invoice_create_form
from influencer_platform.web import SERVICE_ERRORS, add_service_error, agency_required, paginate
from personas.selectors import personas_for_user


@agency_required
def campaign_list(request):
    campaigns = campaigns_for_user(user=request.user)
    status = request.GET.get("status", "")
    if status:
        campaigns = campaigns.filter(status=status)
    context = {
        "page": paginate(request, campaigns),
        "status": status,
        "status_choices": CampaignStatus.choices,
        "query": f"status={status}" if status else "",
        "nav": "campaigns",
    }
    return render(request, "campaigns/campaign_list.html", context)


def _campaign_or_404(request, uuid):
    return get_object_or_404(campaigns_for_user(user=request.user), uuid=uuid)


@agency_required
def campaign_detail(request, uuid):
    campaign = _campaign_or_404(request, uuid)
    deliverables = deliverables_for_user(user=request.user).filter(campaign=campaign)
    moves = [
        (status, CampaignStatus(status).label) for status in sorted(CAMPAIGN_TRANSITIONS[campaign.status])
    ]
    context = {
        "campaign": campaign,
        "deliverables": deliverables,
        "invoices": invoices_for_user(user=request.user).filter(campaign=campaign),
        "moves": moves,
        "money": campaign_money_summary(campaign=campaign, user=request.user),
        "invoice_form": invoice_create_form(request.user, campaign),
        "nav": "campaigns",
    }
    return render(request, "campaigns/campaign_detail.html", context)


@agency_required
def campaign_create_view(request):
    brands = brands_for_user(user=request.user)
    initial = {"brand": request.GET.get("brand")} if request.GET.get("brand") else None
    form = CampaignCreateForm(request.POST or None, brands=brands, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            campaign = campaign_create(user=request.user, brand=data.pop("brand"), **data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Campaign {campaign.name} created.")
            return redirect("campaigns:campaign-detail", uuid=campaign.uuid)
    return render(request, "campaigns/form.html", {"form": form, "title": "New campaign", "nav": "campaigns"})


@agency_required
def campaign_edit(request, uuid):
    campaign = _campaign_or_404(request, uuid)
    initial = {name: getattr(campaign, name) for name in CampaignForm.base_fields}
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_update(campaign=campaign, user=request.user, data=form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Campaign saved.")
            return redirect("campaigns:campaign-detail", uuid=campaign.uuid)
    context = {"form": form, "title": f"Edit {campaign.name}", "nav": "campaigns"}
    return render(request, "campaigns/form.html", context)


@agency_required
@require_POST
def campaign_transition_view(request, uuid):
    campaign = _campaign_or_404(request, uuid)
    form = CampaignTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a listed status.")
    else:
        try:
            campaign_transition(
                campaign=campaign, user=request.user, to_status=form.cleaned_data["to_status"]
            )
        except SERVICE_ERRORS as error:
            messages.error(request, getattr(error, "message", str(error)))
        else:
            messages.success(request, f"Campaign is now {campaign.get_status_display().lower()}.")
    return redirect("campaigns:campaign-detail", uuid=campaign.uuid)


@agency_required
def deliverable_create_view(request, uuid):
    campaign = _campaign_or_404(request, uuid)
    personas = personas_for_user(user=request.user).exclude(status="retired")
    form = DeliverableForm(
        request.POST or None, personas=personas, priced_types=priced_types_by_persona(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            deliverable = deliverable_create(
                campaign=campaign,
                persona=data.pop("persona"),
                deliverable_type=data.pop("deliverable_type"),
                user=request.user,
                **data,
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Deliverable added.")
            return redirect("campaigns:deliverable-detail", uuid=deliverable.uuid)
    context = {"form": form, "title": f"New deliverable · {campaign.name}", "nav": "campaigns"}
    return render(request, "campaigns/form.html", context)
