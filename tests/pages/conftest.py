"""A small studio for page tests: two brands, a persona with an image and a rate card, campaigns,
deliverables across the workflow, an issued invoice, a motion and a finished render."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client

from campaigns.models import Campaign, Deliverable, DeliverableStatus, Invoice
from campaigns.services.campaigns import campaign_transition
from campaigns.services.deliverables import deliverable_transition
from campaigns.services.invoices import invoice_create, invoice_issue
from generation.models import GenerationJob, Motion
from personas.models import Persona, ReferenceImage
from tests.factories import (
    CampaignFactory,
    ChannelFactory,
    DeliverableFactory,
    GenerationJobFactory,
    MotionFactory,
    RateCardFactory,
    ReferenceImageFactory,
)

S = DeliverableStatus
TO_CLIENT_REVIEW = [S.IN_PRODUCTION, S.INTERNAL_REVIEW, S.CLIENT_REVIEW]


def walk(deliverable, statuses, user):
    for status in statuses:
        deliverable_transition(deliverable=deliverable, to_status=status, user=user)
    return deliverable


@dataclass
class Studio:
    persona: Persona
    image: ReferenceImage
    motion: Motion
    campaign_a: Campaign
    campaign_b: Campaign
    planned: Deliverable
    review_a: Deliverable
    review_b: Deliverable
    job: GenerationJob
    invoice: Invoice


@pytest.fixture
def studio(agency_admin, brand_a, brand_b) -> Studio:
    card = RateCardFactory(persona__name="Mila Voss", persona__private_notes="SECRET-NOTE")
    persona = card.persona
    image = ReferenceImageFactory(persona=persona)
    ChannelFactory(persona=persona, follower_count=1500)
    campaign_a = CampaignFactory(brand=brand_a, name="A summer")
    campaign_b = CampaignFactory(brand=brand_b, name="B winter")
    planned = DeliverableFactory(campaign=campaign_a, persona=persona, title="A planned reel")
    review_a = DeliverableFactory(campaign=campaign_a, persona=persona, title="A review reel")
    review_b = DeliverableFactory(campaign=campaign_b, persona=persona, title="B review reel")
    delivered = DeliverableFactory(
        campaign=campaign_a,
        persona=persona,
        title="A delivered reel",
        due_date=date.today() - timedelta(days=45),
    )
    for campaign in (campaign_a, campaign_b):
        for status in ("proposed", "contracted"):
            campaign_transition(campaign=campaign, to_status=status, user=agency_admin)
    walk(review_a, TO_CLIENT_REVIEW, agency_admin)
    walk(review_b, TO_CLIENT_REVIEW, agency_admin)
    motion = MotionFactory(name="Salsa basic")
    job = GenerationJobFactory(reference_image=image, motion=motion, deliverable=review_a, version_number=1)
    Deliverable.objects.filter(pk=delivered.pk).update(status=S.APPROVED)  # approved work is invoiced
    invoice = invoice_create(campaign=campaign_a, deliverables=[delivered], user=agency_admin)
    invoice_issue(invoice=invoice, user=agency_admin, issue_date=date.today() - timedelta(days=40))
    for obj in (planned, review_a, review_b):
        obj.refresh_from_db()
    return Studio(persona, image, motion, campaign_a, campaign_b, planned, review_a, review_b, job, invoice)


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(agency_staff) -> Client:
    return _login(agency_staff)


@pytest.fixture
def brand_a_client(client_a) -> Client:
    return _login(client_a)


@pytest.fixture
def brand_b_client(client_b) -> Client:
    return _login(client_b)
