"""Brand invitations: staff invite a contact from the brand page; the contact opens the emailed link,
chooses a username and password, and lands in the portal."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.selectors import brands_for_user
from influencer_platform.accounts.forms import BrandInvitationForm, InvitationAcceptForm
from influencer_platform.accounts.models import BrandInvitation
from influencer_platform.accounts.selectors import brand_invitation_for_token
from influencer_platform.accounts.services import (
    brand_invitation_accept,
    brand_invitation_revoke,
    brand_invitation_send,
)
from influencer_platform.common.errors import ServiceError
from influencer_platform.web import SERVICE_ERRORS, agency_required


@agency_required
@require_POST
def brand_invite(request, uuid):
    brand = get_object_or_404(brands_for_user(user=request.user), uuid=uuid)
    form = BrandInvitationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("campaigns:brand-detail", uuid=brand.uuid)
    try:
        invitation = brand_invitation_send(brand=brand, invited_by=request.user, **form.cleaned_data)
    except SERVICE_ERRORS as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        messages.success(
            request,
            f"Invitation sent to {invitation.email}; the link works once, until "
            f"{invitation.expires_at:%d %b %Y}.",
        )
    return redirect("campaigns:brand-detail", uuid=brand.uuid)


@agency_required
@require_POST
def brand_invitation_revoke_view(request, uuid):
    invitation = get_object_or_404(
        BrandInvitation.objects.filter(brand__in=brands_for_user(user=request.user)), uuid=uuid
    )
    brand_invitation_revoke(invitation=invitation, user=request.user)
    messages.success(
        request, f"The invitation of {invitation.email} was withdrawn; its link no longer works."
    )
    return redirect("campaigns:brand-detail", uuid=invitation.brand.uuid)


def invitation_accept(request, token):
    """Public: the link is the credential. A spent, withdrawn or expired link says so (410)."""
    try:
        invitation = brand_invitation_for_token(raw=token)
    except ServiceError as error:
        return render(request, "accounts/invitation_accept.html", {"problem": error.message}, status=410)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = brand_invitation_accept(
                raw=token, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, f"Welcome, {user.get_username()}: this is {invitation.brand.name}'s portal."
            )
            return redirect("portal:home")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}, status=status
    )
