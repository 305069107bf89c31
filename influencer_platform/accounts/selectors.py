from django.db.models import QuerySet

from influencer_platform.accounts.models import ApiToken


def api_tokens_for_user(*, user) -> QuerySet[ApiToken]:
    """Agency admins manage every token; other users see only their own."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    queryset = ApiToken.objects.select_related("user", "created_by")
    return queryset if user.is_agency_admin else queryset.filter(user=user)
