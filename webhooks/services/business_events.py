"""The events other apps' services record, each built from the row that changed. Callers invoke these
inside the transaction of the change (no signals: the call is visible where the change is made)."""

from webhooks.models import EventType, WebhookEvent
from webhooks.services.events import webhook_event_record


def deliverable_approved_event_record(*, deliverable) -> WebhookEvent:
    return webhook_event_record(
        event_type=EventType.DELIVERABLE_APPROVED,
        persona=deliverable.persona,
        data={
            "deliverable": deliverable.uuid,
            "campaign": deliverable.campaign.uuid,
            "persona": deliverable.persona.uuid,
            "title": deliverable.title,
            "deliverable_type": deliverable.deliverable_type,
        },
    )


def usage_rights_event_record(*, rights, expired: bool) -> WebhookEvent:
    """``usage_rights.expiring`` (inside the warning window) or ``usage_rights.expired``: for agency
    systems and the persona's schedulers, which should stop running or take down the post."""
    deliverable = rights.deliverable
    return webhook_event_record(
        event_type=EventType.USAGE_RIGHTS_EXPIRED if expired else EventType.USAGE_RIGHTS_EXPIRING,
        persona=deliverable.persona,
        data={
            "deliverable": deliverable.uuid,
            "campaign": deliverable.campaign.uuid,
            "brand": deliverable.campaign.brand.uuid,
            "persona": deliverable.persona.uuid,
            "usage_term": rights.usage_term,
            "starts_at": rights.starts_at,
            "ends_at": rights.ends_at,
            "published_url": deliverable.published_url,
        },
    )


def invoice_event_record(*, invoice, event_type: str) -> WebhookEvent:
    """``invoice.issued`` or ``invoice.paid``: agency systems only (schedulers never see money)."""
    assert event_type in (EventType.INVOICE_ISSUED, EventType.INVOICE_PAID)
    return webhook_event_record(
        event_type=event_type,
        data={
            "invoice": invoice.uuid,
            "number": invoice.number,
            "campaign": invoice.campaign.uuid,
            "brand": invoice.campaign.brand.uuid,
            "total": str(invoice.total),
            "currency": invoice.currency,
            "status": invoice.status,
            "issue_date": invoice.issue_date,
            "due_date": invoice.due_date,
            "paid_at": invoice.paid_at,
        },
    )


def render_event_record(*, job_id: int, status: str) -> WebhookEvent:
    """``render.succeeded`` or ``render.failed`` for one generation job."""
    from generation.models import GenerationJob

    job = GenerationJob.objects.select_related("deliverable").get(pk=job_id)
    event_type = EventType.RENDER_SUCCEEDED if status == "succeeded" else EventType.RENDER_FAILED
    deliverable = job.deliverable
    return webhook_event_record(
        event_type=event_type,
        data={
            "job": job.uuid,
            "deliverable": deliverable.uuid if deliverable else None,
            "version_number": job.version_number,
            "status": job.status,
            "error_code": job.error_code,
            "error_message": job.error_message,
            "duration_seconds": job.duration_seconds,
        },
    )


def publication_event_record(*, publication, event_type: str, reason: str = "") -> WebhookEvent:
    """``publication.ready`` or ``publication.withdrawn``: for agency systems and the schedulers that
    serve the post's persona and channel; the payload carries what a scheduler needs to act."""
    from publishing.selectors import publication_delivery_url

    assert event_type in (EventType.PUBLICATION_READY, EventType.PUBLICATION_WITHDRAWN)
    data = {
        "publication": publication.uuid,
        "deliverable": publication.deliverable.uuid,
        "persona": publication.deliverable.persona.uuid,
        "channel": publication.channel.uuid,
        "platform": publication.platform,
        "state": publication.state,
        "scheduled_for": publication.scheduled_for,
    }
    if event_type == EventType.PUBLICATION_READY:
        data["media_url"] = publication_delivery_url(publication=publication)
    else:
        data["reason"] = reason
    return webhook_event_record(
        event_type=event_type, data=data, persona=publication.deliverable.persona, channel=publication.channel
    )
