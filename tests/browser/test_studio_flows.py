"""End-to-end flows in Chromium: agency staff, brand clients, and a real render through a Celery worker."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from campaigns.models import DeliverableStatus
from generation.demo_assets import drawn_character
from personas.models import Persona
from tests.browser.conftest import PHONE, login, screenshot
from tests.factories import DeliverableFactory
from tests.generation.conftest import motion_create
from tests.pages.conftest import walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def field(label: str) -> re.Pattern:
    """A form field's label exactly (Django adds a colon)."""
    return re.compile(f"^{re.escape(label)}:?$")


def character_png(tmp_path: Path, variant: int = 0) -> Path:
    path = tmp_path / f"character-{variant}.png"
    drawn_character(variant=variant).resize((128, 192)).save(path, format="PNG")
    return path


def drop_file(page, selector: str, path: Path, mime: str = "image/png") -> None:
    """Dispatch a real drop event carrying the file, as a user dragging from the desktop would."""
    data = list(path.read_bytes())
    page.evaluate(
        """([selector, bytes, name, mime]) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([new Uint8Array(bytes)], name, { type: mime }));
            const zone = document.querySelector(selector);
            const init = { dataTransfer: transfer, bubbles: true, cancelable: true };
            zone.dispatchEvent(new DragEvent("dragover", init));
            zone.dispatchEvent(new DragEvent("drop", init));
        }""",
        [selector, data, path.name, mime],
    )


@pytest.mark.worker
@pytest.mark.slow
def test_staff_creates_persona_with_image_and_watches_a_render_finish(worker, agency_staff, page, tmp_path):
    motion = motion_create(name="Wave")
    login(page, "staff")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")

    # Create a persona with its first image.
    page.get_by_role("link", name="Personas").click()
    expect(page.get_by_role("link", name="Personas")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="New persona").click()
    page.get_by_label("Name").fill("Nova Lane")
    page.get_by_label("Handle").fill("nova.lane")
    page.get_by_label("Status").select_option("active")
    page.get_by_label("Personality").fill("bold, witty")
    page.get_by_label("Never-do topics").fill("politics\ngambling")
    page.get_by_label("First reference image").set_input_files(str(character_png(tmp_path)))
    page.get_by_role("button", name="Create persona").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nova Lane")
    persona = Persona.objects.get(handle="nova.lane")
    assert persona.images.count() == 1
    expect(page.get_by_role("img", name=re.compile("Nova Lane, full body \\(primary\\)"))).to_be_visible()

    # A second image, dragged and dropped onto the gallery.
    drop_file(page, "[data-dropzone-target]", character_png(tmp_path, variant=1))
    expect(page.get_by_text("Image uploaded.")).to_be_visible()
    assert persona.images.count() == 2
    screenshot(page, "persona-detail")

    # Generate: pick the primary image and the motion, the draft preset with tiny overrides.
    page.get_by_role("link", name="Generate a video").click()
    page.locator(f'input[name="reference_image"][value="{persona.images.get(is_primary=True).uuid}"]').check()
    page.get_by_label(field("Motion")).select_option(str(motion.uuid))
    page.get_by_label("Draft: small and fast").check()
    for name, value in {"Width": "64", "Height": "64", "Frames": "4", "Denoising steps": "2", "Seed": "7",
                        "Context frames": "4", "Context overlap": "1"}.items():  # fmt: skip
        page.get_by_label(field(name)).fill(value)
    screenshot(page, "generate", phone=False)
    page.get_by_role("button", name="Start render").click()

    # The progress bar updates without a reload, then the finished video plays inline.
    status = page.get_by_role("status")
    expect(status).to_be_visible()
    expect(page.locator("progress")).to_be_visible()
    page.evaluate("window.__sameDocument = true")
    expect(page.locator("[data-poll-job]")).to_have_attribute("data-polls", re.compile(r"^[1-9]"))
    expect(status).to_contain_text(re.compile(r"step \d+ of 2 · \d+:\d\d elapsed"), timeout=60_000)
    assert page.evaluate("window.__sameDocument") is True  # updated in place, not by reloading
    screenshot(page, "job-running", phone=False)
    video = page.locator("video[data-result-video]")
    expect(video).to_be_visible(timeout=150_000)
    expect(video).to_have_attribute("poster", re.compile(r"/(ranged-)?media/renders/.+"))
    expect(page.locator("[data-job-badge]")).to_have_text("Succeeded")
    assert page.request.get(video.get_attribute("src")).status == 200
    expect(page.get_by_role("table").filter(has_text="guidance_scale")).to_be_visible()
    screenshot(page, "job-finished")

    # Re-run prefilled with the same parameters.
    page.get_by_role("link", name="Re-run with changes").click()
    expect(page.get_by_label(field("Seed"))).to_have_value("7")
    expect(page.get_by_label(field("Denoising steps"))).to_have_value("2")


def test_staff_moves_a_deliverable_to_client_review(studio, agency_admin, agency_staff, page):
    deliverable = DeliverableFactory(campaign=studio.campaign_a, persona=studio.persona, title="Autumn reel")
    walk(deliverable, [DeliverableStatus.IN_PRODUCTION, DeliverableStatus.INTERNAL_REVIEW], agency_admin)
    login(page, "staff")
    screenshot(page, "dashboard")
    page.get_by_role("link", name="Deliverables").click()
    column = page.get_by_role("region", name=re.compile("^Internal review"))
    expect(column.get_by_role("link", name="Autumn reel")).to_be_visible()
    screenshot(page, "deliverable-board")
    column.get_by_role("link", name="Autumn reel").click()
    page.get_by_role("textbox", name="Note:", exact=True).fill("Ready for Brand A")
    page.get_by_role("button", name="Send to client review").click()
    expect(page.get_by_text("Deliverable is now client review.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Client review")
    deliverable.refresh_from_db()
    assert deliverable.status == "client_review"
    expect(page.get_by_text("Ready for Brand A")).to_be_visible()

    page.goto(f"/deliverables/{studio.review_a.uuid}/")
    expect(page.locator("video")).to_have_count(1)
    screenshot(page, "deliverable-detail")
    for path, name in (("/earnings/", "earnings"), (f"/invoices/{studio.invoice.uuid}/", "invoice"),
                       ("/personas/", "personas"), ("/motions/", "motions")):  # fmt: skip
        page.goto(path)
        screenshot(page, name)


def test_brand_client_approves_one_requests_changes_on_another_and_cannot_see_other_brands(
    studio, agency_admin, client_a, page
):
    second = DeliverableFactory(campaign=studio.campaign_a, persona=studio.persona, title="A second reel")
    to_review = [
        DeliverableStatus.IN_PRODUCTION,
        DeliverableStatus.INTERNAL_REVIEW,
        DeliverableStatus.CLIENT_REVIEW,
    ]
    walk(second, to_review, agency_admin)
    page.set_viewport_size(PHONE)
    login(page, "client-a")
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.get_by_role("link", name="Overview")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Generate")).to_have_count(0)
    expect(page.get_by_text("B review reel")).to_have_count(0)
    screenshot(page, "portal-home", phone=False)

    page.get_by_role("link", name="A review reel").click()
    expect(page.locator("video")).to_have_attribute("poster", re.compile(r"/(ranged-)?media/"))
    expect(page.get_by_text("#summer")).to_be_visible()
    screenshot(page, "portal-review-phone", phone=False)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("Approved. Thank you!")).to_be_visible()
    studio.review_a.refresh_from_db()
    assert studio.review_a.status == "approved"

    page.goto("/portal/")
    page.get_by_role("link", name="A second reel").click()
    expect(page.get_by_text("2 remaining")).to_be_visible()
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Say what should change")).to_be_visible()
    page.get_by_label("What should change?").fill("Warmer light in the last shot")
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Your change request was sent to the agency.")).to_be_visible()
    expect(page.get_by_text("Warmer light in the last shot")).to_be_visible()
    second.refresh_from_db()
    assert (second.status, second.revision_rounds_used) == ("changes_requested", 1)

    response = page.goto(f"/portal/deliverables/{studio.review_b.uuid}/")
    assert response.status == 404
    assert page.goto(f"/deliverables/{studio.review_a.uuid}/").status == 404
    screenshot(page, "portal-404", phone=False)
