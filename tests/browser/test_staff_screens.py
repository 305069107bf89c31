"""Staff screens in Chromium: rate card editing, the board's drag and drop and keyboard moves, API
tokens, invoice PDFs; every page captured at desktop and phone width, none scrolling sideways."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from campaigns.models import Deliverable, DeliverableStatusChange, RateCard
from influencer_platform.accounts.models import ApiToken
from tests.browser.conftest import PHONE, SCREENSHOTS, login, screenshot
from tests.pages.conftest import walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LAPTOP = {"width": 1366, "height": 768}


def test_staff_edits_a_rate_card(studio, agency_staff, page):
    login(page, "staff")
    page.goto(f"/personas/{studio.persona.uuid}/")
    page.get_by_role("link", name="Edit rate card").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rate card · Mila Voss")
    expect(page.get_by_label("Instagram reel price")).to_have_value("1000.00")
    page.get_by_label("Instagram reel price").fill("1250")
    page.get_by_label("YouTube short price").fill("640")
    page.get_by_label("Paid ads, 30 days multiplier").fill("1.5")
    page.get_by_label("Exclusivity fees per month").fill("Beauty: 400")
    screenshot(page, "rate-card-form")
    page.get_by_role("button", name="Save rate card").click()
    expect(page.get_by_text("Rate card for Mila Voss saved.")).to_be_visible()
    expect(page.get_by_role("cell", name="1,250.00\u00a0EUR")).to_be_visible()
    card = RateCard.objects.get(persona=studio.persona)
    assert {p.deliverable_type: p.base_price for p in card.prices.all()} == {
        "instagram_reel": Decimal("1250.00"),
        "tiktok_video": Decimal("800.00"),
        "youtube_short": Decimal("640.00"),
    }

    # The deliverable form now says at once that a type without a price cannot be sold.
    page.goto(f"/campaigns/{studio.campaign_a.uuid}/deliverables/new/")
    page.get_by_label("Persona").select_option(label="Mila Voss")
    page.get_by_label("Deliverable type").select_option("instagram_story_set")
    expect(page.get_by_role("alert")).to_have_text(
        "Mila Voss's rate card has no price for Instagram story set."
    )
    page.get_by_label("Deliverable type").select_option("youtube_short")
    expect(page.get_by_role("alert")).to_have_text("")


def test_staff_drags_a_board_card_and_moves_another_by_keyboard(studio, agency_admin, agency_staff, page):
    second = Deliverable.objects.create(
        campaign=studio.campaign_a,
        persona=studio.persona,
        deliverable_type="instagram_reel",
        title="Key reel",
    )
    walk(second, ["in_production"], agency_admin)
    page.set_viewport_size(LAPTOP)
    login(page, "staff")
    page.goto("/deliverables/")
    # Every status column fits at 1366 px: nothing hides behind a scrollbar.
    measure = """() => {
            const b = document.querySelector('[data-board]');
            const cols = [...b.querySelectorAll('[data-column]')];
            const right = Math.max(...cols.map(c => c.getBoundingClientRect().right));
            return [b.scrollWidth, b.clientWidth, right, document.documentElement.scrollWidth, cols.length];
        }"""
    widths = page.evaluate(measure)
    assert widths[0] <= widths[1] and widths[2] <= LAPTOP["width"] and widths[3] <= LAPTOP["width"], widths
    assert widths[4] == 7
    screenshot(page, "deliverable-board-1366", phone=False)
    page.goto("/deliverables/?all=on")  # all nine columns still fit
    widths = page.evaluate(measure)
    assert widths[0] <= widths[1] and widths[2] <= LAPTOP["width"] and widths[3] <= LAPTOP["width"], widths
    assert widths[4] == 9
    page.goto("/deliverables/")

    planned = page.get_by_role("region", name=re.compile("^Planned"))
    card = planned.locator(f'[data-card="{studio.planned.uuid}"]')
    card.drag_to(page.get_by_role("region", name=re.compile("^In production")))
    expect(page.get_by_text("A planned reel moved to in production.")).to_be_visible()
    expect(
        page.get_by_role("region", name=re.compile("^In production")).get_by_role(
            "link", name="A planned reel"
        )
    ).to_be_visible()
    studio.planned.refresh_from_db()
    assert studio.planned.status == "in_production"
    change = DeliverableStatusChange.objects.filter(deliverable=studio.planned).latest("id")
    assert (change.from_status, change.to_status, change.changed_by) == (
        "planned",
        "in_production",
        agency_staff,
    )

    # The keyboard path: focus the card's menu, choose, press Enter on the button.
    menu = page.get_by_label("Move Key reel to")
    menu.focus()
    menu.select_option("internal_review")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Move Key reel")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Key reel moved to internal review.")).to_be_visible()
    second.refresh_from_db()
    assert second.status == "internal_review"

    # A drop on a column the state machine does not allow changes nothing.
    card = page.locator(f'[data-card="{studio.review_a.uuid}"]')
    card.drag_to(page.get_by_role("region", name=re.compile("^Planned")))
    page.wait_for_timeout(300)
    studio.review_a.refresh_from_db()
    assert studio.review_a.status == "client_review"

    # Filters: overdue only.
    Deliverable.objects.filter(pk=second.pk).update(due_date=date.today() - timedelta(days=2))
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Show").click()
    expect(page.locator("[data-card]")).to_have_count(1)
    expect(page.get_by_text("Overdue · Due")).to_be_visible()


def test_admin_creates_and_revokes_a_token(agency_admin, agency_staff, page):
    login(page, "admin")
    page.get_by_role("link", name="API tokens").click()
    page.get_by_label("Name").fill("Scheduler")
    page.get_by_label("User").select_option(label="staff · Agency staff")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("New token").input_value()
    token = ApiToken.objects.get(name="Scheduler")
    assert secret.startswith(token.prefix) and token.user == agency_staff
    row = page.locator(f'tr[data-token="{token.prefix}"]')
    expect(row).to_contain_text("Never")
    screenshot(page, "api-tokens-created")
    assert page.request.get("/api/personas/", headers={"Authorization": f"Token {secret}"}).status == 200
    page.goto("/settings/tokens/")
    expect(row).not_to_contain_text("Never")
    expect(page.get_by_text(secret)).to_have_count(0)

    # Revoking asks first; dismissing keeps the token.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Revoke Scheduler").click()
    token.refresh_from_db()
    assert token.revoked_at is None
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke Scheduler").click()
    expect(page.get_by_text(f"Token “Scheduler” ({token.prefix}…) revoked")).to_be_visible()
    expect(row).to_contain_text("Revoked")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert page.request.get("/api/personas/", headers={"Authorization": f"Token {secret}"}).status == 401


def test_invoice_pdf_opens(studio, agency_staff, client_a, page, settings):
    settings.INVOICE_BANK_DETAILS = "IBAN DE02 1001 0010 0123 4567 89"
    login(page, "staff")
    page.goto(f"/invoices/{studio.invoice.uuid}/")
    expect(page.get_by_text("Overdue")).to_be_visible()
    href = page.get_by_role("link", name="PDF").get_attribute("href")
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.body()))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert studio.invoice.number in text and "A delivered reel" in text and "1,000.00 EUR" in text
    assert "IBAN DE02 1001 0010 0123 4567 89" in text
    # The brand's copy is the same document, reached from the portal's printable view.
    page.context.clear_cookies()
    login(page, "client-a")
    page.goto(f"/portal/invoices/{studio.invoice.uuid}/")
    portal_pdf = page.request.get(page.get_by_role("link", name="Download PDF").get_attribute("href"))
    assert PdfReader(io.BytesIO(portal_pdf.body())).pages[0].extract_text() == text


def _pages(studio) -> dict[str, list[tuple[str, str]]]:
    s = studio
    persona, campaign, brand = (
        f"/personas/{s.persona.uuid}",
        f"/campaigns/{s.campaign_a.uuid}",
        s.campaign_a.brand,
    )
    agency = [
        ("dashboard", "/"), ("personas", "/personas/"), ("persona-new", "/personas/new/"),
        ("persona-detail", f"{persona}/"), ("persona-edit", f"{persona}/edit/"),
        ("rate-card", f"{persona}/rate-card/"), ("motions", "/motions/"),
        ("motion-upload", "/motions/upload/"), ("motion-detail", f"/motions/{s.motion.uuid}/"),
        ("generate", "/generate/"), ("jobs", "/jobs/"), ("job-detail", f"/jobs/{s.job.uuid}/"),
        ("deliverables", "/deliverables/"), ("deliverable-detail", f"/deliverables/{s.review_a.uuid}/"),
        ("deliverable-edit", f"/deliverables/{s.review_a.uuid}/edit/"), ("campaigns", "/campaigns/"),
        ("campaign-new", "/campaigns/new/"), ("campaign-detail", f"{campaign}/"),
        ("campaign-edit", f"{campaign}/edit/"), ("deliverable-new", f"{campaign}/deliverables/new/"),
        ("brands", "/brands/"), ("brand-new", "/brands/new/"), ("brand-detail", f"/brands/{brand.uuid}/"),
        ("brand-edit", f"/brands/{brand.uuid}/edit/"), ("invoices", "/invoices/"),
        ("invoice-detail", f"/invoices/{s.invoice.uuid}/"),
        ("invoice-print", f"/invoices/{s.invoice.uuid}/print/"),
        ("earnings", "/earnings/"), ("password-change", "/password/"),
        ("calendar", "/publications/calendar/"), ("metrics-import", "/publications/metrics-import/"),
        ("disclosure-rules", "/trust/disclosure-rules/"), ("notifications", "/notifications/"),
        ("notification-preferences", "/notifications/preferences/"),
    ]  # fmt: skip
    admin = [("api-tokens", "/settings/tokens/")]
    portal = [
        ("portal-home", "/portal/"), ("portal-campaign", f"/portal/campaigns/{s.campaign_a.uuid}/"),
        ("portal-deliverable", f"/portal/deliverables/{s.review_a.uuid}/"),
        ("portal-invoices", "/portal/invoices/"), ("portal-invoice", f"/portal/invoices/{s.invoice.uuid}/"),
        ("portal-notifications", "/notifications/"),
    ]  # fmt: skip
    return {"staff": agency, "admin": admin, "client-a": portal}


def test_every_page_fits_a_phone_and_is_captured_at_both_widths(
    studio, agency_admin, agency_staff, client_a, browser, live_server
):
    """No page may scroll sideways at 390 px; each page is saved at desktop and phone width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = []
    for username, pages in _pages(studio).items():
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        login(page, username)
        for name, path in pages:
            response = page.goto(path)
            assert response.status == 200, (path, response.status)
            page.screenshot(path=str(SCREENSHOTS / f"all-{name}.png"), full_page=True)
            page.set_viewport_size(PHONE)
            overflow = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if overflow[0] > overflow[1]:
                culprits = page.evaluate(
                    """() => {
                        const edge = document.documentElement.clientWidth + 1;
                        return [...document.querySelectorAll('body *')]
                            .filter(e => e.getBoundingClientRect().right > edge).slice(0, 3)
                            .map(e => `${e.tagName}.${e.className}`);
                    }"""
                )
                wide.append((path, overflow, culprits))
            page.screenshot(path=str(SCREENSHOTS / f"all-{name}-phone.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
        context.close()
    assert wide == []


def test_destructive_actions_ask_first(studio, agency_staff, page):
    from personas.models import ReferenceImage
    from tests.factories import ReferenceImageFactory

    spare = ReferenceImageFactory(persona=studio.persona, is_primary=False)
    login(page, "staff")
    messages = []
    page.on("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))

    page.goto(f"/deliverables/{studio.planned.uuid}/")
    page.get_by_role("button", name="Cancel deliverable").click()
    page.goto(f"/personas/{studio.persona.uuid}/")
    page.locator(f'form[action$="/images/{spare.uuid}/delete/"] button').click()
    page.goto(f"/invoices/{studio.invoice.uuid}/")
    page.get_by_role("button", name="Void invoice").click()
    page.goto(f"/jobs/{studio.job.uuid}/")  # a finished render has nothing to cancel
    expect(page.get_by_role("button", name="Cancel render")).to_have_count(0)

    assert messages == [
        "Cancel A planned reel? A cancelled deliverable cannot be reopened.",
        "Delete this reference image? This cannot be undone.",
        f"Void {studio.invoice.number}? A void invoice cannot be issued or paid.",
    ]
    studio.planned.refresh_from_db()
    studio.invoice.refresh_from_db()
    assert studio.planned.status == "planned" and studio.invoice.status == "issued"
    assert ReferenceImage.objects.filter(pk=spare.pk).exists()
