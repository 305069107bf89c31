"""The unread count beside the navigation, computed only when a page shows it."""

from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    from notifications.selectors import notifications_unread_count

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_scheduler:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: notifications_unread_count(user=user))}
