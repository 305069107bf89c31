"""Helpers for campaign tests: a full rate card and shortcuts to put objects in a given state."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns.models import CampaignStatus, Deliverable, DeliverableStatus
from campaigns.services.invoices import invoice_create, invoice_issue
from tests.factories import CampaignFactory, DeliverableFactory, ExclusivityFeeFactory, RateCardFactory


@pytest.fixture
def rate_card(db):
    """Reel 1000, TikTok 800; paid ads 30d ×1.5, perpetual ×3; beverages 200/month; rush 25%;
    2 included rounds, extra round 150 (all EUR)."""
    card = RateCardFactory()
    ExclusivityFeeFactory(rate_card=card, category="beverages", fee_per_month=Decimal("200.00"))
    return card


@pytest.fixture
def persona(rate_card):
    return rate_card.persona


@pytest.fixture
def campaign_a(brand_a):
    return CampaignFactory(brand=brand_a, name="A summer")


@pytest.fixture
def campaign_b(brand_b):
    return CampaignFactory(brand=brand_b, name="B winter")


def deliverable_in(status: str, **kwargs) -> Deliverable:
    """A deliverable put straight into ``status`` (test set-up, not the workflow under test)."""
    return DeliverableFactory(status=status, **kwargs)


def locked_deliverable(*, campaign, persona=None, price="1000.00", currency="EUR", **kwargs) -> Deliverable:
    extra = {"persona": persona} if persona is not None else {}
    return DeliverableFactory(
        campaign=campaign,
        price=Decimal(price),
        currency=currency,
        price_locked_at=timezone.now(),
        status=kwargs.pop("status", DeliverableStatus.PUBLISHED),
        **extra,
        **kwargs,
    )


def issued_invoice(*, campaign, deliverables, user, issue_date: date | None = None):
    invoice = invoice_create(campaign=campaign, deliverables=deliverables, user=user)
    return invoice_issue(invoice=invoice, user=user, issue_date=issue_date)


def contracted_campaign(**kwargs):
    return CampaignFactory(status=CampaignStatus.CONTRACTED, contracted_at=timezone.now(), **kwargs)
