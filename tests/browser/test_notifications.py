"""Notifications in Chromium: the agency's send-for-review reaches the brand, the brand's change
request reaches the agency, each through the unread count in the navigation and the list."""

import pytest
from playwright.sync_api import expect

from notifications.models import Notification, NotificationKind
from tests.browser.conftest import DESKTOP, login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_review_request_reaches_the_brand_and_their_change_request_reaches_staff(
    client_a, agency_staff, studio, browser, live_server
):
    brand = browser.new_context(viewport=DESKTOP, base_url=live_server.url).new_page()
    login(brand, "client-a")
    # The studio fixture sent "A review reel" to client review once brand A had a portal user.
    brand.get_by_role("link", name="Notifications").filter(has=brand.get_by_label("1 unread")).click()
    brand.get_by_role("button", name="new A review reel is ready for your review").click()
    expect(brand).to_have_url(f"{live_server.url}/portal/deliverables/{studio.review_a.uuid}/")
    expect(brand.get_by_label("1 unread")).to_have_count(0)  # opening it marked it read

    brand.get_by_role("button", name="Request changes").click()
    brand.get_by_label("What should change?").fill("Warmer light in the last shot")
    brand.get_by_role("button", name="Request changes").click()
    expect(brand.get_by_text("Your change request was sent to the agency.")).to_be_visible()
    brand.context.close()

    staff = browser.new_context(viewport=DESKTOP, base_url=live_server.url).new_page()
    login(staff, "staff")
    staff.get_by_role("link", name="Notifications").filter(has=staff.get_by_label("1 unread")).click()
    item = staff.locator(".notifications li.unread")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Changes requested on A review reel")
    expect(item).to_contain_text("Warmer light in the last shot")
    screenshot(staff, "notifications-staff")
    item.get_by_role("button").click()
    expect(staff).to_have_url(f"{live_server.url}/deliverables/{studio.review_a.uuid}/")
    expect(staff.get_by_label("1 unread")).to_have_count(0)
    staff.context.close()

    seen = Notification.objects.get(user=agency_staff, kind=NotificationKind.CHANGES_REQUESTED)
    assert seen.read_at is not None
    assert not Notification.objects.filter(user=client_a, read_at__isnull=True).exists()
