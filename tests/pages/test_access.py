"""Who may open which page: agency pages 404 for brand clients, portal pages only show one's own brand."""

import pytest
from django.urls import reverse

AGENCY_PAGES = [
    ("home", None),
    ("personas:list", None),
    ("personas:create", None),
    ("personas:detail", "persona"),
    ("personas:edit", "persona"),
    ("campaigns:brand-list", None),
    ("campaigns:brand-create", None),
    ("campaigns:brand-detail", "brand"),
    ("campaigns:brand-edit", "brand"),
    ("campaigns:campaign-list", None),
    ("campaigns:campaign-create", None),
    ("campaigns:campaign-detail", "campaign_a"),
    ("campaigns:campaign-edit", "campaign_a"),
    ("campaigns:deliverable-create", "campaign_a"),
    ("campaigns:deliverable-board", None),
    ("campaigns:deliverable-detail", "review_a"),
    ("campaigns:deliverable-edit", "review_a"),
    ("campaigns:invoice-list", None),
    ("campaigns:invoice-detail", "invoice"),
    ("campaigns:invoice-print", "invoice"),
    ("campaigns:earnings", None),
    ("generation:motion-list", None),
    ("generation:motion-upload", None),
    ("generation:motion-detail", "motion"),
    ("generation:motion-status", "motion"),
    ("generation:generate", None),
    ("generation:job-list", None),
    ("generation:job-detail", "job"),
    ("generation:job-progress", "job"),
]


def _url(name, attr, studio):
    if attr is None:
        return reverse(name)
    obj = studio.campaign_a.brand if attr == "brand" else getattr(studio, attr)
    return reverse(name, args=[obj.uuid])


@pytest.mark.parametrize(("name", "attr"), AGENCY_PAGES)
def test_agency_pages_open_for_staff_and_404_for_brand_clients(
    studio, staff, brand_a_client, client, name, attr
):
    url = _url(name, attr, studio)
    assert staff.get(url).status_code == 200
    if name == "home":
        assert brand_a_client.get(url).url == reverse("portal:home")
    else:
        assert brand_a_client.get(url).status_code == 404
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("login"))


def test_csv_exports_are_agency_only(studio, staff, brand_a_client):
    url = reverse("campaigns:earnings-csv", args=["brand"])
    assert staff.get(url).status_code == 200
    assert brand_a_client.get(url).status_code == 404


def test_agency_posts_404_for_brand_clients_and_change_nothing(studio, brand_a_client):
    url = reverse("campaigns:deliverable-transition", args=[studio.review_a.uuid])
    assert brand_a_client.post(url, {"to_status": "approved"}).status_code == 404
    studio.review_a.refresh_from_db()
    assert studio.review_a.status == "client_review"
    assert brand_a_client.post(reverse("generation:job-cancel", args=[studio.job.uuid])).status_code == 404


PORTAL_PAGES = [
    ("portal:home", None),
    ("portal:campaign", "campaign_a"),
    ("portal:deliverable", "review_a"),
    ("portal:invoice-list", None),
    ("portal:invoice", "invoice"),
]


@pytest.mark.parametrize(("name", "attr"), PORTAL_PAGES)
def test_portal_pages_open_for_their_brand_only(
    studio, brand_a_client, brand_b_client, staff, client, name, attr
):
    url = _url(name, attr, studio)
    assert brand_a_client.get(url).status_code == 200
    assert staff.get(url).status_code == 404
    assert client.get(url).status_code == 302
    if attr is not None:
        assert brand_b_client.get(url).status_code == 404


def test_login_lands_brand_clients_on_the_portal_and_agency_on_the_dashboard(client, client_a, agency_staff):
    response = client.post(
        reverse("login"), {"username": "client-a", "password": "pass-word-123"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal:home")
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "staff", "password": "pass-word-123"}, follow=True)
    assert response.request["PATH_INFO"] == reverse("home")
    assert b"Due this week" in response.content
