from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from influencer_platform.accounts.permissions import IsAgency
from influencer_platform.api.mixins import NotFoundForDeniedMixin
from influencer_platform.api.viewsets import ScopedViewSet
from personas.api.serializers import (
    ChannelInputSerializer,
    ChannelSerializer,
    FollowerSnapshotInputSerializer,
    PersonaSerializer,
    ReferenceImageSerializer,
    ReferenceImageUpdateSerializer,
    ReferenceImageUploadSerializer,
)
from personas.models import Persona, ReferenceImage
from personas.selectors import personas_for_user, reference_images_for_user
from personas.services.images import (
    reference_image_delete,
    reference_image_set_primary,
    reference_image_update,
    reference_image_upload,
)
from personas.services.personas import (
    channel_create,
    follower_snapshot_record,
    persona_create,
    persona_update,
)


class PersonaViewSet(
    NotFoundForDeniedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Personas are agency-only; brand clients get 404 for all of them."""

    serializer_class = PersonaSerializer
    permission_classes = [IsAgency]
    selector = personas_for_user
    model = Persona
    filterset_fields = ["status", "brand_safety"]
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name"]

    def perform_create(self, serializer):
        serializer.instance = persona_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = persona_update(persona=serializer.instance, **serializer.validated_data)

    def destroy(self, request, *args, **kwargs):
        persona = self.get_object()
        if persona.deliverables.exists():
            persona_update(persona=persona, status="retired")
            return Response(PersonaSerializer(persona).data)
        return super().destroy(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": ReferenceImageUploadSerializer},
        responses={201: ReferenceImageSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def images(self, request, uuid=None):
        persona = self.get_object()
        data = ReferenceImageUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        image = reference_image_upload(persona=persona, file=fields.pop("image"), user=request.user, **fields)
        return Response(ReferenceImageSerializer(image).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChannelInputSerializer, responses={201: ChannelSerializer})
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def channels(self, request, uuid=None):
        persona = self.get_object()
        data = ChannelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        channel = channel_create(persona=persona, **data.validated_data)
        return Response(ChannelSerializer(channel).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FollowerSnapshotInputSerializer, responses={201: ChannelSerializer})
    @action(detail=True, methods=["post"], url_path=r"channels/(?P<channel_uuid>[0-9a-f-]+)/snapshots")
    def channel_snapshot(self, request, uuid=None, channel_uuid=None):
        persona = self.get_object()
        channel = get_object_or_404(persona.channels.all(), uuid=channel_uuid)
        data = FollowerSnapshotInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        follower_snapshot_record(
            channel=channel,
            follower_count=data.validated_data["follower_count"],
            on=data.validated_data.get("date"),
        )
        return Response(ChannelSerializer(channel).data, status=status.HTTP_201_CREATED)


class ReferenceImageViewSet(
    NotFoundForDeniedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    serializer_class = ReferenceImageSerializer
    permission_classes = [IsAgency]
    selector = reference_images_for_user
    model = ReferenceImage
    filterset_fields = ["label", "is_primary"]
    ordering_fields = ["created_at"]
    ordering = ["created_at"]

    @extend_schema(request=ReferenceImageUpdateSerializer, responses=ReferenceImageSerializer)
    def partial_update(self, request, uuid=None):
        data = ReferenceImageUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = reference_image_update(image=self.get_object(), **data.validated_data)
        return Response(ReferenceImageSerializer(image).data)

    @extend_schema(request=None, responses=ReferenceImageSerializer)
    @action(detail=True, methods=["post"], url_path="set-primary")
    def set_primary(self, request, uuid=None):
        image = reference_image_set_primary(image=self.get_object())
        return Response(ReferenceImageSerializer(image).data)

    def destroy(self, request, uuid=None):
        reference_image_delete(image=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
