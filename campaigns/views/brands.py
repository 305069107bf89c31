"""Brand pages: list, create, edit, detail with campaigns and contacts."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from campaigns.forms import BrandContactForm, BrandForm
from campaigns.selectors import brands_for_user, campaigns_for_user
from campaigns.services.brands import brand_contact_create, brand_create, brand_update
from influencer_platform.accounts.models import Role
from influencer_platform.accounts.selectors import brand_invitations_pending
from influencer_platform.web import SERVICE_ERRORS, add_service_error, agency_required, paginate


@agency_required
def brand_list(request):
    page = paginate(request, brands_for_user(user=request.user))
    return render(request, "campaigns/brand_list.html", {"page": page, "nav": "brands"})


def _portal_access(brand) -> dict:
    return {
        "members": brand.members.filter(role=Role.BRAND_CLIENT).order_by("username"),
        "invitations": brand_invitations_pending(brand=brand),
        "now": timezone.now(),
    }


def _brand_or_404(request, uuid):
    return get_object_or_404(brands_for_user(user=request.user), uuid=uuid)


@agency_required
def brand_detail(request, uuid):
    brand = _brand_or_404(request, uuid)
    context = {
        "brand": brand,
        "campaigns": campaigns_for_user(user=request.user).filter(brand=brand),
        "contact_form": BrandContactForm(),
        **_portal_access(brand),
        "nav": "brands",
    }
    return render(request, "campaigns/brand_detail.html", context)


@agency_required
def brand_create_view(request):
    form = BrandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            brand = brand_create(user=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Brand {brand.name} created.")
            return redirect("campaigns:brand-detail", uuid=brand.uuid)
    return render(request, "campaigns/form.html", {"form": form, "title": "New brand", "nav": "brands"})


@agency_required
def brand_edit(request, uuid):
    brand = _brand_or_404(request, uuid)
    initial = {name: getattr(brand, name) for name in BrandForm.base_fields}
    form = BrandForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            brand_update(brand=brand, user=request.user, data=form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Brand saved.")
            return redirect("campaigns:brand-detail", uuid=brand.uuid)
    context = {"form": form, "title": f"Edit {brand.name}", "nav": "brands"}
    return render(request, "campaigns/form.html", context)


@agency_required
@require_POST
def brand_contact_add(request, uuid):
    brand = _brand_or_404(request, uuid)
    form = BrandContactForm(request.POST)
    if form.is_valid():
        try:
            brand_contact_create(brand=brand, user=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Contact added.")
            return redirect("campaigns:brand-detail", uuid=brand.uuid)
    context = {
        "brand": brand,
        "campaigns": campaigns_for_user(user=request.user).filter(brand=brand),
        "contact_form": form,
        **_portal_access(brand),
        "nav": "brands",
    }
    return render(request, "campaigns/brand_detail.html", context, status=400)
