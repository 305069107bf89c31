from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsAgency(BasePermission):
    message = "Only agency staff can do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_agency)


class IsAgencyAdmin(BasePermission):
    message = "Only an agency admin can do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_agency_admin)


class AgencyWritesBrandReads(BasePermission):
    """Brand clients may read what their selectors show them; only the agency writes."""

    message = "Brand clients have read-only access here."

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or request.user.is_agency


class SchedulerScopes(BasePermission):
    """Schedulers act only through a token carrying the scope the view names for the action
    (``required_scopes = {"list": "feed:read", ...}``); everyone else passes to the next check."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not user.is_scheduler:
            return True
        scopes = getattr(request.auth, "scopes", None)
        needed = getattr(view, "required_scopes", {}).get(getattr(view, "action", None))
        if scopes is None or needed is None or needed not in scopes:
            self.message = f"This token lacks the scope {needed!r}." if needed else "Not for schedulers."
            return False
        return True
