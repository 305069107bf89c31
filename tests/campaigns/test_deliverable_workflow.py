from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Deliverable, DeliverableComment, DeliverableStatus, DeliverableStatusChange
from campaigns.services.deliverables import (
    DELIVERABLE_TRANSITIONS,
    deliverable_approve,
    deliverable_comment_add,
    deliverable_request_changes,
    deliverable_transition,
)
from campaigns.services.errors import ForbiddenAction
from influencer_platform.common.errors import ServiceError
from tests.campaigns.conftest import deliverable_in
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db
S = DeliverableStatus

ILLEGAL = [(a, b) for a in S.values for b in S.values if b not in DELIVERABLE_TRANSITIONS[a]]
LEGAL = [(a, b) for a in S.values for b in DELIVERABLE_TRANSITIONS[a] if b != S.CHANGES_REQUESTED]
EXTRAS = {
    S.SCHEDULED: {"scheduled_for": timezone.now() + timedelta(days=2)},
    S.PUBLISHED: {"published_url": "https://instagram.com/p/abc"},
}


def test_table_matches_the_issue():
    assert DELIVERABLE_TRANSITIONS[S.CHANGES_REQUESTED] == {S.IN_PRODUCTION, S.INTERNAL_REVIEW, S.CANCELLED}
    assert all(
        S.CANCELLED in DELIVERABLE_TRANSITIONS[s] for s in S.values if s not in (S.PUBLISHED, S.CANCELLED)
    )
    assert DELIVERABLE_TRANSITIONS[S.PUBLISHED] == frozenset()


@pytest.mark.parametrize(("from_status", "to_status"), ILLEGAL)
def test_every_illegal_transition_is_refused_and_nothing_changes(agency_admin, from_status, to_status):
    deliverable = deliverable_in(from_status)
    before = Deliverable.objects.values().get(pk=deliverable.pk)
    with pytest.raises(ServiceError) as error:
        deliverable_transition(
            deliverable=deliverable, to_status=to_status, user=agency_admin, **EXTRAS.get(to_status, {})
        )
    assert error.value.code == "illegal_transition"
    allowed = ", ".join(sorted(DELIVERABLE_TRANSITIONS[from_status])) or "none (final state)"
    assert (
        error.value.message
        == f"Cannot move deliverable from {from_status} to {to_status}; allowed: {allowed}."
    )
    assert Deliverable.objects.values().get(pk=deliverable.pk) == before
    assert not DeliverableStatusChange.objects.exists()


@pytest.mark.parametrize(("from_status", "to_status"), LEGAL)
def test_every_legal_transition_is_recorded(agency_staff, from_status, to_status):
    deliverable = deliverable_in(from_status)
    deliverable_transition(
        deliverable=deliverable,
        to_status=to_status,
        user=agency_staff,
        note="go",
        **EXTRAS.get(to_status, {}),
    )
    assert deliverable.status == to_status
    change = DeliverableStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by, change.note) == (
        from_status,
        to_status,
        agency_staff,
        "go",
    )


def test_changes_requested_only_through_request_changes(agency_staff):
    deliverable = deliverable_in(S.CLIENT_REVIEW)
    with pytest.raises(ServiceError) as error:
        deliverable_transition(deliverable=deliverable, to_status=S.CHANGES_REQUESTED, user=agency_staff)
    assert error.value.code == "use_request_changes"


def test_scheduling_and_publishing_need_their_data(agency_staff):
    approved = deliverable_in(S.APPROVED)
    with pytest.raises(ServiceError) as error:
        deliverable_transition(deliverable=approved, to_status=S.SCHEDULED, user=agency_staff)
    assert error.value.code == "scheduled_for_required"
    scheduled = deliverable_in(S.SCHEDULED)
    with pytest.raises(ServiceError) as error:
        deliverable_transition(deliverable=scheduled, to_status=S.PUBLISHED, user=agency_staff)
    assert error.value.code == "published_url_required"
    assert scheduled.status == S.SCHEDULED
    deliverable_transition(
        deliverable=scheduled,
        to_status=S.PUBLISHED,
        user=agency_staff,
        published_url="https://tiktok.com/v/1",
    )
    assert scheduled.published_url == "https://tiktok.com/v/1" and scheduled.published_at is not None


def test_request_changes_consumes_rounds_until_none_left(client_a, brand_a):
    deliverable = deliverable_in(
        S.CLIENT_REVIEW, campaign=CampaignFactory(brand=brand_a), revision_rounds_allowed=1
    )
    deliverable_request_changes(deliverable=deliverable, user=client_a, comment="Brighter logo please")
    assert (deliverable.status, deliverable.revision_rounds_used) == (S.CHANGES_REQUESTED, 1)
    assert DeliverableComment.objects.get().body == "Brighter logo please"
    assert DeliverableStatusChange.objects.get().changed_by == client_a

    Deliverable.objects.filter(pk=deliverable.pk).update(status=S.CLIENT_REVIEW)
    deliverable.refresh_from_db()
    with pytest.raises(ServiceError) as error:
        deliverable_request_changes(deliverable=deliverable, user=client_a, comment="Again")
    assert error.value.code == "no_revision_rounds_left"
    assert "No revision rounds left: 1 of 1 used" in error.value.message
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.revision_rounds_used) == (S.CLIENT_REVIEW, 1)
    assert DeliverableComment.objects.count() == 1


def test_request_changes_needs_a_comment(client_a, brand_a):
    deliverable = deliverable_in(S.CLIENT_REVIEW, campaign=CampaignFactory(brand=brand_a))
    with pytest.raises(ServiceError) as error:
        deliverable_request_changes(deliverable=deliverable, user=client_a, comment="  ")
    assert error.value.code == "comment_required"
    deliverable.refresh_from_db()
    assert deliverable.revision_rounds_used == 0 and deliverable.status == S.CLIENT_REVIEW


def test_brand_client_may_only_approve_or_request_changes(client_a, brand_a):
    deliverable = deliverable_in(S.CLIENT_REVIEW, campaign=CampaignFactory(brand=brand_a))
    with pytest.raises(ForbiddenAction):
        deliverable_transition(deliverable=deliverable, to_status=S.CANCELLED, user=client_a)
    deliverable_approve(deliverable=deliverable, user=client_a)
    assert deliverable.status == S.APPROVED
    with pytest.raises(ForbiddenAction):
        deliverable_transition(
            deliverable=deliverable, to_status=S.SCHEDULED, user=client_a, scheduled_for=timezone.now()
        )


def test_brand_client_cannot_approve_outside_client_review(client_a, brand_a):
    deliverable = deliverable_in(S.APPROVED, campaign=CampaignFactory(brand=brand_a))
    with pytest.raises(ServiceError) as error:
        deliverable_approve(deliverable=deliverable, user=client_a)
    assert error.value.code == "illegal_transition"


def test_brand_client_cannot_act_on_another_brand(client_b, brand_a):
    deliverable = deliverable_in(S.CLIENT_REVIEW, campaign=CampaignFactory(brand=brand_a))
    with pytest.raises(ForbiddenAction):
        deliverable_approve(deliverable=deliverable, user=client_b)
    deliverable.refresh_from_db()
    assert deliverable.status == S.CLIENT_REVIEW


def test_comments(agency_staff, client_a, brand_a):
    deliverable = deliverable_in(S.INTERNAL_REVIEW, campaign=CampaignFactory(brand=brand_a))
    deliverable_comment_add(deliverable=deliverable, user=agency_staff, body="Internal: check hands")
    with pytest.raises(ForbiddenAction):
        deliverable_comment_add(deliverable=deliverable, user=client_a, body="hi")
    with pytest.raises(ServiceError):
        deliverable_comment_add(deliverable=deliverable, user=agency_staff, body="")


def test_api_transition_error_shape(admin_api):
    deliverable = deliverable_in(S.PLANNED)
    response = admin_api.post(f"/api/deliverables/{deliverable.uuid}/transition/", {"to_status": "published"})
    assert response.status_code == 400
    assert response.json() == {
        "code": "illegal_transition",
        "detail": "Cannot move deliverable from planned to published; allowed: cancelled, in_production.",
        "field": "to_status",
    }


def test_api_review_round_trip(admin_api, client_a_api, brand_a):
    deliverable = deliverable_in(S.INTERNAL_REVIEW, campaign=CampaignFactory(brand=brand_a))
    url = f"/api/deliverables/{deliverable.uuid}"
    assert client_a_api.get(f"{url}/").status_code == 404  # not yet in front of the client
    assert admin_api.post(f"{url}/transition/", {"to_status": "client_review"}).status_code == 200
    response = client_a_api.post(f"{url}/request-changes/", {"comment": "Warmer light"})
    assert response.status_code == 200, response.json()
    assert response.json()["revision_rounds_used"] == 1
    comments = client_a_api.get(f"{url}/comments/").json()
    assert [c["body"] for c in comments["results"]] == ["Warmer light"]
    assert client_a_api.post(f"{url}/comments/", {"body": "Thanks!"}).status_code == 201
    assert admin_api.post(f"{url}/transition/", {"to_status": "internal_review"}).status_code == 200
    # Back to the client with nothing new: refused unless a reason is given (a round is at stake).
    refused = admin_api.post(f"{url}/transition/", {"to_status": "client_review"})
    assert refused.status_code == 400 and refused.json()["code"] == "no_new_version"
    again = {"to_status": "client_review", "resend_reason": "Caption fixed as asked"}
    assert admin_api.post(f"{url}/transition/", again).status_code == 200
    last = deliverable.status_changes.latest("created_at")
    assert last.note == "Sent to client review without a new version: Caption fixed as asked"
    response = client_a_api.post(f"{url}/approve/", {})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    response = client_a_api.post(f"{url}/transition/", {"to_status": "cancelled"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    history = list(DeliverableStatusChange.objects.order_by("id").values_list("to_status", flat=True))
    assert history == ["client_review", "changes_requested", "internal_review", "client_review", "approved"]
