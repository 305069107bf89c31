"""Staff pages for the consent ledger: revoke a record from the persona or motion page."""

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
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
