"""The consent and licence ledger over the API: agency staff only (brand clients get 404)."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from animation.backends import backend_names
from generation.models import Motion
from generation.selectors import motions_for_user
from influencer_platform.api.fields import ScopedUUIDField
from influencer_platform.api.mixins import NotFoundForDeniedMixin
from influencer_platform.api.permissions import AgencyOnlyElseNotFound
from influencer_platform.api.viewsets import ScopedViewSet
from personas.models import Persona, ReferenceImage
from personas.selectors import personas_for_user, reference_images_for_user
from trust.models import ConsentRecord, ContentUse, RecordKind
from trust.selectors import consent_records_for_user
from trust.services.consent import MAX_TERRITORIES, consent_record_create, consent_record_revoke


class ConsentRecordSerializer(serializers.ModelSerializer):
    motion = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    reference_image = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    personas = serializers.SlugRelatedField(slug_field="uuid", many=True, read_only=True)
    revoked_by = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = ConsentRecord
        fields = [
            "uuid", "kind", "motion", "reference_image", "model_backend", "holder", "licence_name",
            "document_reference", "personas", "allowed_uses", "commercial_use", "territories",
            "starts_on", "ends_on", "notes", "in_force", "revoked_at", "revoked_by", "revocation_reason",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_revoked_by(self, record) -> str | None:
        return record.revoked_by.get_username() if record.revoked_by_id and record.revoked_by else None

    @extend_schema_field(serializers.BooleanField())
    def get_in_force(self, record) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        return (
            record.revoked_at is None
            and (record.starts_on is None or record.starts_on <= today)
            and (record.ends_on is None or record.ends_on >= today)
        )


class ConsentRecordCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RecordKind.choices)
    motion = ScopedUUIDField(
        selector=motions_for_user,
        queryset=Motion.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    reference_image = ScopedUUIDField(
        selector=reference_images_for_user,
        queryset=ReferenceImage.objects.all(),
        required=False,
        allow_null=True,
        default=None,
    )
    model_backend = serializers.ChoiceField(choices=list(backend_names()), required=False, default="")
    holder = serializers.CharField(max_length=200)
    licence_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    document_reference = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    personas = ScopedUUIDField(
        selector=personas_for_user, queryset=Persona.objects.all(), many=True, required=False, default=list
    )
    allowed_uses = serializers.MultipleChoiceField(
        choices=ContentUse.choices, required=False, default=[ContentUse.ORGANIC]
    )
    commercial_use = serializers.BooleanField(required=False, default=True)
    territories = serializers.ListField(
        child=serializers.RegexField(r"^[A-Za-z]{2}$", max_length=2),
        max_length=MAX_TERRITORIES,
        required=False,
        default=list,
    )
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class ConsentRevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ConsentRecordFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=RecordKind.choices)
    model_backend = django_filters.ChoiceFilter(choices=[(name, name) for name in backend_names()])
    motion = django_filters.UUIDFilter(field_name="motion__uuid")
    reference_image = django_filters.UUIDFilter(field_name="reference_image__uuid")
    persona = django_filters.UUIDFilter(method="filter_persona")

    class Meta:
        model = ConsentRecord
        fields = ["kind", "model_backend", "motion", "reference_image", "persona"]

    def filter_persona(self, queryset, name, value):
        """Records about the persona's images or scoped to it."""
        from django.db.models import Q

        return queryset.filter(Q(reference_image__persona__uuid=value) | Q(personas__uuid=value)).distinct()


class ConsentRecordViewSet(
    NotFoundForDeniedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet
):
    """Performer consents, stock and model licences, image sources: scope, term and revocation.
    A render that would use a revoked or expired record, or a licence that forbids its use, is refused."""

    serializer_class = ConsentRecordSerializer
    permission_classes = [AgencyOnlyElseNotFound]
    selector = consent_records_for_user
    model = ConsentRecord
    filterset_class = ConsentRecordFilter
    ordering_fields = ["created_at", "ends_on"]
    ordering = ["-created_at"]

    @extend_schema(request=ConsentRecordCreateSerializer, responses={201: ConsentRecordSerializer})
    def create(self, request):
        data = self.validated(ConsentRecordCreateSerializer, request.data)
        data["allowed_uses"] = sorted(data["allowed_uses"])
        record = consent_record_create(user=request.user, **data)
        return self.respond(record, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConsentRevokeSerializer, responses=ConsentRecordSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, uuid=None):
        data = self.validated(ConsentRevokeSerializer, request.data)
        record = consent_record_revoke(record=self.get_object(), user=request.user, reason=data["reason"])
        return Response(ConsentRecordSerializer(record, context=self.get_serializer_context()).data)
