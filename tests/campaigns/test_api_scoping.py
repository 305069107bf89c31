"""Brand clients see and touch only their own brand; another brand's object is a 404 like a missing one."""

import re
import uuid

import pytest

from campaigns.models import Brand, Campaign, Deliverable, DeliverableComment, Invoice
from tests.campaigns.conftest import deliverable_in, issued_invoice, locked_deliverable
from tests.factories import BrandContactFactory

pytestmark = pytest.mark.django_db
MISSING = uuid.uuid4()
NOT_FOUND = {"code": "not_found", "detail": "Not found."}


@pytest.fixture
def world(agency_staff, campaign_a, campaign_b, persona):
    visible_a = deliverable_in("client_review", campaign=campaign_a, persona=persona)
    hidden_a = deliverable_in("in_production", campaign=campaign_a, persona=persona)
    review_b = deliverable_in("client_review", campaign=campaign_b, persona=persona)
    invoice_a = issued_invoice(
        campaign=campaign_a, deliverables=[locked_deliverable(campaign=campaign_a)], user=agency_staff
    )
    invoice_b = issued_invoice(
        campaign=campaign_b, deliverables=[locked_deliverable(campaign=campaign_b)], user=agency_staff
    )
    return {
        "visible_a": visible_a,
        "hidden_a": hidden_a,
        "review_b": review_b,
        "invoice_a": invoice_a,
        "invoice_b": invoice_b,
    }


def uuids(response):
    assert response.status_code == 200, response.json()
    return {row["uuid"] for row in response.json()["results"]}


def test_lists_are_scoped(client_a_api, staff_api, brand_a, campaign_a, world):
    assert uuids(client_a_api.get("/api/brands/")) == {str(brand_a.uuid)}
    assert uuids(client_a_api.get("/api/campaigns/")) == {str(campaign_a.uuid)}
    # client_review and later only; the published locked ones of brand A are visible too
    client_deliverables = uuids(client_a_api.get("/api/deliverables/"))
    assert str(world["visible_a"].uuid) in client_deliverables
    assert str(world["hidden_a"].uuid) not in client_deliverables
    assert str(world["review_b"].uuid) not in client_deliverables
    assert set(
        Deliverable.objects.filter(uuid__in=client_deliverables).values_list("campaign", flat=True)
    ) == {campaign_a.pk}
    assert uuids(client_a_api.get("/api/invoices/")) == {str(world["invoice_a"].uuid)}
    assert len(uuids(staff_api.get("/api/campaigns/"))) == 2
    assert len(uuids(staff_api.get("/api/invoices/"))) == 2


@pytest.mark.parametrize(
    "url",
    [
        "/api/brands/{brand_b.uuid}/",
        "/api/campaigns/{campaign_b.uuid}/",
        "/api/deliverables/{review_b.uuid}/",
        "/api/deliverables/{hidden_a.uuid}/",
        "/api/deliverables/{review_b.uuid}/comments/",
        "/api/invoices/{invoice_b.uuid}/",
        "/api/invoices/{invoice_b.uuid}/payments/",
    ],
)
def test_reading_another_brands_object_is_not_found(client_a_api, brand_b, campaign_b, world, url):
    target = url.format(brand_b=brand_b, campaign_b=campaign_b, **world)
    response = client_a_api.get(target)
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    missing = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", str(MISSING), target)
    assert missing != target
    assert (client_a_api.get(missing).status_code, client_a_api.get(missing).json()) == (404, NOT_FOUND)


def test_filtering_by_another_brands_object_matches_nothing(client_a_api, campaign_b, brand_b):
    for url in (
        f"/api/deliverables/?campaign={campaign_b.uuid}",
        f"/api/deliverables/?brand={brand_b.uuid}",
        f"/api/invoices/?campaign={campaign_b.uuid}",
        f"/api/campaigns/?brand={brand_b.uuid}",
        f"/api/brand-contacts/?brand={brand_b.uuid}",
    ):
        assert uuids(client_a_api.get(url)) == set()
        assert client_a_api.get(url).json() == client_a_api.get(url.split("=")[0] + f"={MISSING}").json()


def test_filters_work_for_the_agency(staff_api, campaign_a, world):
    assert uuids(staff_api.get(f"/api/deliverables/?campaign={campaign_a.uuid}&status=client_review")) == {
        str(world["visible_a"].uuid)
    }
    assert uuids(staff_api.get("/api/deliverables/?status=in_production&status=client_review")) == {
        str(world["visible_a"].uuid),
        str(world["hidden_a"].uuid),
        str(world["review_b"].uuid),
    }
    assert staff_api.get("/api/invoices/?ordering=-total").status_code == 200


def test_writes_to_another_brand_are_not_found_and_change_nothing(client_a_api, campaign_b, brand_b, world):
    review_b, invoice_b = world["review_b"], world["invoice_b"]
    snapshot = (
        list(Campaign.objects.values().order_by("pk")),
        list(Deliverable.objects.values().order_by("pk")),
        list(Invoice.objects.values().order_by("pk")),
        list(Brand.objects.values().order_by("pk")),
        DeliverableComment.objects.count(),
    )
    attempts = [
        ("patch", f"/api/campaigns/{campaign_b.uuid}/", {"name": "hacked"}),
        ("post", f"/api/campaigns/{campaign_b.uuid}/transition/", {"to_status": "cancelled"}),
        ("post", f"/api/deliverables/{review_b.uuid}/approve/", {}),
        ("post", f"/api/deliverables/{review_b.uuid}/request-changes/", {"comment": "no"}),
        ("post", f"/api/deliverables/{review_b.uuid}/comments/", {"body": "hi"}),
        ("post", f"/api/deliverables/{review_b.uuid}/transition/", {"to_status": "approved"}),
        ("patch", f"/api/deliverables/{review_b.uuid}/", {"caption": "hacked"}),
        ("post", f"/api/invoices/{invoice_b.uuid}/void/", {}),
        ("post", f"/api/invoices/{invoice_b.uuid}/payments/", {"amount": "1.00", "currency": "EUR"}),
        ("patch", f"/api/brands/{brand_b.uuid}/", {"name": "hacked"}),
        ("delete", f"/api/brands/{brand_b.uuid}/", None),
    ]
    for method, url, data in attempts:
        response = getattr(client_a_api, method)(url, data)
        assert (response.status_code, response.json()) == (404, NOT_FOUND), url
    assert snapshot == (
        list(Campaign.objects.values().order_by("pk")),
        list(Deliverable.objects.values().order_by("pk")),
        list(Invoice.objects.values().order_by("pk")),
        list(Brand.objects.values().order_by("pk")),
        DeliverableComment.objects.count(),
    )


def test_brand_clients_cannot_write_their_own_resources(client_a_api, brand_a, campaign_a):
    assert client_a_api.patch(f"/api/campaigns/{campaign_a.uuid}/", {"name": "x"}).status_code == 403
    assert client_a_api.post("/api/campaigns/", {"brand": str(brand_a.uuid), "name": "x"}).status_code == 403
    assert client_a_api.patch(f"/api/brands/{brand_a.uuid}/", {"name": "x"}).status_code == 403
    campaign_a.refresh_from_db()
    assert campaign_a.name == "A summer"


def test_agency_only_data_never_reaches_brand_clients(client_a_api, staff_api, brand_a, persona, world):
    brand_a.notes = "Pays late"
    brand_a.save()
    BrandContactFactory(brand=brand_a)
    client_brand = client_a_api.get(f"/api/brands/{brand_a.uuid}/").json()
    assert client_brand["notes"] is None and len(client_brand["contacts"]) == 1
    assert staff_api.get(f"/api/brands/{brand_a.uuid}/").json()["notes"] == "Pays late"
    deliverable = client_a_api.get(f"/api/deliverables/{world['visible_a'].uuid}/").json()
    assert set(deliverable["persona"]) == {"uuid", "name", "handle"}
    assert "quote_lines" not in deliverable
    rate_card = persona.rate_card
    assert client_a_api.get("/api/rate-cards/").status_code == 404
    assert client_a_api.get(f"/api/rate-cards/{rate_card.uuid}/").status_code == 404
    assert client_a_api.get(f"/api/deliverables/{world['visible_a'].uuid}/quote/").status_code == 404
    assert staff_api.get(f"/api/deliverables/{world['visible_a'].uuid}/quote/").json()["total"] == "1000.00"


def test_client_sees_cancellation_only_of_reviewed_work(admin_api, client_a_api, campaign_a, persona):
    reviewed = deliverable_in("internal_review", campaign=campaign_a, persona=persona)
    never_shown = deliverable_in("internal_review", campaign=campaign_a, persona=persona)
    url = "/api/deliverables/{}/transition/"
    admin_api.post(url.format(reviewed.uuid), {"to_status": "client_review"})
    admin_api.post(url.format(reviewed.uuid), {"to_status": "cancelled"})
    admin_api.post(url.format(never_shown.uuid), {"to_status": "cancelled"})
    assert uuids(client_a_api.get("/api/deliverables/?status=cancelled")) == {str(reviewed.uuid)}
