from rest_framework import serializers

from generation.models import Motion, MotionAlignment
from influencer_platform.api.fields import FileUrlField


class MotionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    source_video_url = FileUrlField(source="source_video", allow_null=True)
    pose_video_url = FileUrlField(source="pose_video", allow_null=True)
    keypoints_url = FileUrlField(source="keypoints", allow_null=True)
    poster_url = FileUrlField(source="poster", allow_null=True)
    preview_url = FileUrlField(source="preview", allow_null=True)

    class Meta:
        model = Motion
        fields = [
            "id", "name", "source", "status", "progress", "error_message", "fps", "frame_count",
            "duration_seconds", "width", "height", "frames_without_person", "tags", "performer",
            "licence_note", "source_video_url", "pose_video_url", "keypoints_url", "poster_url",
            "preview_url", "created_at", "updated_at",
        ]  # fmt: skip


class MotionUploadSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    file = serializers.FileField()
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False, default=list)
    performer = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    licence_note = serializers.CharField(required=False, allow_blank=True, default="")


class MotionUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    performer = serializers.CharField(max_length=150, required=False, allow_blank=True)
    licence_note = serializers.CharField(required=False, allow_blank=True)


class MotionAlignInputSerializer(serializers.Serializer):
    reference_image = serializers.UUIDField(help_text="The persona reference image to align the motion to.")


class MotionAlignmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    motion = serializers.UUIDField(source="motion.uuid", read_only=True)
    reference_image = serializers.UUIDField(source="reference_image.uuid", read_only=True)
    pose_video_url = FileUrlField(source="pose_video", allow_null=True)
    keypoints_url = FileUrlField(source="keypoints", allow_null=True)
    poster_url = FileUrlField(source="poster", allow_null=True)

    class Meta:
        model = MotionAlignment
        fields = [
            "id",
            "motion",
            "reference_image",
            "pose_video_url",
            "keypoints_url",
            "poster_url",
            "created_at",
        ]
