"""Disclosure checks read the deliverable's real text and the stored record."""

from tests.factories import DeliverableFactory
from trust.models import DeliverableDisclosure
from trust.selectors import disclosure_platform_flags, disclosure_requirements_unmet
from trust.services.disclosures import disclosure_set

PAID = (
    "Paid partnership is not disclosed: add #ad, #sponsored or 'Paid partnership' "
    "to the disclosure text or caption."
)
AI = (
    "AI generation is not disclosed: add #AI, 'AI-generated' or #virtualinfluencer "
    "to the disclosure text or caption."
)


def test_defaults_require_both_ad_and_ai_labels(db):
    deliverable = DeliverableFactory(disclosure_text="", caption="Summer vibes", hashtags=["beach"])
    assert disclosure_requirements_unmet(deliverable=deliverable) == [PAID, AI]
    assert DeliverableDisclosure.objects.count() == 0


def test_markers_in_disclosure_caption_or_hashtags_satisfy(db):
    deliverable = DeliverableFactory(disclosure_text="#ad", caption="Summer vibes", hashtags=["AI"])
    assert disclosure_requirements_unmet(deliverable=deliverable) == []
    deliverable = DeliverableFactory(disclosure_text="", caption="Paid partnership. AI-generated persona.")
    assert disclosure_requirements_unmet(deliverable=deliverable) == []


def test_marker_must_be_a_whole_word(db):
    deliverable = DeliverableFactory(disclosure_text="#adventure #aigle", caption="", hashtags=[])
    assert disclosure_requirements_unmet(deliverable=deliverable) == [PAID, AI]


def test_unpaid_deliverable_needs_only_ai_label(db):
    deliverable = DeliverableFactory(disclosure_text="", caption="", hashtags=["virtualinfluencer"])
    disclosure_set(deliverable=deliverable, is_paid_partnership=False)
    deliverable.refresh_from_db()
    assert disclosure_requirements_unmet(deliverable=deliverable) == []


def test_platform_flags(db):
    deliverable = DeliverableFactory()
    brand_name = deliverable.campaign.brand.name
    assert disclosure_platform_flags(deliverable=deliverable, platform="instagram") == {
        "platform": "instagram",
        "is_ai_generated": True,
        "is_paid_partnership": True,
        "sponsor_name": brand_name,
    }
    disclosure_set(deliverable=deliverable, is_paid_partnership=False, sponsor_name="Ignored")
    deliverable.refresh_from_db()
    assert disclosure_platform_flags(deliverable=deliverable, platform="tiktok") == {
        "platform": "tiktok",
        "is_ai_generated": True,
        "is_paid_partnership": False,
        "sponsor_name": "",
    }
