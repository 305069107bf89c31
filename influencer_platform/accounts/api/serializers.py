from rest_framework import serializers

from influencer_platform.accounts.models import ApiToken, TokenScope, User


class MeSerializer(serializers.ModelSerializer):
    brand = serializers.UUIDField(source="brand.uuid", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["username", "email", "first_name", "last_name", "role", "brand"]


class ApiTokenSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "user", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; only its hash is stored.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]


class ApiTokenInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    username = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.filter(is_active=True), source="user"
    )
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=TokenScope.choices), required=False, max_length=10
    )
