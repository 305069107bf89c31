"""Staff pages: plan and withdraw posts, the content calendar, CSV import of performance; and the
per-persona iCalendar feed (a signed URL, for calendar apps that carry no session)."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from campaigns.selectors import deliverables_for_user
from influencer_platform.web import SERVICE_ERRORS, agency_required
from personas.models import Persona
from publishing.forms import MetricsImportForm, PublicationPlanForm, PublicationRescheduleForm, WithdrawForm
from publishing.models import PublicationState
from publishing.selectors import (
    calendar_feed_valid,
    calendar_week,
    persona_calendar_publications,
    publications_for_user,
)
from publishing.services.metrics import metrics_csv_import
from publishing.services.publications import (
    publication_create,
    publication_reschedule,
    publication_withdraw,
)


def _error_text(error) -> str:
    return getattr(error, "message", None) or " ".join(getattr(error, "messages", [str(error)]))


@agency_required
@require_POST
def publication_plan_view(request, uuid):
    deliverable = get_object_or_404(deliverables_for_user(user=request.user), uuid=uuid)
    channels = deliverable.persona.channels.all()
    form = PublicationPlanForm(request.POST, channels=channels)
    back = reverse("campaigns:deliverable-detail", kwargs={"uuid": deliverable.uuid})
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}"
            )
        return redirect(back + "#publications-h")
    data = form.cleaned_data
    try:
        publication = publication_create(
            deliverable=deliverable,
            channel=channels.get(uuid=data["channel"]),
            user=request.user,
            caption=data["caption"] or None,
            hashtags=data["hashtags"],
            scheduled_for=data["scheduled_for"],
        )
    except SERVICE_ERRORS as error:
        messages.error(request, f"Not planned: {_error_text(error)}")
    else:
        messages.success(request, f"Planned on {publication.channel.get_platform_display()}.")
    return redirect(back + "#publications-h")


@agency_required
@require_POST
def publication_withdraw_view(request, uuid):
    publication = get_object_or_404(publications_for_user(user=request.user), uuid=uuid)
    form = WithdrawForm(request.POST)
    back = reverse("campaigns:deliverable-detail", kwargs={"uuid": publication.deliverable.uuid})
    if not form.is_valid():
        messages.error(request, "Say why the publication is withdrawn.")
        return redirect(back)
    try:
        publication_withdraw(publication=publication, user=request.user, reason=form.cleaned_data["reason"])
    except SERVICE_ERRORS as error:
        messages.error(request, f"Not withdrawn: {_error_text(error)}")
    else:
        messages.success(request, "Withdrawn: its delivery link stopped working and schedulers were told.")
    return redirect(back)


def _week_start(request) -> date:
    raw = request.GET.get("week", "")
    try:
        chosen = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        chosen = timezone.localdate()
    return chosen - timedelta(days=chosen.weekday())


@agency_required
@require_GET
def publication_calendar(request):
    start = _week_start(request)
    week = calendar_week(user=request.user, start=start)
    context = {
        "week": week,
        "previous": (start - timedelta(days=7)).isoformat(),
        "next": (start + timedelta(days=7)).isoformat(),
        "movable": [PublicationState.PREPARING, PublicationState.READY, PublicationState.FAILED],
        "states": PublicationState.choices,
        "nav": "calendar",
    }
    return render(request, "publishing/calendar.html", context)


@agency_required
@require_POST
def publication_reschedule_view(request, uuid):
    """The calendar's drag and drop and its keyboard form both post here: the day changes, the
    time of day stays."""
    publication = get_object_or_404(publications_for_user(user=request.user), uuid=uuid)
    form = PublicationRescheduleForm(request.POST)
    week = request.POST.get("week", "")
    back = reverse("publishing:calendar") + (f"?week={week}" if week else "")
    if not form.is_valid():
        messages.error(request, "Choose a day to move the post to.")
        return redirect(back)
    current = timezone.localtime(publication.scheduled_for).time() if publication.scheduled_for else time(12)
    moved_to = timezone.make_aware(datetime.combine(form.cleaned_data["day"], current))
    try:
        publication_reschedule(publication=publication, user=request.user, scheduled_for=moved_to)
    except SERVICE_ERRORS as error:
        messages.error(request, f"{publication} was not moved: {_error_text(error)}")
    else:
        messages.success(request, f"{publication} moved to {moved_to:%a %d %b %H:%M}.")
    return redirect(back)


@agency_required
def metrics_import_view(request):
    form = MetricsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = metrics_csv_import(
                text=form.cleaned_data["file"],
                user=request.user,
                publications=publications_for_user(user=request.user),
            )
        except SERVICE_ERRORS as error:
            form.add_error("file", _error_text(error))
        else:
            messages.success(request, f"Imported {count} performance snapshot{'s' if count != 1 else ''}.")
            return redirect("publishing:metrics-import")
    status = 400 if request.method == "POST" else 200
    return render(request, "publishing/metrics_import.html", {"form": form, "nav": "calendar"}, status=status)


@require_GET
def persona_calendar_feed(request, uuid, signature: str):
    """The persona's planned and published posts as iCalendar, for subscribing in a calendar app."""
    from icalendar import Calendar, Event

    persona = Persona.objects.filter(uuid=uuid).first()
    if persona is None or not calendar_feed_valid(persona, signature):
        raise Http404("No such calendar.")
    calendar = Calendar()
    calendar.add("prodid", "-//Virtual influencer studio//publications//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{persona.name}: posts")
    for publication in persona_calendar_publications(persona=persona):
        start = publication.published_at or publication.scheduled_for
        if start is None:
            continue
        event = Event()
        event.add("uid", f"{publication.uuid}@studio")
        event.add("summary", f"{publication.channel.get_platform_display()}: {publication.deliverable}")
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=15))
        event.add("dtstamp", publication.updated_at)
        event.add("status", "CONFIRMED" if publication.state == PublicationState.PUBLISHED else "TENTATIVE")
        description = f"{publication.get_state_display()} on @{publication.channel.handle}."
        if publication.permalink:
            description += f"\n{publication.permalink}"
            event.add("url", publication.permalink)
        event.add("description", description)
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{persona.slug}.ics"'
    return response
