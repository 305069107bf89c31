"""Users carry one role; brand clients belong to exactly one brand."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from influencer_platform.common.models import PublicModel


class Role(models.TextChoices):
    AGENCY_ADMIN = "agency_admin", "Agency admin"
    AGENCY_STAFF = "agency_staff", "Agency staff"
    BRAND_CLIENT = "brand_client", "Brand client"


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENCY_STAFF)
    brand = models.ForeignKey(
        "campaigns.Brand", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="brand_client_has_exactly_one_brand",
                condition=(
                    Q(role="brand_client", brand__isnull=False)
                    | (~Q(role="brand_client") & Q(brand__isnull=True))
                ),
            ),
        ]

    @property
    def is_agency(self) -> bool:
        return self.role in (Role.AGENCY_ADMIN, Role.AGENCY_STAFF)

    @property
    def is_agency_admin(self) -> bool:
        return self.role == Role.AGENCY_ADMIN

    @property
    def is_brand_client(self) -> bool:
        return self.role == Role.BRAND_CLIENT


class ApiToken(PublicModel):
    """A token for scheduling tools. Only a SHA-256 hash of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
