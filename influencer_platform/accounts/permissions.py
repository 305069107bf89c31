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
