"""Persona pages: roster, persona bible, gallery actions, create and edit with validation."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from personas.models import Persona, ReferenceImage
from tests.factories import PersonaFactory, ReferenceImageFactory


def png_upload(name="face.png", size=(40, 60)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


VALID = {
    "name": "Nova Lane",
    "handle": "@nova.lane",
    "status": "active",
    "personality": "bold, witty",
    "never_topics": "politics\ngambling",
    "brand_safety": "family",
    "commission_percent": "22.50",
    "image_label": "front",
}


def test_roster_shows_primary_image_status_channels_and_followers(studio, staff):
    page = staff.get(reverse("personas:list")).content.decode()
    assert "Mila Voss" in page
    assert escape(studio.image.image.url) in page
    assert "1,500 followers" in page
    assert 'aria-current="page"' in page


def test_persona_page_shows_bible_gallery_rate_card_and_deliverables(studio, staff):
    page = staff.get(reverse("personas:detail", args=[studio.persona.uuid])).content.decode()
    for text in (
        "Persona bible",
        "Never-do topics",
        "SECRET-NOTE",
        "Instagram reel",
        "1,000.00\u00a0EUR",
        "A review reel",
    ):
        assert text in page
    assert 'data-dropzone="auto"' in page


def test_create_persona_with_first_image(agency_staff, staff):
    response = staff.post(reverse("personas:create"), {**VALID, "image": png_upload()})
    persona = Persona.objects.get(handle="nova.lane")
    assert response.url == reverse("personas:detail", args=[persona.uuid])
    assert persona.personality == ["bold", "witty"]
    assert persona.never_topics == ["politics", "gambling"]
    image = persona.images.get()
    assert (image.is_primary, image.label, image.width, image.height) == (True, "front", 40, 60)
    assert image.uploaded_by == agency_staff


def test_create_keeps_input_and_shows_errors_next_to_fields(studio, staff):
    existing = PersonaFactory(handle="taken")
    response = staff.post(
        reverse("personas:create"), {**VALID, "handle": "taken", "commission_percent": "150"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Nova Lane"' in page
    assert response.context["form"].errors["commission_percent"] == [
        "Ensure this value is less than or equal to 100."
    ]
    assert 'aria-invalid="true"' in page
    assert Persona.objects.filter(name="Nova Lane").count() == 0
    # Fix the commission: the duplicate handle is reported on the handle field.
    response = staff.post(reverse("personas:create"), {**VALID, "handle": "taken"})
    form = response.context["form"]
    assert "handle" in form.errors
    assert Persona.objects.filter(handle="taken").get() == existing


def test_a_rejected_image_leaves_no_persona_and_says_why_on_the_image_field(staff):
    bad = SimpleUploadedFile("face.png", b"not an image at all", content_type="image/png")
    response = staff.post(reverse("personas:create"), {**VALID, "image": bad})
    assert response.status_code == 200
    assert response.context["form"].errors["image"] == [
        "The file is not an image we can read; use PNG, JPEG or WebP."
    ]
    assert not Persona.objects.filter(handle="nova.lane").exists()


def test_edit_prefills_and_saves(studio, staff):
    url = reverse("personas:edit", args=[studio.persona.uuid])
    page = staff.get(url).content.decode()
    assert 'value="Mila Voss"' in page
    data = {**VALID, "name": "Mila V.", "handle": studio.persona.handle}
    response = staff.post(url, data)
    assert response.status_code == 302
    studio.persona.refresh_from_db()
    assert studio.persona.name == "Mila V."


def test_gallery_upload_set_primary_label_and_delete(studio, staff):
    persona = studio.persona
    upload = reverse("personas:image-upload", args=[persona.uuid])
    response = staff.post(upload, {"image": png_upload(), "label": "profile"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    new = ReferenceImage.objects.get(uuid=response.json()["uuid"])
    assert (new.label, new.is_primary) == ("profile", False)

    staff.post(reverse("personas:image-primary", args=[persona.uuid, new.uuid]))
    new.refresh_from_db()
    studio.image.refresh_from_db()
    assert new.is_primary and not studio.image.is_primary

    staff.post(reverse("personas:image-label", args=[persona.uuid, new.uuid]), {"label": "close_up"})
    new.refresh_from_db()
    assert new.label == "close_up"

    staff.post(reverse("personas:image-delete", args=[persona.uuid, new.uuid]))
    assert not ReferenceImage.objects.filter(pk=new.pk).exists()
    studio.image.refresh_from_db()
    assert studio.image.is_primary


def test_gallery_upload_refusal_is_reported(studio, staff):
    upload = reverse("personas:image-upload", args=[studio.persona.uuid])
    bad = SimpleUploadedFile("x.gif", b"GIF89a....", content_type="image/gif")
    response = staff.post(upload, {"image": bad, "label": "front"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "image" in response.json()["detail"].lower()
    response = staff.post(
        upload, {"image": SimpleUploadedFile("x.gif", b"GIF"), "label": "front"}, follow=True
    )
    assert "Upload refused" in response.content.decode()
    assert studio.persona.images.count() == 1


def test_image_of_another_persona_cannot_be_reached_through_this_persona(studio, staff):
    other = ReferenceImageFactory()
    url = reverse("personas:image-primary", args=[studio.persona.uuid, other.uuid])
    assert staff.post(url).status_code == 404
