"""Which rendered version a brand sees and approves: versions are shared on purpose, never by rendering.

Called by the deliverable transitions (inside their transaction, with the deliverable row locked)."""

from django.utils import timezone

from generation.models import GenerationJob
from generation.selectors import deliverable_sent_to_client_before, finished_versions
from influencer_platform.common.errors import ServiceError, bounded_text

MAX_CLIENT_NOTE = 1000
MAX_RESEND_REASON = 500


def version_share_for_review(*, deliverable, user, client_note: str = "", resend_reason: str = "") -> str:
    """Share the newest version with the brand; returns the line for the status history (empty when
    there is nothing to share on a first review, such as the post's copy before any render). Sent back
    with no version the brand has not yet seen, a stated reason is needed, or the brand's next change
    request would burn a revision round on work it already judged."""
    client_note = bounded_text(
        client_note, limit=MAX_CLIENT_NOTE, what="The note to the client", field="client_note"
    )
    resend_reason = bounded_text(
        resend_reason, limit=MAX_RESEND_REASON, what="The reason", field="resend_reason"
    )
    newest = finished_versions(deliverable=deliverable).last()
    if newest is not None and newest.shared_at is None:
        newest.shared_at, newest.shared_by, newest.client_note = timezone.now(), user, client_note
        newest.shared_post = {
            "caption": deliverable.caption,
            "hashtags": list(deliverable.hashtags or []),
            "disclosure_text": deliverable.disclosure_text,
        }
        newest.save(update_fields=["shared_at", "shared_by", "client_note", "shared_post", "updated_at"])
        return f"Shared version {newest.version_number} with the client."
    if not deliverable_sent_to_client_before(deliverable=deliverable):
        return ""
    if not resend_reason:
        what = (
            f"Version {newest.version_number} was already shared with the client"
            if newest is not None
            else "No version has been rendered yet"
        )
        raise ServiceError(
            f"{what}: render a new version, or give a reason to send it to client review again.",
            code="no_new_version",
            field="resend_reason",
        )
    return f"Sent to client review without a new version: {resend_reason}"


def version_under_review(deliverable) -> GenerationJob | None:
    """The newest shared version: what the brand is looking at and approves."""
    return finished_versions(deliverable=deliverable).filter(shared_at__isnull=False).last()


def version_approve(*, deliverable, user, version=None) -> str:
    """Record which version was approved; ``version`` (a uuid, from the page the brand looked at) must be
    the one under review, so an approval never lands on a version nobody saw. Returns the history line."""
    current = version_under_review(deliverable)
    if version is not None and (current is None or str(current.uuid) != str(version)):
        shown = f"version {current.version_number}" if current else "no version"
        raise ServiceError(
            f"That version is not the one under review ({shown} is): reload the page and look again.",
            code="version_not_under_review",
            field="version",
        )
    if current is None:
        return ""
    current.approved_at, current.approved_by = timezone.now(), user
    current.save(update_fields=["approved_at", "approved_by", "updated_at"])
    return f"Approved version {current.version_number}."
