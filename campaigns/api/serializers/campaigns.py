from rest_framework import serializers

from campaigns.models import Brand, Campaign, CampaignStatus
from campaigns.selectors import brands_for_user
from influencer_platform.api.fields import ScopedUUIDField


class CampaignSerializer(serializers.ModelSerializer):
    brand = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    brand_name = serializers.CharField(source="brand.name", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "uuid",
            "brand",
            "brand_name",
            "name",
            "brief",
            "objectives",
            "start_date",
            "end_date",
            "budget",
            "currency",
            "status",
            "contracted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CampaignInputSerializer(serializers.ModelSerializer):
    brand = ScopedUUIDField(selector=brands_for_user, queryset=Brand.objects.all())

    class Meta:
        model = Campaign
        fields = ["brand", "name", "brief", "objectives", "start_date", "end_date", "budget", "currency"]


class CampaignUpdateSerializer(CampaignInputSerializer):
    class Meta(CampaignInputSerializer.Meta):
        fields = ["name", "brief", "objectives", "start_date", "end_date", "budget", "currency"]


class CampaignTransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=CampaignStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
