"""Every price, multiplier and percentage is bounded at the input, and every computed amount fits its column.

A rate card of 9,999,999,999.99 with a 999.99 % rush once priced a deliverable at 13 digits: a 500 on
POST /api/deliverables/, and on SQLite a committed row that crashed every page reading it.
"""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from campaigns.models import Deliverable, RateCard, RateCardPrice
from campaigns.services.quotes import quote_compute
from influencer_platform.api.exceptions import api_exception_handler
from influencer_platform.common.money import MAX_AMOUNT
from tests.factories import ChannelFactory, PersonaFactory

pytestmark = pytest.mark.django_db


def _rate_card(persona, **changes):
    payload = {
        "persona": str(persona.uuid),
        "currency": "EUR",
        "rush_surcharge_percent": "25.00",
        "prices": [{"deliverable_type": "tiktok_video", "base_price": "700.00"}],
        "usage_multipliers": [{"term": "perpetual", "multiplier": "2.5"}],
        "exclusivity_fees": [{"category": "fashion", "fee_per_month": "120.00"}],
    }
    payload.update(changes)
    return payload


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        (
            {"prices": [{"deliverable_type": "tiktok_video", "base_price": "9999999999.99"}]},
            "prices",
            "1000000",
        ),
        ({"rush_surcharge_percent": "999.99"}, "rush_surcharge_percent", "200"),
        ({"prices": [{"deliverable_type": "tiktok_video", "base_price": "-1.00"}]}, "prices", "0"),
        ({"usage_multipliers": [{"term": "perpetual", "multiplier": "0.5"}]}, "usage_multipliers", "1"),
        ({"usage_multipliers": [{"term": "perpetual", "multiplier": "150"}]}, "usage_multipliers", "20"),
        ({"exclusivity_fees": [{"category": "fashion", "fee_per_month": "-5"}]}, "exclusivity_fees", "0"),
        ({"extra_revision_round_price": "5000000"}, "extra_revision_round_price", "1000000"),
    ],
)
def test_out_of_bounds_rate_cards_are_refused_naming_field_and_limit(admin_api, changes, field, words):
    persona = PersonaFactory()
    response = admin_api.post("/api/rate-cards/", _rate_card(persona, **changes), format="json")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"]
    assert body["detail"].startswith(field) and words in body["detail"]
    assert not RateCard.objects.filter(persona=persona).exists()


def test_the_largest_quote_the_bounds_allow_fits_its_column(admin_api, staff_api, campaign_a):
    persona = PersonaFactory()
    payload = _rate_card(
        persona,
        rush_surcharge_percent="200.00",
        extra_revision_round_price="1000000.00",
        prices=[{"deliverable_type": "tiktok_video", "base_price": "1000000.00"}],
        usage_multipliers=[{"term": "perpetual", "multiplier": "20"}],
        exclusivity_fees=[{"category": "fashion", "fee_per_month": "1000000.00"}],
    )
    assert admin_api.post("/api/rate-cards/", payload, format="json").status_code == 201
    largest = {
        "campaign": str(campaign_a.uuid),
        "persona": str(persona.uuid),
        "deliverable_type": "tiktok_video",
        "usage_term": "perpetual",
        "exclusivity_category": "fashion",
        "exclusivity_months": 60,
        "rush": True,
        "extra_revision_rounds": 20,
    }
    response = staff_api.post("/api/deliverables/", largest, format="json")
    assert response.status_code == 201, response.json()
    quote = quote_compute(
        rate_card=RateCard.objects.get(persona=persona),
        deliverable_type="tiktok_video",
        usage_term="perpetual",
        exclusivity_category="fashion",
        exclusivity_months=60,
        rush=True,
        extra_revision_rounds=20,
    )
    # (1M base + 19M usage + 60M exclusivity) x 3 for the rush, + 20M of rounds.
    assert quote.total == Decimal("260000000.00") and quote.total < MAX_AMOUNT


def test_deliverable_inputs_beyond_their_bounds_are_refused(staff_api, campaign_a, persona):
    for field, value in (("exclusivity_months", 61), ("extra_revision_rounds", 21)):
        response = staff_api.post(
            "/api/deliverables/",
            {"campaign": str(campaign_a.uuid), "persona": str(persona.uuid),
             "deliverable_type": "instagram_reel", field: value},
            format="json",
        )  # fmt: skip
        assert response.status_code == 400 and field in response.json()["errors"]
    assert not Deliverable.objects.exists()


def test_a_rate_card_stored_before_the_bounds_prices_to_a_400_and_nothing_is_written(
    staff_api, campaign_a, persona
):
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite can write the legacy row: PostgreSQL enforces the constraint on update")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            RateCardPrice.objects.filter(rate_card__persona=persona).update(
                base_price=Decimal("9999999999.99")
            )
            RateCard.objects.filter(persona=persona).update(rush_surcharge_percent=Decimal("999.99"))
        finally:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
    deliverable_type = RateCardPrice.objects.filter(rate_card__persona=persona).first().deliverable_type
    body = {
        "campaign": str(campaign_a.uuid),
        "persona": str(persona.uuid),
        "deliverable_type": deliverable_type,
    }
    created = staff_api.post("/api/deliverables/", {**body, "rush": True}, format="json")
    assert created.status_code == 201  # nothing is priced until the campaign is contracted
    uuid = created.json()["uuid"]
    live = staff_api.get(f"/api/deliverables/{uuid}/quote/")
    assert live.status_code == 400 and live.json()["code"] == "amount_too_large"
    assert "9,999,999,999.99" in live.json()["detail"]
    for status in ("proposed", "contracted"):
        response = staff_api.post(f"/api/campaigns/{campaign_a.uuid}/transition/", {"to_status": status})
    assert response.status_code == 400 and response.json()["code"] == "amount_too_large"
    campaign_a.refresh_from_db()
    assert campaign_a.status == "proposed"
    assert Deliverable.objects.get(uuid=uuid).price is None
    # Every page that lists deliverables still reads the row.
    assert staff_api.get("/api/deliverables/").status_code == 200
    quote = staff_api.post(
        "/api/quotes/",
        {"persona": str(persona.uuid), "deliverable_type": deliverable_type, "rush": True},
        format="json",
    )
    assert quote.status_code == 400 and quote.json()["code"] == "amount_too_large"


def test_the_database_refuses_an_amount_its_column_cannot_hold(persona):
    price = RateCardPrice.objects.filter(rate_card__persona=persona).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        RateCardPrice.objects.filter(pk=price.pk).update(base_price=Decimal("5000000.00"))
    price.refresh_from_db()
    assert price.base_price <= Decimal("1000000.00")


@pytest.mark.parametrize("url_kind", ["channel", "snapshot"])
def test_follower_counts_beyond_the_column_are_a_400(staff_api, url_kind):
    channel = ChannelFactory()
    persona = channel.persona
    if url_kind == "channel":
        url = f"/api/personas/{persona.uuid}/channels/"
        body = {"platform": "tiktok", "handle": "big", "follower_count": 3_000_000_000}
    else:
        url = f"/api/personas/{persona.uuid}/channels/{channel.uuid}/snapshots/"
        body = {"follower_count": 3_000_000_000}
    response = staff_api.post(url, body, format="json")
    assert response.status_code == 400, response.content
    assert "follower_count" in response.json()["errors"]
    assert persona.channels.count() == 1 and not channel.snapshots.exists()


def test_a_constraint_the_inputs_missed_is_a_400_in_words():
    response = api_exception_handler(IntegrityError("CHECK constraint failed: base_price_bounded"), {})
    assert response.status_code == 400
    assert response.data == {
        "code": "constraint_violated",
        "detail": "A price can be at most 1,000,000.00.",
        "field": "base_price",
    }
    postgres = IntegrityError('new row for relation "x" violates check constraint "multiplier_at_least_one"')
    assert api_exception_handler(postgres, {}).data["detail"] == "A usage-rights multiplier is at least 1."
