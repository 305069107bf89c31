"""Role checks shared by every app's API. Objects are looked up through scoped selectors first,
so another brand's object is a 404 exactly like a missing one; only then does the role matter."""

from rest_framework.exceptions import NotFound
from rest_framework.permissions import SAFE_METHODS, BasePermission


class AgencyWritesClientActs(BasePermission):
    """Reads for everyone the selector lets through; writes for the agency, except the
    detail actions a viewset lists in ``client_actions`` (approve, comment, ...)."""

    message = "Brand clients have read-only access here."

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        # Detail routes defer to the object check, after the scoped lookup has 404ed strangers.
        return request.method in SAFE_METHODS or user.is_agency or bool(getattr(view, "detail", False))

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or request.user.is_agency:
            return True
        return getattr(view, "action", None) in getattr(view, "client_actions", ())


class AgencyOnlyElseNotFound(BasePermission):
    """Agency-only resources (rate cards, quotes, earnings) do not exist for brand clients."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not user.is_agency:
            raise NotFound()
        return True
