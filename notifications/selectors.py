"""Reads for notifications."""

from django.db.models import QuerySet

from notifications.models import Notification, NotificationKind, NotificationPreference, notification_choice
from notifications.services import notification_kinds_for


def notifications_for_user(*, user) -> QuerySet[Notification]:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(user=user, in_app=True)


def notifications_unread_count(*, user) -> int:
    return notifications_for_user(user=user).filter(read_at__isnull=True).count()


def notification_preferences_for(*, user) -> list[dict]:
    """Every kind this user can receive, with the stored choice or the default."""
    stored = {p.kind: p for p in NotificationPreference.objects.filter(user=user)}
    rows = []
    for kind in notification_kinds_for(user=user):
        in_app, email = notification_choice(kind, stored.get(kind))
        rows.append({"kind": kind, "label": NotificationKind(kind).label, "in_app": in_app, "email": email})
    return rows
