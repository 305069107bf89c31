from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from influencer_platform.accounts.permissions import SchedulerScopes
from influencer_platform.api.viewsets import ScopedViewSet
from influencer_platform.common.errors import ServiceError
from webhooks.api.serializers import (
    RotateSecretInputSerializer,
    WebhookAttemptSerializer,
    WebhookEndpointCreatedSerializer,
    WebhookEndpointInputSerializer,
    WebhookEndpointSerializer,
)
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.selectors import webhook_attempts_for_endpoint, webhook_endpoints_for_user
from webhooks.services.deliveries import webhook_delivery_redeliver
from webhooks.services.endpoints import (
    webhook_endpoint_create,
    webhook_endpoint_enable,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_test,
)

MANAGE = "webhooks:manage"


class AgencyOrScheduler(BasePermission):
    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_agency or user.is_scheduler))


class WebhookEndpointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Receivers of signed events (Standard Webhooks). Schedulers manage their own endpoints."""

    selector = webhook_endpoints_for_user
    model = WebhookEndpoint
    serializer_class = WebhookEndpointSerializer
    permission_classes = [AgencyOrScheduler, SchedulerScopes]
    required_scopes = dict.fromkeys(
        ("list", "retrieve", "create", "test", "deliveries", "rotate_secret", "enable", "redeliver"), MANAGE
    )
    ordering = ["created_at"]

    @extend_schema(
        request=WebhookEndpointInputSerializer,
        responses={201: WebhookEndpointCreatedSerializer},
        examples=[
            OpenApiExample(
                "All events",
                value={"url": "https://scheduler.example/hooks/studio", "events": ["*"]},
                request_only=True,
            ),
            OpenApiExample(
                "Created",
                value={
                    "id": "7b0c6f1e-9a55-4a43-9c1b-1d2f4bbf9d10",
                    "url": "https://scheduler.example/hooks/studio",
                    "description": "",
                    "events": ["*"],
                    "is_active": True,
                    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                },
                response_only=True,
                status_codes=["201"],
            ),
        ],
    )
    def create(self, request):
        data = self.validated(WebhookEndpointInputSerializer, request.data)
        endpoint, secret = webhook_endpoint_create(user=request.user, **data)
        endpoint.secret = secret
        return self.respond(
            endpoint, status=status.HTTP_201_CREATED, serializer_class=WebhookEndpointCreatedSerializer
        )

    @extend_schema(request=None, responses=WebhookAttemptSerializer)
    @action(detail=True, methods=["post"])
    def test(self, request, uuid=None):
        """Send a ``webhook.test`` event now and answer with the attempt."""
        attempt = webhook_endpoint_test(endpoint=self.get_object(), user=request.user)
        if attempt is None:
            raise ServiceError("The test delivery could not be claimed.", code="conflict")
        return self.respond(attempt, serializer_class=WebhookAttemptSerializer)

    @extend_schema(request=None, responses=WebhookAttemptSerializer(many=True))
    @action(detail=True, methods=["get"])
    def deliveries(self, request, uuid=None):
        """Every attempt to this endpoint, newest first: response codes, durations, errors."""
        return self.paginated(
            webhook_attempts_for_endpoint(endpoint=self.get_object()), WebhookAttemptSerializer
        )

    @extend_schema(request=RotateSecretInputSerializer, responses={200: WebhookEndpointCreatedSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, uuid=None):
        """A new secret, shown once; the old one keeps signing too for ``overlap_hours``."""
        data = self.validated(RotateSecretInputSerializer, request.data)
        endpoint, secret = webhook_endpoint_rotate_secret(
            endpoint=self.get_object(), user=request.user, **data
        )
        endpoint.secret = secret
        return self.respond(endpoint, serializer_class=WebhookEndpointCreatedSerializer)

    @extend_schema(request=None, responses=WebhookEndpointSerializer)
    @action(detail=True, methods=["post"])
    def enable(self, request, uuid=None):
        return self.respond(webhook_endpoint_enable(endpoint=self.get_object(), user=request.user))

    @extend_schema(request=None, responses=None)
    @action(detail=True, methods=["post"], url_path=r"deliveries/(?P<delivery>[0-9a-f-]{36})/redeliver")
    def redeliver(self, request, uuid=None, delivery=None):
        """Send one delivery again (same ``webhook-id``)."""
        endpoint = self.get_object()
        found = (
            WebhookDelivery.objects.filter(endpoint=endpoint, uuid=delivery)
            .select_related("endpoint")
            .first()
        )
        if found is None:
            return Response({"code": "not_found", "detail": "Not found."}, status=404)
        webhook_delivery_redeliver(delivery=found, user=request.user)
        return Response(status=status.HTTP_202_ACCEPTED)
