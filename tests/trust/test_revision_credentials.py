"""Poster signing, revisions as c2pa.edited with the previous version as parent, ledger ids on
ingredients, and the credentials in the API and on the pages (test CA as trust anchor)."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from campaigns.models import DeliverableStatus
from generation.models import GenerationJob, JobStatus
from posekit.video_io import write_mp4
from trust.models import ContentCredential, RecordKind
from trust.services.consent import consent_record_create
from trust.services.credentials import (
    TRAINED_ALGORITHMIC_MEDIA,
    Ingredient,
    content_credentials_sign,
    content_credentials_verify,
    file_sha256,
)
from trust.services.render_credentials import render_credentials_sign

AGENT = "Virtual Influencer Studio; backend animate-anyone; weights random-abc"


def test_a_poster_png_is_signed_and_validates(test_ca, media):
    Image.new("RGB", (32, 32), (200, 10, 10)).save(media / "poster.png")
    summary = content_credentials_sign(
        path=media / "poster.png", software_agent=AGENT,
        ingredients=[Ingredient(title="Persona reference image", path=media / "reference.png")],
    )  # fmt: skip
    assert summary["actions"] == ["c2pa.created"]
    result = content_credentials_verify(path=media / "poster.png")
    assert (result.valid, result.validation_state, result.actions, result.problems) == (
        True,
        "Trusted",
        ["c2pa.created"],
        [],
    )
    assert result.digital_source_type == TRAINED_ALGORITHMIC_MEDIA
    with Image.open(media / "poster.png") as opened:  # still a readable image
        assert opened.size == (32, 32)


def test_a_revision_is_edited_with_the_signed_previous_version_as_parent(test_ca, media):
    content_credentials_sign(path=media / "render.mp4", software_agent=AGENT,
                             ingredients=[Ingredient(title="Motion", path=media / "motion.mp4")])  # fmt: skip
    frames = [Image.new("RGB", (32, 32), (10, 20 * i, 90)) for i in range(4)]
    write_mp4(frames, media / "v2.mp4", fps=8)
    parent = Ingredient(title="Previous version 1", path=media / "render.mp4")
    motion = Ingredient(title="Motion", path=media / "motion.mp4", consent_records=("rec-1", "rec-2"))
    summary = content_credentials_sign(
        path=media / "v2.mp4",
        software_agent=AGENT,
        parent=parent,
        ingredients=[motion],
        licences={"motion": ["rec-1", "rec-2"], "reference_image": [], "model": ["rec-9"]},
    )
    assert summary["actions"] == ["c2pa.opened", "c2pa.edited"]
    result = content_credentials_verify(path=media / "v2.mp4")
    assert (result.valid, result.problems) == (True, [])
    assert result.actions == ["c2pa.opened", "c2pa.edited"]
    assert result.digital_source_type == TRAINED_ALGORITHMIC_MEDIA and result.software_agent == AGENT
    assert [
        (i["title"], i["relationship"], i["sha256"], i["consent_records"]) for i in result.ingredients
    ] == [
        ("Previous version 1", "parentOf", file_sha256(media / "render.mp4"), []),
        ("Motion", "inputTo", file_sha256(media / "motion.mp4"), ["rec-1", "rec-2"]),
    ]
    assert result.licences == {"motion": ["rec-1", "rec-2"], "reference_image": [], "model": ["rec-9"]}
    data = bytearray((media / "v2.mp4").read_bytes())
    data[data.index(b"mdat") + 40] ^= 0xFF
    (media / "v2-tampered.mp4").write_bytes(bytes(data))
    assert content_credentials_verify(path=media / "v2-tampered.mp4").valid is False


# --- The worker's signing step, on real files, with the ledger ---------------------------------------


@pytest.fixture
def rendered(tmp_path):
    """Real files of one render: an mp4 and a PNG poster."""

    def make(name: str, shade: int) -> tuple[Path, Path]:
        folder = tmp_path / name
        folder.mkdir()
        frames = [Image.new("RGB", (32, 32), (shade, 30 * i, 90)) for i in range(4)]
        write_mp4(frames, folder / "video.mp4", fps=8)
        frames[0].save(folder / "poster.png")
        return folder / "video.mp4", folder / "poster.png"

    return make


def _job(reference_image, motion, deliverable, **fields) -> GenerationJob:
    return GenerationJob.objects.create(
        reference_image=reference_image, motion=motion, deliverable=deliverable, parameters={}, **fields
    )


def _sign(job, files) -> ContentCredential:
    video, poster = files
    return render_credentials_sign(
        job=job,
        video_path=video,
        poster_path=poster,
        directory=video.parent,
        backend="animate-anyone",
        model_fingerprint="random-abc",
    )


def _store_result(job, files, version: int) -> None:
    video, poster = files
    job.video.save(f"v{version}.mp4", ContentFile(video.read_bytes()), save=False)
    job.poster.save(f"v{version}.png", ContentFile(poster.read_bytes()), save=False)
    job.status, job.version_number = JobStatus.SUCCEEDED, version
    job.save()


def _two_versions(rendered, reference_image, motion, deliverable, user):
    """Version 1 rendered and signed, version 2 a re-run of it; both checked along the way."""
    record = consent_record_create(
        user=user, kind=RecordKind.PERFORMER_CONSENT, holder="Jane", motion=motion, allowed_uses=["organic"]
    )
    first = _job(reference_image, motion, deliverable)
    files = rendered("v1", 200)
    credential = _sign(first, files)
    assert (credential.signed, credential.valid, credential.poster_signed, credential.poster_valid) == (
        True,
        True,
        True,
        True,
    )
    assert credential.manifest["actions"] == ["c2pa.created"] and credential.parent_job is None
    assert credential.manifest["licences"] == {
        "motion": [str(record.uuid)],
        "reference_image": [],
        "model": [],
    }
    assert [i["consent_records"] for i in credential.manifest["ingredients"]] == [[], [str(record.uuid)]]
    _store_result(first, files, 1)

    second = _job(reference_image, motion, deliverable, rerun_of=first)
    files2 = rendered("v2", 20)
    credential = _sign(second, files2)
    assert credential.parent_job == first and credential.manifest["parent_version"] == 1
    assert (credential.valid, credential.poster_valid) == (True, True)
    assert [i["relationship"] for i in credential.manifest["ingredients"]] == [
        "parentOf",
        "inputTo",
        "inputTo",
    ]
    for path, parent_file, title in (
        (files2[0], files[0], "Previous version 1"),
        (files2[1], files[1], "Previous version 1 poster"),
    ):
        result = content_credentials_verify(path=path)
        assert (result.valid, result.actions) == (True, ["c2pa.opened", "c2pa.edited"])
        parent = result.ingredients[0]
        assert (parent["title"], parent["relationship"], parent["sha256"]) == (
            title,
            "parentOf",
            file_sha256(parent_file),
        )
    _store_result(second, files2, 2)
    return first, second


def test_the_render_step_signs_mp4_and_poster_and_a_rerun_records_the_parent(
    test_ca,
    rendered,
    reference_image,
    motion,
    deliverable,
    agency_staff,
):
    _two_versions(rendered, reference_image, motion, deliverable, agency_staff)


def test_a_later_version_of_a_deliverable_without_rerun_still_names_the_previous_version(
    test_ca,
    rendered,
    reference_image,
    motion,
    deliverable,
):
    first = _job(reference_image, motion, deliverable)
    files = rendered("v1", 120)
    _sign(first, files)
    _store_result(first, files, 1)
    credential = _sign(_job(reference_image, motion, deliverable), rendered("v2", 60))
    assert credential.parent_job == first
    assert credential.manifest["actions"] == ["c2pa.opened", "c2pa.edited"]


# --- API and pages ---------------------------------------------------------------------------------


@pytest.fixture
def two_versions(test_ca, rendered, reference_image, motion, deliverable, agency_staff, brand_a):
    deliverable.campaign.brand = brand_a
    deliverable.campaign.save()
    deliverable.status = DeliverableStatus.APPROVED
    deliverable.caption, deliverable.hashtags, deliverable.disclosure_text = "Summer #ad", [], ""
    deliverable.save()
    versions = _two_versions(rendered, reference_image, motion, deliverable, agency_staff)
    GenerationJob.objects.filter(pk__in=[v.pk for v in versions]).update(shared_at=timezone.now())
    return versions


def test_job_api_and_deliverable_versions_show_each_versions_credentials(
    two_versions, admin_api, client_a_api, client_b_api, deliverable
):
    first, second = two_versions
    body = admin_api.get(f"/api/generation-jobs/{second.uuid}/").json()["content_credentials"]
    assert (body["parent_version"], body["development_ca"]) == (1, False)
    video = body["video"]
    assert (video["signed"], video["valid"], video["validation_state"]) == (True, True, "Trusted")
    assert video["signer"] == "Virtual Influencer Studio development signer"
    assert video["actions"] == ["c2pa.opened", "c2pa.edited"]
    assert [i["relationship"] for i in video["ingredients"]] == ["parentOf", "inputTo", "inputTo"]
    assert body["poster"]["valid"] is True and body["poster"]["actions"] == ["c2pa.opened", "c2pa.edited"]
    versions = client_a_api.get(f"/api/deliverables/{deliverable.uuid}/versions/")
    assert versions.status_code == 200
    results = versions.json()["results"]
    assert [(v["version_number"], v["content_credentials"]["video"]["actions"]) for v in results] == [
        (1, ["c2pa.created"]),
        (2, ["c2pa.opened", "c2pa.edited"]),
    ]
    assert "software_agent" not in str(results)  # model identity stays with the agency
    assert client_b_api.get(f"/api/deliverables/{deliverable.uuid}/versions/").status_code == 404


def test_deliverable_page_and_portal_show_credentials_disclosures_and_the_download(
    two_versions, client, agency_staff, client_a, client_b, deliverable
):
    client.force_login(agency_staff)
    page = client.get(f"/deliverables/{deliverable.uuid}/").content.decode()
    assert page.count("Content credentials (C2PA)") == 2
    assert "Edited from version 1" in page and "c2pa.opened, c2pa.edited" in page
    client.force_login(client_a)
    portal = client.get(f"/portal/deliverables/{deliverable.uuid}/").content.decode()
    assert "Content credentials (C2PA)" in portal and "Valid" in portal
    assert "Download the approved file with its content credentials" in portal
    assert "Disclosures" in portal and "AI generation is not disclosed" in portal
    client.force_login(client_b)
    assert client.get(f"/portal/deliverables/{deliverable.uuid}/").status_code == 404
