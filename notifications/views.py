"""Notification pages for every signed-in person: the list, opening one, and the preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from influencer_platform.web import paginate
from notifications.selectors import notification_preferences_for, notifications_for_user
from notifications.services import notification_preferences_set, notifications_mark_read


def _people_only(user):
    if user.is_scheduler:
        raise Http404("No such page.")


@login_required
def notification_list(request):
    _people_only(request.user)
    page = paginate(request, notifications_for_user(user=request.user))
    return render(request, "notifications/list.html", {"page": page, "nav": "notifications"})


@login_required
@require_POST
def notification_open(request, uuid):
    _people_only(request.user)
    notification = get_object_or_404(notifications_for_user(user=request.user), uuid=uuid)
    notifications_mark_read(user=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notifications_read_all(request):
    _people_only(request.user)
    count = notifications_mark_read(user=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:list")


@login_required
def notification_preferences(request):
    _people_only(request.user)
    rows = notification_preferences_for(user=request.user)
    if request.method == "POST":
        choices = {
            row["kind"]: (f"{row['kind']}:in_app" in request.POST, f"{row['kind']}:email" in request.POST)
            for row in rows
        }
        notification_preferences_set(user=request.user, choices=choices)
        messages.success(request, "Your notification choices are saved.")
        return redirect("notifications:preferences")
    context = {"rows": rows, "has_email": bool(request.user.email), "nav": "notifications"}
    return render(request, "notifications/preferences.html", context)
