"""The generate page and a running render in Chromium: thumbnails keep their shape, the estimate
follows the preset and the typed values, progress says each thing once, cancelling asks first."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from generation.models import GenerationJob
from tests.browser.conftest import login, screenshot
from tests.browser.test_studio_flows import field
from tests.factories import GenerationJobFactory, ReferenceImageFactory, _content_file, _png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_picker_keeps_thumbnail_shape_and_the_estimate_follows_the_preset(studio, agency_staff, page):
    ReferenceImageFactory(
        persona=studio.persona, is_primary=False, image=_content_file(_png_bytes((200, 200)), "square.png")
    )
    # One timed draft (15.73 work units in 157 s): 10 s a unit on this studio's workers.
    GenerationJob.objects.filter(pk=studio.job.pk).update(gpu_seconds=157.2864)
    login(page, "staff")
    page.goto("/generate/")

    boxes = page.locator(".image-picker img").evaluate_all(
        "images => images.map(i => [i.getBoundingClientRect().width, i.getBoundingClientRect().height,"
        " getComputedStyle(i).objectFit])"
    )
    assert len(boxes) == 2
    for width, height, fit in boxes:  # a square photo is cropped to the card, never stretched
        assert height == pytest.approx(width * 1.5, abs=1) and fit == "cover"

    estimate = page.locator("[data-estimate]")
    expect(estimate).to_have_text(
        "Estimated time on this studio's workers: about 39 min (measured from recent renders). "
        "Cancelling takes effect at the next denoising step."
    )
    page.locator("label.pick, label.check").filter(has_text="Draft").click()
    expect(estimate).to_contain_text("about 3 min")
    page.get_by_label(field("Denoising steps")).fill("20")  # 16 x 20 x 256 x 384 = 31.46 units
    expect(estimate).to_contain_text("about 5 min")
    screenshot(page, "generate-estimate")


def test_running_render_says_each_thing_once_and_cancel_asks_first(studio, agency_staff, page):
    job = GenerationJobFactory(
        status="running",
        message="Denoising",
        current_step=3,
        total_steps=10,
        progress=30,
        started_at=timezone.now() - timedelta(seconds=30),
        finished_at=None,
    )
    login(page, "staff")
    page.goto(f"/jobs/{job.uuid}/")
    status = page.locator("[data-job-status]")
    # About 10 s a step so far, 7 steps to go.
    expect(status).to_have_text(
        re.compile(r"^Denoising · step 3 of 10 · 0:3\d elapsed · about 1:[1-2]\d left$")
    )

    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Cancel render").click()
    assert dialogs == ["Cancel this render? A running render stops at its next denoising step."]
    job.refresh_from_db()
    assert job.cancel_requested_at is None

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel render").click()
    expect(status).to_contain_text("Cancelling at the next denoising step")
    job.refresh_from_db()
    assert job.cancel_requested_at is not None and job.status == "running"
