"""Staff screens: rate cards, channels, the deliverable board, API tokens, invoice PDFs, budgets."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from pypdf import PdfReader

from campaigns.models import Deliverable, DeliverableStatusChange, RateCard
from campaigns.services.invoices import payment_record
from influencer_platform.accounts.models import ApiToken
from influencer_platform.accounts.services import api_token_create
from personas.models import Channel, FollowerSnapshot
from tests.factories import PersonaFactory
from tests.pages.conftest import walk

pytestmark = pytest.mark.django_db
S = Deliverable._meta.get_field("status").choices


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rate_card_post(**overrides) -> dict:
    data = {
        "currency": "EUR",
        "rush_surcharge_percent": "30",
        "included_revision_rounds": "3",
        "extra_revision_round_price": "200",
        "price_instagram_reel": "1,200".replace(",", ""),
        "price_youtube_short": "650.50",
        "usage_paid_ads_30d": "1.5",
        "exclusivity_fees": "Beauty: 400\nSoft drinks: 250.5",
    }
    data.update(overrides)
    return data


# --- Rate cards ------------------------------------------------------------------------------


def test_staff_edits_a_rate_card_and_every_row_is_replaced(studio, staff):
    url = f"/personas/{studio.persona.uuid}/rate-card/"
    page = staff.get(url)
    assert page.status_code == 200
    assert 'value="1000.00"' in page.content.decode()  # the current reel price is prefilled
    response = staff.post(url, _rate_card_post())
    assert response.status_code == 302
    card = RateCard.objects.get(persona=studio.persona)
    assert (card.rush_surcharge_percent, card.included_revision_rounds) == (Decimal("30.00"), 3)
    assert card.extra_revision_round_price == Decimal("200.00")
    prices = {p.deliverable_type: p.base_price for p in card.prices.all()}
    assert prices == {"instagram_reel": Decimal("1200.00"), "youtube_short": Decimal("650.50")}
    assert {m.term: m.multiplier for m in card.usage_multipliers.all()} == {"paid_ads_30d": Decimal("1.500")}
    fees = {f.category: f.fee_per_month for f in card.exclusivity_fees.all()}
    assert fees == {"Beauty": Decimal("400.00"), "Soft drinks": Decimal("250.50")}
    detail = staff.get(f"/personas/{studio.persona.uuid}/").content.decode()
    assert "1,200.00\u00a0EUR" in detail


def test_rate_card_for_a_persona_without_one_is_created(agency_staff, staff):
    persona = PersonaFactory(name="Kai Morrow")
    response = staff.post(f"/personas/{persona.uuid}/rate-card/", _rate_card_post())
    assert response.status_code == 302
    assert RateCard.objects.get(persona=persona).prices.count() == 2


def test_rate_card_refuses_bad_rows_and_changes_nothing(studio, staff):
    before = list(
        RateCard.objects.get(persona=studio.persona).prices.values_list("deliverable_type", "base_price")
    )
    response = staff.post(
        f"/personas/{studio.persona.uuid}/rate-card/",
        _rate_card_post(price_instagram_reel="-5", usage_paid_ads_30d="0.5", exclusivity_fees="Beauty 400"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ensure this value is greater than or equal to 0." in body
    assert "Ensure this value is greater than or equal to 1." in body
    assert "Line 1 should read “category: fee”" in body
    after = list(
        RateCard.objects.get(persona=studio.persona).prices.values_list("deliverable_type", "base_price")
    )
    assert after == before


def test_brand_clients_have_no_rate_card_page(studio, brand_a_client):
    assert brand_a_client.get(f"/personas/{studio.persona.uuid}/rate-card/").status_code == 404
    response = brand_a_client.post(f"/personas/{studio.persona.uuid}/rate-card/", _rate_card_post())
    assert response.status_code == 404
    assert RateCard.objects.get(persona=studio.persona).rush_surcharge_percent == Decimal("25.00")


# --- Channels -------------------------------------------------------------------------------


def test_staff_adds_a_channel_and_records_follower_snapshots(studio, staff):
    persona = studio.persona
    response = staff.post(
        f"/personas/{persona.uuid}/channels/",
        {"platform": "youtube", "handle": "@mila.tube", "url": "", "follower_count": "41250"},
    )
    assert response.status_code == 302
    channel = Channel.objects.get(handle="mila.tube")
    assert channel.follower_count == 41250
    yesterday = date.today() - timedelta(days=1)
    url = f"/personas/{persona.uuid}/channels/{channel.uuid}/followers/"
    assert staff.post(url, {"follower_count": "40000", "on": yesterday.isoformat()}).status_code == 302
    channel.refresh_from_db()
    assert channel.follower_count == 41250  # the latest snapshot is still today's
    assert staff.post(url, {"follower_count": "42000", "on": date.today().isoformat()}).status_code == 302
    channel.refresh_from_db()
    assert channel.follower_count == 42000
    assert sorted(channel.snapshots.values_list("follower_count", flat=True)) == [40000, 42000]
    page = staff.get(f"/personas/{persona.uuid}/", follow=True).content.decode()
    assert "42,000 followers" in page


def test_future_follower_snapshot_is_refused_with_a_reason(studio, staff):
    channel = studio.persona.channels.get()
    before = FollowerSnapshot.objects.count()
    url = f"/personas/{studio.persona.uuid}/channels/{channel.uuid}/followers/"
    tomorrow = date.today() + timedelta(days=1)
    response = staff.post(url, {"follower_count": "9", "on": tomorrow.isoformat()}, follow=True)
    assert (
        "Followers not recorded. Followers cannot be recorded for a future date." in response.content.decode()
    )
    assert FollowerSnapshot.objects.count() == before


def test_duplicate_channel_is_refused_readably(studio, staff):
    channel = studio.persona.channels.get()
    response = staff.post(
        f"/personas/{studio.persona.uuid}/channels/",
        {"platform": channel.platform, "handle": channel.handle, "follower_count": "1"},
        follow=True,
    )
    assert (
        f"Channel not added. @{channel.handle} on {channel.get_platform_display()} is already registered."
        in response.content.decode()
    )
    assert Channel.objects.count() == 1


# --- Deliverables need a price ----------------------------------------------------------------


def test_deliverable_of_an_unpriced_type_is_refused_at_creation(studio, staff):
    count = Deliverable.objects.count()
    response = staff.post(
        f"/campaigns/{studio.campaign_a.uuid}/deliverables/new/",
        {"persona": str(studio.persona.uuid), "deliverable_type": "youtube_short", "exclusivity_months": "0",
         "extra_revision_rounds": "0", "usage_term": "organic_30d"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Mila Voss&#x27;s rate card has no price for YouTube short" in response.content.decode()
    assert Deliverable.objects.count() == count


def test_deliverable_form_carries_the_priced_types_for_the_page_script(studio, staff):
    page = staff.get(f"/campaigns/{studio.campaign_a.uuid}/deliverables/new/").content.decode()
    assert (
        f"{{&quot;{studio.persona.uuid}&quot;: [&quot;instagram_reel&quot;, &quot;tiktok_video&quot;]}}"
        in page
    )


def test_persona_without_rate_card_cannot_get_a_deliverable(studio, agency_staff, staff):
    persona = PersonaFactory(name="No Card")
    response = staff.post(
        f"/campaigns/{studio.campaign_a.uuid}/deliverables/new/",
        {"persona": str(persona.uuid), "deliverable_type": "instagram_reel", "exclusivity_months": "0",
         "extra_revision_rounds": "0", "usage_term": "organic_30d"},
    )  # fmt: skip
    assert "No Card has no rate card yet; create one before adding deliverables." in response.content.decode()
    assert not Deliverable.objects.filter(persona=persona).exists()


# --- Board --------------------------------------------------------------------------------------


def test_board_filters_by_persona_brand_due_date_and_overdue(studio, staff):
    late = studio.planned
    Deliverable.objects.filter(pk=studio.review_a.pk).update(due_date=date.today() - timedelta(days=3))
    Deliverable.objects.filter(pk=late.pk).update(due_date=date.today() + timedelta(days=30))

    def titles(query: str) -> list[str]:
        body = staff.get(f"/deliverables/?{query}").content.decode()
        return [t for t in ("A planned reel", "A review reel", "B review reel") if t in body]

    assert titles("") == ["A planned reel", "A review reel", "B review reel"]
    assert titles(f"brand={studio.campaign_b.brand.uuid}") == ["B review reel"]
    assert titles("overdue=on") == ["A review reel"]
    assert titles(f"due_before={(date.today() + timedelta(days=10)).isoformat()}") == [
        "A review reel",
        "B review reel",
    ]
    other = PersonaFactory(name="Other Persona")
    assert titles(f"persona={other.uuid}") == []
    assert titles(f"persona={studio.persona.uuid}") == ["A planned reel", "A review reel", "B review reel"]
    assert "Overdue · Due" in staff.get("/deliverables/").content.decode()


def test_board_move_calls_the_transition_service_and_returns_to_the_board(studio, staff, agency_staff):
    deliverable = studio.planned
    back = f"/deliverables/?brand={studio.campaign_a.brand.uuid}"
    response = staff.post(
        f"/deliverables/{deliverable.uuid}/move/", {"to_status": "in_production", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    deliverable.refresh_from_db()
    assert deliverable.status == "in_production"
    change = DeliverableStatusChange.objects.filter(deliverable=deliverable).latest("id")
    assert (change.from_status, change.to_status, change.changed_by) == (
        "planned",
        "in_production",
        agency_staff,
    )


def test_board_refuses_a_move_the_state_machine_forbids(studio, staff):
    deliverable = studio.planned
    changes = DeliverableStatusChange.objects.count()
    response = staff.post(f"/deliverables/{deliverable.uuid}/move/", {"to_status": "approved"}, follow=True)
    body = response.content.decode()
    assert "A planned reel was not moved:" in body
    deliverable.refresh_from_db()
    assert deliverable.status == "planned"
    assert DeliverableStatusChange.objects.count() == changes
    response = staff.post(
        f"/deliverables/{deliverable.uuid}/move/", {"to_status": "cancelled", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/deliverables/"
    deliverable.refresh_from_db()
    assert deliverable.status == "planned"


def test_brand_clients_cannot_move_cards(studio, brand_a_client):
    response = brand_a_client.post(
        f"/deliverables/{studio.planned.uuid}/move/", {"to_status": "in_production"}
    )
    assert response.status_code == 404
    studio.planned.refresh_from_db()
    assert studio.planned.status == "planned"


def test_board_cards_offer_only_allowed_next_statuses(studio, staff, agency_admin):
    walk(studio.planned, ["in_production"], agency_admin)
    body = staff.get("/deliverables/").content.decode()
    assert f'data-card="{studio.planned.uuid}" data-allowed="internal_review "' in body
    assert f'data-card="{studio.review_a.uuid}" data-allowed="approved "' in body


# --- API tokens ---------------------------------------------------------------------------------


def test_admin_creates_sees_and_revokes_a_token(agency_admin, agency_staff):
    admin = _client(agency_admin)
    response = admin.post("/settings/tokens/", {"name": "Scheduler", "user": agency_staff.pk})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Scheduler")
    secret = response.context["created"]["secret"]
    assert secret.startswith(token.prefix) and f'value="{secret}"' in response.content.decode()
    # The secret works once, then the page shows when it was last used, never the secret again.
    api = Client(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/personas/").status_code == 200
    page = admin.get("/settings/tokens/").content.decode()
    assert secret not in page and f"<code>{token.prefix}…</code>" in page and "Never" not in page
    response = admin.post(f"/settings/tokens/{token.uuid}/revoke/", follow=True)
    assert f"Token “Scheduler” ({token.prefix}…) revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/api/personas/").status_code == 401


def test_token_page_is_for_agency_admins_only(agency_admin, agency_staff, client_a):
    token, _ = api_token_create(user=agency_staff, name="Kept", created_by=agency_admin)
    for user in (agency_staff, client_a):
        client = _client(user)
        assert client.get("/settings/tokens/").status_code == 404
        assert client.post("/settings/tokens/", {"name": "X", "user": user.pk}).status_code == 404
        assert client.post(f"/settings/tokens/{token.uuid}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None and ApiToken.objects.count() == 1


def test_token_without_a_name_is_refused(agency_admin):
    response = _client(agency_admin).post("/settings/tokens/", {"name": "", "user": agency_admin.pk})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


# --- Invoices -----------------------------------------------------------------------------------


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_invoice_pdf_has_addresses_itemised_quote_tax_and_bank_details(studio, staff, settings, agency_admin):
    settings.INVOICE_ISSUER_NAME = "Studio Nine GmbH"
    settings.INVOICE_ISSUER_ADDRESS = "Torstrasse 1\n10119 Berlin"
    settings.INVOICE_BANK_DETAILS = "IBAN DE02 1001 0010 0123 4567 89"
    settings.INVOICE_TAX_RATES = ["VAT=19"]
    brand = studio.campaign_a.brand
    brand.billing_address = "Brand A Ltd\n1 Market Street"
    brand.save()
    payment_record(invoice=studio.invoice, user=agency_admin, amount=Decimal("100.00"), currency="EUR",
                   received_on=date.today())  # fmt: skip
    text = _pdf_text(staff.get(f"/invoices/{studio.invoice.uuid}/pdf/"))
    invoice = studio.invoice
    for expected in (
        "Studio Nine GmbH", "Torstrasse 1", "10119 Berlin", f"Invoice {invoice.number}", "Bill to",
        "Brand A Ltd", "1 Market Street", "A delivered reel", "Instagram reel", "1,000.00", "Net",
        "840.34 EUR", "VAT 19 %", "159.66 EUR", "Total", "1,000.00 EUR", "Paid", "100.00 EUR",
        "Outstanding", "900.00 EUR", "Bank details", "IBAN DE02 1001 0010 0123 4567 89",
    ):  # fmt: skip
        assert expected in text, expected


def test_invoice_pdf_without_tax_configured_has_no_tax_lines(studio, staff, settings):
    settings.INVOICE_TAX_RATES = []
    text = _pdf_text(staff.get(f"/invoices/{studio.invoice.uuid}/pdf/"))
    assert "VAT" not in text and "Net" not in text and "1,000.00 EUR" in text


def test_brand_sees_only_their_own_invoice_pdfs(studio, brand_a_client, brand_b_client):
    assert "A delivered reel" in _pdf_text(brand_a_client.get(f"/portal/invoices/{studio.invoice.uuid}/pdf/"))
    assert brand_b_client.get(f"/portal/invoices/{studio.invoice.uuid}/pdf/").status_code == 404
    assert brand_a_client.get(f"/invoices/{studio.invoice.uuid}/pdf/").status_code == 404


def test_overdue_invoice_is_marked_on_list_detail_portal_and_campaign(studio, staff, brand_a_client):
    assert studio.invoice.is_overdue  # issued 40 days ago with 30 days to pay
    for client, url in (
        (staff, "/invoices/"),
        (staff, f"/invoices/{studio.invoice.uuid}/"),
        (staff, f"/campaigns/{studio.campaign_a.uuid}/"),
        (brand_a_client, "/portal/invoices/"),
        (brand_a_client, f"/portal/invoices/{studio.invoice.uuid}/"),
    ):
        assert '<span class="badge overdue">Overdue</span>' in client.get(url).content.decode(), url


def test_campaign_page_shows_budget_against_contracted_invoiced_and_paid(studio, staff, agency_admin):
    campaign = studio.campaign_a
    campaign.budget = Decimal("3750.00")
    campaign.currency = "EUR"
    campaign.save()
    payment_record(invoice=studio.invoice, user=agency_admin, amount=Decimal("400.00"), currency="EUR",
                   received_on=date.today())  # fmt: skip
    response = staff.get(f"/campaigns/{campaign.uuid}/")
    (row,) = response.context["money"]
    assert row == {
        "currency": "EUR", "budget": Decimal("3750.00"), "contracted": Decimal("3000.00"),
        "invoiced": Decimal("1000.00"), "paid": Decimal("400.00"), "remaining": Decimal("750.00"),
        "over_budget": False, "percent": 80,
    }  # fmt: skip
    body = response.content.decode()
    assert "3,750.00" in body and "80 % of the EUR budget contracted" in body


def test_draft_invoice_is_titled_by_its_campaign(studio, staff, agency_admin):
    from campaigns.services.invoices import invoice_create

    Deliverable.objects.filter(pk=studio.review_a.pk).update(status="approved")
    draft = invoice_create(campaign=studio.campaign_a, deliverables=[studio.review_a], user=agency_admin)
    body = staff.get(f"/invoices/{draft.uuid}/").content.decode()
    assert (
        "<h1>Draft invoice · A summer" in body
        and str(draft.uuid) not in body.split("<h1>")[1].split("</h1>")[0]
    )


def test_earnings_by_cash_received_count_payments_in_the_month_they_arrived(studio, staff, agency_admin):
    today = date.today()
    payment_record(invoice=studio.invoice, user=agency_admin, amount=Decimal("234.50"), currency="EUR",
                   received_on=today)  # fmt: skip
    response = staff.get(f"/earnings/?year={today.year}")
    (entry,) = response.context["cash"]
    report = entry["report"]
    assert report.total == Decimal("234.50")
    assert report.by_month[today.month] == Decimal("234.50")
    assert sum(report.by_month.values()) == Decimal("234.50") and len(report.by_month) == 12
    assert report.by_brand == [("Brand A", Decimal("234.50"))]
    body = response.content.decode()
    assert "By cash received" in body and "234.50" in body and "<svg" in body


def test_brand_clients_have_no_earnings_at_all(studio, brand_a_client, client_a, agency_admin):
    from campaigns.selectors import cash_received

    payment_record(invoice=studio.invoice, user=agency_admin, amount=Decimal("5.00"), currency="EUR",
                   received_on=date.today())  # fmt: skip
    assert brand_a_client.get("/earnings/").status_code == 404
    assert cash_received(user=client_a, year=date.today().year) == {}


# --- Readable messages ----------------------------------------------------------------------------


def test_campaign_dates_out_of_order_read_as_a_sentence_not_a_constraint(studio, staff):
    response = staff.post(
        f"/campaigns/{studio.campaign_a.uuid}/edit/",
        {"name": "A summer", "start_date": "2026-06-10", "end_date": "2026-06-01", "currency": "EUR"},
    )
    body = response.content.decode()
    assert "The end date must be on or after the start date." in body
    assert "campaign_dates_ordered" not in body and "Constraint" not in body
    studio.campaign_a.refresh_from_db()
    assert studio.campaign_a.end_date != date(2026, 6, 1)


def test_brand_slug_is_made_from_the_name_and_kept_unique(agency_staff, staff, brand_a):
    from campaigns.models import Brand

    assert brand_a.slug != "brand-a-2"
    Brand.objects.filter(pk=brand_a.pk).update(slug="acme-drinks")
    response = staff.post("/brands/new/", {"name": "Acme Drinks", "slug": ""})
    assert response.status_code == 302, response.content.decode()
    assert Brand.objects.get(name="Acme Drinks").slug == "acme-drinks-2"


def test_two_personas_with_handles_that_slugify_alike_both_save(agency_staff, staff):
    from personas.models import Persona

    for handle in ("nova.lane", "novalane"):
        data = {"name": "Nova", "handle": handle, "status": "draft", "brand_safety": "general",
                "commission_percent": "20", "image_label": "full_body"}  # fmt: skip
        response = staff.post("/personas/new/", data)
        assert response.status_code == 302, response.content.decode()
    assert sorted(Persona.objects.values_list("slug", flat=True)) == ["novalane", "novalane-2"]


def test_duplicate_persona_handle_reads_naturally(agency_staff, staff):
    data = {
        "name": "Nova",
        "handle": "nova",
        "status": "draft",
        "brand_safety": "general",
        "commission_percent": "20",
        "image_label": "full_body",
    }
    staff.post("/personas/new/", data)
    body = staff.post("/personas/new/", data).content.decode()
    assert "Another persona already has this handle." in body and "Slug" not in body


# --- Reminders ------------------------------------------------------------------------------------


def test_overdue_invoice_reminders_go_to_brand_contacts_once_per_interval(
    studio, settings, mailoutbox, client_a
):
    from campaigns.services.invoice_reminders import invoice_reminders_send_due
    from tests.factories import BrandContactFactory

    settings.INVOICE_REMINDER_INTERVAL_DAYS = 7
    settings.INVOICE_BANK_DETAILS = "IBAN DE02 1001 0010 0123 4567 89"
    brand = studio.campaign_a.brand
    BrandContactFactory(brand=brand, email="Billing@Brand-A.example")
    client_a.email = "billing@brand-a.example"  # the same address twice gets one mail
    client_a.save()
    assert invoice_reminders_send_due() == {"sent": 1, "skipped": 0}
    (mail,) = mailoutbox
    invoice = studio.invoice
    assert mail.to == ["billing@brand-a.example"]
    assert mail.subject == f"Reminder: invoice {invoice.number} was due on {invoice.due_date:%d %b %Y}"
    assert "Outstanding: 1,000.00\u00a0EUR of 1,000.00\u00a0EUR." in mail.body
    assert "IBAN DE02 1001 0010 0123 4567 89" in mail.body and "(10 days ago)" in mail.body
    # Within the interval nothing more goes out; after it, one more.
    assert invoice_reminders_send_due() == {"sent": 0, "skipped": 1}
    assert len(mailoutbox) == 1
    from django.utils import timezone

    from campaigns.models import Invoice

    Invoice.objects.filter(pk=invoice.pk).update(last_reminder_sent_at=timezone.now() - timedelta(days=8))
    assert invoice_reminders_send_due() == {"sent": 1, "skipped": 0}
    assert len(mailoutbox) == 2


def test_staff_send_a_reminder_now_and_brands_without_email_are_told(studio, staff, mailoutbox):
    from tests.factories import BrandContactFactory

    url = f"/invoices/{studio.invoice.uuid}/remind/"
    response = staff.post(url, follow=True)
    assert "Brand A has no contact with an email address; add one to the brand." in response.content.decode()
    assert mailoutbox == []
    BrandContactFactory(brand=studio.campaign_a.brand, email="pay@brand-a.example")
    response = staff.post(url, follow=True)
    assert "Reminder sent to 1 address." in response.content.decode() and len(mailoutbox) == 1
    assert "Last reminder" in staff.get(f"/invoices/{studio.invoice.uuid}/").content.decode()


def test_a_paid_or_not_yet_due_invoice_is_never_reminded(studio, agency_admin, staff, mailoutbox):
    from campaigns.services.invoice_reminders import invoice_reminders_send_due
    from tests.factories import BrandContactFactory

    BrandContactFactory(brand=studio.campaign_a.brand, email="pay@brand-a.example")
    payment_record(invoice=studio.invoice, user=agency_admin, amount=Decimal("1000.00"), currency="EUR",
                   received_on=date.today())  # fmt: skip
    assert invoice_reminders_send_due() == {"sent": 0, "skipped": 0}
    response = staff.post(f"/invoices/{studio.invoice.uuid}/remind/", follow=True)
    assert "is not overdue; there is nothing to remind." in response.content.decode()
    assert mailoutbox == []


def test_the_reminder_task_is_registered_and_scheduled(settings):
    from influencer_platform.celery import app

    app.loader.import_default_modules()
    assert "campaigns.tasks.invoice_reminders_send" in app.tasks
    assert settings.CELERY_BEAT_SCHEDULE["campaigns-invoice-reminders"]["task"] == (
        "campaigns.tasks.invoice_reminders_send"
    )


def test_scheduler_tokens_get_the_scopes_chosen_on_the_page(agency_admin, studio):
    from influencer_platform.accounts.services import scheduler_create

    tool = scheduler_create(name="postiz", personas=[studio.persona], created_by=agency_admin)
    admin = _client(agency_admin)
    response = admin.post("/settings/tokens/", {"name": "Postiz", "user": tool.pk})
    assert (
        response.status_code == 400
        and "A scheduler token needs at least one scope." in response.content.decode()
    )
    assert not ApiToken.objects.exists()
    response = admin.post("/settings/tokens/", {"name": "Postiz", "user": tool.pk, "scopes": ["feed:read"]})
    assert response.status_code == 200
    assert ApiToken.objects.get(name="Postiz").scopes == ["feed:read"]
    assert ">feed:read</td>" in admin.get("/settings/tokens/").content.decode()


def test_staff_edit_a_channel_and_a_taken_handle_is_refused(studio, staff):
    channel = studio.persona.channels.get()
    url = f"/personas/{studio.persona.uuid}/channels/{channel.uuid}/"
    response = staff.post(url, {"handle": "@mila.new", "url": "instagram.com/mila.new"}, follow=True)
    assert f"Channel {channel.get_platform_display()} @mila.new saved." in response.content.decode()
    channel.refresh_from_db()
    assert (channel.handle, channel.url) == ("mila.new", "https://instagram.com/mila.new")
    other = Channel.objects.create(persona=studio.persona, platform=channel.platform, handle="taken")
    response = staff.post(url, {"handle": "taken", "url": ""}, follow=True)
    assert f"@taken on {channel.get_platform_display()} is already registered." in response.content.decode()
    channel.refresh_from_db()
    assert channel.handle == "mila.new" and other.handle == "taken"


def test_every_page_names_the_studio_favicon(staff, brand_a_client, agency_staff, client_a):
    from django.conf import settings

    for client, url in ((staff, "/"), (brand_a_client, "/portal/"), (Client(), "/login/")):
        assert (
            '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
            in client.get(url).content.decode()
        )
    svg = (settings.BASE_DIR / "static" / "favicon.svg").read_text()
    assert svg.startswith("<svg") and 'viewBox="0 0 32 32"' in svg


def test_overdue_deliverables_are_marked_on_campaign_persona_and_dashboard(studio, staff):
    Deliverable.objects.filter(pk=studio.review_a.pk).update(due_date=date.today() - timedelta(days=1))
    studio.review_a.refresh_from_db()
    assert studio.review_a.is_overdue and not studio.planned.is_overdue
    import re

    pages = [
        (f"/campaigns/{studio.campaign_a.uuid}/", "</tr>"),
        (f"/personas/{studio.persona.uuid}/", "</li>"),
    ]
    for url, end in [*pages, ("/", "</li>")]:
        body = staff.get(url).content.decode()
        rows = {
            title: re.search(f"{title}</a>(.*?){end}", body, re.S)
            for title in ("A review reel", "A planned reel")
        }
        assert "Overdue" in rows["A review reel"].group(1), url
        assert rows["A planned reel"] is None or "Overdue" not in rows["A planned reel"].group(1), url


def test_printable_invoice_shows_issuer_tax_and_bank_like_the_pdf(studio, staff, brand_a_client, settings):
    settings.INVOICE_ISSUER_NAME = "Studio Nine GmbH"
    settings.INVOICE_ISSUER_ADDRESS = "Torstrasse 1\n10119 Berlin"
    settings.INVOICE_BANK_DETAILS = "IBAN DE02 1001 0010 0123 4567 89"
    settings.INVOICE_TAX_RATES = ["VAT=19"]
    for client, url in ((staff, f"/invoices/{studio.invoice.uuid}/print/"),
                        (brand_a_client, f"/portal/invoices/{studio.invoice.uuid}/")):  # fmt: skip
        body = client.get(url).content.decode()
        assert "<strong>Studio Nine GmbH</strong><br>Torstrasse 1<br>10119 Berlin" in body
        assert "Prices include VAT 19 % (159.66\u00a0EUR)." in body
        assert "IBAN DE02 1001 0010 0123 4567 89" in body
