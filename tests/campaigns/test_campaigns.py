from decimal import Decimal

import pytest

from campaigns.models import CampaignStatus, Deliverable, DeliverableStatus
from campaigns.services.campaigns import CAMPAIGN_TRANSITIONS, campaign_transition
from campaigns.services.deliverables import deliverable_create, deliverable_update
from campaigns.services.errors import ForbiddenAction
from influencer_platform.common.errors import ServiceError
from tests.factories import CampaignFactory, DeliverableFactory, PersonaFactory

pytestmark = pytest.mark.django_db

ILLEGAL = [
    (src, dst)
    for src in CampaignStatus.values
    for dst in CampaignStatus.values
    if dst not in CAMPAIGN_TRANSITIONS[src]
]


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL)
def test_illegal_campaign_transitions_are_refused(agency_admin, from_status, to_status):
    campaign = CampaignFactory(status=from_status)
    with pytest.raises(ServiceError) as error:
        campaign_transition(campaign=campaign, to_status=to_status, user=agency_admin)
    assert error.value.code == "illegal_transition"
    assert f"Cannot move campaign from {from_status} to {to_status}" in error.value.message
    campaign.refresh_from_db()
    assert campaign.status == from_status


def test_cancel_from_every_non_closed_state_and_happy_path(agency_admin):
    for status in CampaignStatus.values:
        can_cancel = CampaignStatus.CANCELLED in CAMPAIGN_TRANSITIONS[status]
        assert can_cancel == (status not in (CampaignStatus.CLOSED, CampaignStatus.CANCELLED))
    campaign = CampaignFactory()
    for status in ("proposed", "contracted", "in_production", "delivered", "closed"):
        campaign_transition(campaign=campaign, to_status=status, user=agency_admin)
        assert campaign.status == status


def test_brand_clients_cannot_move_campaigns(client_a, campaign_a):
    with pytest.raises(ForbiddenAction):
        campaign_transition(campaign=campaign_a, to_status="proposed", user=client_a)


def test_contracting_locks_every_deliverable_price(agency_staff, campaign_a, rate_card, persona):
    rich = DeliverableFactory(
        campaign=campaign_a,
        persona=persona,
        usage_term="paid_ads_30d",
        exclusivity_category="beverages",
        exclusivity_months=1,
        rush=True,
        extra_revision_rounds=1,
    )
    plain = DeliverableFactory(campaign=campaign_a, persona=persona, deliverable_type="tiktok_video")
    cancelled = DeliverableFactory(campaign=campaign_a, persona=persona, status=DeliverableStatus.CANCELLED)
    campaign_transition(campaign=campaign_a, to_status="proposed", user=agency_staff)
    campaign_transition(campaign=campaign_a, to_status="contracted", user=agency_staff)

    assert campaign_a.contracted_at is not None
    rich.refresh_from_db()
    # (1000 + 500 + 200) × 1.25 = 2125, + 150 extra round
    assert rich.price == Decimal("2275.00")
    assert rich.currency == "EUR"
    assert rich.price_locked_at is not None
    assert rich.revision_rounds_allowed == 3
    assert [line["kind"] for line in rich.quote_lines] == [
        "base",
        "usage_rights",
        "exclusivity",
        "rush",
        "extra_revisions",
    ]
    assert rich.quote_lines[3] == {"label": "Rush surcharge: 25%", "amount": "425.00", "kind": "rush"}
    plain.refresh_from_db()
    assert plain.price == Decimal("800.00")
    cancelled.refresh_from_db()
    assert cancelled.price is None

    # Later rate-card changes never reprice locked work.
    rate_card.prices.filter(deliverable_type="tiktok_video").update(base_price=Decimal("5000"))
    plain.refresh_from_db()
    assert plain.price == Decimal("800.00")


def test_contract_refused_when_a_deliverable_cannot_be_priced(agency_staff, campaign_a, persona):
    priced = DeliverableFactory(campaign=campaign_a, persona=persona)
    DeliverableFactory(campaign=campaign_a, persona=persona, deliverable_type="youtube_short")
    campaign_transition(campaign=campaign_a, to_status="proposed", user=agency_staff)
    with pytest.raises(ServiceError) as error:
        campaign_transition(campaign=campaign_a, to_status="contracted", user=agency_staff)
    assert error.value.code == "no_price_for_type"
    campaign_a.refresh_from_db()
    priced.refresh_from_db()
    assert campaign_a.status == "proposed" and campaign_a.contracted_at is None
    assert priced.price is None and priced.price_locked_at is None


def test_contract_refused_without_rate_card(agency_staff, campaign_a):
    DeliverableFactory(campaign=campaign_a, persona=PersonaFactory())
    campaign_transition(campaign=campaign_a, to_status="proposed", user=agency_staff)
    with pytest.raises(ServiceError) as error:
        campaign_transition(campaign=campaign_a, to_status="contracted", user=agency_staff)
    assert error.value.code == "no_rate_card"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("deliverable_type", "tiktok_video"),
        ("usage_term", "perpetual"),
        ("rush", True),
        ("extra_revision_rounds", 3),
        ("exclusivity_months", 2),
    ],
)
def test_pricing_inputs_cannot_change_after_lock(agency_staff, campaign_a, persona, field, value):
    deliverable = DeliverableFactory(campaign=campaign_a, persona=persona, exclusivity_category="beverages")
    campaign_transition(campaign=campaign_a, to_status="proposed", user=agency_staff)
    campaign_transition(campaign=campaign_a, to_status="contracted", user=agency_staff)
    before = Deliverable.objects.values().get(pk=deliverable.pk)
    with pytest.raises(ServiceError) as error:
        deliverable_update(deliverable=deliverable, user=agency_staff, data={field: value, "caption": "new"})
    assert error.value.code == "price_locked"
    assert Deliverable.objects.values().get(pk=deliverable.pk) == before


def test_content_still_editable_after_lock(agency_staff, persona):
    campaign = CampaignFactory()
    deliverable = DeliverableFactory(campaign=campaign, persona=persona)
    campaign_transition(campaign=campaign, to_status="proposed", user=agency_staff)
    campaign_transition(campaign=campaign, to_status="contracted", user=agency_staff)
    deliverable_update(deliverable=deliverable, user=agency_staff, data={"caption": "Fresh", "rush": False})
    assert deliverable.caption == "Fresh"


def test_deliverable_added_after_contract_is_locked_at_once(agency_staff, persona):
    campaign = CampaignFactory()
    campaign_transition(campaign=campaign, to_status="proposed", user=agency_staff)
    campaign_transition(campaign=campaign, to_status="contracted", user=agency_staff)
    deliverable = deliverable_create(
        campaign=campaign, persona=persona, deliverable_type="instagram_reel", user=agency_staff, rush=True
    )
    assert deliverable.price == Decimal("1250.00")
    assert deliverable.price_locked_at is not None


def test_campaign_transition_api(admin_api, client_a_api, campaign_a):
    response = admin_api.post(f"/api/campaigns/{campaign_a.uuid}/transition/", {"to_status": "closed"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "illegal_transition",
        "detail": "Cannot move campaign from draft to closed; allowed: cancelled, proposed.",
        "field": "to_status",
    }
    response = client_a_api.post(f"/api/campaigns/{campaign_a.uuid}/transition/", {"to_status": "proposed"})
    assert response.status_code == 403
    response = admin_api.post(f"/api/campaigns/{campaign_a.uuid}/transition/", {"to_status": "proposed"})
    assert response.status_code == 200
    assert response.json()["status"] == "proposed"
