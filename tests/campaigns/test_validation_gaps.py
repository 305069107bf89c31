"""Inputs that used to pass: a schedule in the past, a price in another currency than its campaign,
an invoice for work the brand has not approved, and money written as "1e3"."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns.models import Deliverable, DeliverableStatus, Invoice, Payment
from campaigns.services.invoices import invoice_create
from tests.campaigns.conftest import issued_invoice, locked_deliverable
from tests.factories import CampaignFactory, RateCardFactory

pytestmark = pytest.mark.django_db
S = DeliverableStatus


def test_scheduling_in_the_past_is_refused(staff_api, campaign_a):
    approved = locked_deliverable(campaign=campaign_a, status=S.APPROVED)
    url = f"/api/deliverables/{approved.uuid}/transition/"
    past = (timezone.now() - timedelta(hours=2)).isoformat()
    response = staff_api.post(url, {"to_status": "scheduled", "scheduled_for": past}, format="json")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("scheduled_for_in_past", "scheduled_for")
    approved.refresh_from_db()
    assert (approved.status, approved.scheduled_for) == (S.APPROVED, None)
    future = (timezone.now() + timedelta(days=2)).isoformat()
    assert (
        staff_api.post(url, {"to_status": "scheduled", "scheduled_for": future}, format="json").status_code
        == 200
    )


def test_a_persona_priced_in_usd_cannot_join_an_eur_campaign(staff_api):
    campaign = CampaignFactory(currency="EUR")
    persona = RateCardFactory(currency="USD").persona
    deliverable_type = persona.rate_card.prices.first().deliverable_type
    response = staff_api.post(
        "/api/deliverables/",
        {"campaign": str(campaign.uuid), "persona": str(persona.uuid), "deliverable_type": deliverable_type},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "currency_mismatch"
    assert "priced in USD but the campaign is in EUR" in response.json()["detail"]
    assert not Deliverable.objects.exists()


@pytest.mark.parametrize("status", [S.IN_PRODUCTION, S.INTERNAL_REVIEW, S.CLIENT_REVIEW, S.CHANGES_REQUESTED])
def test_work_not_yet_approved_is_not_invoiced(agency_staff, campaign_a, status):
    in_review = locked_deliverable(campaign=campaign_a, status=status)
    from influencer_platform.common.errors import ServiceError

    with pytest.raises(ServiceError) as error:
        invoice_create(campaign=campaign_a, deliverables=[in_review], user=agency_staff)
    assert error.value.code == "deliverable_not_approved"
    assert not Invoice.objects.exists()


@pytest.mark.parametrize("amount", ["1e3", "1E3", "NaN", "Infinity", " 12,00", "0x10", 1000.5, True])
def test_payment_amounts_are_plain_decimal_strings(staff_api, agency_staff, campaign_a, amount):
    deliverable = locked_deliverable(campaign=campaign_a, status=S.APPROVED)
    invoice = issued_invoice(campaign=campaign_a, deliverables=[deliverable], user=agency_staff)
    response = staff_api.post(
        f"/api/invoices/{invoice.uuid}/payments/",
        {"amount": amount, "currency": invoice.currency},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert "amount" in response.json()["errors"]
    assert not Payment.objects.exists()


def test_a_plain_payment_amount_is_recorded_exactly(staff_api, agency_staff, campaign_a):
    deliverable = locked_deliverable(campaign=campaign_a, status=S.APPROVED)
    invoice = issued_invoice(campaign=campaign_a, deliverables=[deliverable], user=agency_staff)
    response = staff_api.post(
        f"/api/invoices/{invoice.uuid}/payments/", {"amount": "250.10", "currency": "EUR"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Payment.objects.get().amount == Decimal("250.10")
