from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status

from campaigns.api.filters import BrandContactFilter
from campaigns.api.serializers.brands import (
    BrandContactInputSerializer,
    BrandContactSerializer,
    BrandInputSerializer,
    BrandSerializer,
)
from campaigns.models import Brand, BrandContact
from campaigns.selectors import brand_contacts_for_user, brands_for_user
from campaigns.services.brands import (
    brand_contact_create,
    brand_contact_delete,
    brand_contact_update,
    brand_create,
    brand_delete,
    brand_update,
)
from influencer_platform.api.viewsets import ScopedViewSet


class BrandViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Client companies. Brand clients read only their own brand, without agency notes."""

    model = Brand
    selector = staticmethod(brands_for_user)
    serializer_class = BrandSerializer
    filterset_fields = ["slug"]
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    @extend_schema(request=BrandInputSerializer, responses={201: BrandSerializer})
    def create(self, request):
        data = self.validated(BrandInputSerializer, request.data)
        return self.respond(brand_create(user=request.user, **data), status=status.HTTP_201_CREATED)

    @extend_schema(request=BrandInputSerializer, responses=BrandSerializer)
    def update(self, request, uuid=None):
        return self._update(request, partial=False)

    @extend_schema(request=BrandInputSerializer, responses=BrandSerializer)
    def partial_update(self, request, uuid=None):
        return self._update(request, partial=True)

    def _update(self, request, *, partial: bool):
        brand = self.get_object()
        serializer = BrandInputSerializer(brand, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return self.respond(
            brand_update(brand=brand, user=request.user, data=dict(serializer.validated_data))
        )

    @extend_schema(responses={204: None})
    def destroy(self, request, uuid=None):
        brand_delete(brand=self.get_object(), user=request.user)
        return self.respond(None, status=status.HTTP_204_NO_CONTENT)


class BrandContactViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    model = BrandContact
    selector = staticmethod(brand_contacts_for_user)
    serializer_class = BrandContactSerializer
    filterset_class = BrandContactFilter
    ordering_fields = ["name", "created_at"]
    ordering = ["name"]

    @extend_schema(request=BrandContactInputSerializer, responses={201: BrandContactSerializer})
    def create(self, request):
        data = self.validated(BrandContactInputSerializer, request.data)
        return self.respond(brand_contact_create(user=request.user, **data), status=status.HTTP_201_CREATED)

    @extend_schema(request=BrandContactInputSerializer, responses=BrandContactSerializer)
    def partial_update(self, request, uuid=None):
        contact = self.get_object()
        data = dict(self.validated(BrandContactInputSerializer, request.data, partial=True))
        data.pop("brand", None)  # a contact does not move between brands
        return self.respond(brand_contact_update(contact=contact, user=request.user, data=data))

    @extend_schema(responses={204: None})
    def destroy(self, request, uuid=None):
        brand_contact_delete(contact=self.get_object(), user=request.user)
        return self.respond(None, status=status.HTTP_204_NO_CONTENT)
