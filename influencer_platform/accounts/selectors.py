from django.db.models import QuerySet
from django.utils import timezone

from influencer_platform.accounts.models import ApiToken, BrandInvitation
from influencer_platform.accounts.tokens import hash_token
from influencer_platform.common.errors import ServiceError


def api_tokens_for_user(*, user) -> QuerySet[ApiToken]:
    """Agency admins manage every token; other users see only their own."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    queryset = ApiToken.objects.select_related("user", "created_by")
    return queryset if user.is_agency_admin else queryset.filter(user=user)


def brand_invitation_for_token(*, raw: str) -> BrandInvitation:
    """The invitation a link names, or a ServiceError saying why the link no longer works."""
    invitation = (
        BrandInvitation.objects.select_related("brand").filter(token_hash=hash_token(raw or "")).first()
    )
    if invitation is None:
        raise ServiceError("This invitation link is not valid.", code="invitation_invalid")
    if invitation.accepted_at is not None:
        raise ServiceError("This invitation was already used; log in instead.", code="invitation_used")
    if invitation.revoked_at is not None:
        raise ServiceError(
            "This invitation was withdrawn; ask the agency for a new one.", code="invitation_revoked"
        )
    if invitation.expires_at <= timezone.now():
        raise ServiceError(
            "This invitation has expired; ask the agency for a new one.", code="invitation_expired"
        )
    return invitation


def brand_invitations_pending(*, brand) -> QuerySet[BrandInvitation]:
    """Open invitations of a brand (not used, not withdrawn), newest first; expired ones included."""
    return BrandInvitation.objects.filter(brand=brand, accepted_at__isnull=True, revoked_at__isnull=True)
