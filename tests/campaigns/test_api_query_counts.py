"""Every list endpoint runs the same number of queries for 2 rows as for 12."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import DeliverableComment, ExclusivityFee, Payment
from tests.campaigns.conftest import deliverable_in, issued_invoice, locked_deliverable
from tests.factories import (
    BrandContactFactory,
    BrandFactory,
    CampaignFactory,
    PersonaFactory,
    RateCardFactory,
)

pytestmark = pytest.mark.django_db
MAX_QUERIES = 6


def seed_brands(n, brand_a, **_):
    for _ in range(n):
        BrandContactFactory.create_batch(2, brand=BrandFactory())
    BrandContactFactory(brand=brand_a)


def seed_contacts(n, brand_a, **_):
    BrandContactFactory.create_batch(n, brand=brand_a)


def seed_campaigns(n, brand_a, **_):
    CampaignFactory.create_batch(n, brand=brand_a)


def seed_deliverables(n, brand_a, **_):
    for _ in range(n):
        deliverable_in("client_review", campaign=CampaignFactory(brand=brand_a), persona=PersonaFactory())


def seed_invoices(n, brand_a, agency_staff, **_):
    for _ in range(n):
        campaign = CampaignFactory(brand=brand_a)
        invoice = issued_invoice(
            campaign=campaign,
            deliverables=[locked_deliverable(campaign=campaign), locked_deliverable(campaign=campaign)],
            user=agency_staff,
        )
        Payment.objects.create(
            invoice=invoice, amount=Decimal("1.00"), currency="EUR", received_on="2026-01-01"
        )


def seed_rate_cards(n, **_):
    for _ in range(n):
        ExclusivityFee.objects.create(
            rate_card=RateCardFactory(), category="tech", fee_per_month=Decimal("10")
        )


def seed_comments(n, agency_staff, target, **_):
    for i in range(n):
        DeliverableComment.objects.create(
            deliverable=target["deliverable"], author=agency_staff, body=f"c{i}", visibility="shared"
        )


def seed_payments(n, agency_staff, target, **_):
    for _ in range(n):
        Payment.objects.create(
            invoice=target["invoice"], amount=Decimal("1.00"), currency="EUR", received_on="2026-01-01"
        )


@pytest.fixture
def target(agency_staff, brand_a):
    campaign = CampaignFactory(brand=brand_a)
    deliverable = deliverable_in("client_review", campaign=campaign)
    invoice = issued_invoice(
        campaign=campaign,
        deliverables=[locked_deliverable(campaign=campaign, price="1000")],
        user=agency_staff,
    )
    return {"deliverable": deliverable, "invoice": invoice}


ENDPOINTS = [
    ("admin_api", "/api/brands/", seed_brands),
    ("client_a_api", "/api/brands/", seed_contacts),  # one brand; its nested contacts grow
    ("admin_api", "/api/brand-contacts/", seed_contacts),
    ("admin_api", "/api/campaigns/", seed_campaigns),
    ("client_a_api", "/api/campaigns/", seed_campaigns),
    ("admin_api", "/api/deliverables/", seed_deliverables),
    ("client_a_api", "/api/deliverables/", seed_deliverables),
    ("admin_api", "/api/deliverables/?status=client_review&ordering=-due_date", seed_deliverables),
    ("admin_api", "/api/invoices/", seed_invoices),
    ("client_a_api", "/api/invoices/", seed_invoices),
    ("admin_api", "/api/rate-cards/", seed_rate_cards),
    ("client_a_api", "/api/deliverables/{deliverable}/comments/", seed_comments),
    ("client_a_api", "/api/invoices/{invoice}/payments/", seed_payments),
]


@pytest.mark.parametrize(("api", "url", "seed"), ENDPOINTS)
def test_list_query_count_does_not_grow(
    request, django_assert_num_queries, api, url, seed, brand_a, agency_staff, target
):
    client = request.getfixturevalue(api)
    url = url.format(deliverable=target["deliverable"].uuid, invoice=target["invoice"].uuid)
    context = {"brand_a": brand_a, "agency_staff": agency_staff, "target": target}
    seed(2, **context)
    with CaptureQueriesContext(connection) as small:
        first = client.get(url)
    assert first.status_code == 200
    assert len(small) <= MAX_QUERIES, [q["sql"] for q in small.captured_queries]
    seed(10, **context)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    body = response.json()
    if body["count"] == 1:  # a brand client's own brand: the nested contacts grew instead
        assert len(body["results"][0]["contacts"]) == len(first.json()["results"][0]["contacts"]) + 10
    else:
        assert body["count"] >= first.json()["count"] + 10
