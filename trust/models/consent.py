"""The consent and licence ledger: what the studio may do with a performer's movement, a reference
image and a model backend, for which personas and uses, for how long, and whether it was revoked."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from influencer_platform.common.models import PublicModel


class RecordKind(models.TextChoices):
    PERFORMER_CONSENT = "performer_consent", "Performer consent (driving video)"
    STOCK_LICENCE = "stock_licence", "Stock footage licence (driving video)"
    IMAGE_SOURCE = "image_source", "Reference image source"
    MODEL_LICENCE = "model_licence", "Model backend licence"


class ContentUse(models.TextChoices):
    ORGANIC = "organic", "Organic posts"
    PAID_ADS = "paid_ads", "Paid ads"


MOTION_KINDS = (RecordKind.PERFORMER_CONSENT, RecordKind.STOCK_LICENCE)


class ConsentRecord(PublicModel):
    """One grant. A subject (motion, reference image or backend) with records may be used only while
    one of them is in force and covers the persona and use; a revoked one refuses every new render."""

    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    motion = models.ForeignKey(
        "generation.Motion", null=True, blank=True, on_delete=models.CASCADE, related_name="consent_records"
    )
    reference_image = models.ForeignKey(
        "personas.ReferenceImage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    model_backend = models.CharField(
        max_length=40, blank=True, help_text="Backend name (animate-anyone, wan-animate) of a model licence."
    )
    holder = models.CharField(
        max_length=200, help_text="Who granted it: the performer, the stock agency, the artist, the licensor."
    )
    licence_name = models.CharField(
        max_length=120, blank=True, help_text="For example CC BY-NC 4.0, Apache-2.0."
    )
    document_reference = models.CharField(
        max_length=300, blank=True, help_text="Where the signed release or licence text is kept."
    )
    personas = models.ManyToManyField(
        "personas.Persona", blank=True, related_name="consent_records", help_text="Empty: every persona."
    )
    allowed_uses = models.JSONField(
        default=list, blank=True, help_text="organic and/or paid_ads; empty: no brand work at all."
    )
    commercial_use = models.BooleanField(
        default=True, help_text="False for a non-commercial licence: no brand deliverable may use it."
    )
    territories = models.JSONField(
        default=list, blank=True, help_text="ISO country codes where use is allowed; empty: worldwide."
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True, help_text="Last day in force; empty: no end.")
    notes = models.TextField(blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="consent_term_ordered",
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
            ),
            models.CheckConstraint(
                name="consent_one_subject_per_kind",
                condition=(
                    Q(
                        kind__in=list(MOTION_KINDS),
                        motion__isnull=False,
                        reference_image__isnull=True,
                        model_backend="",
                    )
                    | Q(
                        kind=RecordKind.IMAGE_SOURCE,
                        motion__isnull=True,
                        reference_image__isnull=False,
                        model_backend="",
                    )
                    | (
                        Q(kind=RecordKind.MODEL_LICENCE, motion__isnull=True, reference_image__isnull=True)
                        & ~Q(model_backend="")
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.holder} ({self.subject_label})"

    @property
    def subject_label(self) -> str:
        if self.kind == RecordKind.MODEL_LICENCE:
            return f"backend {self.model_backend}"
        if self.kind == RecordKind.IMAGE_SOURCE:
            return f"reference image {self.reference_image_id and self.reference_image.uuid}"
        return f"motion “{self.motion.name}”" if self.motion_id else "motion"
