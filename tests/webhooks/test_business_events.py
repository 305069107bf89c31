"""The services of other apps record their events in the same transaction as the change."""

from datetime import date
from decimal import Decimal

import pytest

from campaigns.services.deliverables import deliverable_approve
from campaigns.services.invoices import payment_record
from generation.models import JobStatus
from generation.services.job_states import job_transition
from tests.campaigns.conftest import campaign_a, deliverable_in, issued_invoice, locked_deliverable  # noqa: F401
from webhooks.models import WebhookEvent

pytestmark = pytest.mark.django_db


def test_approval_records_deliverable_approved(client_a, campaign_a):  # noqa: F811
    deliverable = deliverable_in("client_review", campaign=campaign_a)
    deliverable_approve(deliverable=deliverable, user=client_a)
    event = WebhookEvent.objects.get()
    assert event.event_type == "deliverable.approved"
    assert event.persona_id == deliverable.persona_id
    assert event.data == {
        "deliverable": str(deliverable.uuid),
        "campaign": str(campaign_a.uuid),
        "persona": str(deliverable.persona.uuid),
        "title": deliverable.title,
        "deliverable_type": "instagram_reel",
    }


def test_a_refused_approval_records_nothing(client_a, campaign_a):  # noqa: F811
    deliverable = deliverable_in("in_production", campaign=campaign_a)
    with pytest.raises(Exception, match="Cannot move deliverable from in_production to approved"):
        deliverable_approve(deliverable=deliverable, user=client_a)
    assert WebhookEvent.objects.count() == 0


def test_issue_and_full_payment_record_invoice_events(agency_staff, campaign_a):  # noqa: F811
    deliverable = locked_deliverable(campaign=campaign_a, price="1200.00")
    invoice = issued_invoice(
        campaign=campaign_a, deliverables=[deliverable], user=agency_staff, issue_date=date(2026, 3, 2)
    )
    payment_record(invoice=invoice, user=agency_staff, amount=Decimal("200.00"), currency="EUR")
    assert list(WebhookEvent.objects.values_list("event_type", flat=True)) == ["invoice.issued"]
    payment_record(invoice=invoice, user=agency_staff, amount=Decimal("1000.00"), currency="EUR")
    issued, paid = WebhookEvent.objects.order_by("id")
    assert (issued.event_type, paid.event_type) == ("invoice.issued", "invoice.paid")
    assert issued.data["number"] == invoice.number
    assert (issued.data["total"], issued.data["currency"], issued.data["due_date"]) == (
        "1200.00",
        "EUR",
        "2026-04-01",
    )
    assert paid.data["status"] == "paid"
    assert issued.persona_id is None  # money events never reach schedulers


def test_terminal_job_transitions_record_render_events(agency_staff):
    from generation.models import GenerationJob
    from tests.factories import ReferenceImageFactory
    from tests.generation.conftest import motion_create

    job = GenerationJob.objects.create(
        reference_image=ReferenceImageFactory(),
        motion=motion_create(),
        parameters={},
        status=JobStatus.RUNNING,
    )
    assert job_transition(
        job_id=job.id,
        from_status=JobStatus.RUNNING,
        to_status=JobStatus.FAILED,
        fields={"error_code": "oom", "error_message": "Out of memory"},
    )
    event = WebhookEvent.objects.get()
    assert event.event_type == "render.failed"
    assert (event.data["job"], event.data["error_code"], event.data["error_message"]) == (
        str(job.uuid),
        "oom",
        "Out of memory",
    )
