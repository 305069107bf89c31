import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from personas.models import ReferenceImage
from tests.factories import PersonaFactory

pytestmark = pytest.mark.django_db


def _image_bytes(fmt="PNG", size=(64, 96), mode="RGB", **save_kwargs) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 10, 10)).save(out, format=fmt, **save_kwargs)
    return out.getvalue()


def _png_with_declared_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims an enormous canvas: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _upload(api, persona, data: bytes, name="ref.png", **fields):
    return api.post(
        f"/api/personas/{persona.uuid}/images/",
        {"image": SimpleUploadedFile(name, data), **fields},
        format="multipart",
    )


def test_upload_is_reencoded_stripped_and_renamed(staff_api):
    persona = PersonaFactory()
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    exif[0x8825] = {1: "N"}
    data = _image_bytes("JPEG", exif=exif.tobytes())
    assert b"SecretCameraMaker" in data
    response = _upload(
        staff_api, persona, data + b"TRAILING-PAYLOAD", name="../../etc/evil name.jpg", label="front"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["is_primary"] is True
    assert (body["width"], body["height"]) == (64, 96)
    image = ReferenceImage.objects.get(uuid=body["id"])
    stored = image.image.read()
    assert b"SecretCameraMaker" not in stored
    assert b"TRAILING-PAYLOAD" not in stored
    assert "evil" not in image.image.name
    assert image.image.name.startswith(f"personas/{persona.uuid}/images/")
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_second_upload_is_not_primary_until_set(staff_api):
    persona = PersonaFactory()
    first = _upload(staff_api, persona, _image_bytes()).json()
    second = _upload(staff_api, persona, _image_bytes("WEBP")).json()
    assert second["is_primary"] is False
    response = staff_api.post(f"/api/reference-images/{second['id']}/set-primary/")
    assert response.status_code == 200
    primaries = list(
        ReferenceImage.objects.filter(persona=persona, is_primary=True).values_list("uuid", flat=True)
    )
    assert [str(u) for u in primaries] == [second["id"]]
    assert first["id"] != second["id"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (_image_bytes("GIF", mode="P"), "a.gif", "Unsupported image format GIF"),
        (_image_bytes("BMP"), "a.bmp", "Unsupported image format BMP"),
        (b"%PDF-1.4 not an image", "a.png", "The file is not an image we can read; use PNG, JPEG or WebP."),
        (_png_with_declared_size(60000, 60000), "bomb.png", "decompression bomb"),
        (_png_with_declared_size(9000, 9000), "big.png", "the limit is 16,777,216 pixels"),
        (
            _image_bytes()[:60],
            "cut.png",
            "The image file is damaged or cut short; export it again and retry.",
        ),
    ],
)
def test_rejected_uploads_say_why_and_keep_nothing(staff_api, settings, tmp_path, data, name, message):
    persona = PersonaFactory()
    response = _upload(staff_api, persona, data, name=name)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_image"
    assert message in response.json()["detail"]
    assert "Error" not in response.json()["detail"]  # no exception class names
    assert not ReferenceImage.objects.exists()
    media = tmp_path / "media"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_oversized_file_is_rejected(staff_api, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1000
    response = _upload(staff_api, PersonaFactory(), _image_bytes(size=(300, 300)) + b"\0" * 2000)
    assert response.status_code == 400
    assert "larger than" in response.json()["detail"]


def test_brand_client_cannot_upload(client_a_api):
    persona = PersonaFactory()
    response = _upload(client_a_api, persona, _image_bytes())
    assert response.status_code == 404
    assert not ReferenceImage.objects.exists()


def test_exif_orientation_is_applied_before_the_tag_is_dropped(staff_api):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    data = _image_bytes("JPEG", size=(64, 96), exif=exif.tobytes())
    body = _upload(staff_api, PersonaFactory(), data).json()
    assert (body["width"], body["height"]) == (96, 64)
