from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound

from campaigns.api.filters import DeliverableFilter
from campaigns.api.serializers.deliverables import (
    DeliverableApproveSerializer,
    DeliverableCommentInputSerializer,
    DeliverableCommentSerializer,
    DeliverableInputSerializer,
    DeliverableRequestChangesSerializer,
    DeliverableSerializer,
    DeliverableTransitionSerializer,
    DeliverableUpdateSerializer,
)
from campaigns.api.serializers.rate_cards import QuoteSerializer
from campaigns.api.views.quotes import quote_payload
from campaigns.models import Deliverable
from campaigns.selectors import comments_for_deliverable, deliverables_for_user
from campaigns.services.deliverables import (
    deliverable_approve,
    deliverable_comment_add,
    deliverable_create,
    deliverable_request_changes,
    deliverable_transition,
    deliverable_update,
)
from campaigns.services.quotes import quote_for_deliverable
from generation.api.serializers.jobs import GenerationJobReviewSerializer
from generation.selectors import generation_jobs_for_user
from influencer_platform.api.viewsets import ScopedViewSet


class DeliverableViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Deliverables and their review workflow. Brand clients see them from client review on
    and may approve, request changes and comment."""

    model = Deliverable
    selector = staticmethod(deliverables_for_user)
    serializer_class = DeliverableSerializer
    filterset_class = DeliverableFilter
    ordering_fields = ["due_date", "created_at", "status", "price"]
    ordering = ["due_date", "id"]
    client_actions = ("transition", "approve", "request_changes", "comments")

    @extend_schema(request=DeliverableInputSerializer, responses={201: DeliverableSerializer})
    def create(self, request):
        data = dict(self.validated(DeliverableInputSerializer, request.data))
        return self.respond(deliverable_create(user=request.user, **data), status=status.HTTP_201_CREATED)

    @extend_schema(request=DeliverableUpdateSerializer, responses=DeliverableSerializer)
    def partial_update(self, request, uuid=None):
        deliverable = self.get_object()
        data = dict(self.validated(DeliverableUpdateSerializer, request.data, partial=True))
        return self.respond(deliverable_update(deliverable=deliverable, user=request.user, data=data))

    @extend_schema(request=DeliverableTransitionSerializer, responses=DeliverableSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, uuid=None):
        deliverable = self.get_object()
        data = self.validated(DeliverableTransitionSerializer, request.data)
        return self.respond(deliverable_transition(deliverable=deliverable, user=request.user, **data))

    @extend_schema(request=DeliverableApproveSerializer, responses=DeliverableSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, uuid=None):
        deliverable = self.get_object()
        data = self.validated(DeliverableApproveSerializer, request.data)
        return self.respond(deliverable_approve(deliverable=deliverable, user=request.user, **data))

    @extend_schema(request=DeliverableRequestChangesSerializer, responses=DeliverableSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, uuid=None):
        deliverable = self.get_object()
        data = self.validated(DeliverableRequestChangesSerializer, request.data)
        return self.respond(deliverable_request_changes(deliverable=deliverable, user=request.user, **data))

    @extend_schema(methods=["GET"], responses=DeliverableCommentSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=DeliverableCommentInputSerializer,
        responses={201: DeliverableCommentSerializer},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def comments(self, request, uuid=None):
        deliverable = self.get_object()
        if request.method == "GET":
            comments = comments_for_deliverable(deliverable=deliverable, user=request.user)
            return self.paginated(comments, DeliverableCommentSerializer)
        data = self.validated(DeliverableCommentInputSerializer, request.data)
        if "job" in data:
            versions = generation_jobs_for_user(user=request.user).filter(deliverable=deliverable)
            data["job"] = get_object_or_404(versions, uuid=data["job"])
        if "parent" in data:
            readable = comments_for_deliverable(deliverable=deliverable, user=request.user)
            data["parent"] = get_object_or_404(readable, uuid=data["parent"])
        if "region" in data:
            data["region"] = tuple(data["region"])
        comment = deliverable_comment_add(deliverable=deliverable, user=request.user, **data)
        return self.respond(
            comment, status=status.HTTP_201_CREATED, serializer_class=DeliverableCommentSerializer
        )

    @extend_schema(
        responses=GenerationJobReviewSerializer(many=True),
        description="Every rendered version, oldest first, with its video and the C2PA content "
        "credentials of the mp4 and the poster (valid or not, signer, actions, ingredients).",
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def versions(self, request, uuid=None):
        from generation.selectors import deliverable_versions

        deliverable = self.get_object()
        versions = deliverable_versions(user=request.user, deliverable=deliverable)
        return self.paginated(versions, GenerationJobReviewSerializer)

    @extend_schema(
        responses=QuoteSerializer, description="The locked quote once contracted, else a live one."
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def quote(self, request, uuid=None):
        if not request.user.is_agency:
            raise NotFound()  # quotes expose rate-card detail, which brand clients never see
        deliverable = self.get_object()
        if deliverable.price_locked_at:
            payload = {
                "currency": deliverable.currency,
                "lines": deliverable.quote_lines,
                "total": deliverable.price,
                "revision_rounds_allowed": deliverable.revision_rounds_allowed,
                "locked": True,
                "locked_at": deliverable.price_locked_at,
            }
        else:
            payload = quote_payload(quote_for_deliverable(deliverable=deliverable))
        return self.respond(payload, serializer_class=QuoteSerializer)
