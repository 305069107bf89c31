"""Persona writes: the persona bible, channels and follower snapshots."""

from datetime import date

from django.db import IntegrityError, transaction

from influencer_platform.common.errors import ServiceError
from influencer_platform.common.validation import unique_slug
from personas.models import Channel, FollowerSnapshot, Persona

PERSONA_FIELDS = {
    "name",
    "handle",
    "slug",
    "status",
    "bio",
    "backstory",
    "personality",
    "birthday",
    "home_city",
    "interests",
    "style_notes",
    "voice",
    "never_topics",
    "brand_safety",
    "private_notes",
    "commission_percent",
    "identity_threshold",
    "appearance_floor",
}


def _apply(persona: Persona, fields: dict) -> None:
    unknown = set(fields) - PERSONA_FIELDS
    if unknown:
        raise ServiceError(f"Unknown persona fields: {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(persona, name, value)
    persona.handle = persona.handle.lstrip("@")
    if not persona.slug:
        persona.slug = unique_slug(Persona, persona.handle or persona.name, instance_pk=persona.pk)


def _save(persona: Persona) -> Persona:
    persona.full_clean()
    try:
        with transaction.atomic():
            persona.save()
    except IntegrityError:
        raise ServiceError(
            "A persona with this handle or slug already exists.", code="duplicate", field="handle"
        )
    return persona


def persona_create(*, name: str, handle: str, **fields) -> Persona:
    persona = Persona()
    _apply(persona, {"name": name, "handle": handle, **fields})
    return _save(persona)


def persona_update(*, persona: Persona, **fields) -> Persona:
    _apply(persona, fields)
    return _save(persona)


def channel_create(
    *, persona: Persona, platform: str, handle: str, url: str = "", follower_count: int = 0
) -> Channel:
    channel = Channel(persona=persona, platform=platform, handle=handle.lstrip("@"), url=url)
    # The unique handle is checked by the database below, which answers in words people use.
    channel.full_clean(exclude=["follower_count"], validate_constraints=False)
    try:
        with transaction.atomic():
            channel.save()
            follower_snapshot_record(channel=channel, follower_count=follower_count)
    except IntegrityError:
        raise ServiceError(
            f"@{channel.handle} on {channel.get_platform_display()} is already registered.",
            code="duplicate",
            field="handle",
        )
    return channel


def channel_update(*, channel: Channel, handle: str, url: str = "") -> Channel:
    """A renamed handle or a new link; the platform and the follower history stay."""
    channel.handle, channel.url = handle.strip().lstrip("@"), url
    channel.full_clean(exclude=["follower_count"], validate_constraints=False)
    try:
        with transaction.atomic():
            channel.save(update_fields=["handle", "url", "updated_at"])
    except IntegrityError:
        channel.refresh_from_db()
        raise ServiceError(
            f"@{handle.strip().lstrip('@')} on {channel.get_platform_display()} is already registered.",
            code="duplicate",
            field="handle",
        )
    return channel


@transaction.atomic
def follower_snapshot_record(
    *, channel: Channel, follower_count: int, on: date | None = None
) -> FollowerSnapshot:
    """One snapshot per channel per day; the latest one is the channel's current count."""
    if follower_count < 0:
        raise ServiceError("Follower count cannot be negative.", field="follower_count")
    on = on or date.today()
    if on > date.today():
        raise ServiceError("Followers cannot be recorded for a future date.", field="on")
    snapshot, _ = FollowerSnapshot.objects.update_or_create(
        channel=channel, date=on, defaults={"follower_count": follower_count}
    )
    latest = channel.snapshots.order_by("-date").first()
    Channel.objects.filter(pk=channel.pk).update(follower_count=latest.follower_count)
    channel.follower_count = latest.follower_count
    return snapshot
