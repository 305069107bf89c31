from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from generation.api.serializers.motions import (
    MotionAlignInputSerializer,
    MotionAlignmentSerializer,
    MotionSerializer,
    MotionUpdateSerializer,
    MotionUploadSerializer,
)
from generation.models import Motion
from generation.selectors import motions_for_user
from generation.services.motions import motion_align, motion_create_from_upload, motion_delete, motion_update
from influencer_platform.accounts.permissions import IsAgency
from influencer_platform.api.mixins import NotFoundForDeniedMixin
from influencer_platform.api.viewsets import ScopedViewSet
from personas.selectors import reference_images_for_user


class MotionViewSet(
    NotFoundForDeniedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedViewSet,
):
    """The motion library: upload, list, detail with preview URLs, delete, align to a persona image."""

    serializer_class = MotionSerializer
    permission_classes = [IsAgency]
    selector = motions_for_user
    model = Motion
    filterset_fields = ["status", "source"]
    ordering_fields = ["created_at", "name", "duration_seconds"]
    ordering = ["-created_at"]

    @extend_schema(request={"multipart/form-data": MotionUploadSerializer}, responses={201: MotionSerializer})
    def create(self, request):
        data = MotionUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        motion = motion_create_from_upload(user=request.user, **data.validated_data)
        return Response(MotionSerializer(motion).data, status=status.HTTP_201_CREATED)

    def get_parsers(self):
        return [MultiPartParser(), FormParser(), JSONParser()]

    @extend_schema(request=MotionUpdateSerializer, responses=MotionSerializer)
    def partial_update(self, request, uuid=None):
        data = MotionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        motion = motion_update(motion=self.get_object(), **data.validated_data)
        return Response(MotionSerializer(motion).data)

    def destroy(self, request, uuid=None):
        motion_delete(motion=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=MotionAlignInputSerializer, responses={201: MotionAlignmentSerializer})
    @action(detail=True, methods=["post"])
    def align(self, request, uuid=None):
        motion = self.get_object()
        data = MotionAlignInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        image = get_object_or_404(
            reference_images_for_user(user=request.user), uuid=data.validated_data["reference_image"]
        )
        alignment = motion_align(motion=motion, reference_image=image)
        return Response(MotionAlignmentSerializer(alignment).data, status=status.HTTP_201_CREATED)
