from rest_framework import viewsets
from rest_framework.response import Response

from influencer_platform.api.permissions import AgencyWritesClientActs


class ScopedViewSet(viewsets.GenericViewSet):
    """Every read goes through the user-scoped selector; lookups are by UUID."""

    selector = None  # a selector ``(*, user) -> QuerySet``
    model = None
    lookup_field = "uuid"
    lookup_value_converter = "uuid"
    permission_classes = [AgencyWritesClientActs]
    client_actions: tuple[str, ...] = ()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return type(self).selector(user=self.request.user)

    def validated(self, serializer_class, data, **kwargs) -> dict:
        serializer = serializer_class(data=data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, instance, *, status: int = 200, serializer_class=None) -> Response:
        if instance is None:
            return Response(status=status)
        serializer_class = serializer_class or self.serializer_class
        return Response(serializer_class(instance, context=self.get_serializer_context()).data, status=status)

    def paginated(self, queryset, serializer_class) -> Response:
        page = self.paginate_queryset(queryset)
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)
