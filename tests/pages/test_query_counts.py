"""List pages cost the same number of queries whatever the number of rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.services.invoices import invoice_create, invoice_issue
from tests.factories import (
    BrandFactory,
    CampaignFactory,
    ChannelFactory,
    DeliverableFactory,
    GenerationJobFactory,
    MotionFactory,
    PersonaFactory,
    ReferenceImageFactory,
)


def add_rows(n, *, brand, admin):
    for _ in range(n):
        persona = PersonaFactory()
        ReferenceImageFactory(persona=persona)
        ChannelFactory(persona=persona)
        ChannelFactory(persona=persona, platform="tiktok")
        campaign = CampaignFactory(brand=brand)
        BrandFactory()
        MotionFactory()
        deliverable = DeliverableFactory(
            campaign=campaign, persona=persona, price="100.00", currency="EUR", status="approved"
        )
        deliverable.price_locked_at = deliverable.created_at
        deliverable.save()
        DeliverableFactory(campaign=campaign, persona=persona, status="client_review")
        GenerationJobFactory(reference_image=persona.images.get(), deliverable=deliverable)
        invoice = invoice_create(campaign=campaign, deliverables=[deliverable], user=admin)
        invoice_issue(invoice=invoice, user=admin)


AGENCY_LISTS = [
    "home",
    "personas:list",
    "campaigns:brand-list",
    "campaigns:campaign-list",
    "campaigns:deliverable-board",
    "campaigns:invoice-list",
    "campaigns:earnings",
    "generation:motion-list",
    "generation:job-list",
    "generation:generate",
]


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", AGENCY_LISTS)
def test_agency_list_pages_have_constant_query_counts(
    name, staff, agency_admin, brand_a, django_assert_num_queries
):
    url = reverse(name)
    add_rows(2, brand=brand_a, admin=agency_admin)
    small = _count(staff, url)
    add_rows(4, brand=brand_a, admin=agency_admin)
    with django_assert_num_queries(small):
        staff.get(url)


@pytest.mark.parametrize("name", ["portal:home", "portal:invoice-list"])
def test_portal_list_pages_have_constant_query_counts(
    name, brand_a_client, agency_admin, brand_a, django_assert_num_queries
):
    url = reverse(name)
    add_rows(2, brand=brand_a, admin=agency_admin)
    small = _count(brand_a_client, url)
    add_rows(4, brand=brand_a, admin=agency_admin)
    with django_assert_num_queries(small):
        brand_a_client.get(url)
