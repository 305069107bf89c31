"""Uploads cannot make the web process hold or copy more than the largest file the studio accepts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.test import Client
from PIL import Image

from influencer_platform.uploads import LimitedTemporaryFileUploadHandler
from personas.models import ReferenceImage
from personas.services.images import ImageRejected, reference_image_upload
from tests.factories import PersonaFactory

pytestmark = pytest.mark.django_db


def test_a_body_larger_than_any_accepted_file_is_refused_before_it_is_read(agency_staff, settings):
    settings.MOTION_MAX_FILE_BYTES = settings.IMAGE_UPLOAD_MAX_BYTES = 1024 * 1024
    persona = PersonaFactory()
    client = Client()
    client.force_login(agency_staff)
    response = client.post(
        f"/api/personas/{persona.uuid}/images/",
        data=b"x" * 16,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413 and response.json()["code"] == "too_large"
    assert not ReferenceImage.objects.exists()


def test_an_upload_that_grows_past_the_limit_stops_being_written(settings):
    settings.MOTION_MAX_FILE_BYTES = settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    handler = LimitedTemporaryFileUploadHandler()
    handler.new_file("file", "big.mp4", "video/mp4", 5000)
    handler.receive_data_chunk(b"x" * 600, 0)
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 600, 600)
    assert handler.file.tell() == 600  # the second chunk never reached the disk


class _NoRead(SimpleUploadedFile):
    def read(self, *args):
        raise AssertionError("read before the size check")


def test_an_oversized_image_is_refused_from_its_size_alone(agency_staff, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 100
    with pytest.raises(ImageRejected):
        reference_image_upload(
            persona=PersonaFactory(), file=_NoRead("big.png", b"x" * 500), user=agency_staff
        )
    assert not ReferenceImage.objects.exists()


def test_the_largest_accepted_image_is_stored_without_metadata(agency_staff, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 256 * 256
    image = Image.new("RGB", (256, 256), "teal")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=None, dpi=(300, 300))
    stored = reference_image_upload(
        persona=PersonaFactory(), file=SimpleUploadedFile("ok.png", buffer.getvalue()), user=agency_staff
    )
    with Image.open(stored.image.open("rb")) as reopened:
        assert reopened.size == (256, 256) and "dpi" not in reopened.info
    with pytest.raises(ImageRejected, match="257×256 pixels; the limit is 65,536 pixels"):
        buffer = io.BytesIO()
        Image.new("RGB", (257, 256)).save(buffer, format="PNG")
        reference_image_upload(
            persona=PersonaFactory(), file=SimpleUploadedFile("big.png", buffer.getvalue()), user=agency_staff
        )
