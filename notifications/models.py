"""In-app notifications and each user's choice of what reaches them in the app and by email."""

from django.conf import settings
from django.db import models

from influencer_platform.common.models import PublicModel, TimeStampedModel


class NotificationKind(models.TextChoices):
    DELIVERABLE_APPROVED = "deliverable_approved", "A client approved a deliverable"
    CHANGES_REQUESTED = "changes_requested", "A client asked for changes"
    SENT_FOR_REVIEW = "sent_for_review", "A deliverable is ready for your review"
    RENDER_SUCCEEDED = "render_succeeded", "A render finished"
    RENDER_FAILED = "render_failed", "A render failed"
    INVOICE_OVERDUE = "invoice_overdue", "An invoice fell overdue"


# Who can receive which kind: brand clients hear about their reviews, the agency about the rest.
AGENCY_KINDS = (
    NotificationKind.DELIVERABLE_APPROVED,
    NotificationKind.CHANGES_REQUESTED,
    NotificationKind.RENDER_SUCCEEDED,
    NotificationKind.RENDER_FAILED,
    NotificationKind.INVOICE_OVERDUE,
)
BRAND_KINDS = (NotificationKind.SENT_FOR_REVIEW,)
# Without a stored choice: everything in the app; email for what needs someone to act.
EMAIL_BY_DEFAULT = {
    NotificationKind.CHANGES_REQUESTED,
    NotificationKind.SENT_FOR_REVIEW,
    NotificationKind.RENDER_FAILED,
    NotificationKind.INVOICE_OVERDUE,
}


def notification_choice(kind: str, preference: "NotificationPreference | None") -> tuple[bool, bool]:
    """(in_app, email) for one kind: the stored choice, or the default."""
    if preference is not None:
        return preference.in_app, preference.email
    return True, kind in EMAIL_BY_DEFAULT


class Notification(PublicModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    body = models.CharField(max_length=1000, blank=True)
    url = models.CharField(max_length=500, blank=True)
    # What it is about, e.g. "invoice:<uuid>": one notification per user, kind and subject.
    subject_key = models.CharField(max_length=80)
    in_app = models.BooleanField(default=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_wanted = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "in_app", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "subject_key"], name="notification_once_per_subject"
            )
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    in_app = models.BooleanField(default=True)
    email = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once")]
