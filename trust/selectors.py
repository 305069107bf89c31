"""Reads for disclosure: what is missing before publishing, and the flags a scheduler sets."""

import re
from datetime import timedelta

from campaigns.models import Deliverable
from trust.models import DeliverableDisclosure

# Markers a viewer reads as "this is an advert" / "this is made by AI", matched as whole words.
AD_MARKERS = ("#ad", "#advert", "#sponsored", "#paidpartnership", "paid partnership", "sponsored")
AI_MARKERS = ("#ai", "#aigenerated", "#virtualinfluencer", "ai-generated", "ai generated", "made with ai")


def _contains_marker(text: str, markers: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(re.search(rf"(?<![\w#]){re.escape(marker)}(?![\w-])", lowered) for marker in markers)


def disclosure_for_deliverable(*, deliverable: Deliverable) -> DeliverableDisclosure:
    """The stored record, or an unsaved one with the strict defaults (AI-made and paid)."""
    try:
        return deliverable.disclosure
    except DeliverableDisclosure.DoesNotExist:
        return DeliverableDisclosure(deliverable=deliverable)


def _audience_text(deliverable: Deliverable, caption: str | None, hashtags: list | None) -> str:
    caption = deliverable.caption if caption is None else caption
    hashtags = deliverable.hashtags if hashtags is None else hashtags
    tags = " ".join(f"#{tag.lstrip('#')}" for tag in hashtags or [] if isinstance(tag, str))
    return " ".join([deliverable.disclosure_text or "", caption or "", tags])


def disclosure_requirements_unmet(
    *, deliverable: Deliverable, caption: str | None = None, hashtags: list | None = None
) -> list[str]:
    """Human-readable reasons the deliverable may not be published yet; empty when it may.
    ``caption``/``hashtags`` check one post's own text (a publication) instead of the deliverable's."""
    disclosure = disclosure_for_deliverable(deliverable=deliverable)
    text = _audience_text(deliverable, caption, hashtags)
    reasons: list[str] = []
    if disclosure.is_paid_partnership and not _contains_marker(text, AD_MARKERS):
        reasons.append(
            "Paid partnership is not disclosed: add #ad, #sponsored or 'Paid partnership' "
            "to the disclosure text or caption."
        )
    if disclosure.is_ai_generated and not _contains_marker(text, AI_MARKERS):
        reasons.append(
            "AI generation is not disclosed: add #AI, 'AI-generated' or #virtualinfluencer "
            "to the disclosure text or caption."
        )
    return reasons


def disclosure_platform_flags(*, deliverable: Deliverable, platform: str) -> dict:
    """The flags a scheduler sets on the platform post: AI label and paid-partnership toggle."""
    disclosure = disclosure_for_deliverable(deliverable=deliverable)
    sponsor = disclosure.sponsor_name or deliverable.campaign.brand.name
    return {
        "platform": platform,
        "is_ai_generated": disclosure.is_ai_generated,
        "is_paid_partnership": disclosure.is_paid_partnership,
        "sponsor_name": sponsor if disclosure.is_paid_partnership else "",
    }


def job_content_credential(*, job):
    """The signing record of a job's render, or None before the render finished."""
    from trust.models import ContentCredential

    return ContentCredential.objects.filter(job=job).first()


def job_identity_check(*, job):
    """The identity check of a job's render (joined when the job was selected with it), or None before
    the render finished."""
    from trust.models import IdentityCheck

    try:
        return job.identity_check
    except IdentityCheck.DoesNotExist:
        return None


def deliverable_identity_flag(*, deliverable: Deliverable):
    """The identity check of the deliverable's newest finished version when it fell below the persona's
    threshold (sending that version to the client needs a stated override); else None."""
    from generation.selectors import finished_versions
    from trust.models import IdentityCheck, IdentityStatus

    newest = finished_versions(deliverable=deliverable).reverse().values("pk")[:1]
    return (
        IdentityCheck.objects.filter(job__in=newest, status=IdentityStatus.BELOW_THRESHOLD)
        .select_related("job")
        .first()
    )


# --- Consent and licence ledger ------------------------------------------------------------------


def consent_records_for_user(*, user):
    """The ledger is the agency's: brand clients (and schedulers) see none of it."""
    from trust.models import ConsentRecord

    if not user.is_authenticated or not user.is_agency:
        return ConsentRecord.objects.none()
    return ConsentRecord.objects.select_related(
        "motion", "reference_image", "reference_image__persona", "revoked_by", "created_by"
    ).prefetch_related("personas")


def consent_records_for_persona(*, user, persona):
    """Records about the persona's reference images, and motion or model records scoped to it."""
    from django.db.models import Q

    return (
        consent_records_for_user(user=user)
        .filter(Q(reference_image__persona=persona) | Q(personas=persona))
        .distinct()
    )


def content_uses_for_deliverable(*, deliverable) -> set[str]:
    """The uses a deliverable's sold usage-rights term needs: paid-ads terms need paid_ads, organic
    terms organic, a perpetual term both."""
    from trust.models import ContentUse

    term = deliverable.usage_term or ""
    if term.startswith("paid_ads"):
        return {ContentUse.PAID_ADS}
    if term.startswith("organic"):
        return {ContentUse.ORGANIC}
    return {ContentUse.ORGANIC, ContentUse.PAID_ADS}


def consent_record_problems(*, record, persona, uses: set[str] | None, today) -> list[str]:
    """Why this one record does not cover the render; empty when it does. ``uses`` is None for a
    render with no deliverable (studio test work): only the term, revocation and persona apply."""
    from trust.models import ContentUse

    name = f"the {record.get_kind_display().split(' (')[0].lower()} from {record.holder}"
    if record.revoked_at is not None:
        who = record.revoked_by.get_username() if record.revoked_by_id and record.revoked_by else "someone"
        why = f": {record.revocation_reason}" if record.revocation_reason else ""
        return [f"{name} was revoked on {record.revoked_at:%Y-%m-%d} by {who}{why}"]
    problems = []
    if record.ends_on is not None and record.ends_on < today:
        problems.append(f"{name} expired on {record.ends_on:%Y-%m-%d}")
    if record.starts_on is not None and record.starts_on > today:
        problems.append(f"{name} starts only on {record.starts_on:%Y-%m-%d}")
    scoped = list(record.personas.all())
    if scoped and persona.pk not in {p.pk for p in scoped}:
        problems.append(f"{name} does not cover the persona {persona.name}")
    if uses:
        if not record.commercial_use:
            problems.append(f"{name} is a non-commercial licence; brand deliverables are commercial use")
        allowed = set(record.allowed_uses or [])
        for use in sorted(uses - allowed):
            problems.append(f"{name} does not allow {ContentUse(use).label.lower()}")
    return problems


def render_consent_problems(
    *, reference_image, motion, backend: str, deliverable=None, today=None
) -> list[str]:
    """Reasons the ledger refuses a render, each one sentence; empty when it may go ahead.

    A subject with no records is not refused (older material is documented in free-text notes); one
    with records needs at least one that is in force and covers the persona and the deliverable's uses,
    and any revoked record refuses outright (a performer who withdrew consent is not overridden).
    """
    from django.utils import timezone

    from trust.models import ConsentRecord, RecordKind

    today = today or timezone.localdate()
    persona = reference_image.persona
    uses = content_uses_for_deliverable(deliverable=deliverable) if deliverable is not None else None
    records = ConsentRecord.objects.select_related("revoked_by").prefetch_related("personas")
    subjects = [
        (
            f"Motion “{motion.name}”",
            records.filter(motion=motion, kind__in=[RecordKind.PERFORMER_CONSENT, RecordKind.STOCK_LICENCE]),
        ),
        ("Reference image", records.filter(reference_image=reference_image, kind=RecordKind.IMAGE_SOURCE)),
        (f"Model backend {backend}", records.filter(model_backend=backend, kind=RecordKind.MODEL_LICENCE)),
    ]
    problems: list[str] = []
    for label, queryset in subjects:
        found = list(queryset)
        if not found:
            continue
        revoked = [r for r in found if r.revoked_at is not None]
        if revoked:
            for record in revoked:
                problems += [
                    f"{label}: {p}."
                    for p in consent_record_problems(record=record, persona=persona, uses=uses, today=today)
                ]
            continue
        per_record = [
            consent_record_problems(record=r, persona=persona, uses=uses, today=today) for r in found
        ]
        if all(per_record):
            problems += [f"{label}: {p}." for reasons in per_record for p in reasons]
    return problems


def render_consent_records_in_force(
    *, reference_image, motion, backend: str, deliverable=None, today=None
) -> dict:
    """Ids (UUIDs as strings) of the records that cover a render, per subject, for its credentials."""
    from django.utils import timezone

    from trust.models import ConsentRecord, RecordKind

    today = today or timezone.localdate()
    persona = reference_image.persona
    uses = content_uses_for_deliverable(deliverable=deliverable) if deliverable is not None else None
    records = ConsentRecord.objects.prefetch_related("personas").filter(revoked_at__isnull=True)
    chosen = {}
    for key, queryset in (
        (
            "motion",
            records.filter(motion=motion, kind__in=[RecordKind.PERFORMER_CONSENT, RecordKind.STOCK_LICENCE]),
        ),
        ("reference_image", records.filter(reference_image=reference_image, kind=RecordKind.IMAGE_SOURCE)),
        ("model", records.filter(model_backend=backend, kind=RecordKind.MODEL_LICENCE)),
    ):
        chosen[key] = [
            str(r.uuid)
            for r in queryset
            if not consent_record_problems(record=r, persona=persona, uses=uses, today=today)
        ]
    return chosen


# --- Usage rights ----------------------------------------------------------------------------------


def deliverable_usage_rights_ends_at(*, deliverable: Deliverable):
    """When the brand's usage rights of this deliverable end: None while the term has not started
    (paid-ads terms start at approval, organic ones at first publication) or when it is perpetual.

    The publishing app bounds delivery URLs (and refuses to schedule posts) by this date, so the
    rights sold on the quote are the one source for how long content may be served. Lists that
    select_related ``usage_rights`` pay no query here.
    """
    from django.core.exceptions import ObjectDoesNotExist

    try:
        rights = deliverable.usage_rights
    except ObjectDoesNotExist:
        return None
    return rights.ends_at


def deliverable_usage_rights_status(*, deliverable: Deliverable, now=None) -> dict:
    """What the deliverable page says about the rights: state (pending, active, expiring, expired,
    perpetual), the dates, and a warning sentence inside the warning window or after the end."""
    from django.conf import settings
    from django.utils import timezone

    from campaigns.models import UsageTerm
    from trust.models import DeliverableUsageRights
    from trust.services.usage_rights import usage_rights_start_on

    now = now or timezone.now()
    term_label = UsageTerm(deliverable.usage_term).label if deliverable.usage_term in UsageTerm.values else ""
    rights = DeliverableUsageRights.objects.filter(deliverable=deliverable).first()
    if rights is None:
        start_on = usage_rights_start_on(usage_term=deliverable.usage_term or "")
        when = "approval" if start_on == "approval" else "first publication"
        return {"state": "pending", "term": term_label, "starts_at": None, "ends_at": None,
                "warning": "", "note": f"Starts at {when}."}  # fmt: skip
    status = {"term": UsageTerm(rights.usage_term).label, "starts_at": rights.starts_at,
              "ends_at": rights.ends_at, "warning": "", "note": ""}  # fmt: skip
    if rights.ends_at is None:
        return {**status, "state": "perpetual"}
    if rights.ends_at <= now:
        return {**status, "state": "expired",
                "warning": f"The brand's usage rights ended on {rights.ends_at:%Y-%m-%d}; the content "
                           "must no longer be run or served."}  # fmt: skip
    left = rights.ends_at - now
    if left <= timedelta(days=settings.USAGE_RIGHTS_WARNING_DAYS):
        days = max(1, left.days + (1 if left.seconds else 0))
        plural = "s" if days != 1 else ""
        warning = (
            f"The brand's usage rights end on {rights.ends_at:%Y-%m-%d} (in {days} day{plural}); "
            "offer a renewal or take the content down."
        )
        return {**status, "state": "expiring", "warning": warning}
    return {**status, "state": "active"}


def deliverable_platform(*, deliverable: Deliverable) -> str:
    """The platform a deliverable is made for, from its type (instagram_reel -> instagram)."""
    return (deliverable.deliverable_type or "").split("_", 1)[0]


def disclosure_platform_fields(*, deliverable: Deliverable, platform: str) -> dict[str, bool]:
    """The platform's own field names from the rule table (Instagram ``is_ai_generated``, TikTok
    ``is_aigc`` and ``brand_content_toggle``, YouTube ``containsSyntheticMedia`` ...) with the value a
    scheduler sends: paid-only flags follow the paid partnership, the others the AI label."""
    from trust.disclosure_rules import PLATFORM_FLAG, disclosure_rules

    disclosure = disclosure_for_deliverable(deliverable=deliverable)
    return {
        rule.platform_field: disclosure.is_paid_partnership
        if rule.only_when_paid
        else disclosure.is_ai_generated
        for rule in disclosure_rules(platform=platform)
        if rule.requirement == PLATFORM_FLAG and rule.platform == platform
    }


def deliverable_disclosure_context(*, deliverable: Deliverable) -> dict:
    """What the disclosure panel of the deliverable and portal pages shows."""
    platform = deliverable_platform(deliverable=deliverable)
    return {
        "disclosure_flags": disclosure_platform_flags(deliverable=deliverable, platform=platform),
        "disclosure_fields": disclosure_platform_fields(deliverable=deliverable, platform=platform),
        "disclosure_unmet": disclosure_requirements_unmet(deliverable=deliverable),
    }
