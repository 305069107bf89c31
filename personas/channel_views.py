"""A persona's channels on the persona page: add one, record today's (or a past day's) followers."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from influencer_platform.web import SERVICE_ERRORS, agency_required
from personas.forms import ChannelEditForm, ChannelForm, FollowerSnapshotForm
from personas.models import Channel
from personas.selectors import personas_for_user
from personas.services.personas import channel_create, channel_update, follower_snapshot_record


def _form_problems(form) -> str:
    return " ".join(
        f"{form.fields[name].label or name.replace('_', ' ').capitalize()}: {message}"
        if name != "__all__"
        else message
        for name, errors in form.errors.items()
        for message in errors
    )


@agency_required
@require_POST
def channel_add(request, uuid):
    persona = get_object_or_404(personas_for_user(user=request.user), uuid=uuid)
    form = ChannelForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Channel not added. {_form_problems(form)}")
        return redirect("personas:detail", uuid=persona.uuid)
    try:
        channel = channel_create(persona=persona, **form.cleaned_data)
    except SERVICE_ERRORS as error:
        detail = getattr(error, "message", None) or " ".join(getattr(error, "messages", [str(error)]))
        messages.error(request, f"Channel not added. {detail}")
    else:
        messages.success(request, f"Channel {channel} added.")
    return redirect("personas:detail", uuid=persona.uuid)


@agency_required
@require_POST
def follower_snapshot_add(request, uuid, channel_uuid):
    persona = get_object_or_404(personas_for_user(user=request.user), uuid=uuid)
    channel = get_object_or_404(Channel.objects.filter(persona=persona), uuid=channel_uuid)
    form = FollowerSnapshotForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Followers not recorded. {_form_problems(form)}")
        return redirect("personas:detail", uuid=persona.uuid)
    try:
        follower_snapshot_record(
            channel=channel, follower_count=form.cleaned_data["follower_count"], on=form.cleaned_data["on"]
        )
    except SERVICE_ERRORS as error:
        messages.error(request, f"Followers not recorded. {getattr(error, 'message', str(error))}")
    else:
        messages.success(request, f"Followers of {channel} recorded.")
    return redirect("personas:detail", uuid=persona.uuid)


@agency_required
@require_POST
def channel_edit(request, uuid, channel_uuid):
    persona = get_object_or_404(personas_for_user(user=request.user), uuid=uuid)
    channel = get_object_or_404(Channel.objects.filter(persona=persona), uuid=channel_uuid)
    form = ChannelEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Channel not saved. {_form_problems(form)}")
        return redirect("personas:detail", uuid=persona.uuid)
    try:
        channel_update(channel=channel, **form.cleaned_data)
    except SERVICE_ERRORS as error:
        detail = getattr(error, "message", None) or " ".join(getattr(error, "messages", [str(error)]))
        messages.error(request, f"Channel not saved. {detail}")
    else:
        messages.success(request, f"Channel {channel} saved.")
    return redirect("personas:detail", uuid=persona.uuid)
