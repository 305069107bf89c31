"""Generation job serializers: one input serializer per command, one output shape."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from animation.params import ParamSpec
from campaigns.models import Deliverable
from campaigns.selectors import deliverables_for_user
from generation.models import GenerationJob, Motion
from generation.selectors import motions_for_user
from generation.services.job_parameters import backends_of_parameter, job_parameter_specs
from influencer_platform.api.fields import ScopedUUIDField, media_url
from personas.models import ReferenceImage
from personas.selectors import reference_images_for_user
from trust.api.serializers import IdentityCheckSerializer, RenderCredentialsSerializer, identity_check_api


def _schema_field(spec: ParamSpec) -> serializers.Field:
    """The OpenAPI description of one parameter: type, limits, default, help."""
    common = {
        "required": False,
        "allow_null": spec.nullable,
        "help_text": f"{spec.help} "
        + (f"Empty: {spec.null_means}. " if spec.null_means else "")
        + f"Backends: {', '.join(backends_of_parameter()[spec.name])}.",
    }
    if spec.default is not None:
        common["default"] = spec.default
    if spec.choices:
        return serializers.ChoiceField(choices=spec.choices, **common)
    bounds = {"min_value": spec.minimum, "max_value": spec.maximum}
    if spec.kind is int:
        return serializers.IntegerField(**bounds, **common)
    if spec.kind is float:
        return serializers.FloatField(**bounds, **common)
    return serializers.CharField(**common)


GenerationParametersSerializer = type(
    "GenerationParametersSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "Render parameters (generated from the one parameter schema); every field is optional. "
        "`backend` picks the model; each field lists the backends that take it.",
        **{spec.name: _schema_field(spec) for spec in job_parameter_specs()},
    },
)


@extend_schema_field(GenerationParametersSerializer)
class ParametersField(serializers.DictField):
    """Passes the parameters through untouched: the service validates them, once, with the schema's
    messages. The schema document shows every field with its limits and default."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("not_a_dict", input_type=type(data).__name__)
        return dict(data)


class GenerationJobInputSerializer(serializers.Serializer):
    reference_image = ScopedUUIDField(
        selector=reference_images_for_user,
        queryset=ReferenceImage.objects.all(),
        help_text="Reference image UUID.",
    )
    motion = ScopedUUIDField(
        selector=motions_for_user, queryset=Motion.objects.all(), help_text="Motion UUID."
    )
    deliverable = ScopedUUIDField(
        selector=deliverables_for_user,
        queryset=Deliverable.objects.all(),
        required=False,
        allow_null=True,
        help_text="Deliverable UUID.",
    )
    parameters = ParametersField(required=False, default=dict)


class GenerationJobRerunSerializer(serializers.Serializer):
    parameters = ParametersField(required=False, default=dict, help_text="Only the fields to change.")


class GenerationResultSerializer(serializers.Serializer):
    video_url = serializers.URLField()
    poster_url = serializers.URLField(allow_null=True)
    duration_seconds = serializers.FloatField()
    fps = serializers.FloatField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    file_size = serializers.IntegerField()
    checksum_sha256 = serializers.CharField()


def job_credentials_api(job: GenerationJob) -> dict | None:
    """The render's C2PA credentials (mp4 and poster), or None before it was signed."""
    from trust.models import ContentCredential

    try:
        return job.content_credential.as_api()
    except ContentCredential.DoesNotExist:
        return None


class GenerationJobSerializer(serializers.ModelSerializer):
    parameters = serializers.SerializerMethodField()
    reference_image = serializers.UUIDField(source="reference_image.uuid", read_only=True)
    persona = serializers.UUIDField(source="reference_image.persona.uuid", read_only=True)
    persona_name = serializers.CharField(source="reference_image.persona.name", read_only=True)
    motion = serializers.UUIDField(source="motion.uuid", read_only=True)
    motion_name = serializers.CharField(source="motion.name", read_only=True)
    deliverable = serializers.UUIDField(source="deliverable.uuid", read_only=True, allow_null=True)
    result = serializers.SerializerMethodField()
    content_credentials = serializers.SerializerMethodField()
    identity = serializers.SerializerMethodField()

    class Meta:
        model = GenerationJob
        fields = [
            "uuid",
            "status",
            "progress",
            "current_step",
            "total_steps",
            "message",
            "attempts",
            "priority",
            "reference_image",
            "persona",
            "persona_name",
            "motion",
            "motion_name",
            "deliverable",
            "version_number",
            "parameters",
            "error_code",
            "error_message",
            "result",
            "content_credentials",
            "identity",
            "model_fingerprint",
            "model_description",
            "gpu_seconds",
            "created_at",
            "started_at",
            "heartbeat_at",
            "cancel_requested_at",
            "finished_at",
            "shared_at",
            "client_note",
            "approved_at",
        ]
        read_only_fields = fields

    @extend_schema_field(GenerationParametersSerializer)
    def get_parameters(self, job: GenerationJob) -> dict:
        return {k: v for k, v in job.parameters.items() if k != "test_hooks"}

    @extend_schema_field(RenderCredentialsSerializer(allow_null=True))
    def get_content_credentials(self, job: GenerationJob) -> dict | None:
        return job_credentials_api(job)

    @extend_schema_field(IdentityCheckSerializer(allow_null=True))
    def get_identity(self, job: GenerationJob) -> dict | None:
        return identity_check_api(job, self.context.get("request"))

    @extend_schema_field(GenerationResultSerializer(allow_null=True))
    def get_result(self, job: GenerationJob) -> dict | None:
        if not job.video:
            return None
        return {
            "video_url": media_url(job.video, self.context.get("request")),
            "poster_url": media_url(job.poster, self.context.get("request")),
            "duration_seconds": job.duration_seconds,
            "fps": job.fps,
            "width": job.width,
            "height": job.height,
            "file_size": job.file_size,
            "checksum_sha256": job.checksum_sha256,
        }


class GenerationJobReviewSerializer(serializers.ModelSerializer):
    """What a brand reviewer needs of a render: which version of which deliverable, and the video.
    No parameters or seed, model identity, timings, errors or internal ids."""

    deliverable = serializers.UUIDField(source="deliverable.uuid", read_only=True)
    result = serializers.SerializerMethodField()

    class Meta:
        model = GenerationJob
        fields = [
            "uuid", "deliverable", "version_number", "result", "content_credentials", "identity",
            "finished_at", "shared_at", "client_note", "approved_at",
        ]  # fmt: skip
        read_only_fields = fields

    content_credentials = serializers.SerializerMethodField()
    identity = serializers.SerializerMethodField()

    @extend_schema_field(IdentityCheckSerializer(allow_null=True))
    def get_identity(self, job: GenerationJob) -> dict | None:
        return identity_check_api(job, self.context.get("request"))

    @extend_schema_field(RenderCredentialsSerializer(allow_null=True))
    def get_content_credentials(self, job: GenerationJob) -> dict | None:
        return job_credentials_api(job)

    @extend_schema_field(GenerationResultSerializer)
    def get_result(self, job: GenerationJob) -> dict:
        request = self.context.get("request")
        return {
            "video_url": media_url(job.video, request),
            "poster_url": media_url(job.poster, request),
            "duration_seconds": job.duration_seconds,
            "fps": job.fps,
            "width": job.width,
            "height": job.height,
            "file_size": job.file_size,
            "checksum_sha256": job.checksum_sha256,
        }
