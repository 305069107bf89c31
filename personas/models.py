"""A persona is the virtual influencer the agency designs, sells and animates."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from influencer_platform.common.models import PublicModel, TimeStampedModel

# Inside the 32-bit column on every database, and above any real account.
MAX_FOLLOWERS = 2_000_000_000

# Bounds of the per-persona trust-check settings (identity threshold, appearance floor): the model, its
# check constraints, the form and the API all take them from here.
CHECK_SETTING_MIN = Decimal("0.05")
CHECK_SETTING_MAX = Decimal("0.95")
DEFAULT_IDENTITY_THRESHOLD = Decimal("0.40")
DEFAULT_APPEARANCE_FLOOR = Decimal("0.70")


class PersonaStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    RETIRED = "retired", "Retired"


class BrandSafety(models.TextChoices):
    FAMILY = "family", "Family friendly"
    GENERAL = "general", "General audience"
    MATURE = "mature", "Mature"


class Persona(PublicModel):
    name = models.CharField(max_length=120)
    handle = models.CharField(max_length=60, unique=True, help_text="Public handle without the @.")
    slug = models.SlugField(max_length=80, unique=True)
    status = models.CharField(max_length=10, choices=PersonaStatus.choices, default=PersonaStatus.DRAFT)
    bio = models.TextField(blank=True)
    backstory = models.TextField(blank=True)
    # Structured traits: the persona bible.
    personality = models.JSONField(default=list, blank=True, help_text="Personality words.")
    birthday = models.DateField(null=True, blank=True)
    home_city = models.CharField(max_length=120, blank=True)
    interests = models.JSONField(default=list, blank=True)
    style_notes = models.TextField(blank=True, help_text="Style and wardrobe notes.")
    voice = models.TextField(blank=True, help_text="Voice and tone.")
    never_topics = models.JSONField(default=list, blank=True, help_text="Topics the persona never touches.")
    brand_safety = models.CharField(max_length=10, choices=BrandSafety.choices, default=BrandSafety.GENERAL)
    private_notes = models.TextField(blank=True, help_text="Agency-only notes; never shown to brands.")
    commission_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=20, help_text="Agency commission on this persona's earnings."
    )
    identity_threshold = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_IDENTITY_THRESHOLD,
        validators=[MinValueValidator(CHECK_SETTING_MIN), MaxValueValidator(CHECK_SETTING_MAX)],
        help_text="Lowest identity score (1 − dlib face distance) a render may have before it is flagged; "
        "0.40 is dlib's documented same-person distance of 0.6.",
    )
    appearance_floor = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_APPEARANCE_FLOOR,
        validators=[MinValueValidator(CHECK_SETTING_MIN), MaxValueValidator(CHECK_SETTING_MAX)],
        help_text="Lowest whole-figure similarity (cosine of the model's CLIP image embeddings) a stretch of "
        "a render may have before it is flagged as collapsed.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="persona_commission_0_100",
                condition=Q(commission_percent__gte=0, commission_percent__lte=100),
            ),
            models.CheckConstraint(
                name="persona_identity_threshold_bounds",
                condition=Q(
                    identity_threshold__gte=CHECK_SETTING_MIN, identity_threshold__lte=CHECK_SETTING_MAX
                ),
            ),
            models.CheckConstraint(
                name="persona_appearance_floor_bounds",
                condition=Q(appearance_floor__gte=CHECK_SETTING_MIN, appearance_floor__lte=CHECK_SETTING_MAX),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def zodiac_sign(self) -> str:
        from personas.zodiac import zodiac_sign

        return zodiac_sign(self.birthday) if self.birthday else ""


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    X = "x", "X"
    THREADS = "threads", "Threads"
    TWITCH = "twitch", "Twitch"


class Channel(PublicModel):
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="channels")
    platform = models.CharField(max_length=12, choices=Platform.choices)
    handle = models.CharField(max_length=100)
    url = models.URLField(blank=True)
    follower_count = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(MAX_FOLLOWERS)])

    class Meta:
        ordering = ["platform", "handle"]
        constraints = [models.UniqueConstraint(fields=["platform", "handle"], name="unique_channel_handle")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} @{self.handle}"


class FollowerSnapshot(TimeStampedModel):
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="snapshots")
    date = models.DateField()
    follower_count = models.PositiveIntegerField(validators=[MaxValueValidator(MAX_FOLLOWERS)])

    class Meta:
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["channel", "date"], name="one_snapshot_per_day")]


class ImageLabel(models.TextChoices):
    FRONT = "front", "Front"
    THREE_QUARTER = "three_quarter", "Three-quarter"
    PROFILE = "profile", "Profile"
    FULL_BODY = "full_body", "Full body"
    CLOSE_UP = "close_up", "Close-up"
    OTHER = "other", "Other"


def reference_image_path(instance: "ReferenceImage", filename: str) -> str:
    return f"personas/{instance.persona.uuid}/images/{filename}"


class ReferenceImage(PublicModel):
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to=reference_image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=16, choices=ImageLabel.choices, default=ImageLabel.FULL_BODY)
    is_primary = models.BooleanField(default=False)
    provenance = models.TextField(blank=True, help_text="Where the image came from (tool, artist, shoot).")
    consent_notes = models.TextField(blank=True)
    original_filename = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-is_primary", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["persona"], condition=Q(is_primary=True), name="one_primary_image_per_persona"
            )
        ]

    def __str__(self) -> str:
        return f"{self.persona} · {self.get_label_display()}"
