from datetime import date
from decimal import Decimal

import pytest

from campaigns.selectors import earnings_by_brand, earnings_by_persona_month
from campaigns.services.invoices import invoice_create, invoice_void
from tests.campaigns.conftest import issued_invoice, locked_deliverable
from tests.factories import CampaignFactory, PersonaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(agency_staff, brand_a, brand_b):
    """Ava (20 %) and Bo (12.5 %), invoiced in EUR and USD across two months; a draft and a void too."""
    ava = PersonaFactory(name="Ava", commission_percent=Decimal("20.00"))
    bo = PersonaFactory(name="Bo", commission_percent=Decimal("12.50"))
    a, b = CampaignFactory(brand=brand_a), CampaignFactory(brand=brand_b)

    def bill(campaign, persona, price, currency, day):
        deliverable = locked_deliverable(campaign=campaign, persona=persona, price=price, currency=currency)
        return issued_invoice(
            campaign=campaign, deliverables=[deliverable], user=agency_staff, issue_date=day
        )

    bill(a, ava, "1000.00", "EUR", date(2026, 1, 10))
    bill(a, ava, "500.00", "EUR", date(2026, 1, 20))
    bill(b, bo, "333.33", "EUR", date(2026, 1, 31))
    bill(b, ava, "2000.00", "USD", date(2026, 2, 1))
    bill(a, bo, "999.00", "EUR", date(2025, 12, 31))  # other year
    void = bill(a, ava, "7777.00", "EUR", date(2026, 1, 15))
    invoice_void(invoice=void, user=agency_staff)
    invoice_create(
        campaign=a,
        deliverables=[locked_deliverable(campaign=a, persona=ava, price="8888")],
        user=agency_staff,
    )
    return ava, bo


def test_persona_month_sums_exact_and_per_currency(agency_staff, ledger):
    report = earnings_by_persona_month(user=agency_staff, year=2026)
    assert sorted(report) == ["EUR", "USD"]
    eur = [(r.persona_name, r.month, r.gross, r.commission, r.net) for r in report["EUR"].rows]
    assert eur == [
        ("Ava", date(2026, 1, 1), Decimal("1500.00"), Decimal("300.00"), Decimal("1200.00")),
        ("Bo", date(2026, 1, 1), Decimal("333.33"), Decimal("41.67"), Decimal("291.66")),  # 41.66625 → 41.67
    ]
    assert (report["EUR"].gross, report["EUR"].commission, report["EUR"].net) == (
        Decimal("1833.33"),
        Decimal("341.67"),
        Decimal("1491.66"),
    )
    usd = report["USD"]
    assert [(r.persona_name, r.month, r.gross, r.net) for r in usd.rows] == [
        ("Ava", date(2026, 2, 1), Decimal("2000.00"), Decimal("1600.00"))
    ]


def test_by_brand(agency_staff, ledger, brand_a, brand_b):
    report = earnings_by_brand(user=agency_staff, year=2026)
    eur = {r.brand_name: (r.gross, r.commission, r.net) for r in report["EUR"].rows}
    assert eur == {
        "Brand A": (Decimal("1500.00"), Decimal("300.00"), Decimal("1200.00")),
        "Brand B": (Decimal("333.33"), Decimal("41.67"), Decimal("291.66")),
    }
    assert [(r.brand_uuid, r.gross) for r in report["USD"].rows] == [(brand_b.uuid, Decimal("2000.00"))]
    all_years = earnings_by_brand(user=agency_staff, currency="EUR")
    assert sorted(all_years) == ["EUR"]
    assert all_years["EUR"].gross == Decimal("2832.33")


def test_brand_clients_get_nothing(client_a, ledger):
    assert earnings_by_persona_month(user=client_a) == {}


def test_earnings_api(admin_api, client_a_api, ledger):
    body = admin_api.get("/api/earnings/", {"group": "persona_month", "year": 2026}).json()
    assert body["group"] == "persona_month" and body["year"] == 2026
    assert body["currencies"]["EUR"]["gross"] == "1833.33"
    assert body["currencies"]["USD"]["rows"][0]["month"] == "2026-02-01"
    brand = admin_api.get("/api/earnings/", {"group": "brand", "year": 2026}).json()
    assert brand["currencies"]["EUR"]["commission"] == "341.67"
    assert admin_api.get("/api/earnings/", {"group": "nope"}).status_code == 400
    assert client_a_api.get("/api/earnings/").status_code == 404
