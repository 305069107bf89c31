from rest_framework import serializers

from generation.models import Motion, MotionAlignment


def _url(field) -> str | None:
    return field.url if field else None


class MotionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    source_video_url = serializers.SerializerMethodField()
    pose_video_url = serializers.SerializerMethodField()
    keypoints_url = serializers.SerializerMethodField()
    poster_url = serializers.SerializerMethodField()
    preview_url = serializers.SerializerMethodField()

    class Meta:
        model = Motion
        fields = [
            "id", "name", "source", "status", "progress", "error_message", "fps", "frame_count",
            "duration_seconds", "width", "height", "frames_without_person", "tags", "performer",
            "licence_note", "source_video_url", "pose_video_url", "keypoints_url", "poster_url",
            "preview_url", "created_at", "updated_at",
        ]  # fmt: skip

    def get_source_video_url(self, obj) -> str | None:
        return _url(obj.source_video)

    def get_pose_video_url(self, obj) -> str | None:
        return _url(obj.pose_video)

    def get_keypoints_url(self, obj) -> str | None:
        return _url(obj.keypoints)

    def get_poster_url(self, obj) -> str | None:
        return _url(obj.poster)

    def get_preview_url(self, obj) -> str | None:
        return _url(obj.preview)


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
    pose_video_url = serializers.SerializerMethodField()
    keypoints_url = serializers.SerializerMethodField()
    poster_url = serializers.SerializerMethodField()

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

    def get_pose_video_url(self, obj) -> str | None:
        return _url(obj.pose_video)

    def get_keypoints_url(self, obj) -> str | None:
        return _url(obj.keypoints)

    def get_poster_url(self, obj) -> str | None:
        return _url(obj.poster)
