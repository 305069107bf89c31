"""Deliverable writes: creation, edits, price locking and the review state machine."""

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from campaigns.models import (
    Campaign,
    CampaignStatus,
    CommentVisibility,
    Deliverable,
    DeliverableComment,
    DeliverableStatus,
    DeliverableStatusChange,
    DeliverableType,
    RateCard,
)
from campaigns.services.errors import ForbiddenAction, illegal_transition
from campaigns.services.quotes import quote_for_deliverable
from influencer_platform.common.errors import ServiceError, bounded_text
from notifications.services import deliverable_status_notify
from personas.models import Persona
from webhooks.services.business_events import deliverable_approved_event_record

S = DeliverableStatus
# A scheduling tool's clock may run a little behind ours.
SCHEDULE_CLOCK_SKEW = timedelta(minutes=1)
# The whole state machine: anything not listed here is refused.
DELIVERABLE_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PLANNED: frozenset({S.IN_PRODUCTION, S.CANCELLED}),
    S.IN_PRODUCTION: frozenset({S.INTERNAL_REVIEW, S.CANCELLED}),
    S.INTERNAL_REVIEW: frozenset({S.CLIENT_REVIEW, S.CANCELLED}),
    S.CLIENT_REVIEW: frozenset({S.APPROVED, S.CHANGES_REQUESTED, S.CANCELLED}),
    S.CHANGES_REQUESTED: frozenset({S.IN_PRODUCTION, S.INTERNAL_REVIEW, S.CANCELLED}),
    S.APPROVED: frozenset({S.SCHEDULED, S.CANCELLED}),
    S.SCHEDULED: frozenset({S.PUBLISHED, S.CANCELLED}),
    S.PUBLISHED: frozenset(),
    S.CANCELLED: frozenset(),
}
# Brand clients see a deliverable from the moment it is put in front of them.
CLIENT_VISIBLE_STATUSES = frozenset(
    {S.CLIENT_REVIEW, S.CHANGES_REQUESTED, S.APPROVED, S.SCHEDULED, S.PUBLISHED}
)
PRICING_FIELDS = frozenset(
    {
        "persona",
        "deliverable_type",
        "usage_term",
        "exclusivity_category",
        "exclusivity_months",
        "rush",
        "extra_revision_rounds",
    }
)
EDITABLE_FIELDS = PRICING_FIELDS | {"title", "due_date", "caption", "hashtags", "disclosure_text"}
OPEN_CAMPAIGN_STATUSES = frozenset(
    {CampaignStatus.DRAFT, CampaignStatus.PROPOSED, CampaignStatus.CONTRACTED, CampaignStatus.IN_PRODUCTION}
)


def deliverable_create(
    *, campaign: Campaign, persona: Persona, deliverable_type: str, user, **fields: Any
) -> Deliverable:
    """Adding to an already contracted campaign locks the price at once, as contracting would have."""
    _require_agency(user)
    if campaign.status not in OPEN_CAMPAIGN_STATUSES:
        raise ServiceError(
            f"Campaign '{campaign.name}' is {campaign.status}; deliverables can no longer be added.",
            code="campaign_closed",
        )
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"Unknown fields: {', '.join(sorted(unknown))}.", code="invalid")
    _require_price(persona, deliverable_type, campaign=campaign)
    with transaction.atomic():
        deliverable = Deliverable(
            campaign=campaign, persona=persona, deliverable_type=deliverable_type, **fields
        )
        rate_card = RateCard.objects.filter(persona=persona).first()
        included = rate_card.included_revision_rounds if rate_card else deliverable.revision_rounds_allowed
        deliverable.revision_rounds_allowed = included + deliverable.extra_revision_rounds
        deliverable.full_clean(exclude=["campaign", "persona"])
        deliverable.save()
        if campaign.prices_locked:
            deliverable_price_lock(deliverable=deliverable)
    return deliverable


def deliverable_update(*, deliverable: Deliverable, user, data: dict[str, Any]) -> Deliverable:
    """Edits content freely; pricing inputs only until the price is locked at contract."""
    _require_agency(user)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ServiceError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.", code="invalid")
    with transaction.atomic():
        locked = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        changed = {name for name, value in data.items() if getattr(locked, name) != value}
        pricing_changed = changed & PRICING_FIELDS
        if locked.price_locked_at and pricing_changed:
            raise ServiceError(
                f"The price was locked on {locked.price_locked_at:%Y-%m-%d}; pricing inputs "
                f"({', '.join(sorted(pricing_changed))}) can no longer change.",
                code="price_locked",
                field=sorted(pricing_changed)[0],
            )
        if locked.status in (S.PUBLISHED, S.CANCELLED) and changed:
            raise ServiceError(f"A {locked.status} deliverable cannot be edited.", code="deliverable_final")
        for name in changed:
            setattr(locked, name, data[name])
        if changed & {"persona", "deliverable_type"}:
            _require_price(locked.persona, locked.deliverable_type)
        if "extra_revision_rounds" in changed:
            rate_card = RateCard.objects.filter(persona_id=locked.persona_id).first()
            if rate_card:
                locked.revision_rounds_allowed = (
                    rate_card.included_revision_rounds + locked.extra_revision_rounds
                )
        locked.full_clean(exclude=["campaign", "persona"])
        locked.save()
    deliverable.refresh_from_db()
    return deliverable


def deliverable_price_lock(*, deliverable: Deliverable) -> Deliverable:
    """Freeze the quote into the deliverable so later rate-card edits never reprice sold work."""
    quote = quote_for_deliverable(deliverable=deliverable)
    deliverable.price = quote.total
    deliverable.currency = quote.currency
    deliverable.quote_lines = quote.lines_json()
    deliverable.revision_rounds_allowed = max(quote.revision_rounds_allowed, deliverable.revision_rounds_used)
    deliverable.price_locked_at = timezone.now()
    deliverable.save(
        update_fields=[
            "price",
            "currency",
            "quote_lines",
            "revision_rounds_allowed",
            "price_locked_at",
            "updated_at",
        ]
    )
    return deliverable


def deliverable_transition(
    *,
    deliverable: Deliverable,
    to_status: str,
    user,
    note: str = "",
    published_url: str | None = None,
    scheduled_for: datetime | None = None,
    identity_override_reason: str = "",
    client_note: str = "",
    resend_reason: str = "",
) -> Deliverable:
    """Apply one edge of ``DELIVERABLE_TRANSITIONS``; brand clients may only approve (see also
    ``deliverable_request_changes``, the only way into changes_requested)."""
    if user.is_brand_client and to_status != S.APPROVED:
        raise ForbiddenAction(
            "Brand clients can only approve or request changes on deliverables in client review."
        )
    if to_status == S.CHANGES_REQUESTED:
        _check_edge(deliverable.status, to_status)
        raise ServiceError(
            "Use request-changes: it needs a comment and consumes a revision round.",
            code="use_request_changes",
        )
    return _apply_transition(
        deliverable=deliverable,
        to_status=to_status,
        user=user,
        note=note,
        published_url=published_url,
        scheduled_for=scheduled_for,
        identity_override_reason=identity_override_reason,
        client_note=client_note,
        resend_reason=resend_reason,
    )


def deliverable_approve(*, deliverable: Deliverable, user, note: str = "", version=None) -> Deliverable:
    """Approve the version under review; ``version`` (uuid) names the one the approver saw."""
    return _apply_transition(
        deliverable=deliverable, to_status=S.APPROVED, user=user, note=note, version=version
    )


def deliverable_request_changes(*, deliverable: Deliverable, user, comment: str) -> Deliverable:
    """Send the work back with a comment; each request consumes one revision round."""
    comment = (comment or "").strip()
    if not comment:
        raise ServiceError(
            "Say what should change: a comment is required.", code="comment_required", field="comment"
        )

    def consume_round(locked: Deliverable) -> None:
        if locked.revision_rounds_used >= locked.revision_rounds_allowed:
            raise ServiceError(
                f"No revision rounds left: {locked.revision_rounds_used} of {locked.revision_rounds_allowed} "
                "used. Approve the deliverable or ask the agency to add extra revision rounds.",
                code="no_revision_rounds_left",
            )
        locked.revision_rounds_used += 1
        DeliverableComment.objects.create(
            deliverable=locked, author=user, body=comment, visibility=CommentVisibility.SHARED
        )

    return _apply_transition(
        deliverable=deliverable,
        to_status=S.CHANGES_REQUESTED,
        user=user,
        note=comment,
        before_save=consume_round,
    )


def comment_default_visibility(*, deliverable: Deliverable) -> str:
    """What a new agency comment defaults to: internal while the brand cannot see the work."""
    return (
        CommentVisibility.SHARED
        if deliverable.status in CLIENT_VISIBLE_STATUSES
        else CommentVisibility.INTERNAL
    )


MAX_TIMECODE_SECONDS = Decimal("3600")


def deliverable_comment_add(
    *,
    deliverable: Deliverable,
    user,
    body: str,
    visibility: str | None = None,
    job=None,
    timecode_seconds: Decimal | None = None,
    region: tuple[float, float, float, float] | None = None,
    parent: DeliverableComment | None = None,
) -> DeliverableComment:
    """Brand comments are always shared; agency comments are internal unless shared on purpose
    (``visibility``), and default to internal on agency-only states.

    A comment may be pinned to a moment of one version (``job`` and ``timecode_seconds``) and to a
    box on that frame (``region``: x, y, width, height as fractions of the frame); the frame is kept
    as a thumbnail. A reply (``parent``) joins a top-level comment's thread with its visibility."""
    body = (body or "").strip()
    if not body:
        raise ServiceError("A comment cannot be empty.", code="comment_required", field="body")
    if visibility is not None and visibility not in CommentVisibility.values:
        raise ServiceError(
            f"visibility must be one of: {', '.join(CommentVisibility.values)}.", field="visibility"
        )
    if user.is_brand_client:
        if deliverable.status not in CLIENT_VISIBLE_STATUSES:
            raise ForbiddenAction("Brand clients can comment once the deliverable is in client review.")
        if visibility == CommentVisibility.INTERNAL:
            raise ServiceError("Brand clients' comments are always shared.", field="visibility")
        visibility = CommentVisibility.SHARED
    if parent is not None:
        _check_parent(parent=parent, deliverable=deliverable, user=user)
        if visibility is None or parent.visibility == CommentVisibility.INTERNAL:
            visibility = parent.visibility
        job, timecode_seconds, region = None, None, None  # the thread's first comment carries the pin
    elif visibility is None:
        visibility = comment_default_visibility(deliverable=deliverable)
    _check_pin(deliverable=deliverable, user=user, job=job, timecode_seconds=timecode_seconds, region=region)
    x, y, width, height = region if region is not None else (None, None, None, None)
    comment = DeliverableComment(
        deliverable=deliverable,
        author=user,
        body=body,
        visibility=visibility,
        parent=parent,
        job=job if timecode_seconds is not None or job is not None else None,
        timecode_seconds=timecode_seconds,
        region_x=x,
        region_y=y,
        region_width=width,
        region_height=height,
    )
    if timecode_seconds is not None:
        _keep_frame(comment)
    comment.save()
    return comment


def _check_parent(*, parent: DeliverableComment, deliverable: Deliverable, user) -> None:
    if parent.deliverable_id != deliverable.pk:
        raise ServiceError("That comment belongs to another deliverable.", field="parent")
    if parent.parent_id is not None:
        raise ServiceError("Reply to the thread's first comment.", field="parent")
    if user.is_brand_client and parent.visibility != CommentVisibility.SHARED:
        raise ServiceError("No such comment.", field="parent")


def _check_pin(*, deliverable: Deliverable, user, job, timecode_seconds, region) -> None:
    if job is None:
        if timecode_seconds is not None or region is not None:
            raise ServiceError("A timecode needs the version it points into.", field="job")
        return
    from generation.models import JobStatus
    from generation.selectors import generation_jobs_for_user

    visible = generation_jobs_for_user(user=user).filter(pk=job.pk, deliverable=deliverable)
    if job.status != JobStatus.SUCCEEDED or not visible.exists():
        raise ServiceError("That version is not one of this deliverable's renders.", field="job")
    if region is not None and timecode_seconds is None:
        raise ServiceError("A region is drawn on a frame: give its timecode too.", field="timecode_seconds")
    if timecode_seconds is None:
        return
    length = Decimal(str(job.duration_seconds)) if job.duration_seconds else MAX_TIMECODE_SECONDS
    end = min(length, MAX_TIMECODE_SECONDS)
    if not Decimal("0") <= timecode_seconds <= end:
        raise ServiceError(
            f"timecode_seconds must be between 0 and {end:.2f} (the video's length).",
            field="timecode_seconds",
        )
    if region is not None:
        x, y, width, height = region
        inside = x >= 0 and y >= 0 and width > 0 and height > 0 and x + width <= 1 and y + height <= 1
        if not inside:
            raise ServiceError(
                "region is x, y, width, height as fractions of the frame, inside it (0 to 1).",
                field="region",
            )


def _keep_frame(comment: DeliverableComment) -> None:
    """The frame the comment points at, as a small JPEG thumbnail; a video that cannot be read
    leaves the comment without one rather than refusing it."""
    import io
    import tempfile
    from pathlib import Path

    from django.core.files.base import ContentFile

    from influencer_platform.common.files import stored_file_copy
    from posekit.video_io import VideoReadError, read_frame_at

    try:
        with tempfile.TemporaryDirectory(prefix="comment-frame-") as scratch:
            source = stored_file_copy(comment.job.video, Path(scratch) / "source.mp4")
            image = read_frame_at(source, float(comment.timecode_seconds))
    except (VideoReadError, OSError, ValueError):
        return
    image.thumbnail((320, 320))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    comment.frame.save("frame.jpg", ContentFile(buffer.getvalue()), save=False)


def deliverable_comment_resolve(*, comment: DeliverableComment, user, resolved: bool) -> DeliverableComment:
    """Mark a thread done (or open again). The agency may resolve any; a brand its shared ones."""
    if comment.parent_id is not None:
        raise ServiceError("Resolve the thread's first comment.", field="comment")
    if user.is_brand_client and comment.visibility != CommentVisibility.SHARED:
        raise ForbiddenAction("No such comment.")
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = user if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
    return comment


def _require_price(persona: Persona, deliverable_type: str, *, campaign: Campaign) -> None:
    """Refuse at creation what contracting would refuse later: a type the rate card does not price,
    or a price in another currency than the campaign's (its invoice could not add them up)."""
    rate_card = RateCard.objects.filter(persona=persona).first()
    if rate_card is None:
        raise ServiceError(
            f"{persona} has no rate card yet; create one before adding deliverables.",
            code="no_rate_card",
            field="persona",
        )
    if rate_card.currency != campaign.currency:
        raise ServiceError(
            f"{persona} is priced in {rate_card.currency} but the campaign is in {campaign.currency}.",
            code="currency_mismatch",
            field="persona",
        )
    if not rate_card.prices.filter(deliverable_type=deliverable_type).exists():
        label = (
            DeliverableType(deliverable_type).label
            if deliverable_type in DeliverableType.values
            else deliverable_type
        )
        raise ServiceError(
            f"{persona}'s rate card has no price for {label}; "
            "add one to the rate card or choose another type.",
            code="no_price",
            field="deliverable_type",
        )


def _require_agency(user) -> None:
    if not user.is_agency:
        raise ForbiddenAction("Only the agency creates and edits deliverables.")


def _check_edge(from_status: str, to_status: str) -> None:
    allowed = DELIVERABLE_TRANSITIONS.get(from_status, frozenset())
    if to_status not in allowed:
        raise illegal_transition(
            noun="deliverable", from_status=from_status, to_status=to_status, allowed=allowed
        )


def _check_disclosures(deliverable: Deliverable, to_status: str) -> None:
    """AI and ad labels must be in the caption, hashtags or disclosure text before scheduling/publishing."""
    from trust.selectors import disclosure_requirements_unmet

    unmet = disclosure_requirements_unmet(deliverable=deliverable)
    if unmet:
        raise ServiceError(
            f"This deliverable cannot be {to_status} until its disclosures are complete: " + " ".join(unmet),
            code="disclosure_missing",
        )


MAX_OVERRIDE_REASON = 500


def _check_identity(deliverable: Deliverable, *, note: str, override_reason: str) -> str:
    """A version whose face drifted from the persona reaches the client only with a stated reason,
    which joins the status history; returns the note to record."""
    from trust.selectors import deliverable_identity_flag

    flagged = deliverable_identity_flag(deliverable=deliverable)
    if flagged is None:
        return note
    reason = bounded_text(
        override_reason,
        limit=MAX_OVERRIDE_REASON,
        what="The override reason",
        field="identity_override_reason",
    )
    if not reason:
        raise ServiceError(
            f"Version {flagged.job.version_number} is below the persona's identity threshold "
            f"({flagged.reason}) Give a reason to send it to the client anyway.",
            code="identity_below_threshold",
            field="identity_override_reason",
        )
    mean = f"{flagged.mean_score:.2f}" if flagged.mean_score is not None else "n/a"
    override = (
        f"Identity override for version {flagged.job.version_number} (score {mean}, threshold "
        f"{flagged.threshold}): {reason}"
    )
    return f"{note}\n{override}" if note else override


def _start_usage_rights(deliverable: Deliverable, to_status: str) -> None:
    """The usage term sold on the quote becomes dated rights at approval or first publication."""
    from trust.services.usage_rights import usage_rights_start

    usage_rights_start(deliverable=deliverable, to_status=to_status, at=timezone.now())


def _apply_transition(
    *,
    deliverable,
    to_status,
    user,
    note="",
    published_url=None,
    scheduled_for=None,
    before_save=None,
    identity_override_reason="",
    client_note="",
    resend_reason="",
    version=None,
) -> Deliverable:
    with transaction.atomic():
        locked = Deliverable.objects.select_for_update().select_related("campaign").get(pk=deliverable.pk)
        if user.is_brand_client and locked.campaign.brand_id != user.brand_id:
            raise ForbiddenAction("This deliverable belongs to another brand.")
        _check_edge(locked.status, to_status)
        if to_status in (S.SCHEDULED, S.PUBLISHED):
            _check_disclosures(locked, to_status)
        # Here, not at the top: generation.selectors imports campaigns.selectors, which imports this module.
        from generation.services.versions import version_approve, version_share_for_review

        if to_status == S.CLIENT_REVIEW:
            note = _check_identity(locked, note=note, override_reason=identity_override_reason)
            shared = version_share_for_review(
                deliverable=locked, user=user, client_note=client_note, resend_reason=resend_reason
            )
            note = f"{note}\n{shared}" if note and shared else (note or shared)
        if to_status == S.APPROVED:
            approved = version_approve(deliverable=locked, user=user, version=version)
            note = f"{note}\n{approved}" if note and approved else (note or approved)
        if to_status == S.SCHEDULED:
            if scheduled_for is None:
                raise ServiceError(
                    "Scheduling needs scheduled_for.", code="scheduled_for_required", field="scheduled_for"
                )
            if scheduled_for < timezone.now() - SCHEDULE_CLOCK_SKEW:
                raise ServiceError(
                    f"scheduled_for ({scheduled_for:%Y-%m-%d %H:%M} UTC) is in the past.",
                    code="scheduled_for_in_past",
                    field="scheduled_for",
                )
            locked.scheduled_for = scheduled_for
        if to_status == S.PUBLISHED:
            if not published_url:
                raise ServiceError(
                    "Publishing needs published_url.", code="published_url_required", field="published_url"
                )
            locked.published_url = published_url
            locked.published_at = timezone.now()
        if before_save is not None:
            before_save(locked)
        from_status = locked.status
        locked.status = to_status
        locked.save()
        DeliverableStatusChange.objects.create(
            deliverable=locked, from_status=from_status, to_status=to_status, changed_by=user, note=note
        )
        _start_usage_rights(locked, to_status)
        if to_status == S.APPROVED:
            deliverable_approved_event_record(deliverable=locked)
        deliverable_status_notify(deliverable=locked, to_status=to_status, actor=user, note=note)
    deliverable.refresh_from_db()
    return deliverable
