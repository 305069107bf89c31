from rest_framework.exceptions import NotFound


class NotFoundForDeniedMixin:
    """An authenticated user who may not use an endpoint gets 404, as for a missing object,
    so brand clients learn nothing about what exists outside their brand."""

    def permission_denied(self, request, message=None, code=None):
        if request.user and request.user.is_authenticated:
            raise NotFound()
        super().permission_denied(request, message=message, code=code)
