"""Staff share a new version with a note; the brand sees only shared versions, compares, and approves
the version on its screen."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from campaigns.models import DeliverableStatus
from campaigns.services.deliverables import deliverable_request_changes, deliverable_transition
from generation.models import GenerationJob
from tests.browser.conftest import login, screenshot
from tests.factories import GenerationJobFactory
from tests.publishing.conftest import mp4_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_shared_version_is_the_only_new_one_the_brand_sees_and_approves(
    studio, agency_admin, agency_staff, client_a, page
):
    deliverable = studio.review_a
    deliverable_request_changes(deliverable=deliverable, user=client_a, comment="Warmer light")
    second = GenerationJobFactory(
        reference_image=studio.image,
        deliverable=deliverable,
        version_number=2,
        shared_at=None,
        video=ContentFile(mp4_bytes(frames=16, size=(128, 192)), name="v2.mp4"),
        duration_seconds=2.0,
    )

    login(page, "client-a")
    page.goto(f"/portal/deliverables/{deliverable.uuid}/")
    expect(page.get_by_role("heading", name="Version 1")).to_be_visible()
    expect(page.locator(f'video[data-version="{second.uuid}"]')).to_have_count(0)
    deliverable_transition(
        deliverable=deliverable, to_status=DeliverableStatus.INTERNAL_REVIEW, user=agency_admin
    )

    page.context.clear_cookies()
    login(page, "staff")
    page.goto(f"/deliverables/{deliverable.uuid}/")
    expect(page.get_by_text("Sending to client review shares version 2 with the brand")).to_be_visible()
    page.get_by_label("Note to the client").fill("Warmer grade, as asked")
    page.get_by_role("button", name="Send to client review").click()
    expect(page.get_by_text("Shared version 2 with the client.")).to_be_visible()

    page.context.clear_cookies()
    login(page, "client-a")
    page.goto(f"/portal/deliverables/{deliverable.uuid}/")
    expect(page.get_by_role("heading", name="Version 2")).to_be_visible()
    expect(page.get_by_text("Warmer grade, as asked")).to_be_visible()
    page.get_by_text("Compare with version 1").click()
    expect(page.locator("[data-compare-video]")).to_have_count(2)
    screenshot(page, "portal-version-compare", phone=False)
    page.get_by_role("button", name="Approve version 2").click()
    expect(page.get_by_text("Approved. Thank you!")).to_be_visible()
    second = GenerationJob.objects.get(pk=second.pk)
    assert second.approved_at is not None and second.approved_by == client_a
    assert GenerationJob.objects.get(pk=studio.job.pk).approved_at is None
