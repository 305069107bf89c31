"""Agency campaign pages: board, deliverable workflow actions, brands, campaigns, invoices, earnings."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.urls import reverse

from campaigns.models import Brand, Campaign, Deliverable, Invoice
from tests.factories import GenerationJobFactory


def test_board_groups_deliverables_by_status(studio, staff):
    response = staff.get(reverse("campaigns:deliverable-board"))
    columns = {column["status"]: [d.title for d in column["items"]] for column in response.context["columns"]}
    assert columns["planned"] == ["A planned reel"]
    assert sorted(columns["client_review"]) == ["A review reel", "B review reel"]
    assert "published" not in columns
    filtered = staff.get(reverse("campaigns:deliverable-board"), {"campaign": studio.campaign_b.uuid})
    assert [d.title for c in filtered.context["columns"] for d in c["items"]] == ["B review reel"]


def test_deliverable_page_shows_versions_history_quote_and_allowed_actions(studio, staff):
    GenerationJobFactory(
        reference_image=studio.image, motion=studio.motion, deliverable=studio.review_a, version_number=2
    )
    response = staff.get(reverse("campaigns:deliverable-detail", args=[studio.review_a.uuid]))
    page = response.content.decode()
    assert [job.version_number for job in response.context["versions"]] == [1, 2]
    assert page.count("<video") == 2
    assert "Internal review</strong>" in page and "Client review</strong>" in page
    assert "Base price" in page or "1000.00 EUR" in page
    assert [status for status, _ in response.context["moves"]] == ["approved", "cancelled"]


def test_send_to_client_review_then_schedule_needs_a_date_then_publish_needs_a_link(
    studio, agency_staff, staff
):
    deliverable = studio.planned
    url = reverse("campaigns:deliverable-transition", args=[deliverable.uuid])
    for status in ("in_production", "internal_review", "client_review", "approved"):
        assert staff.post(url, {"to_status": status}).status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.status == "approved"
    assert deliverable.status_changes.last().changed_by == agency_staff

    response = staff.post(url, {"to_status": "scheduled", "note": "Tuesday slot"})
    assert response.status_code == 400
    assert response.context["transition_form"].errors["scheduled_for"] == ["Scheduling needs scheduled_for."]
    assert 'value="Tuesday slot"' in response.content.decode()
    staff.post(url, {"to_status": "scheduled", "scheduled_for": "2030-01-02T10:00"})

    response = staff.post(url, {"to_status": "published"})
    assert "published_url" in response.context["transition_form"].errors
    staff.post(url, {"to_status": "published", "published_url": "https://instagram.com/p/abc"})
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.published_url) == ("published", "https://instagram.com/p/abc")


def test_illegal_move_is_refused_with_a_message_and_nothing_changes(studio, staff):
    url = reverse("campaigns:deliverable-transition", args=[studio.planned.uuid])
    response = staff.post(url, {"to_status": "published", "published_url": "https://x.example/p"})
    assert response.status_code == 400
    assert "Cannot move deliverable from planned to published" in response.content.decode()
    studio.planned.refresh_from_db()
    assert studio.planned.status == "planned"


def test_agency_comment_joins_the_thread(studio, staff):
    url = reverse("campaigns:deliverable-comment", args=[studio.review_a.uuid])
    assert staff.post(url, {"body": "", "visibility": "shared"}).status_code == 400
    assert staff.post(url, {"body": "No choice made"}).status_code == 400  # visibility is chosen each time
    staff.post(url, {"body": "New cut is up", "visibility": "shared"})
    staff.post(url, {"body": "Colour still off", "visibility": "internal"})
    assert list(studio.review_a.comments.values_list("body", "visibility")) == [
        ("New cut is up", "shared"),
        ("Colour still off", "internal"),
    ]


def test_brand_and_campaign_create_and_edit(staff, agency_staff):
    response = staff.post(reverse("campaigns:brand-create"), {"name": "Acme", "slug": "acme"})
    brand = Brand.objects.get(slug="acme")
    assert response.url == reverse("campaigns:brand-detail", args=[brand.uuid])
    response = staff.post(reverse("campaigns:brand-create"), {"name": "Acme", "slug": "acme-2"})
    assert "name" in response.context["form"].errors

    data = {
        "brand": brand.uuid,
        "name": "Launch",
        "currency": "EUR",
        "start_date": "2030-02-01",
        "end_date": "2030-01-01",
    }
    response = staff.post(reverse("campaigns:campaign-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="Launch"' in response.content.decode()
    data["end_date"] = "2030-03-01"
    staff.post(reverse("campaigns:campaign-create"), data)
    campaign = Campaign.objects.get(name="Launch")
    staff.post(reverse("campaigns:campaign-transition", args=[campaign.uuid]), {"to_status": "proposed"})
    campaign.refresh_from_db()
    assert campaign.status == "proposed"


def test_add_deliverable_to_a_campaign(studio, staff):
    url = reverse("campaigns:deliverable-create", args=[studio.campaign_a.uuid])
    data = {
        "persona": studio.persona.uuid,
        "title": "Extra story",
        "deliverable_type": "tiktok_video",
        "hashtags": "fall, ad",
        "usage_term": "organic_30d",
        "exclusivity_months": 0,
        "extra_revision_rounds": 1,
    }
    response = staff.post(url, data)
    deliverable = Deliverable.objects.get(title="Extra story")
    assert response.url == reverse("campaigns:deliverable-detail", args=[deliverable.uuid])
    assert deliverable.hashtags == ["fall", "ad"]
    assert deliverable.price == Decimal(
        "950.00"
    )  # contracted campaign: locked at once (800 + 150 extra round)


def test_invoice_create_issue_pay_and_print(studio, staff):
    campaign = studio.campaign_a
    Deliverable.objects.filter(pk=studio.review_a.pk).update(status="approved")  # approved work is invoiced
    response = staff.post(
        reverse("campaigns:invoice-create", args=[campaign.uuid]),
        {"deliverables": [studio.review_a.uuid], "due_in_days": 14},
    )
    invoice = Invoice.objects.get(lines__deliverable=studio.review_a)
    assert response.url == reverse("campaigns:invoice-detail", args=[invoice.uuid])

    staff.post(reverse("campaigns:invoice-issue", args=[invoice.uuid]), {"issue_date": "2030-05-01"})
    invoice.refresh_from_db()
    assert (invoice.status, invoice.due_date) == ("issued", date(2030, 5, 15))

    pay = reverse("campaigns:payment-record", args=[invoice.uuid])
    response = staff.post(pay, {"amount": "99999", "currency": "EUR", "received_on": "2030-05-10"})
    assert "Overpayment" in " ".join(response.context["payment_form"].errors["amount"])
    assert 'value="99999"' in response.content.decode()
    response = staff.post(pay, {"amount": str(invoice.total), "currency": "USD", "received_on": "2030-05-10"})
    assert "currency" in response.context["payment_form"].errors
    staff.post(pay, {"amount": str(invoice.total), "currency": "EUR", "received_on": "2030-05-10"})
    invoice.refresh_from_db()
    assert invoice.status == "paid"

    page = staff.get(reverse("campaigns:invoice-print", args=[invoice.uuid])).content.decode()
    assert invoice.number in page and "Bill to" in page


def test_invoice_refusal_shows_next_to_deliverables(studio, staff):
    response = staff.post(
        reverse("campaigns:invoice-create", args=[studio.campaign_a.uuid]), {"due_in_days": 30}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["deliverables"] == ["An invoice needs at least one deliverable."]


def test_earnings_report_and_csv(studio, staff):
    year = studio.invoice.issue_date.year
    response = staff.get(reverse("campaigns:earnings"), {"year": year})
    section = response.context["sections"][0]
    assert section["currency"] == "EUR"
    assert section["persona"].gross == studio.invoice.total
    assert 'role="img"' in response.content.decode()

    rows = list(
        csv.reader(
            io.StringIO(
                staff.get(
                    reverse("campaigns:earnings-csv", args=["persona"]), {"year": year}
                ).content.decode()
            )
        )
    )
    assert rows[0] == ["month", "persona", "currency", "gross", "commission", "net"]
    assert rows[1][1:4] == ["Mila Voss", "EUR", str(studio.invoice.total)]
    rows = list(
        csv.reader(
            io.StringIO(
                staff.get(reverse("campaigns:earnings-csv", args=["brand"]), {"year": year}).content.decode()
            )
        )
    )
    assert rows[1][:3] == ["Brand A", "EUR", str(studio.invoice.total)]
    assert staff.get(reverse("campaigns:earnings-csv", args=["nope"])).status_code == 404


def test_home_lists_what_needs_attention(studio, staff):
    response = staff.get(reverse("home"))
    assert {d.title for d in response.context["due_this_week"]} == {
        "A planned reel",
        "A review reel",
        "B review reel",
    }
    assert {d.title for d in response.context["in_client_review"]} == {"A review reel", "B review reel"}
    assert list(response.context["overdue_invoices"]) == [studio.invoice]
