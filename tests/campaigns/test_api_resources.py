"""Create and edit through the API: each write goes through its service."""

from decimal import Decimal

import pytest

from campaigns.models import Brand, Deliverable, RateCard
from tests.factories import CampaignFactory, PersonaFactory

pytestmark = pytest.mark.django_db


def test_brand_and_contact_crud(staff_api):
    response = staff_api.post("/api/brands/", {"name": "Fizz", "slug": "fizz", "notes": "VIP"})
    assert response.status_code == 201, response.json()
    brand_url = f"/api/brands/{response.json()['uuid']}/"
    assert (
        staff_api.patch(brand_url, {"website": "https://fizz.example"}).json()["website"]
        == "https://fizz.example"
    )
    duplicate = staff_api.post("/api/brands/", {"name": "Fizz", "slug": "fizz-2"})
    assert duplicate.status_code == 400 and duplicate.json()["code"] == "invalid"
    contact = staff_api.post(
        "/api/brand-contacts/", {"brand": response.json()["uuid"], "name": "Kim", "email": "kim@fizz.example"}
    )
    assert contact.status_code == 201, contact.json()
    assert len(staff_api.get(brand_url).json()["contacts"]) == 1
    assert staff_api.delete(f"/api/brand-contacts/{contact.json()['uuid']}/").status_code == 204
    assert staff_api.delete(brand_url).status_code == 204
    assert not Brand.objects.filter(slug="fizz").exists()


def test_brand_in_use_cannot_be_deleted(staff_api, campaign_a, brand_a):
    response = staff_api.delete(f"/api/brands/{brand_a.uuid}/")
    assert (response.status_code, response.json()["code"]) == (400, "brand_in_use")


def test_campaign_and_deliverable_create_and_edit(staff_api, brand_a, persona):
    response = staff_api.post(
        "/api/campaigns/",
        {
            "brand": str(brand_a.uuid),
            "name": "Launch",
            "budget": "5000.00",
            "currency": "EUR",
            "start_date": "2026-03-01",
            "end_date": "2026-04-01",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["budget"] == "5000.00" and response.json()["status"] == "draft"
    campaign_uuid = response.json()["uuid"]
    bad_dates = staff_api.patch(f"/api/campaigns/{campaign_uuid}/", {"end_date": "2026-01-01"})
    assert bad_dates.status_code == 400
    response = staff_api.post(
        "/api/deliverables/",
        {
            "campaign": campaign_uuid,
            "persona": str(persona.uuid),
            "deliverable_type": "instagram_reel",
            "hashtags": ["launch"],
            "extra_revision_rounds": 1,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["price"], body["revision_rounds_allowed"]) == ("planned", None, 3)
    url = f"/api/deliverables/{body['uuid']}/"
    assert staff_api.patch(url, {"caption": "New", "rush": True}).json()["rush"] is True
    quote = staff_api.get(f"{url}quote/").json()
    assert (quote["locked"], quote["total"]) == (False, "1400.00")  # 1000 × 1.25 + 150 extra round
    for status in ("proposed", "contracted"):
        staff_api.post(f"/api/campaigns/{campaign_uuid}/transition/", {"to_status": status})
    locked = staff_api.get(f"{url}quote/").json()
    assert (locked["locked"], locked["total"]) == (True, "1400.00")
    refused = staff_api.patch(url, {"rush": False})
    assert (refused.status_code, refused.json()["code"]) == (400, "price_locked")
    assert staff_api.get(url).json()["price"] == "1400.00"


def test_deliverable_not_added_to_closed_campaign(staff_api, persona):
    campaign = CampaignFactory(status="closed")
    response = staff_api.post(
        "/api/deliverables/",
        {"campaign": str(campaign.uuid), "persona": str(persona.uuid), "deliverable_type": "instagram_reel"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "campaign_closed")


def test_deliverable_of_an_unpriced_type_is_refused_with_a_code(staff_api, persona, campaign_a):
    before = Deliverable.objects.count()
    response = staff_api.post(
        "/api/deliverables/",
        {"campaign": str(campaign_a.uuid), "persona": str(persona.uuid), "deliverable_type": "youtube_short"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "no_price")
    assert "has no price for YouTube short" in response.json()["detail"]
    assert Deliverable.objects.count() == before


def test_rate_card_create_and_update(admin_api):
    persona = PersonaFactory()
    payload = {
        "persona": str(persona.uuid),
        "currency": "USD",
        "rush_surcharge_percent": "30.00",
        "included_revision_rounds": 1,
        "extra_revision_round_price": "99.00",
        "prices": [{"deliverable_type": "tiktok_video", "base_price": "700.00"}],
        "usage_multipliers": [{"term": "perpetual", "multiplier": "2.5"}],
        "exclusivity_fees": [{"category": "fashion", "fee_per_month": "120.00"}],
    }
    response = admin_api.post("/api/rate-cards/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["prices"] == [{"deliverable_type": "tiktok_video", "base_price": "700.00"}]
    assert body["usage_multipliers"] == [{"term": "perpetual", "multiplier": "2.500"}]
    again = admin_api.post("/api/rate-cards/", payload, format="json")
    assert again.json()["code"] == "rate_card_exists"
    url = f"/api/rate-cards/{body['uuid']}/"
    updated = admin_api.patch(
        url, {"prices": [{"deliverable_type": "instagram_reel", "base_price": "900"}]}, format="json"
    ).json()
    assert [p["deliverable_type"] for p in updated["prices"]] == ["instagram_reel"]
    assert updated["exclusivity_fees"] == [{"category": "fashion", "fee_per_month": "120.00"}]
    bad = admin_api.patch(
        url, {"usage_multipliers": [{"term": "organic_30d", "multiplier": "2"}]}, format="json"
    )
    assert bad.json()["code"] == "included_term_multiplier"
    assert RateCard.objects.get().usage_multipliers.get().multiplier == Decimal("2.5")
    assert admin_api.get(f"/api/rate-cards/?persona={persona.uuid}").json()["count"] == 1
