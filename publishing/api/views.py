"""The scheduler API: the feed, claim with a lease, reports, metrics; staff plan and withdraw."""

from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from influencer_platform.accounts.permissions import SchedulerScopes
from influencer_platform.api.viewsets import ScopedViewSet
from influencer_platform.common.errors import ServiceError
from personas.models import Channel
from publishing.api.idempotency import idempotent
from publishing.api.serializers import (
    MetricsSnapshotInputSerializer,
    MetricsSnapshotSerializer,
    PublicationClaimSerializer,
    PublicationCreateSerializer,
    PublicationFeedSerializer,
    PublicationReportSerializer,
    PublicationRescheduleSerializer,
    PublicationSerializer,
    PublicationWithdrawSerializer,
)
from publishing.models import Publication, PublicationState
from publishing.selectors import FEED_DEFAULT_PAGE, FEED_MAX_PAGE, publication_feed, publications_for_user
from publishing.services import metrics as metrics_services
from publishing.services import publications as services

FEED, REPORT, PERFORMANCE = "feed:read", "publications:report", "performance:read"
FEED_PARAMETERS = [
    OpenApiParameter("cursor", str, description="Opaque position from the previous page's next_cursor."),
    OpenApiParameter(
        "updated_since", OpenApiTypes.DATETIME, description="Changed at or after this time (first poll)."
    ),
    OpenApiParameter("platform", str, description="instagram, tiktok, youtube, x or threads."),
    OpenApiParameter("channel", OpenApiTypes.UUID, description="One channel's id."),
    OpenApiParameter("state", str, enum=PublicationState.values),
    OpenApiParameter("page_size", int, description=f"1 to {FEED_MAX_PAGE} (default {FEED_DEFAULT_PAGE})."),
]
PUBLICATION_EXAMPLE = {
    "id": "4f1c2a8e-5b0e-4a53-8f0c-2b1e0b6c9d11",
    "deliverable": "0e6b7c3a-1d2f-4e5a-9b8c-7d6e5f4a3b21",
    "persona": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c51",
    "version": "c3d2e1f0-a9b8-4c7d-6e5f-4a3b2c1d0e91",
    "version_number": 2,
    "channel": {"id": "1b2c3d4e-5f6a-4b8c-9d0e-1f2a3b4c5d61", "platform": "tiktok", "handle": "mira.codes"},
    "platform": "tiktok",
    "state": "ready",
    "caption": "Morning routine with @brand #ad #aigenerated",
    "hashtags": ["morning"],
    "post_text": "Morning routine with @brand #ad #aigenerated\n\n#morning",
    "disclosure_flags": {"is_aigc": True, "brand_content_toggle": True, "sponsor_name": "Brand"},
    "scheduled_for": "2026-12-05T17:00:00Z",
    "media": {
        "url": "https://studio.example/deliver/4f1c2a8e-5b0e-4a53-8f0c-2b1e0b6c9d11/1/5c1e9a.mp4",
        "profile": "vertical-720x1280",
        "status": "ready",
        "width": 720,
        "height": 1280,
        "duration_seconds": 12.0,
        "file_size": 4210112,
        "content_type": "video/mp4",
    },
    "claimed_by_you": False,
    "lease_expires_at": None,
    "permalink": "",
    "external_id": "",
    "published_at": None,
    "failure_reason": "",
    "usage_rights_ends_at": None,
    "created_at": "2026-12-03T09:00:00Z",
    "updated_at": "2026-12-03T09:01:00Z",
}


class PublishingUsers(BasePermission):
    """Agency and schedulers act; brand clients may read their own posts."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if user.is_brand_client:
            return view.action in ("list", "retrieve", "metrics")
        return user.is_agency or user.is_scheduler


class PublicationViewSet(mixins.RetrieveModelMixin, ScopedViewSet):
    """Planned posts of approved deliverables. Schedulers poll the feed, claim, and report back."""

    selector = publications_for_user
    model = Publication
    serializer_class = PublicationSerializer
    permission_classes = [PublishingUsers, SchedulerScopes]
    required_scopes = {
        "list": FEED,
        "retrieve": FEED,
        "claim": REPORT,
        "report": REPORT,
        "metrics_report": REPORT,
        "metrics": PERFORMANCE,
    }

    @extend_schema(
        parameters=FEED_PARAMETERS,
        responses=PublicationFeedSerializer,
        examples=[
            OpenApiExample(
                "A page of the feed",
                value={
                    "results": [PUBLICATION_EXAMPLE],
                    "next_cursor": "eyJ0IjoiMjAyNi0xMi0wM1QwOTowMTowMFoiLCJpIjo0Mn0",
                    "has_more": False,
                },
                response_only=True,
            )
        ],
    )
    def list(self, request):
        """Publications changed since ``cursor`` (or ``updated_since``), oldest change first. Keep the
        ``next_cursor`` and poll with it; a post may come twice, never not at all."""
        params = request.query_params
        known = {"cursor", "updated_since", "platform", "channel", "state", "page_size"}
        unknown = sorted(set(params) - known)
        if unknown:
            raise ServiceError(f"Unknown query parameters: {', '.join(unknown)}.", code="unknown_parameter")
        publications = self.get_queryset()
        if params.get("platform"):
            publications = publications.filter(platform=params["platform"])
        if params.get("state"):
            if params["state"] not in PublicationState.values:
                raise ServiceError(
                    f"state must be one of: {', '.join(PublicationState.values)}.", field="state"
                )
            publications = publications.filter(state=params["state"])
        if params.get("channel"):
            channel = Channel.objects.filter(uuid=_uuid(params["channel"], "channel")).first()
            publications = publications.filter(channel=channel) if channel else publications.none()
        updated_since = None
        if params.get("updated_since"):
            updated_since = parse_datetime(params["updated_since"])
            if updated_since is None or updated_since.tzinfo is None:
                raise ServiceError(
                    "updated_since must be an ISO 8601 time with a zone.", field="updated_since"
                )
        page = publication_feed(
            publications=publications,
            cursor=params.get("cursor"),
            updated_since=updated_since,
            limit=_page_size(params.get("page_size")),
        )
        data = {
            "results": PublicationSerializer(
                page.items, many=True, context=self.get_serializer_context()
            ).data,
            "next_cursor": page.next_cursor,
            "has_more": page.has_more,
        }
        return Response(data)

    @extend_schema(request=PublicationCreateSerializer, responses={201: PublicationSerializer})
    @idempotent
    def create(self, request):
        """Plan a post of an approved deliverable version on one of its persona's channels."""
        data = self.validated(PublicationCreateSerializer, request.data)
        deliverable = data["deliverable"]
        channel = Channel.objects.filter(uuid=data["channel"], persona=deliverable.persona).first()
        if channel is None:
            raise ServiceError(
                "channel: not one of the persona's channels.", code="channel_mismatch", field="channel"
            )
        job = None
        if data.get("version"):
            job = deliverable.generation_jobs.filter(uuid=data["version"]).first()
            if job is None:
                raise ServiceError(
                    "version: not a render of this deliverable.", code="invalid_version", field="version"
                )
        publication = services.publication_create(
            deliverable=deliverable,
            channel=channel,
            user=request.user,
            job=job,
            caption=data.get("caption"),
            hashtags=data.get("hashtags"),
            scheduled_for=data.get("scheduled_for"),
        )
        return self.respond(self._reload(publication), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PublicationClaimSerializer,
        responses={200: PublicationSerializer},
        description="Take the post for a lease (default PUBLICATION_LEASE_SECONDS). Of two schedulers "
        "racing, one gets 200 and the other 409 already_claimed. Claim again to renew.",
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def claim(self, request, uuid=None):
        data = self.validated(PublicationClaimSerializer, request.data)
        publication = services.publication_claim(
            publication=self.get_object(), user=request.user, lease_seconds=data.get("lease_seconds")
        )
        return self.respond(self._reload(publication))

    @extend_schema(
        request=PublicationReportSerializer,
        responses={200: PublicationSerializer},
        examples=[
            OpenApiExample(
                "Scheduled",
                value={"state": "scheduled", "scheduled_for": "2026-12-05T17:00:00Z"},
                request_only=True,
            ),
            OpenApiExample(
                "Published",
                value={
                    "state": "published",
                    "permalink": "https://www.tiktok.com/@mira.codes/video/7301234567890",
                    "external_id": "7301234567890",
                    "published_at": "2026-12-05T17:00:04Z",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Failed", value={"state": "failed", "reason": "TikTok rejected the token."}, request_only=True
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def report(self, request, uuid=None):
        """Say what happened to a claimed post; send an ``Idempotency-Key`` so a retry is harmless."""
        data = self.validated(PublicationReportSerializer, request.data)
        publication = services.publication_report(publication=self.get_object(), user=request.user, **data)
        return self.respond(self._reload(publication))

    @extend_schema(responses=MetricsSnapshotSerializer(many=True))
    @action(detail=True, methods=["get"])
    def metrics(self, request, uuid=None):
        """Every performance snapshot of the post, oldest first."""
        return self.paginated(
            self.get_object().metrics.order_by("captured_at", "id"), MetricsSnapshotSerializer
        )

    @extend_schema(
        request=MetricsSnapshotInputSerializer,
        responses={201: MetricsSnapshotSerializer},
        examples=[
            OpenApiExample(
                "A day after posting",
                value={
                    "captured_at": "2026-12-06T17:00:00Z",
                    "views": 120400,
                    "likes": 8120,
                    "comments": 311,
                    "shares": 902,
                },
                request_only=True,
            )
        ],
    )
    @metrics.mapping.post
    @idempotent
    def metrics_report(self, request, uuid=None):
        data = self.validated(MetricsSnapshotInputSerializer, request.data)
        snapshot = metrics_services.metrics_snapshot_record(
            publication=self.get_object(), user=request.user, **data
        )
        return self.respond(
            snapshot, status=status.HTTP_201_CREATED, serializer_class=MetricsSnapshotSerializer
        )

    @extend_schema(request=PublicationWithdrawSerializer, responses=PublicationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, uuid=None):
        """Stop the post: its delivery URL answers 410 and schedulers get ``publication.withdrawn``."""
        data = self.validated(PublicationWithdrawSerializer, request.data)
        publication = services.publication_withdraw(publication=self.get_object(), user=request.user, **data)
        return self.respond(self._reload(publication))

    @extend_schema(request=PublicationRescheduleSerializer, responses=PublicationSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, uuid=None):
        """Move the post before a scheduler has claimed it (the calendar's drag and drop)."""
        data = self.validated(PublicationRescheduleSerializer, request.data)
        publication = services.publication_reschedule(
            publication=self.get_object(), user=request.user, **data
        )
        return self.respond(self._reload(publication))

    @extend_schema(request=None, responses=PublicationSerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request, uuid=None):
        return self.respond(
            self._reload(services.publication_retry(publication=self.get_object(), user=request.user))
        )

    @extend_schema(request=None, responses=PublicationSerializer)
    @action(detail=True, methods=["post"], url_path="revoke-delivery")
    def revoke_delivery(self, request, uuid=None):
        """The delivery URL answers 410 from now on; ``reissue-delivery`` makes a new one."""
        publication = services.publication_delivery_revoke(publication=self.get_object(), user=request.user)
        return self.respond(self._reload(publication))

    @extend_schema(request=None, responses=PublicationSerializer)
    @action(detail=True, methods=["post"], url_path="reissue-delivery")
    def reissue_delivery(self, request, uuid=None):
        publication = services.publication_delivery_reissue(publication=self.get_object(), user=request.user)
        return self.respond(self._reload(publication))

    def _reload(self, publication):
        return publications_for_user(user=self.request.user).get(pk=publication.pk)


def _uuid(value: str, field: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        raise ServiceError(f"{field} must be an id (UUID).", field=field) from None


def _page_size(raw: str | None) -> int:
    if raw is None:
        return FEED_DEFAULT_PAGE
    if not raw.isdigit() or not 1 <= int(raw) <= FEED_MAX_PAGE:
        raise ServiceError(f"page_size must be a whole number from 1 to {FEED_MAX_PAGE}.", field="page_size")
    return int(raw)
