"""The object-storage path, exercised against an S3-compatible server on the loopback address.

moto in server mode speaks S3 over HTTP, so django-storages and boto3 run exactly as against a real
bucket: uploads, presigned URLs (and their expiry), byte ranges, and cleanup of a failed attempt.
"""

import urllib.error
import urllib.request
import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from moto.server import ThreadedMotoServer

from generation.services.job_runs import render_files_delete, render_key
from personas.services.images import reference_image_upload
from tests.factories import PersonaFactory
from tests.generation.conftest import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def s3_endpoint():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(settings, s3_endpoint):
    name = f"studio-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **credentials).create_bucket(
        Bucket=name
    )
    settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY = "testing", "testing"
    settings.AWS_STORAGE_BUCKET_NAME = name
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_DEFAULT_ACL = "private"
    settings.AWS_QUERYSTRING_AUTH = True
    settings.AWS_QUERYSTRING_EXPIRE = 300
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.AWS_S3_SIGNATURE_VERSION = "s3v4"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage"}}
    return name


def _get(url: str, **headers) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback test server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_uploads_land_in_the_bucket_and_open_through_presigned_urls(bucket, agency_staff):
    image = reference_image_upload(
        persona=PersonaFactory(),
        file=SimpleUploadedFile("face.png", png_bytes(size=(40, 60))),
        user=agency_staff,
    )
    url = image.image.url
    assert f"/{bucket}/personas/" in url and "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url
    status, body = _get(url)
    assert status == 200 and body == image.image.open("rb").read()
    unsigned = url.split("?", 1)[0]
    assert _get(unsigned)[0] == 403  # the objects are private


def test_presigned_urls_carry_the_configured_expiry(bucket, settings):
    """moto checks neither signatures nor expiry of presigned URLs (only that they are present), so
    this checks what the studio controls: every URL is signed with SigV4 for exactly
    AWS_QUERYSTRING_EXPIRE seconds from now; S3 itself refuses it after that."""
    from datetime import UTC, datetime
    from urllib.parse import parse_qs, urlsplit

    settings.AWS_QUERYSTRING_EXPIRE = 120
    name = default_storage.save("renders/short-lived.txt", ContentFile(b"soon gone"))
    url = default_storage.url(name)
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    assert query["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256" and query["X-Amz-Expires"] == "120"
    signed_at = datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - signed_at).total_seconds()) < 60
    assert _get(url) == (200, b"soon gone")


def test_byte_ranges_for_video_players(bucket):
    name = default_storage.save("renders/range.bin", ContentFile(bytes(range(256)) * 4))
    status, body = _get(default_storage.url(name), Range="bytes=10-19")
    assert status == 206 and body == bytes(range(10, 20))


def test_a_failed_attempts_partial_files_are_deleted_and_the_good_attempt_kept(bucket):
    job_uuid = uuid.uuid4()
    for attempt in (1, 2):
        for part in ("video.mp4", "poster.jpg"):
            default_storage.save(render_key(job_uuid=job_uuid, attempt=attempt, name=part), ContentFile(b"x"))
    assert render_files_delete(job_uuid=job_uuid, only_attempt=1) == 2
    folders, _ = default_storage.listdir(f"renders/{job_uuid}")
    assert folders == ["attempt-2"]
    assert sorted(default_storage.listdir(f"renders/{job_uuid}/attempt-2")[1]) == ["poster.jpg", "video.mp4"]
