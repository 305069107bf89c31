"""Generation job serializers: one input serializer per command, one output shape."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.api.fields import ScopedUUIDField
from campaigns.models import Deliverable
from campaigns.selectors import deliverables_for_user
from generation.models import GenerationJob, Motion
from generation.services.job_parameters import (
    MAX_CONTEXT_FRAMES,
    MAX_FRAMES,
    MAX_SEED,
    MAX_SIDE,
    MIN_SIDE,
    SCHEDULERS,
)
from personas.models import ReferenceImage
from personas.selectors import reference_images_for_user


def _motions_for_user(*, user):
    # Submitting is agency-only and the agency may use every motion in the library.
    return Motion.objects.all() if user.is_authenticated and user.is_agency else Motion.objects.none()


class GenerationParametersSerializer(serializers.Serializer):
    """Every field is optional; the service fills defaults and checks the combinations."""

    width = serializers.IntegerField(
        required=False, min_value=MIN_SIDE, max_value=MAX_SIDE, help_text="Multiple of 8."
    )
    height = serializers.IntegerField(
        required=False, min_value=MIN_SIDE, max_value=MAX_SIDE, help_text="Multiple of 8."
    )
    frames = serializers.IntegerField(required=False, min_value=1, max_value=MAX_FRAMES)
    steps = serializers.IntegerField(required=False, min_value=1, max_value=150)
    guidance_scale = serializers.FloatField(required=False, min_value=0, max_value=20)
    seed = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_SEED)
    context_frames = serializers.IntegerField(required=False, min_value=1, max_value=MAX_CONTEXT_FRAMES)
    context_overlap = serializers.IntegerField(required=False, min_value=0)
    context_stride = serializers.IntegerField(required=False, min_value=1, max_value=8)
    scheduler = serializers.ChoiceField(required=False, choices=SCHEDULERS)
    trim_start_frame = serializers.IntegerField(required=False, min_value=0)
    trim_end_frame = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    fps = serializers.FloatField(required=False, allow_null=True, min_value=1, max_value=60)


class GenerationJobInputSerializer(serializers.Serializer):
    reference_image = ScopedUUIDField(
        selector=reference_images_for_user,
        queryset=ReferenceImage.objects.all(),
        help_text="Reference image UUID.",
    )
    motion = ScopedUUIDField(
        selector=_motions_for_user, queryset=Motion.objects.all(), help_text="Motion UUID."
    )
    deliverable = ScopedUUIDField(
        selector=deliverables_for_user,
        queryset=Deliverable.objects.all(),
        required=False,
        allow_null=True,
        help_text="Deliverable UUID.",
    )
    parameters = GenerationParametersSerializer(required=False, default=dict)


class GenerationResultSerializer(serializers.Serializer):
    video_url = serializers.URLField()
    poster_url = serializers.URLField(allow_null=True)
    duration_seconds = serializers.FloatField()
    fps = serializers.FloatField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    file_size = serializers.IntegerField()
    checksum_sha256 = serializers.CharField()


class GenerationJobSerializer(serializers.ModelSerializer):
    reference_image = serializers.UUIDField(source="reference_image.uuid", read_only=True)
    persona = serializers.UUIDField(source="reference_image.persona.uuid", read_only=True)
    persona_name = serializers.CharField(source="reference_image.persona.name", read_only=True)
    motion = serializers.UUIDField(source="motion.uuid", read_only=True)
    motion_name = serializers.CharField(source="motion.name", read_only=True)
    deliverable = serializers.UUIDField(source="deliverable.uuid", read_only=True, allow_null=True)
    result = serializers.SerializerMethodField()

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
            "model_fingerprint",
            "model_description",
            "gpu_seconds",
            "created_at",
            "started_at",
            "heartbeat_at",
            "cancel_requested_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(GenerationResultSerializer(allow_null=True))
    def get_result(self, job: GenerationJob) -> dict | None:
        if not job.video:
            return None
        return {
            "video_url": self._url(job.video),
            "poster_url": self._url(job.poster) if job.poster else None,
            "duration_seconds": job.duration_seconds,
            "fps": job.fps,
            "width": job.width,
            "height": job.height,
            "file_size": job.file_size,
            "checksum_sha256": job.checksum_sha256,
        }

    def _url(self, field_file) -> str:
        url = field_file.url  # signed, short-lived on S3
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None and url.startswith("/") else url
