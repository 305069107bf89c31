"""Generation jobs: list and read through the scoped selector; submit and cancel through services."""

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from generation.api.serializers.jobs import (
    GenerationJobInputSerializer,
    GenerationJobRerunSerializer,
    GenerationJobReviewSerializer,
    GenerationJobSerializer,
)
from generation.models import GenerationJob, JobStatus
from generation.selectors import generation_jobs_for_user
from generation.services.jobs import generation_job_cancel, generation_job_rerun, generation_job_submit
from influencer_platform.accounts.permissions import AgencyWritesBrandReads
from influencer_platform.api.viewsets import ScopedViewSet


class GenerationJobFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=JobStatus.choices)
    deliverable = django_filters.UUIDFilter(field_name="deliverable__uuid")
    motion = django_filters.UUIDFilter(field_name="motion__uuid")
    persona = django_filters.UUIDFilter(field_name="reference_image__persona__uuid")

    class Meta:
        model = GenerationJob
        fields = ["status", "deliverable", "motion", "persona"]


IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Repeat a submit safely: the same key and payload return the first job (200).",
)


# Agency users get the whole job; brand clients a reviewer's view of finished renders.
JOB_FOR_ROLE = PolymorphicProxySerializer(
    component_name="GenerationJobForRole",
    serializers=[GenerationJobSerializer, GenerationJobReviewSerializer],
    resource_type_field_name=None,
)


class GenerationJobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Renders of a persona reference image driven by a motion. Brand clients read the renders of
    their deliverables once those are in client review; only the agency submits and cancels."""

    serializer_class = GenerationJobSerializer
    permission_classes = [AgencyWritesBrandReads]
    selector = generation_jobs_for_user
    model = GenerationJob
    filterset_class = GenerationJobFilter
    ordering_fields = ["created_at", "finished_at", "priority"]
    ordering = ["-created_at"]

    def get_serializer_class(self):
        if self.request is not None and getattr(self.request.user, "is_brand_client", False):
            return GenerationJobReviewSerializer
        return GenerationJobSerializer

    @extend_schema(responses=JOB_FOR_ROLE)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses=JOB_FOR_ROLE)
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def _respond(self, job: GenerationJob, code: int) -> Response:
        return Response(self.get_serializer(job).data, status=code)

    @extend_schema(
        request=GenerationJobInputSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            202: OpenApiResponse(GenerationJobSerializer, description="Queued."),
            200: OpenApiResponse(
                GenerationJobSerializer, description="The job already submitted with this key."
            ),
        },
    )
    def create(self, request):
        data = self.validated(GenerationJobInputSerializer, request.data)
        job, created = generation_job_submit(
            user=request.user,
            reference_image=data["reference_image"],
            motion=data["motion"],
            deliverable=data.get("deliverable"),
            parameters=dict(data.get("parameters") or {}),
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
        job = self.get_queryset().get(pk=job.pk)
        return self._respond(job, status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)

    @extend_schema(
        request=GenerationJobRerunSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={202: OpenApiResponse(GenerationJobSerializer, description="The new job, queued.")},
    )
    @action(detail=True, methods=["post"])
    def rerun(self, request, uuid=None):
        """Repeat this render with some parameters changed; every other field, the seed included, is kept."""
        data = self.validated(GenerationJobRerunSerializer, request.data)
        job, created = generation_job_rerun(
            job=self.get_object(),
            user=request.user,
            changes=data.get("parameters") or {},
            idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
        job = self.get_queryset().get(pk=job.pk)
        return self._respond(job, status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK)

    @extend_schema(request=None, responses={202: GenerationJobSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, uuid=None):
        job = generation_job_cancel(job=self.get_object(), user=request.user)
        return self._respond(self.get_queryset().get(pk=job.pk), status.HTTP_202_ACCEPTED)
