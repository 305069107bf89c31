"""A brand pins a comment to a moment of the video in the portal; staff open it at that frame."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from campaigns.models import DeliverableComment
from tests.browser.conftest import login, screenshot
from tests.factories import GenerationJobFactory
from tests.publishing.conftest import mp4_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_timecoded_comment_made_by_the_brand_opens_at_its_frame_for_staff(
    studio, agency_staff, client_a, page
):
    version = GenerationJobFactory(
        reference_image=studio.image,
        deliverable=studio.review_a,
        version_number=2,
        video=ContentFile(mp4_bytes(frames=24, size=(128, 192)), name="render.mp4"),
        duration_seconds=3.0,
    )
    login(page, "client-a")
    page.goto(f"/portal/deliverables/{studio.review_a.uuid}/")
    video = page.locator(f'video[data-version="{version.uuid}"]')
    expect(video).to_be_visible()
    # Move the playhead to 1.5 s (as dragging the timeline does), then press C while watching.
    video.evaluate(
        """v => new Promise(done => {
            const go = () => {
                v.addEventListener('seeked', () => done(), {once: true});
                v.currentTime = 1.5;
            };
            v.readyState >= 1 ? go() : v.addEventListener('loadedmetadata', go, {once: true});
        })"""
    )
    video.focus()
    page.keyboard.press("c")
    expect(page.get_by_label("At second")).to_have_value("1.50")
    expect(page.get_by_text("Pinned to version 2 at 00:01.5.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Comment")).to_be_focused()
    page.keyboard.type("The turn is too fast here")
    # Draw a box on the paused frame: from a quarter to three quarters across, top half down.
    page.get_by_role("button", name="Draw a box on the frame").click()
    layer = page.locator(".draw-layer")
    layer.scroll_into_view_if_needed()
    box = layer.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.1)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.3, steps=4)
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.5, steps=4)
    page.mouse.up()
    region = [float(v) for v in page.locator("[data-region]").input_value().split(",")]
    assert [round(v, 2) for v in region] == [0.25, 0.1, 0.5, 0.4]
    screenshot(page, "portal-timecoded-comment", phone=False)
    page.get_by_role("button", name="Add comment").click()
    comment = DeliverableComment.objects.get(body="The turn is too fast here")
    assert (comment.job_id, comment.timecode_seconds) == (version.id, Decimal("1.500"))
    assert round(comment.region_x, 2) == 0.25 and round(comment.region_height, 2) == 0.4
    expect(page.get_by_role("button", name="Play version 2 from 00:01.5")).to_be_visible()
    expect(page.get_by_alt_text("The frame at 00:01.5")).to_be_visible()

    page.context.clear_cookies()
    login(page, "staff")
    page.goto(f"/deliverables/{studio.review_a.uuid}/")
    page.get_by_role("button", name="Play version 2 from 00:01.5").click()
    staff_video = page.locator(f'video[data-version="{version.uuid}"]')
    page.wait_for_function(
        "v => Math.abs(v.currentTime - 1.5) < 0.01 && v.paused && !v.seeking",
        arg=staff_video.element_handle(),
    )
    expect(staff_video).to_be_focused()
    expect(page.locator(".draw-layer.shown .region")).to_be_visible()  # the box outlined on the frame
