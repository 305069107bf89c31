"""Internal review notes never reach the brand: each comment is internal or shared, chosen explicitly,
internal by default while the brand cannot see the work."""

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import DeliverableComment, DeliverableStatus
from campaigns.services.deliverables import deliverable_comment_add, deliverable_transition
from influencer_platform.common.errors import ServiceError
from tests.factories import DeliverableFactory

pytestmark = pytest.mark.django_db
S = DeliverableStatus


@pytest.fixture
def in_internal_review(brand_a):
    deliverable = DeliverableFactory(campaign__brand=brand_a, status=S.INTERNAL_REVIEW)
    return deliverable


def test_a_note_from_internal_review_stays_internal_after_the_brand_gets_the_work(
    in_internal_review, agency_staff, client_a, client_a_api, staff_api
):
    url = f"/api/deliverables/{in_internal_review.uuid}/comments/"
    created = staff_api.post(url, {"body": "Hands look wrong in frame 40"}, format="json")
    assert created.status_code == 201 and created.json()["visibility"] == "internal"
    deliverable_transition(deliverable=in_internal_review, to_status=S.CLIENT_REVIEW, user=agency_staff)
    shared = staff_api.post(url, {"body": "Here is the first cut", "visibility": "shared"}, format="json")
    assert shared.status_code == 201
    default_now = staff_api.post(url, {"body": "Defaults to shared in client review"}, format="json")
    assert default_now.json()["visibility"] == "shared"
    brand_sees = [row["body"] for row in client_a_api.get(url).json()["results"]]
    assert brand_sees == ["Here is the first cut", "Defaults to shared in client review"]
    agency_sees = [row["body"] for row in staff_api.get(url).json()["results"]]
    assert agency_sees[0] == "Hands look wrong in frame 40" and len(agency_sees) == 3
    page = Client()
    page.force_login(client_a)
    body = page.get(reverse("portal:deliverable", args=[in_internal_review.uuid])).content.decode()
    assert "Here is the first cut" in body and "Hands look wrong" not in body


def test_brand_comments_are_always_shared(in_internal_review, agency_staff, client_a, client_a_api):
    deliverable_transition(deliverable=in_internal_review, to_status=S.CLIENT_REVIEW, user=agency_staff)
    url = f"/api/deliverables/{in_internal_review.uuid}/comments/"
    refused = client_a_api.post(url, {"body": "secret?", "visibility": "internal"}, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "visibility"
    assert client_a_api.post(url, {"body": "Love it"}, format="json").json()["visibility"] == "shared"
    assert list(DeliverableComment.objects.values_list("body", flat=True)) == ["Love it"]


def test_an_unknown_visibility_is_refused(in_internal_review, agency_staff):
    with pytest.raises(ServiceError) as error:
        deliverable_comment_add(
            deliverable=in_internal_review, user=agency_staff, body="x", visibility="public"
        )
    assert error.value.field == "visibility" and not DeliverableComment.objects.exists()
