"""Delivery URLs: an HMAC of (publication, version), so a URL is unguessable, never stored, and
revoked by bumping the version."""

import hmac

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from publishing.models import Publication, PublicationState
from trust.selectors import deliverable_usage_rights_ends_at


def delivery_signature(publication: Publication, version: int | None = None) -> str:
    version = publication.delivery_version if version is None else version
    return salted_hmac(
        "publishing.delivery", f"{publication.uuid}:{version}", algorithm="sha256"
    ).hexdigest()[:48]


def delivery_signature_valid(publication: Publication, version: int, signature: str) -> bool:
    return hmac.compare_digest(delivery_signature(publication, version), signature)


def publication_delivery_url(*, publication: Publication) -> str | None:
    """The stable URL a scheduler fetches the media from, hours or days later; None once revoked."""
    if publication.delivery_revoked_at is not None:
        return None
    path = reverse(
        "publication-delivery",
        kwargs={
            "uuid": publication.uuid,
            "version": publication.delivery_version,
            "signature": delivery_signature(publication),
        },
    )
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def delivery_refusal(*, publication: Publication) -> str | None:
    """Why the delivery URL must answer 410 now, or None when it may serve the media."""
    if publication.delivery_revoked_at is not None:
        return "This delivery link was revoked."
    if publication.state == PublicationState.WITHDRAWN:
        return "This publication was withdrawn."
    if publication.state == PublicationState.FAILED:
        return "This publication failed; the agency will retry or withdraw it."
    ends = deliverable_usage_rights_ends_at(deliverable=publication.deliverable)
    if ends is not None and timezone.now() >= ends:
        return f"The usage rights for this content ended on {ends:%Y-%m-%d}."
    return None
