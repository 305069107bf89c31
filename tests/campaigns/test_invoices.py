from datetime import date
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site

from campaigns.models import Invoice, InvoiceImmutable, InvoiceLine, InvoiceStatus, Payment
from campaigns.services.invoices import (
    invoice_create,
    invoice_issue,
    invoice_update,
    invoice_void,
    payment_record,
)
from influencer_platform.common.errors import ServiceError
from tests.campaigns.conftest import issued_invoice, locked_deliverable
from tests.factories import DeliverableFactory

pytestmark = pytest.mark.django_db


def test_draft_from_locked_prices(agency_staff, campaign_a):
    one = locked_deliverable(campaign=campaign_a, price="1000.00")
    two = locked_deliverable(campaign=campaign_a, price="250.50")
    invoice = invoice_create(campaign=campaign_a, deliverables=[one, two], user=agency_staff, due_in_days=14)
    assert (invoice.status, invoice.number, invoice.currency, invoice.total) == (
        "draft",
        None,
        "EUR",
        Decimal("1250.50"),
    )
    assert sorted(invoice.lines.values_list("amount", flat=True)) == [Decimal("250.50"), Decimal("1000.00")]


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda campaign: DeliverableFactory(campaign=campaign), "price_not_locked"),
        (lambda campaign: locked_deliverable(campaign=campaign, status="cancelled"), "deliverable_cancelled"),
        (lambda campaign: locked_deliverable(campaign=DeliverableFactory().campaign), "wrong_campaign"),
    ],
)
def test_unbillable_deliverables_are_refused(agency_staff, campaign_a, make, code):
    with pytest.raises(ServiceError) as error:
        invoice_create(campaign=campaign_a, deliverables=[make(campaign_a)], user=agency_staff)
    assert error.value.code == code
    assert not Invoice.objects.exists()


def test_one_currency_per_invoice(agency_staff, campaign_a):
    eur = locked_deliverable(campaign=campaign_a)
    usd = locked_deliverable(campaign=campaign_a, currency="USD")
    with pytest.raises(ServiceError) as error:
        invoice_create(campaign=campaign_a, deliverables=[eur, usd], user=agency_staff)
    assert error.value.code == "currency_mismatch"


def test_a_deliverable_sits_on_one_non_void_invoice(agency_staff, campaign_a):
    deliverable = locked_deliverable(campaign=campaign_a)
    first = invoice_create(campaign=campaign_a, deliverables=[deliverable], user=agency_staff)
    with pytest.raises(ServiceError) as error:
        invoice_create(campaign=campaign_a, deliverables=[deliverable], user=agency_staff)
    assert error.value.code == "already_invoiced"
    invoice_void(invoice=first, user=agency_staff)
    second = invoice_create(campaign=campaign_a, deliverables=[deliverable], user=agency_staff)
    assert second.status == "draft"


def test_numbers_are_sequential_per_year(agency_staff, campaign_a):
    numbers = [
        issued_invoice(
            campaign=campaign_a,
            deliverables=[locked_deliverable(campaign=campaign_a)],
            user=agency_staff,
            issue_date=day,
        ).number
        for day in (date(2026, 1, 5), date(2026, 3, 1), date(2027, 1, 2), date(2026, 12, 31))
    ]
    assert numbers == ["INV-2026-0001", "INV-2026-0002", "INV-2027-0001", "INV-2026-0003"]
    invoice = Invoice.objects.get(number="INV-2026-0001")
    assert (invoice.issue_date, invoice.due_date) == (date(2026, 1, 5), date(2026, 2, 4))


def test_issued_invoice_is_immutable_everywhere(agency_staff, agency_admin, campaign_a):
    deliverable = locked_deliverable(campaign=campaign_a)
    invoice = issued_invoice(campaign=campaign_a, deliverables=[deliverable], user=agency_staff)
    before = Invoice.objects.values().get(pk=invoice.pk)

    with pytest.raises(ServiceError) as error:
        invoice_update(invoice=invoice, user=agency_staff, notes="sneaky")
    assert error.value.code == "invoice_immutable"
    with pytest.raises(ServiceError):
        invoice_issue(invoice=invoice, user=agency_staff)

    # The model refuses too, so admin or shell edits cannot change it.
    for field, value in [("total", Decimal("1.00")), ("notes", "x"), ("due_date", date(2030, 1, 1))]:
        tampered = Invoice.objects.get(pk=invoice.pk)
        setattr(tampered, field, value)
        with pytest.raises(InvoiceImmutable):
            tampered.save()
    tampered = Invoice.objects.get(pk=invoice.pk)
    tampered.status = InvoiceStatus.DRAFT
    with pytest.raises(InvoiceImmutable):
        tampered.save()
    with pytest.raises(InvoiceImmutable):
        Invoice.objects.get(pk=invoice.pk).delete()
    line = InvoiceLine.objects.get(invoice=invoice)
    line.amount = Decimal("1.00")
    with pytest.raises(InvoiceImmutable):
        line.save()
    with pytest.raises(InvoiceImmutable):
        line.delete()
    with pytest.raises(InvoiceImmutable):
        InvoiceLine.objects.create(
            invoice=invoice, deliverable=deliverable, description="x", amount=Decimal("5")
        )
    assert Invoice.objects.values().get(pk=invoice.pk) == before
    assert InvoiceLine.objects.get(invoice=invoice).amount == Decimal("1000.00")

    admin = site._registry[Invoice]
    request = type("Request", (), {"user": agency_admin})()
    assert admin.has_change_permission(request, invoice) is False


def test_payments_settle_the_invoice(agency_staff, campaign_a):
    invoice = issued_invoice(
        campaign=campaign_a,
        deliverables=[locked_deliverable(campaign=campaign_a, price="300.00")],
        user=agency_staff,
    )
    with pytest.raises(ServiceError) as error:
        payment_record(invoice=invoice, user=agency_staff, amount=Decimal("100.00"), currency="USD")
    assert error.value.code == "currency_mismatch"
    payment_record(invoice=invoice, user=agency_staff, amount=Decimal("100.00"), currency="EUR")
    assert invoice.status == "issued"
    with pytest.raises(ServiceError) as error:
        payment_record(invoice=invoice, user=agency_staff, amount=Decimal("200.01"), currency="EUR")
    assert error.value.code == "overpayment"
    assert "exceeds the outstanding 200.00 EUR" in error.value.message
    payment_record(invoice=invoice, user=agency_staff, amount=Decimal("200.00"), currency="EUR")
    assert invoice.status == "paid" and invoice.paid_at is not None
    with pytest.raises(ServiceError) as error:
        payment_record(invoice=invoice, user=agency_staff, amount=Decimal("1.00"), currency="EUR")
    assert error.value.code == "invoice_not_issued"
    with pytest.raises(ServiceError) as error:
        invoice_void(invoice=invoice, user=agency_staff)
    assert error.value.code == "illegal_transition"
    assert Payment.objects.count() == 2


def test_no_payments_on_drafts_and_void_rules(agency_staff, campaign_a):
    draft = invoice_create(
        campaign=campaign_a, deliverables=[locked_deliverable(campaign=campaign_a)], user=agency_staff
    )
    with pytest.raises(ServiceError) as error:
        payment_record(invoice=draft, user=agency_staff, amount=Decimal("1.00"), currency="EUR")
    assert error.value.code == "invoice_not_issued"
    issued = issued_invoice(
        campaign=campaign_a, deliverables=[locked_deliverable(campaign=campaign_a)], user=agency_staff
    )
    payment_record(invoice=issued, user=agency_staff, amount=Decimal("1.00"), currency="EUR")
    with pytest.raises(ServiceError) as error:
        invoice_void(invoice=issued, user=agency_staff)
    assert error.value.code == "invoice_has_payments"
    invoice_void(invoice=draft, user=agency_staff)
    assert draft.status == "void" and draft.number is None


def test_invoice_api_flow(admin_api, client_a_api, campaign_a):
    deliverable = locked_deliverable(campaign=campaign_a, price="480.00")
    response = admin_api.post(
        "/api/invoices/", {"campaign": str(campaign_a.uuid), "deliverables": [str(deliverable.uuid)]}
    )
    assert response.status_code == 201, response.json()
    url = f"/api/invoices/{response.json()['uuid']}"
    assert client_a_api.get(f"{url}/").status_code == 404  # drafts are not shown to the brand
    issued = admin_api.post(f"{url}/issue/", {"issue_date": "2026-02-10"}).json()
    assert (issued["number"], issued["total"], issued["due_date"]) == (
        "INV-2026-0001",
        "480.00",
        "2026-03-12",
    )
    assert admin_api.patch(f"{url}/", {"notes": "x"}).json()["code"] == "invoice_immutable"
    response = admin_api.post(f"{url}/payments/", {"amount": "480.00", "currency": "EUR"})
    assert response.status_code == 201
    body = client_a_api.get(f"{url}/").json()
    assert (body["status"], body["amount_paid"]) == ("paid", "480.00")
    assert client_a_api.get(f"{url}/payments/").json()["count"] == 1
    assert client_a_api.post(f"{url}/void/", {}).status_code == 403
    assert admin_api.post(f"{url}/void/", {}).json()["code"] == "illegal_transition"
