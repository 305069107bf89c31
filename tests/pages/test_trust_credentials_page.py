"""The verify endpoint, the verify_credentials command and the job page's credentials panel."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from tests.trust.test_credentials import media, sign, test_ca  # noqa: F401
from trust.models import ContentCredential

URL = "/api/content-credentials/verify/"


def upload(path, name="clip.mp4"):
    return SimpleUploadedFile(name, path.read_bytes(), content_type="application/octet-stream")


@pytest.mark.django_db
def test_verify_endpoint_answers_valid_with_signer_actions_and_ingredients(staff_api, test_ca, media):  # noqa: F811
    sign(media)
    response = staff_api.post(URL, {"file": upload(media / "render.mp4")}, format="multipart")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["valid"], body["validation_state"], body["signer"]) == (
        True,
        "Trusted",
        "Virtual Influencer Studio development signer",
    )
    assert body["actions"] == ["c2pa.created"]
    assert [i["title"] for i in body["ingredients"]] == ["Persona reference image", "Motion"]


@pytest.mark.django_db
def test_verify_endpoint_invalid_unsigned_unsupported_and_anonymous(staff_api, test_ca, media):  # noqa: F811
    sign(media)
    data = bytearray((media / "render.mp4").read_bytes())
    data[data.index(b"mdat") + 40] ^= 0xFF
    (media / "tampered.mp4").write_bytes(bytes(data))
    tampered = staff_api.post(URL, {"file": upload(media / "tampered.mp4")}, format="multipart")
    assert tampered.status_code == 200 and tampered.json()["valid"] is False
    unsigned = staff_api.post(URL, {"file": upload(media / "motion.mp4")}, format="multipart")
    assert unsigned.json()["has_manifest"] is False and unsigned.json()["valid"] is False
    (media / "notes.txt").write_text("hello")
    bad = staff_api.post(URL, {"file": upload(media / "notes.txt", "notes.txt")}, format="multipart")
    assert (bad.status_code, bad.json()["code"], bad.json()["detail"]) == (
        400,
        "unsupported_file",
        "Not an mp4, PNG, JPEG or WebP file.",
    )
    missing = staff_api.post(URL, {}, format="multipart")
    assert missing.status_code == 400 and missing.json()["code"] == "invalid"
    anonymous = Client().post(URL, {"file": upload(media / "render.mp4")})
    assert anonymous.status_code in (401, 403)


def test_verify_credentials_command(test_ca, media, capsys):  # noqa: F811
    sign(media)
    call_command("verify_credentials", str(media / "render.mp4"), "--json")
    assert json.loads(capsys.readouterr().out)["valid"] is True
    with pytest.raises(SystemExit) as exited:
        call_command("verify_credentials", str(media / "motion.mp4"))
    assert exited.value.code == 1
    assert "INVALID" in capsys.readouterr().out


@pytest.mark.django_db
def test_job_page_shows_credentials_and_the_development_ca_warning(studio, staff):
    job = studio.job
    page = staff.get(f"/jobs/{job.uuid}/").content.decode()
    assert "Signed when the render finishes." in page
    ContentCredential.objects.create(
        job=job,
        signed=True,
        signer="Virtual Influencer Studio development signer",
        development_ca=True,
        manifest={
            "actions": ["c2pa.created"],
            "digital_source_type": "trainedAlgorithmicMedia",
            "software_agent": "studio",
            "ingredients": [{"title": "Motion 7", "sha256": "ab" * 32}],
        },
    )
    page = staff.get(f"/jobs/{job.uuid}/").content.decode()
    assert "by Virtual Influencer Studio development signer" in page
    assert "local development CA" in page and "Motion 7" in page
