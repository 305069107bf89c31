"""API token pages for agency admins: create (the secret is shown once), see prefix and last use, revoke."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from influencer_platform.accounts.forms import ApiTokenCreateForm
from influencer_platform.accounts.models import User
from influencer_platform.accounts.selectors import api_tokens_for_user
from influencer_platform.accounts.services import api_token_create, api_token_revoke
from influencer_platform.web import SERVICE_ERRORS, add_service_error


def admin_required(view):
    """Token management does not exist for anyone but agency admins (404, as agency pages do)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_agency_admin:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


@admin_required
def api_token_list(request):
    users = User.objects.filter(is_active=True).order_by("username")
    form = ApiTokenCreateForm(request.POST or None, users=users, initial={"user": request.user.pk})
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = api_token_create(
                user=form.cleaned_data["user"],
                name=form.cleaned_data["name"],
                created_by=request.user,
                scopes=form.cleaned_data["scopes"],
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            # Rendered once in this response and never stored: no redirect, no session.
            created = {"token": token, "secret": secret}
            form = ApiTokenCreateForm(users=users, initial={"user": request.user.pk})
    context = {
        "tokens": api_tokens_for_user(user=request.user).order_by("revoked_at", "-created_at"),
        "form": form,
        "created": created,
        "nav": "tokens",
    }
    status = 400 if request.method == "POST" and created is None else 200
    return render(request, "accounts/api_tokens.html", context, status=status)


@admin_required
@require_POST
def api_token_revoke_view(request, uuid):
    token = get_object_or_404(api_tokens_for_user(user=request.user), uuid=uuid)
    try:
        api_token_revoke(token=token, revoked_by=request.user)
    except SERVICE_ERRORS as error:
        messages.error(request, getattr(error, "message", str(error)))
    else:
        messages.success(request, f"Token “{token.name}” ({token.prefix}…) revoked; it no longer works.")
    return redirect("api-tokens")
