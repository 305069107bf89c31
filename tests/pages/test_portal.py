"""The brand client's portal: own brand only, review with approve or request changes, the thread."""

from django.urls import reverse
from django.utils.html import escape

from campaigns.models import DeliverableComment
from tests.factories import DeliverableFactory


def test_portal_home_shows_only_own_brand_and_nothing_agency_only(studio, brand_a_client):
    DeliverableFactory(campaign=studio.campaign_a, persona=studio.persona, title="A still planned")
    response = brand_a_client.get(reverse("portal:home"))
    page = response.content.decode()
    assert [d.title for d in response.context["awaiting_review"]] == ["A review reel"]
    assert "B review reel" not in page and "B winter" not in page
    assert "A still planned" not in page and "A planned reel" not in page
    for private in ("SECRET-NOTE", "commission", "Commission", "Generate", "Motions", "Earnings"):
        assert private not in page


def test_review_page_shows_video_caption_hashtags_disclosure_and_rounds(studio, brand_a_client):
    page = brand_a_client.get(reverse("portal:deliverable", args=[studio.review_a.uuid])).content.decode()
    assert escape(studio.job.video.url) in page and escape(studio.job.poster.url) in page
    assert "Summer drop" in page and "#summer" in page and "#ad" in page
    assert "<strong>2 remaining</strong>" in page
    assert "Re-run" not in page and "commission" not in page.lower() and "seed" not in page


def test_other_brands_deliverable_answers_404_and_cannot_be_acted_on(studio, brand_a_client):
    other = studio.review_b
    assert brand_a_client.get(reverse("portal:deliverable", args=[other.uuid])).status_code == 404
    assert brand_a_client.post(reverse("portal:deliverable-approve", args=[other.uuid])).status_code == 404
    response = brand_a_client.post(reverse("portal:deliverable-changes", args=[other.uuid]), {"comment": "x"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert (other.status, other.revision_rounds_used) == ("client_review", 0)


def test_approve(studio, client_a, brand_a_client):
    response = brand_a_client.post(
        reverse("portal:deliverable-approve", args=[studio.review_a.uuid]), follow=True
    )
    studio.review_a.refresh_from_db()
    assert studio.review_a.status == "approved"
    assert studio.review_a.status_changes.last().changed_by == client_a
    assert "Approved" in response.content.decode()


def test_request_changes_needs_a_comment_and_uses_a_round(studio, client_a, brand_a_client, staff):
    url = reverse("portal:deliverable-changes", args=[studio.review_a.uuid])
    response = brand_a_client.post(url, {"comment": "   "})
    assert response.status_code == 400
    assert response.context["changes_form"].errors["comment"] == [
        "Say what should change: a comment is required."
    ]
    studio.review_a.refresh_from_db()
    assert (studio.review_a.status, studio.review_a.revision_rounds_used) == ("client_review", 0)

    brand_a_client.post(url, {"comment": "Brighter colours please"})
    studio.review_a.refresh_from_db()
    assert (studio.review_a.status, studio.review_a.revision_rounds_used) == ("changes_requested", 1)
    assert DeliverableComment.objects.get(deliverable=studio.review_a).author == client_a
    # The agency sees the client's comment in the thread.
    agency_page = staff.get(
        reverse("campaigns:deliverable-detail", args=[studio.review_a.uuid])
    ).content.decode()
    assert "Brighter colours please" in agency_page and "(client)" in agency_page


def test_client_comment_form_keeps_thread(studio, brand_a_client):
    url = reverse("portal:deliverable-comment", args=[studio.review_a.uuid])
    assert brand_a_client.post(url, {"body": ""}).status_code == 400
    brand_a_client.post(url, {"body": "Looks great so far"})
    page = brand_a_client.get(reverse("portal:deliverable", args=[studio.review_a.uuid])).content.decode()
    assert "Looks great so far" in page


def test_portal_invoices_are_own_and_issued_only(studio, brand_a_client, brand_b_client):
    response = brand_a_client.get(reverse("portal:invoice-list"))
    assert list(response.context["page"]) == [studio.invoice]
    assert brand_b_client.get(reverse("portal:invoice-list")).context["page"].paginator.count == 0
    assert brand_b_client.get(reverse("portal:invoice", args=[studio.invoice.uuid])).status_code == 404


def test_rounds_left_show_the_price_of_another_and_why_changes_are_closed(studio, brand_a_client):
    from decimal import Decimal

    from campaigns.models import Deliverable, RateCard

    RateCard.objects.filter(persona=studio.persona).update(extra_revision_round_price=Decimal("1250.00"))
    url = reverse("portal:deliverable", args=[studio.review_a.uuid])
    page = brand_a_client.get(url).content.decode()
    assert "A further round costs 1,250.00" in page
    assert "rounds-blocked" not in page
    Deliverable.objects.filter(pk=studio.review_a.pk).update(revision_rounds_used=2)
    page = brand_a_client.get(url).content.decode()
    assert "<strong>0 remaining</strong>" in page
    assert 'disabled aria-describedby="rounds-blocked"' in page
    assert "All 2 revision rounds of this deliverable are used." in page
