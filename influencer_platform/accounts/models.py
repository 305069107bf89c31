"""Users carry one role; brand clients belong to exactly one brand."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from influencer_platform.common.models import PublicModel


class Role(models.TextChoices):
    AGENCY_ADMIN = "agency_admin", "Agency admin"
    AGENCY_STAFF = "agency_staff", "Agency staff"
    BRAND_CLIENT = "brand_client", "Brand client"
    # A scheduling tool (Buffer, Postiz, an agency's own scheduler): an API client, not a person.
    SCHEDULER = "scheduler", "Scheduling tool"


class TokenScope(models.TextChoices):
    """What a scheduler token may do; agency tokens carry no scopes and keep their role's rights."""

    FEED_READ = "feed:read", "Read the publication feed"
    PUBLICATIONS_REPORT = "publications:report", "Claim and report publications, send metrics"
    PERFORMANCE_READ = "performance:read", "Read performance metrics"
    WEBHOOKS_MANAGE = "webhooks:manage", "Manage its own webhook endpoints"


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.AGENCY_STAFF)
    brand = models.ForeignKey(
        "campaigns.Brand", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    # Schedulers see only these personas' publications, and of them only these channels when any are set.
    scheduler_personas = models.ManyToManyField("personas.Persona", blank=True, related_name="schedulers")
    scheduler_channels = models.ManyToManyField("personas.Channel", blank=True, related_name="schedulers")

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

    @property
    def is_scheduler(self) -> bool:
        return self.role == Role.SCHEDULER


class ApiToken(PublicModel):
    """A token for scheduling tools. Only a SHA-256 hash of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    scopes = models.JSONField(default=list, blank=True, help_text="TokenScope values (scheduler tokens).")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class BrandInvitation(PublicModel):
    """A one-time, expiring link that makes a brand contact a portal user of that brand. Only a
    SHA-256 hash of the link's secret is stored, as for API tokens."""

    brand = models.ForeignKey("campaigns.Brand", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    name = models.CharField(max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="brand_invitation"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.brand}"
