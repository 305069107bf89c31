"""Reads for disclosure: what is missing before publishing, and the flags a scheduler sets."""

import re

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


def _audience_text(deliverable: Deliverable) -> str:
    hashtags = " ".join(f"#{tag.lstrip('#')}" for tag in deliverable.hashtags or [] if isinstance(tag, str))
    return " ".join([deliverable.disclosure_text or "", deliverable.caption or "", hashtags])


def disclosure_requirements_unmet(*, deliverable: Deliverable) -> list[str]:
    """Human-readable reasons the deliverable may not be published yet; empty when it may."""
    disclosure = disclosure_for_deliverable(deliverable=deliverable)
    text = _audience_text(deliverable)
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
