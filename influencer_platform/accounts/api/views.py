from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from influencer_platform.accounts.api.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenInputSerializer,
    ApiTokenSerializer,
    MeSerializer,
)
from influencer_platform.accounts.permissions import IsAgencyAdmin
from influencer_platform.accounts.selectors import api_tokens_for_user
from influencer_platform.accounts.services import api_token_create, api_token_revoke
from influencer_platform.api.mixins import NotFoundForDeniedMixin


class MeView(APIView):
    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class ApiTokenViewSet(NotFoundForDeniedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Agency admins create and revoke tokens for scheduling tools."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAgencyAdmin]
    lookup_field = "uuid"
    ordering = ["-created_at"]
    filterset_fields = ["user__username"]

    def get_queryset(self):
        return api_tokens_for_user(user=self.request.user)

    @extend_schema(request=ApiTokenInputSerializer, responses={201: ApiTokenCreatedSerializer})
    def create(self, request):
        data = ApiTokenInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, raw = api_token_create(
            user=data.validated_data["user"],
            name=data.validated_data["name"],
            created_by=request.user,
            scopes=data.validated_data.get("scopes"),
        )
        token.token = raw
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ApiTokenSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, uuid=None):
        token = api_token_revoke(token=self.get_object(), revoked_by=request.user)
        return Response(ApiTokenSerializer(token).data)
