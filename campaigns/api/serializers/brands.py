from rest_framework import serializers

from campaigns.models import Brand, BrandContact
from campaigns.selectors import brands_for_user
from influencer_platform.api.fields import BlankAsNullURLField, ScopedUUIDField


class BrandContactSerializer(serializers.ModelSerializer):
    brand = serializers.SlugRelatedField(slug_field="uuid", read_only=True)

    class Meta:
        model = BrandContact
        fields = ["uuid", "brand", "name", "email", "phone", "role", "created_at"]
        read_only_fields = fields


class BrandContactInputSerializer(serializers.ModelSerializer):
    brand = ScopedUUIDField(selector=brands_for_user, queryset=Brand.objects.all())

    class Meta:
        model = BrandContact
        fields = ["brand", "name", "email", "phone", "role"]


class BrandSerializer(serializers.ModelSerializer):
    contacts = BrandContactSerializer(many=True, read_only=True)
    website = BlankAsNullURLField(read_only=True)
    notes = serializers.CharField(
        read_only=True, allow_null=True, help_text="Agency only; null for brand clients."
    )

    class Meta:
        model = Brand
        fields = ["uuid", "name", "slug", "website", "billing_address", "notes", "contacts", "created_at"]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.is_agency:
            data["notes"] = None
        return data


class BrandInputSerializer(serializers.ModelSerializer):
    website = BlankAsNullURLField(max_length=200)

    class Meta:
        model = Brand
        fields = ["name", "slug", "website", "billing_address", "notes"]
        # Without a slug the service makes one from the name.
        extra_kwargs = {"slug": {"required": False}}
