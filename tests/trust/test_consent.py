"""The consent and licence ledger refuses renders before a GPU queue, and again at claim time."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from generation.models import GenerationJob, JobStatus
from generation.services.jobs import generation_job_submit
from generation.worker.run import generation_job_execute
from tests.factories import DeliverableFactory, PersonaFactory
from tests.generation.conftest import TINY
from trust.models import ConsentRecord, ContentUse, RecordKind
from trust.services.consent import ConsentRefused, consent_record_create, consent_record_revoke

SEND = "influencer_platform.celery.app.send_task"


def _submit(user, image, motion, **kwargs):
    return generation_job_submit(
        user=user, reference_image=image, motion=motion, parameters=dict(TINY), **kwargs
    )


def _performer(user, motion, **overrides):
    values = {"kind": RecordKind.PERFORMER_CONSENT, "holder": "Jane Mover", "motion": motion,
              "allowed_uses": [ContentUse.ORGANIC, ContentUse.PAID_ADS]}  # fmt: skip
    return consent_record_create(user=user, **{**values, **overrides})


def _refused(user, image, motion, **kwargs) -> str:
    with mock.patch(SEND) as send, pytest.raises(ConsentRefused) as caught:
        _submit(user, image, motion, **kwargs)
    assert not send.called and GenerationJob.objects.count() == 0
    assert caught.value.status_code == 400 and caught.value.code == "consent_refused"
    return caught.value.message


def test_a_revoked_performer_consent_refuses_the_render_with_who_when_and_why(
    agency_staff, reference_image, motion, django_capture_on_commit_callbacks
):
    record = _performer(agency_staff, motion)
    consent_record_revoke(record=record, user=agency_staff, reason="Performer withdrew consent by email")
    today = timezone.localdate()
    assert _refused(agency_staff, reference_image, motion) == (
        "The consent and licence ledger refuses this render. Motion “Wave”: the performer consent from "
        f"Jane Mover was revoked on {today:%Y-%m-%d} by {agency_staff.get_username()}: "
        "Performer withdrew consent by email."
    )


def test_a_revoked_record_refuses_even_beside_one_in_force(agency_staff, reference_image, motion):
    _performer(agency_staff, motion)
    revoked = _performer(agency_staff, motion, holder="Second Release")
    consent_record_revoke(record=revoked, user=agency_staff, reason="Signed under duress")
    assert "Second Release was revoked" in _refused(agency_staff, reference_image, motion)


def test_an_expired_record_refuses_and_a_renewal_lets_the_render_through(
    agency_staff, reference_image, motion
):
    yesterday = timezone.localdate() - timedelta(days=1)
    _performer(agency_staff, motion, starts_on=yesterday - timedelta(days=30), ends_on=yesterday)
    assert _refused(agency_staff, reference_image, motion) == (
        "The consent and licence ledger refuses this render. Motion “Wave”: the performer consent from "
        f"Jane Mover expired on {yesterday:%Y-%m-%d}."
    )
    _performer(agency_staff, motion, holder="Jane Mover (renewed)", starts_on=timezone.localdate())
    with mock.patch(SEND):
        job, created = _submit(agency_staff, reference_image, motion)
    assert created and job.status == JobStatus.QUEUED


def test_an_expired_image_source_refuses(agency_staff, reference_image, motion):
    last_week = timezone.localdate() - timedelta(days=7)
    consent_record_create(user=agency_staff, kind=RecordKind.IMAGE_SOURCE, holder="Studio shoot, A. Artist",
                          reference_image=reference_image, ends_on=last_week)  # fmt: skip
    message = _refused(agency_staff, reference_image, motion)
    assert message.endswith(f"Reference image: the reference image source from Studio shoot, A. Artist "
                            f"expired on {last_week:%Y-%m-%d}.")  # fmt: skip


def test_a_non_commercial_model_licence_refuses_a_paid_ad_deliverable_but_not_studio_tests(
    agency_staff, reference_image, motion, persona
):
    consent_record_create(user=agency_staff, kind=RecordKind.MODEL_LICENCE, holder="Research lab",
                          model_backend="animate-anyone", licence_name="CC BY-NC 4.0", commercial_use=False,
                          allowed_uses=[ContentUse.ORGANIC])  # fmt: skip
    paid = DeliverableFactory(persona=persona, usage_term="paid_ads_30d")
    assert _refused(agency_staff, reference_image, motion, deliverable=paid) == (
        "The consent and licence ledger refuses this render. Model backend animate-anyone: the model backend "
        "licence from Research lab is a non-commercial licence; brand deliverables are commercial use. "
        "Model backend animate-anyone: the model backend licence from Research lab does not allow paid ads."
    )
    with mock.patch(SEND):  # an internal test render (no deliverable) is not commercial use
        job, created = _submit(agency_staff, reference_image, motion)
    assert created


def test_a_commercial_licence_for_organic_use_only_refuses_paid_ads(
    agency_staff, reference_image, motion, persona
):
    consent_record_create(user=agency_staff, kind=RecordKind.MODEL_LICENCE, holder="Vendor",
                          model_backend="animate-anyone", allowed_uses=[ContentUse.ORGANIC])  # fmt: skip
    paid = DeliverableFactory(persona=persona, usage_term="paid_ads_90d")
    assert _refused(agency_staff, reference_image, motion, deliverable=paid).endswith(
        "the model backend licence from Vendor does not allow paid ads."
    )
    organic = DeliverableFactory(persona=persona, usage_term="organic_90d")
    with mock.patch(SEND):
        _, created = _submit(agency_staff, reference_image, motion, deliverable=organic)
    assert created


def test_a_record_scoped_to_another_persona_refuses(agency_staff, reference_image, motion):
    other = PersonaFactory(name="Other")
    _performer(agency_staff, motion, personas=[other])
    assert _refused(agency_staff, reference_image, motion).endswith(
        "the performer consent from Jane Mover does not cover the persona Nova."
    )


def test_the_api_answers_400_with_the_code_and_reason(staff_api, reference_image, motion, agency_staff):
    record = _performer(agency_staff, motion)
    consent_record_revoke(record=record, user=agency_staff, reason="Withdrawn")
    with mock.patch(SEND) as send:
        response = staff_api.post(
            "/api/generation-jobs/",
            {"reference_image": str(reference_image.uuid), "motion": str(motion.uuid), "parameters": TINY},
            format="json",
        )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "consent_refused"
    assert "was revoked on" in response.json()["detail"] and "Withdrawn" in response.json()["detail"]
    assert not send.called and GenerationJob.objects.count() == 0


def test_the_worker_fails_a_queued_job_whose_record_was_revoked_meanwhile(
    agency_staff, reference_image, motion
):
    record = _performer(agency_staff, motion)
    with mock.patch(SEND):
        job, _ = _submit(agency_staff, reference_image, motion)
    consent_record_revoke(record=record, user=agency_staff, reason="Performer withdrew")
    with mock.patch("generation.worker.run.render_job") as render:
        assert generation_job_execute(job_id=job.id, hostname="test-host", pid=4242) == "failed"
    assert not render.called
    job.refresh_from_db()
    assert (job.status, job.error_code, job.attempts) == (JobStatus.FAILED, "consent_refused", 1)
    assert job.error_message.startswith("The consent and licence ledger no longer allows this render. Motion")
    assert "Performer withdrew" in job.error_message


def test_record_subject_must_match_its_kind(agency_staff, motion, reference_image):
    from influencer_platform.common.errors import ServiceError

    with pytest.raises(ServiceError) as caught:
        consent_record_create(
            user=agency_staff, kind=RecordKind.MODEL_LICENCE, holder="X", model_backend="nope"
        )
    assert caught.value.field == "model_backend"
    with pytest.raises(ServiceError):
        consent_record_create(user=agency_staff, kind=RecordKind.IMAGE_SOURCE, holder="X", motion=motion)
    assert ConsentRecord.objects.count() == 0


# --- API: staff only; brand clients get 404 -------------------------------------------------------


def test_staff_create_list_and_revoke_through_the_api(staff_api, motion, persona):
    response = staff_api.post("/api/consent-records/", {
        "kind": "performer_consent", "motion": str(motion.uuid), "holder": "Jane Mover",
        "personas": [str(persona.uuid)], "allowed_uses": ["organic", "paid_ads"], "territories": ["de", "FR"],
        "starts_on": "2026-01-01", "ends_on": "2027-01-01",
    }, format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["motion"],
        body["personas"],
        body["allowed_uses"],
        body["territories"],
        body["in_force"],
    ) == (str(motion.uuid), [str(persona.uuid)], ["organic", "paid_ads"], ["DE", "FR"], True)
    listed = staff_api.get(f"/api/consent-records/?motion={motion.uuid}").json()
    assert [r["uuid"] for r in listed["results"]] == [body["uuid"]]
    assert staff_api.get(f"/api/consent-records/?persona={persona.uuid}").json()["count"] == 1
    revoked = staff_api.post(
        f"/api/consent-records/{body['uuid']}/revoke/", {"reason": "Withdrawn"}, format="json"
    )
    assert revoked.status_code == 200
    assert (revoked.json()["in_force"], revoked.json()["revocation_reason"]) == (False, "Withdrawn")
    again = staff_api.post(f"/api/consent-records/{body['uuid']}/revoke/", {"reason": "x"}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "already_revoked")


def test_bad_input_is_a_400_with_the_field(staff_api, motion):
    response = staff_api.post("/api/consent-records/", {
        "kind": "performer_consent", "motion": str(motion.uuid), "holder": "J", "ends_on": "2026-01-01",
        "starts_on": "2026-02-01",
    }, format="json")  # fmt: skip
    assert response.status_code == 400 and "ends before it starts" in str(response.json())
    response = staff_api.post("/api/consent-records/", {"kind": "image_source", "holder": "J"}, format="json")
    assert response.status_code == 400


def test_brand_clients_get_404_for_the_ledger(client_a_api, agency_staff, motion):
    record = _performer(agency_staff, motion)
    assert client_a_api.get("/api/consent-records/").status_code == 404
    assert client_a_api.get(f"/api/consent-records/{record.uuid}/").status_code == 404
    assert (
        client_a_api.post(f"/api/consent-records/{record.uuid}/revoke/", {"reason": "x"}).status_code == 404
    )
    assert client_a_api.post("/api/consent-records/", {"kind": "performer_consent"}).status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None


# --- Pages ----------------------------------------------------------------------------------------


def test_motion_and_persona_pages_show_the_panel_and_revoke_from_it(client, agency_staff, motion, persona,
                                                                    reference_image, client_a):  # fmt: skip
    record = _performer(agency_staff, motion, personas=[persona])
    client.force_login(agency_staff)
    page = client.get(f"/motions/{motion.uuid}/").content.decode()
    assert "Consent and licences" in page and "Jane Mover" in page and "In force" in page
    assert "Jane Mover" in client.get(f"/personas/{persona.uuid}/").content.decode()
    response = client.post(f"/trust/consent/{record.uuid}/revoke/",
                           {"reason": "Withdrawn", "next": f"/motions/{motion.uuid}/"})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"/motions/{motion.uuid}/"
    record.refresh_from_db()
    assert record.revocation_reason == "Withdrawn" and record.revoked_by == agency_staff
    client.force_login(client_a)
    assert client.post(f"/trust/consent/{record.uuid}/revoke/", {"reason": "x"}).status_code == 404


def test_staff_add_records_from_the_motion_and_persona_pages(
    client, agency_staff, motion, persona, reference_image, client_a
):
    client.force_login(agency_staff)
    page = client.get(f"/motions/{motion.uuid}/").content.decode()
    assert 'action="/trust/consent/add/"' in page and "Stock footage licence (driving video)" in page
    response = client.post("/trust/consent/add/", {
        "kind": "stock_licence", "motion": str(motion.uuid), "holder": "Stock Agency", "licence_name": "RF",
        "allowed_uses": ["organic", "paid_ads"], "commercial_use": "on", "ends_on": "2030-01-01",
        "next": f"/motions/{motion.uuid}/",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"/motions/{motion.uuid}/"
    record = ConsentRecord.objects.get()
    assert (record.kind, record.motion, record.holder, record.allowed_uses, record.commercial_use) == (
        "stock_licence",
        motion,
        "Stock Agency",
        ["organic", "paid_ads"],
        True,
    )
    assert str(record.ends_on) == "2030-01-01" and record.created_by == agency_staff
    response = client.post("/trust/consent/add/", {
        "kind": "image_source", "reference_image": str(reference_image.uuid),
        "persona_only": str(persona.uuid), "holder": "A. Artist", "next": f"/personas/{persona.uuid}/",
    })  # fmt: skip
    image_record = ConsentRecord.objects.get(kind="image_source")
    assert image_record.reference_image == reference_image and list(image_record.personas.all()) == [persona]
    assert image_record.allowed_uses == [] and image_record.commercial_use is False  # unticked boxes
    # Refused input: nothing added, the reason shown on the page it came from.
    response = client.post("/trust/consent/add/", {
        "kind": "image_source", "motion": str(motion.uuid), "holder": "X", "next": f"/motions/{motion.uuid}/",
    }, follow=True)  # fmt: skip
    assert "An image source names a reference image and nothing else." in response.content.decode()
    assert ConsentRecord.objects.count() == 2
    client.force_login(client_a)
    blocked = client.post(
        "/trust/consent/add/", {"kind": "stock_licence", "motion": str(motion.uuid), "holder": "B"}
    )
    assert blocked.status_code == 404 and ConsentRecord.objects.count() == 2
