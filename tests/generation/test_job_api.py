"""The generation-jobs API: submit, idempotency, scoping, list query count, cancel, schema."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from campaigns.models import DeliverableStatus
from generation.models import GenerationJob, JobStatus
from tests.generation.conftest import TINY

pytestmark = pytest.mark.django_db
URL = "/api/generation-jobs/"


def _body(reference_image, motion, deliverable=None, **parameters):
    body = {
        "reference_image": str(reference_image.uuid),
        "motion": str(motion.uuid),
        "parameters": {**TINY, **parameters},
    }
    if deliverable is not None:
        body["deliverable"] = str(deliverable.uuid)
    return body


def test_submit_returns_202_then_200_for_the_same_key_and_409_for_another_payload(
    staff_api, reference_image, motion
):
    first = staff_api.post(URL, _body(reference_image, motion), format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert first.status_code == 202, first.json()
    data = first.json()
    assert (data["status"], data["progress"], data["result"], data["parameters"]["width"]) == (
        "queued",
        0,
        None,
        64,
    )
    again = staff_api.post(URL, _body(reference_image, motion), format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert again.status_code == 200 and again.json()["uuid"] == data["uuid"]
    other = staff_api.post(
        URL, _body(reference_image, motion, steps=3), format="json", HTTP_IDEMPOTENCY_KEY="abc"
    )
    assert other.status_code == 409 and other.json()["code"] == "idempotency_conflict"
    assert GenerationJob.objects.count() == 1


def test_bad_parameters_are_a_400_with_a_readable_detail(staff_api, reference_image, motion):
    response = staff_api.post(URL, _body(reference_image, motion, width=100), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_parameters",
        "detail": "width must be a multiple of 8; got 100.",
        "field": "width",
    }
    assert not GenerationJob.objects.exists()


def test_brand_clients_cannot_submit_or_cancel(client_a_api, staff_api, reference_image, motion):
    assert client_a_api.post(URL, _body(reference_image, motion), format="json").status_code == 403
    job_uuid = staff_api.post(URL, _body(reference_image, motion), format="json").json()["uuid"]
    assert client_a_api.post(f"{URL}{job_uuid}/cancel/").status_code in (403, 404)
    assert GenerationJob.objects.get().status == JobStatus.QUEUED


def test_brand_client_reads_jobs_of_its_deliverables_in_review(
    staff_api, client_a_api, client_b_api, client_a, reference_image, motion, deliverable
):
    deliverable.campaign.brand = client_a.brand
    deliverable.campaign.save()
    job_uuid = staff_api.post(URL, _body(reference_image, motion, deliverable), format="json").json()["uuid"]
    assert client_a_api.get(f"{URL}{job_uuid}/").status_code == 404
    deliverable.status = DeliverableStatus.CLIENT_REVIEW
    deliverable.save()
    # A queued (or failed) attempt is the agency's business, even in client review.
    assert client_a_api.get(f"{URL}{job_uuid}/").status_code == 404
    job = GenerationJob.objects.get(uuid=job_uuid)
    job.video.save(f"renders/{job.uuid}/attempt-1/video.mp4", ContentFile(b"mp4"), save=False)
    job.status, job.version_number, job.gpu_seconds = JobStatus.SUCCEEDED, 1, 12.5
    job.save()
    assert client_a_api.get(f"{URL}{job_uuid}/").status_code == 404  # rendered, not yet shared
    job.shared_at = timezone.now()
    job.save()
    seen = client_a_api.get(f"{URL}{job_uuid}/").json()
    assert set(seen) == {
        "uuid",
        "deliverable",
        "version_number",
        "result",
        "content_credentials",
        "identity",
        "finished_at",
        "shared_at",
        "client_note",
        "approved_at",
    }
    assert seen["identity"] is None  # this row was not rendered by a worker: no check ran
    assert seen["deliverable"] == str(deliverable.uuid) and seen["result"]["video_url"].startswith("http")
    listed = client_a_api.get(URL).json()["results"]
    assert [row["uuid"] for row in listed] == [job_uuid] and "parameters" not in listed[0]
    assert {"parameters", "model_fingerprint", "gpu_seconds"} <= set(
        staff_api.get(f"{URL}{job_uuid}/").json()
    )
    assert client_b_api.get(f"{URL}{job_uuid}/").status_code == 404
    assert client_b_api.get(URL).json()["count"] == 0


def test_list_filters_and_runs_a_constant_number_of_queries(
    staff_api, reference_image, motion, deliverable, django_assert_num_queries
):
    def make(n):
        for seed in range(n):
            staff_api.post(URL, _body(reference_image, motion, deliverable, seed=seed), format="json")

    make(2)
    with django_assert_num_queries(2):  # count, page (force_authenticate: no session query)
        small = staff_api.get(URL)
    make(8)
    with django_assert_num_queries(2):
        large = staff_api.get(URL)
    assert (small.json()["count"], large.json()["count"]) == (2, 10)
    GenerationJob.objects.filter(parameters__seed=0).update(status=JobStatus.FAILED)
    assert staff_api.get(URL, {"status": "failed"}).json()["count"] == 2  # seed 0 of each batch
    assert staff_api.get(URL, {"deliverable": str(deliverable.uuid), "status": "queued"}).json()["count"] == 8


def test_cancel_a_queued_job(staff_api, reference_image, motion):
    job_uuid = staff_api.post(URL, _body(reference_image, motion), format="json").json()["uuid"]
    response = staff_api.post(f"{URL}{job_uuid}/cancel/")
    assert response.status_code == 202 and response.json()["status"] == "cancelled"
    again = staff_api.post(f"{URL}{job_uuid}/cancel/")
    assert again.status_code == 409 and again.json()["code"] == "job_finished"


def test_schema_has_no_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/generation-jobs/{uuid}/cancel/" in (tmp_path / "schema.yml").read_text()


def test_the_backend_is_a_parameter_with_its_own_schema(staff_api, reference_image, motion):
    wan = {"backend": "wan-animate", "width": 64, "height": 64, "frames": 4, "steps": 2, "seed": 7}
    body = {"reference_image": str(reference_image.uuid), "motion": str(motion.uuid), "parameters": wan}
    bad = staff_api.post(URL, {**body, "parameters": {**wan, "segment_frame_length": 10}}, format="json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_parameters" and "4k+1" in bad.json()["detail"]
    foreign = staff_api.post(URL, {**body, "parameters": {**wan, "context_frames": 4}}, format="json")
    assert foreign.status_code == 400 and "Unknown parameter(s): context_frames" in foreign.json()["detail"]
    unknown = staff_api.post(URL, {**body, "parameters": {**wan, "backend": "sd3"}}, format="json")
    assert (
        unknown.status_code == 400
        and "backend must be one of animate-anyone, wan-animate" in unknown.json()["detail"]
    )
    assert not GenerationJob.objects.exists()
    created = staff_api.post(URL, body, format="json")
    assert created.status_code == 202, created.json()
    job = GenerationJob.objects.get()
    assert job.parameters["backend"] == "wan-animate" and job.parameters["mode"] == "animate"
    default = staff_api.post(URL, {**body, "parameters": TINY}, format="json")
    assert default.json()["parameters"]["backend"] == "animate-anyone"
