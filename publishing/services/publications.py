"""Publication writes: creation from an approved deliverable version, the scheduler's claim and
reports, and the agency's withdraw / reschedule. Every state change goes through ``_transition``."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from campaigns.models import DeliverableStatus
from campaigns.services.deliverables import deliverable_transition
from generation.models import GenerationJob, JobStatus
from influencer_platform.common.errors import ConflictError, ServiceError
from publishing import platforms
from publishing.models import (
    Publication,
    PublicationState,
    PublicationStateChange,
    Rendition,
    RenditionStatus,
)
from publishing.services.errors import PublicationForbidden
from trust.selectors import deliverable_usage_rights_ends_at
from webhooks.services.business_events import publication_event_record

P = PublicationState
D = DeliverableStatus
PUBLICATION_TRANSITIONS: dict[str, frozenset[str]] = {
    P.PREPARING: frozenset({P.READY, P.FAILED, P.WITHDRAWN}),
    P.READY: frozenset({P.CLAIMED, P.WITHDRAWN}),
    P.CLAIMED: frozenset({P.READY, P.SCHEDULED, P.PUBLISHED, P.FAILED, P.WITHDRAWN}),
    P.SCHEDULED: frozenset({P.PUBLISHED, P.FAILED, P.WITHDRAWN}),
    P.PUBLISHED: frozenset({P.WITHDRAWN}),
    P.FAILED: frozenset({P.READY, P.WITHDRAWN}),
    P.WITHDRAWN: frozenset(),
}
# A deliverable can be handed to schedulers once the brand approved it.
SCHEDULABLE_DELIVERABLE_STATUSES = frozenset({D.APPROVED, D.SCHEDULED, D.PUBLISHED})
REPORTABLE_STATES = (P.SCHEDULED, P.PUBLISHED, P.FAILED)
MAX_LEASE_SECONDS = 24 * 3600
MIN_LEASE_SECONDS = 30
CLOCK_SKEW = timedelta(minutes=5)
MAX_SCHEDULE_AHEAD = timedelta(days=366)


def publication_create(
    *,
    deliverable,
    channel,
    user,
    job: GenerationJob | None = None,
    caption: str | None = None,
    hashtags: list[str] | None = None,
    scheduled_for: datetime | None = None,
) -> Publication:
    """Plan one post of an approved deliverable's version on one of the persona's channels. The
    platform's caption limits and the required AI/ad disclosures are checked against this post's
    own text; the platform rendition is built on the default queue if it does not exist yet."""
    if not user.is_agency:
        raise PublicationForbidden("Only the agency plans publications.")
    if deliverable.status not in SCHEDULABLE_DELIVERABLE_STATUSES:
        raise ServiceError(
            f"The deliverable is {deliverable.get_status_display().lower()}; "
            "it can be published once the brand has approved it.",
            code="deliverable_not_approved",
            field="deliverable",
        )
    if channel.persona_id != deliverable.persona_id:
        raise ServiceError(
            f"The channel @{channel.handle} belongs to another persona than the deliverable.",
            code="channel_mismatch",
            field="channel",
        )
    rules = platforms.rules_for(channel.platform)
    if rules is None:
        raise ServiceError(
            f"{channel.get_platform_display()} takes no video posts from the studio.",
            code="platform_unsupported",
            field="channel",
        )
    job = _version_to_publish(deliverable=deliverable, job=job)
    caption = deliverable.caption if caption is None else caption
    hashtags = list(deliverable.hashtags or []) if hashtags is None else hashtags
    problems = platforms.caption_problems(platform=channel.platform, caption=caption, hashtags=hashtags)
    if problems:
        raise ServiceError(" ".join(problems), code="caption_too_long", field="caption")
    _require_disclosures(deliverable=deliverable, caption=caption, hashtags=hashtags)
    _check_schedule(deliverable=deliverable, scheduled_for=scheduled_for)
    profile = platforms.profile_for(platform=channel.platform, deliverable_type=deliverable.deliverable_type)
    from publishing.services.renditions import rendition_for
    from trust.selectors import disclosure_for_deliverable

    disclosure = disclosure_for_deliverable(deliverable=deliverable)
    sponsor = disclosure.sponsor_name or deliverable.campaign.brand.name
    flags = platforms.platform_flags(
        platform=channel.platform,
        is_ai_generated=disclosure.is_ai_generated,
        is_paid_partnership=disclosure.is_paid_partnership,
        sponsor_name=sponsor,
    )
    with transaction.atomic():
        if (
            Publication.objects.filter(deliverable=deliverable, channel=channel)
            .exclude(state__in=(P.WITHDRAWN, P.FAILED))
            .exists()
        ):
            raise ConflictError(
                f"This deliverable is already planned on @{channel.handle}; withdraw that publication first.",
                code="already_planned",
                field="channel",
            )
        rendition = rendition_for(job=job, profile=profile)
        ready = rendition.status == RenditionStatus.READY
        publication = Publication.objects.create(
            deliverable=deliverable,
            job=job,
            channel=channel,
            platform=channel.platform,
            rendition=rendition,
            caption=caption,
            hashtags=hashtags,
            disclosure_flags=flags,
            scheduled_for=scheduled_for,
            state=P.READY if ready else P.PREPARING,
            created_by=user,
        )
        PublicationStateChange.objects.create(
            publication=publication, to_state=publication.state, actor=user, note="Planned."
        )
        if ready:
            publication_event_record(publication=publication, event_type="publication.ready")
    return publication


def publication_claim(*, publication: Publication, user, lease_seconds: int | None = None) -> Publication:
    """Take a ready post for a lease; a conditional UPDATE, so of two schedulers racing for the same
    post exactly one wins. The holder may renew; an expired lease may be taken over."""
    _require_scheduler_or_agency(user)
    lease = settings.PUBLICATION_LEASE_SECONDS if lease_seconds is None else lease_seconds
    if not MIN_LEASE_SECONDS <= lease <= MAX_LEASE_SECONDS:
        raise ServiceError(
            f"lease_seconds must be between {MIN_LEASE_SECONDS} and {MAX_LEASE_SECONDS}.",
            field="lease_seconds",
        )
    now = timezone.now()
    with transaction.atomic():
        before = Publication.objects.select_for_update().get(pk=publication.pk)
        _check_rights(before)
        claimable = Q(state=P.READY) | Q(state=P.CLAIMED) & (Q(lease_expires_at__lt=now) | Q(claimed_by=user))
        taken = (
            Publication.objects.filter(pk=publication.pk)
            .filter(claimable)
            .update(
                state=P.CLAIMED,
                claimed_by=user,
                lease_expires_at=now + timedelta(seconds=lease),
                updated_at=now,
            )
        )
        if not taken:
            if before.state == P.CLAIMED:
                raise ConflictError(
                    "Another scheduler holds this publication until "
                    f"{before.lease_expires_at:%Y-%m-%d %H:%M:%S} UTC.",
                    code="already_claimed",
                )
            raise ConflictError(
                f"A {before.get_state_display().lower()} publication cannot be claimed.", code="not_claimable"
            )
        if before.state != P.CLAIMED or before.claimed_by_id != user.pk:
            note = "Lease taken over after it expired." if before.state == P.CLAIMED else ""
            PublicationStateChange.objects.create(
                publication=publication, from_state=before.state, to_state=P.CLAIMED, actor=user, note=note
            )
    publication.refresh_from_db()
    return publication


def publication_report(
    *,
    publication: Publication,
    user,
    state: str,
    permalink: str = "",
    external_id: str = "",
    published_at: datetime | None = None,
    scheduled_for: datetime | None = None,
    reason: str = "",
) -> Publication:
    """The scheduler says what happened: scheduled, published (the deliverable follows, with the
    permalink) or failed. Only the holder of the claim reports; staff may report by hand."""
    _require_scheduler_or_agency(user)
    if state not in REPORTABLE_STATES:
        raise ServiceError(f"state must be one of: {', '.join(REPORTABLE_STATES)}.", field="state")
    now = timezone.now()
    with transaction.atomic():
        locked = Publication.objects.select_for_update().select_related("deliverable").get(pk=publication.pk)
        if user.is_scheduler and locked.claimed_by_id != user.pk:
            raise ConflictError(
                "Claim the publication before reporting on it; another scheduler may hold it.",
                code="not_claimed",
            )
        if state == P.SCHEDULED:
            when = scheduled_for or locked.scheduled_for
            if when is None:
                raise ServiceError("Say when it is scheduled: scheduled_for.", field="scheduled_for")
            _check_schedule(deliverable=locked.deliverable, scheduled_for=when)
            locked.scheduled_for = when
        elif state == P.PUBLISHED:
            if not permalink:
                raise ServiceError("A published post needs its permalink.", field="permalink")
            published_at = published_at or now
            if published_at > now + CLOCK_SKEW:
                raise ServiceError("published_at is in the future.", field="published_at")
            locked.permalink, locked.external_id, locked.published_at = permalink, external_id, published_at
            locked.failure_reason = ""
        else:
            if not reason.strip():
                raise ServiceError("Say why it failed: reason.", field="reason")
            locked.failure_reason = reason.strip()[:500]
        if state == locked.state:
            return locked  # a repeated report changes nothing
        _transition(locked, to_state=state, user=user, note=reason.strip()[:500])
        _deliverable_follow(locked, user=user)
    publication.refresh_from_db()
    return publication


def publication_withdraw(*, publication: Publication, user, reason: str) -> Publication:
    """Stop a post: its delivery URL answers 410 at once and schedulers are told."""
    if not user.is_agency:
        raise PublicationForbidden("Only the agency withdraws publications.")
    if not (reason or "").strip():
        raise ServiceError("Say why the publication is withdrawn.", field="reason")
    with transaction.atomic():
        locked = Publication.objects.select_for_update().get(pk=publication.pk)
        _transition(locked, to_state=P.WITHDRAWN, user=user, note=reason.strip()[:500])
        publication_event_record(
            publication=locked, event_type="publication.withdrawn", reason=reason.strip()
        )
    publication.refresh_from_db()
    return publication


def publication_retry(*, publication: Publication, user) -> Publication:
    """Put a failed post back in the queue (its media must be ready)."""
    if not user.is_agency:
        raise PublicationForbidden("Only the agency retries publications.")
    with transaction.atomic():
        locked = Publication.objects.select_for_update().select_related("rendition").get(pk=publication.pk)
        if locked.rendition.status != RenditionStatus.READY:
            raise ServiceError("The media for this post could not be prepared; it cannot be retried.")
        locked.failure_reason = ""
        _transition(locked, to_state=P.READY, user=user, note="Retry.")
        publication_event_record(publication=locked, event_type="publication.ready")
    publication.refresh_from_db()
    return publication


def publication_reschedule(*, publication: Publication, user, scheduled_for: datetime) -> Publication:
    """Staff move a post in the calendar until a scheduler has taken it."""
    if not user.is_agency:
        raise PublicationForbidden("Only the agency reschedules publications.")
    with transaction.atomic():
        locked = Publication.objects.select_for_update().select_related("deliverable").get(pk=publication.pk)
        if locked.state not in (P.PREPARING, P.READY, P.FAILED):
            raise ConflictError(
                f"A {locked.get_state_display().lower()} publication belongs to its scheduler now; "
                "withdraw it to change the time.",
                code="not_reschedulable",
            )
        _check_schedule(deliverable=locked.deliverable, scheduled_for=scheduled_for)
        locked.scheduled_for = scheduled_for
        locked.save(update_fields=["scheduled_for", "updated_at"])
    publication.refresh_from_db()
    return publication


def publication_delivery_revoke(*, publication: Publication, user) -> Publication:
    """Kill the current delivery URL at once (410); ``publication_delivery_reissue`` makes a new one."""
    if not user.is_agency:
        raise PublicationForbidden("Only the agency revokes delivery links.")
    now = timezone.now()
    Publication.objects.filter(pk=publication.pk).update(
        delivery_version=publication.delivery_version + 1, delivery_revoked_at=now, updated_at=now
    )
    publication.refresh_from_db()
    return publication


def publication_delivery_reissue(*, publication: Publication, user) -> Publication:
    if not user.is_agency:
        raise PublicationForbidden("Only the agency reissues delivery links.")
    now = timezone.now()
    Publication.objects.filter(pk=publication.pk).update(
        delivery_version=publication.delivery_version + 1, delivery_revoked_at=None, updated_at=now
    )
    publication.refresh_from_db()
    return publication


def publications_rendition_finished(*, rendition: Rendition) -> None:
    """Called once a rendition is built or has failed: its waiting posts become ready (and the
    schedulers hear of it) or fail with the reason."""
    waiting = Publication.objects.select_for_update().filter(rendition=rendition, state=P.PREPARING)
    for publication in waiting:
        if rendition.status == RenditionStatus.READY:
            _transition(publication, to_state=P.READY, user=None, note="Media ready.")
            publication_event_record(publication=publication, event_type="publication.ready")
        else:
            publication.failure_reason = f"The media could not be prepared: {rendition.error_message}"[:500]
            _transition(publication, to_state=P.FAILED, user=None, note=publication.failure_reason)


def publications_leases_expire(*, now: datetime | None = None) -> int:
    """Posts whose scheduler vanished go back to ready, so another instance picks them up."""
    now = now or timezone.now()
    count = 0
    for publication in Publication.objects.filter(state=P.CLAIMED, lease_expires_at__lt=now):
        with transaction.atomic():
            locked = Publication.objects.select_for_update().get(pk=publication.pk)
            if locked.state == P.CLAIMED and locked.lease_expires_at < now:
                locked.claimed_by = None
                locked.lease_expires_at = None
                _transition(locked, to_state=P.READY, user=None, note="The scheduler's lease expired.")
                count += 1
    return count


def _transition(publication: Publication, *, to_state: str, user, note: str = "") -> None:
    """Apply one edge of ``PUBLICATION_TRANSITIONS`` to a locked row and log it."""
    from_state = publication.state
    allowed = PUBLICATION_TRANSITIONS[from_state]
    if to_state not in allowed:
        names = ", ".join(sorted(allowed)) or "none (final state)"
        raise ServiceError(
            f"Cannot move a publication from {from_state} to {to_state}; allowed: {names}.",
            code="illegal_transition",
            field="state",
        )
    publication.state = to_state
    if to_state != P.CLAIMED and to_state not in (P.SCHEDULED, P.PUBLISHED):
        publication.claimed_by = None
        publication.lease_expires_at = None
    if to_state in (P.SCHEDULED, P.PUBLISHED):
        publication.lease_expires_at = None
    publication.save()
    PublicationStateChange.objects.create(
        publication=publication, from_state=from_state, to_state=to_state, actor=user, note=note
    )


def _deliverable_follow(publication: Publication, *, user) -> None:
    """The deliverable is scheduled when its first post is, and published when its first post is."""
    deliverable = publication.deliverable
    deliverable.refresh_from_db()
    if publication.state in (P.SCHEDULED, P.PUBLISHED) and deliverable.status == D.APPROVED:
        deliverable_transition(
            deliverable=deliverable,
            to_status=D.SCHEDULED,
            user=user,
            scheduled_for=max(publication.scheduled_for or timezone.now(), timezone.now()),
            note=f"Scheduled on {publication.channel.get_platform_display()}.",
        )
    if publication.state == P.PUBLISHED and deliverable.status == D.SCHEDULED:
        deliverable_transition(
            deliverable=deliverable,
            to_status=D.PUBLISHED,
            user=user,
            published_url=publication.permalink,
            note=f"Published on {publication.channel.get_platform_display()}: {publication.permalink}",
        )


def _version_to_publish(*, deliverable, job: GenerationJob | None) -> GenerationJob:
    """The version named, which must be a finished render of this deliverable; by default the one
    the brand approved, else (work from before approvals named a version) the latest finished one."""
    versions = GenerationJob.objects.filter(deliverable=deliverable, status=JobStatus.SUCCEEDED)
    if job is not None:
        if not versions.filter(pk=job.pk).exists():
            raise ServiceError(
                "That render is not a finished version of this deliverable.",
                code="invalid_version",
                field="job",
            )
        return job
    latest = (
        versions.filter(approved_at__isnull=False).order_by("-approved_at").first()
        or versions.order_by("-version_number", "-id").first()
    )
    if latest is None:
        raise ServiceError(
            "The deliverable has no finished render to publish.", code="no_render", field="job"
        )
    return latest


def _require_disclosures(*, deliverable, caption: str, hashtags: list[str]) -> None:
    from trust.selectors import disclosure_requirements_unmet

    unmet = disclosure_requirements_unmet(deliverable=deliverable, caption=caption, hashtags=hashtags)
    if unmet:
        raise ServiceError(
            "This post cannot be handed to a scheduler until its disclosures are complete: "
            + " ".join(unmet),
            code="disclosure_missing",
            field="caption",
        )


def _check_schedule(*, deliverable, scheduled_for: datetime | None) -> None:
    if scheduled_for is None:
        return
    now = timezone.now()
    if scheduled_for < now - CLOCK_SKEW:
        raise ServiceError(
            f"scheduled_for ({scheduled_for:%Y-%m-%d %H:%M} UTC) is in the past.", field="scheduled_for"
        )
    if scheduled_for > now + MAX_SCHEDULE_AHEAD:
        raise ServiceError("scheduled_for is more than a year ahead.", field="scheduled_for")
    ends = deliverable_usage_rights_ends_at(deliverable=deliverable)
    if ends is not None and scheduled_for >= ends:
        raise ServiceError(
            f"The brand's usage rights end on {ends:%Y-%m-%d}; the post cannot be scheduled after that.",
            code="usage_rights_end",
            field="scheduled_for",
        )


def _check_rights(publication: Publication) -> None:
    ends = deliverable_usage_rights_ends_at(deliverable=publication.deliverable)
    if ends is not None and timezone.now() >= ends:
        raise ServiceError(f"The brand's usage rights ended on {ends:%Y-%m-%d}.", code="usage_rights_ended")


def _require_scheduler_or_agency(user) -> None:
    if not (user.is_scheduler or user.is_agency):
        raise PublicationForbidden("Only scheduling tools and the agency act on publications.")
