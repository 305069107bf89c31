from decimal import Decimal

import pytest

from campaigns.services.quotes import quote_compute
from influencer_platform.common.errors import ServiceError
from tests.factories import RateCardFactory

pytestmark = pytest.mark.django_db


def amounts(quote):
    return [(line.kind, line.amount) for line in quote.lines]


def test_base_only_with_included_usage_term(rate_card):
    quote = quote_compute(rate_card=rate_card, deliverable_type="instagram_reel")
    assert amounts(quote) == [("base", Decimal("1000.00"))]
    assert quote.total == Decimal("1000.00")
    assert quote.currency == "EUR"
    assert quote.revision_rounds_allowed == 2


def test_every_modifier_in_documented_order(rate_card):
    quote = quote_compute(
        rate_card=rate_card,
        deliverable_type="instagram_reel",
        usage_term="paid_ads_30d",
        exclusivity_category="Beverages",
        exclusivity_months=3,
        rush=True,
        extra_revision_rounds=2,
    )
    assert amounts(quote) == [
        ("base", Decimal("1000.00")),
        ("usage_rights", Decimal("500.00")),  # 1000 × (1.5 − 1)
        ("exclusivity", Decimal("600.00")),  # 200 × 3 months
        ("rush", Decimal("525.00")),  # 25 % of 2100
        ("extra_revisions", Decimal("300.00")),  # 150 × 2, never rushed
    ]
    assert quote.total == Decimal("2925.00")
    assert quote.revision_rounds_allowed == 4
    assert [line.label for line in quote.lines][1] == "Usage rights: Paid ads, 30 days (×1.5)"
    assert all(isinstance(line.amount, Decimal) for line in quote.lines)


def test_perpetual_multiplier(rate_card):
    quote = quote_compute(rate_card=rate_card, deliverable_type="tiktok_video", usage_term="perpetual")
    assert amounts(quote) == [("base", Decimal("800.00")), ("usage_rights", Decimal("1600.00"))]
    assert quote.total == Decimal("2400.00")


def test_rounding_is_half_up_to_cents():
    card = RateCardFactory(with_prices=False, rush_surcharge_percent=Decimal("12.5"))
    card.prices.create(deliverable_type="instagram_post", base_price=Decimal("1.00"))
    card.usage_multipliers.create(term="organic_90d", multiplier=Decimal("1.125"))
    quote = quote_compute(
        rate_card=card, deliverable_type="instagram_post", usage_term="organic_90d", rush=True
    )
    # 1.00 × 1.125 = 1.125 → 1.13 (half-even would give 1.12); rush 12.5 % of 1.13 = 0.14125 → 0.14
    assert amounts(quote) == [
        ("base", Decimal("1.00")),
        ("usage_rights", Decimal("0.13")),
        ("rush", Decimal("0.14")),
    ]
    assert quote.total == Decimal("1.27")


def test_rush_alone_half_up():
    card = RateCardFactory(with_prices=False, rush_surcharge_percent=Decimal("12.5"))
    card.prices.create(deliverable_type="instagram_post", base_price=Decimal("1.00"))
    quote = quote_compute(rate_card=card, deliverable_type="instagram_post", rush=True)
    assert amounts(quote)[-1] == ("rush", Decimal("0.13"))  # 0.125 → 0.13


@pytest.mark.parametrize(
    ("inputs", "code", "field"),
    [
        ({"deliverable_type": "youtube_short"}, "no_price_for_type", "deliverable_type"),
        (
            {"deliverable_type": "instagram_reel", "usage_term": "organic_1y"},
            "no_usage_multiplier",
            "usage_term",
        ),
        (
            {"deliverable_type": "instagram_reel", "exclusivity_category": "cars", "exclusivity_months": 1},
            "no_exclusivity_fee",
            "exclusivity_category",
        ),
        (
            {"deliverable_type": "instagram_reel", "exclusivity_months": 2},
            "exclusivity_category_required",
            "exclusivity_category",
        ),
    ],
)
def test_missing_rate_card_entries_are_clear_errors(rate_card, inputs, code, field):
    with pytest.raises(ServiceError) as error:
        quote_compute(rate_card=rate_card, **inputs)
    assert error.value.code == code
    assert error.value.field == field


def test_quote_endpoint_itemises(admin_api, rate_card):
    response = admin_api.post(
        "/api/quotes/",
        {
            "persona": str(rate_card.persona.uuid),
            "deliverable_type": "instagram_reel",
            "usage_term": "paid_ads_30d",
            "rush": True,
        },
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["total"] == "1875.00"  # (1000 + 500) × 1.25
    assert body["currency"] == "EUR"
    assert [(line["kind"], line["amount"]) for line in body["lines"]] == [
        ("base", "1000.00"),
        ("usage_rights", "500.00"),
        ("rush", "375.00"),
    ]
    assert body["locked"] is False


def test_quote_endpoint_reports_missing_price(staff_api, rate_card):
    response = staff_api.post(
        "/api/quotes/", {"persona": str(rate_card.persona.uuid), "deliverable_type": "youtube_short"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "no_price_for_type"


def test_quote_endpoint_is_not_found_for_brand_clients(client_a_api, rate_card):
    response = client_a_api.post(
        "/api/quotes/", {"persona": str(rate_card.persona.uuid), "deliverable_type": "instagram_reel"}
    )
    assert response.status_code == 404
