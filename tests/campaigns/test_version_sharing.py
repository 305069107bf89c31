"""Versions reach a brand only when staff share them; a brand approves the version it saw; sending work
back to the client with nothing new needs a reason."""

import pytest
from django.test import Client

from campaigns.models import DeliverableStatus as S
from generation.models import GenerationJob
from tests.campaigns.conftest import deliverable_in
from tests.factories import CampaignFactory, GenerationJobFactory

pytestmark = pytest.mark.django_db


def _render(deliverable, number, **fields):
    """A finished version that nobody has shared yet, as the worker leaves it."""
    return GenerationJobFactory(deliverable=deliverable, version_number=number, shared_at=None, **fields)


@pytest.fixture
def reviewed(brand_a, admin_api, client_a_api):
    """Version 1 shared and reviewed: the brand asked for changes."""
    deliverable = deliverable_in(S.INTERNAL_REVIEW, campaign=CampaignFactory(brand=brand_a))
    first = _render(deliverable, 1, duration_seconds=4.0)
    url = f"/api/deliverables/{deliverable.uuid}"
    sent = admin_api.post(f"{url}/transition/", {"to_status": "client_review", "client_note": "First cut"})
    assert sent.status_code == 200, sent.content
    assert client_a_api.post(f"{url}/request-changes/", {"comment": "Warmer light"}).status_code == 200
    return deliverable, first, url


def _seen_versions(api, url):
    return [v["version_number"] for v in api.get(f"{url}/versions/").json()["results"]]


def test_sharing_records_who_when_the_note_and_the_post_as_it_was(reviewed, agency_admin):
    deliverable, first, _ = reviewed
    first.refresh_from_db()
    assert first.shared_at is not None and first.shared_by == agency_admin
    assert first.client_note == "First cut"
    assert first.shared_post == {
        "caption": "Summer drop",
        "hashtags": ["summer", "ad", "aigenerated"],
        "disclosure_text": deliverable.disclosure_text,
    }
    note = deliverable.status_changes.get(to_status=S.CLIENT_REVIEW).note
    assert note == "Shared version 1 with the client."


def test_a_new_render_stays_internal_until_it_is_shared(reviewed, admin_api, client_a_api, client_a):
    deliverable, first, url = reviewed
    second = _render(
        deliverable, 2, duration_seconds=5.0, parameters={**first.parameters, "steps": 20, "seed": 8}
    )
    assert _seen_versions(client_a_api, url) == [1]
    assert client_a_api.get(f"/api/generation-jobs/{second.uuid}/").status_code == 404
    portal = Client()
    portal.force_login(client_a)
    page = portal.get(f"/portal/deliverables/{deliverable.uuid}/").content.decode()
    assert "Version 1" in page and "Version 2" not in page

    assert admin_api.post(f"{url}/transition/", {"to_status": "internal_review"}).status_code == 200
    deliverable.caption = "Summer drop, warmer"
    deliverable.save()
    sent = admin_api.post(
        f"{url}/transition/", {"to_status": "client_review", "client_note": "Warmer grade as asked"}
    )
    assert sent.status_code == 200, sent.content
    assert _seen_versions(client_a_api, url) == [1, 2]

    page = portal.get(f"/portal/deliverables/{deliverable.uuid}/").content.decode()
    assert "<strong>From the agency:</strong> Warmer grade as asked" in page
    assert "Compare with version 1" in page and page.count("data-compare-video") == 2
    assert '<th scope="row">Caption</th><td>Summer drop</td><td>Summer drop, warmer</td>' in page
    assert '<th scope="row">Duration</th><td>4.0 s</td><td>5.0 s</td>' in page
    # Render settings under the form's labels, only those that changed.
    assert '<th scope="row">Denoising steps</th><td>10</td><td>20</td>' in page
    assert '<th scope="row">Seed</th><td>7</td><td>8</td>' in page and ">Width<" not in page
    assert f'name="version" value="{second.uuid}"' in page and "Approve version 2" in page


def test_sending_back_without_a_new_version_needs_a_reason(reviewed, admin_api, agency_admin):
    deliverable, _, url = reviewed
    assert admin_api.post(f"{url}/transition/", {"to_status": "internal_review"}).status_code == 200
    staff = Client()
    staff.force_login(agency_admin)
    page = staff.get(f"/deliverables/{deliverable.uuid}/").content.decode()
    assert "The client has seen every rendered version" in page and 'name="resend_reason"' in page

    refused = admin_api.post(f"{url}/transition/", {"to_status": "client_review"})
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "no_new_version" and "Version 1 was already shared" in str(body)
    deliverable.refresh_from_db()
    assert deliverable.status == S.INTERNAL_REVIEW

    posted = staff.post(f"/deliverables/{deliverable.uuid}/status/", {"to_status": "client_review"})
    assert posted.status_code == 400 and "give a reason" in posted.content.decode()
    posted = staff.post(
        f"/deliverables/{deliverable.uuid}/status/",
        {"to_status": "client_review", "resend_reason": "Only the caption changed"},
    )
    assert posted.status_code == 302
    assert deliverable.status_changes.latest("created_at").note == (
        "Sent to client review without a new version: Only the caption changed"
    )


def test_the_brand_approves_the_version_it_saw(reviewed, admin_api, client_a_api):
    deliverable, first, url = reviewed
    assert admin_api.post(f"{url}/transition/", {"to_status": "internal_review"}).status_code == 200
    second = _render(deliverable, 2)
    assert admin_api.post(f"{url}/transition/", {"to_status": "client_review"}).status_code == 200

    stale = client_a_api.post(f"{url}/approve/", {"version": str(first.uuid)})
    assert stale.status_code == 400 and stale.json()["code"] == "version_not_under_review"
    assert "version 2 is" in str(stale.json())
    unknown = client_a_api.post(f"{url}/approve/", {"version": "not-a-uuid"})
    assert unknown.status_code == 400
    deliverable.refresh_from_db()
    assert deliverable.status == S.CLIENT_REVIEW

    approved = client_a_api.post(f"{url}/approve/", {"version": str(second.uuid)})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.approved_at is not None and second.approved_by.brand == deliverable.campaign.brand
    assert first.approved_at is None
    assert deliverable.status_changes.latest("created_at").note == "Approved version 2."


def test_the_portal_approve_button_approves_the_shown_version(reviewed, admin_api, client_a):
    deliverable, _, url = reviewed
    assert admin_api.post(f"{url}/transition/", {"to_status": "internal_review"}).status_code == 200
    second = _render(deliverable, 2)
    assert admin_api.post(f"{url}/transition/", {"to_status": "client_review"}).status_code == 200
    portal = Client()
    portal.force_login(client_a)
    portal.post(f"/portal/deliverables/{deliverable.uuid}/approve/", {"version": str(second.uuid)})
    assert GenerationJob.objects.get(pk=second.pk).approved_at is not None
    deliverable.refresh_from_db()
    assert deliverable.status == S.APPROVED


def test_publishing_takes_the_approved_version_by_default(reviewed, admin_api, client_a_api):
    from publishing.services.publications import _version_to_publish

    deliverable, first, url = reviewed
    assert admin_api.post(f"{url}/transition/", {"to_status": "internal_review"}).status_code == 200
    second = _render(deliverable, 2)
    assert admin_api.post(f"{url}/transition/", {"to_status": "client_review"}).status_code == 200
    assert client_a_api.post(f"{url}/approve/", {"version": str(second.uuid)}).status_code == 200
    _render(deliverable, 3)  # rendered after approval, never shown to the brand
    assert _version_to_publish(deliverable=deliverable, job=None) == second
