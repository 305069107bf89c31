"""Scheduling and publishing are refused while the AI or ad label is missing (trust disclosures)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import Deliverable, DeliverableStatus
from tests.campaigns.conftest import locked_deliverable

pytestmark = pytest.mark.django_db
S = DeliverableStatus


def test_scheduling_without_ai_and_ad_labels_is_a_400_and_changes_nothing(staff_api, campaign_a):
    approved = locked_deliverable(campaign=campaign_a, status=S.APPROVED)
    Deliverable.objects.filter(pk=approved.pk).update(
        caption="Summer drop", hashtags=["summer"], disclosure_text=""
    )
    url = f"/api/deliverables/{approved.uuid}/transition/"
    future = (timezone.now() + timedelta(days=2)).isoformat()
    response = staff_api.post(url, {"to_status": "scheduled", "scheduled_for": future}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "disclosure_missing"
    assert "Paid partnership is not disclosed" in body["detail"]
    assert "AI generation is not disclosed" in body["detail"]
    approved.refresh_from_db()
    assert (approved.status, approved.scheduled_for) == (S.APPROVED, None)

    Deliverable.objects.filter(pk=approved.pk).update(hashtags=["summer", "ad"])
    response = staff_api.post(url, {"to_status": "scheduled", "scheduled_for": future}, format="json")
    assert response.status_code == 400
    assert "Paid partnership" not in response.json()["detail"]
    assert "AI generation is not disclosed" in response.json()["detail"]

    Deliverable.objects.filter(pk=approved.pk).update(disclosure_text="#ad AI-generated virtual creator")
    response = staff_api.post(url, {"to_status": "scheduled", "scheduled_for": future}, format="json")
    assert response.status_code == 200, response.content
    approved.refresh_from_db()
    assert approved.status == S.SCHEDULED
