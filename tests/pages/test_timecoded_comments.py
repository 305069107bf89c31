"""Review comments pinned to a moment of a version and a box on its frame, threads, resolving."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils.html import escape
from PIL import Image

from campaigns.models import CommentVisibility, DeliverableComment
from campaigns.services.deliverables import deliverable_comment_add, deliverable_comment_resolve
from influencer_platform.common.errors import ServiceError
from tests.factories import GenerationJobFactory
from tests.publishing.conftest import mp4_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(studio):
    """Version 2 of the deliverable in client review: a real 1.5 s H.264 file, 8 frames a second,
    each frame one grey level brighter than the last."""
    return GenerationJobFactory(
        reference_image=studio.image,
        deliverable=studio.review_a,
        version_number=2,
        video=ContentFile(mp4_bytes(), name="render.mp4"),
        duration_seconds=1.5,
    )


def test_a_brand_pins_a_comment_to_a_moment_and_a_box(studio, client_a, version):
    comment = deliverable_comment_add(
        deliverable=studio.review_a,
        user=client_a,
        body="The hand blurs here",
        job=version,
        timecode_seconds=Decimal("1.000"),
        region=(0.25, 0.5, 0.5, 0.25),
    )
    comment.refresh_from_db()
    assert (comment.job, comment.timecode_label, comment.visibility) == (version, "00:01.0", "shared")
    assert (comment.region_x, comment.region_y, comment.region_width, comment.region_height) == (
        0.25,
        0.5,
        0.5,
        0.25,
    )
    # The thumbnail is the frame shown at 1.0 s (frame 8, grey 160), stored beside the render.
    assert comment.frame.name == f"renders/{version.uuid}/comment-frames/{comment.uuid}.jpg"
    with comment.frame.open("rb") as handle:
        image = Image.open(handle).convert("L")
        assert abs(image.getpixel((image.width // 2, image.height // 2)) - 160) <= 12


@pytest.mark.parametrize(
    ("pin", "field"),
    [
        ({"timecode_seconds": Decimal("1.0")}, "job"),  # a moment of which version?
        ({"timecode_seconds": Decimal("1.6")}, "timecode_seconds"),  # past the 1.5 s video
        ({"timecode_seconds": Decimal("-0.1")}, "timecode_seconds"),
        ({"region": (0.1, 0.1, 0.2, 0.2)}, "timecode_seconds"),  # a box needs its frame
        ({"timecode_seconds": Decimal("0.5"), "region": (0.6, 0.1, 0.5, 0.2)}, "region"),  # off the frame
        ({"timecode_seconds": Decimal("0.5"), "region": (0.1, 0.1, 0.0, 0.2)}, "region"),
    ],
)
def test_pins_that_do_not_fit_the_version_are_refused(studio, client_a, version, pin, field):
    if field != "job":
        pin = {"job": version, **pin}
    with pytest.raises(ServiceError) as refused:
        deliverable_comment_add(deliverable=studio.review_a, user=client_a, body="x", **pin)
    assert refused.value.field == field
    assert not DeliverableComment.objects.filter(body="x").exists()


def test_another_deliverables_version_cannot_be_pinned(studio, agency_staff, version):
    with pytest.raises(ServiceError) as refused:
        deliverable_comment_add(
            deliverable=studio.planned,
            user=agency_staff,
            body="x",
            job=version,
            timecode_seconds=Decimal("0.5"),
        )
    assert refused.value.field == "job"


def test_threads_keep_their_visibility_and_resolve(studio, client_a, agency_staff, version):
    internal = deliverable_comment_add(
        deliverable=studio.review_a,
        user=agency_staff,
        body="Check the shoes",
        visibility=CommentVisibility.INTERNAL,
    )
    reply = deliverable_comment_add(
        deliverable=studio.review_a, user=agency_staff, body="Done", visibility="shared", parent=internal
    )
    assert reply.visibility == "internal"  # a reply never leaks an internal thread
    with pytest.raises(ServiceError):
        deliverable_comment_add(deliverable=studio.review_a, user=client_a, body="?", parent=internal)
    with pytest.raises(ServiceError):
        deliverable_comment_add(deliverable=studio.review_a, user=agency_staff, body="?", parent=reply)

    shared = deliverable_comment_add(
        deliverable=studio.review_a,
        user=client_a,
        body="Brighter",
        job=version,
        timecode_seconds=Decimal("0.25"),
    )
    answer = deliverable_comment_add(
        deliverable=studio.review_a, user=agency_staff, body="Will do", parent=shared
    )
    assert (answer.visibility, answer.job, answer.timecode_seconds) == ("shared", None, None)
    deliverable_comment_resolve(comment=shared, user=client_a, resolved=True)
    shared.refresh_from_db()
    assert shared.resolved_by == client_a and shared.resolved_at is not None
    deliverable_comment_resolve(comment=shared, user=agency_staff, resolved=False)
    shared.refresh_from_db()
    assert shared.resolved_at is None


def test_portal_form_pins_and_the_thread_shows_the_moment(studio, brand_a_client, client_a, staff, version):
    url = f"/portal/deliverables/{studio.review_a.uuid}/comments/"
    response = brand_a_client.post(
        url,
        {
            "body": "Smile later",
            "timecode_seconds": "0.75",
            "job": str(version.uuid),
            "region": "0.1,0.2,0.3,0.4",
        },
    )
    assert response.status_code == 302
    comment = DeliverableComment.objects.get(body="Smile later")
    assert (comment.region_x, comment.region_height) == (0.1, 0.4)
    for client, page_url in (
        (brand_a_client, f"/portal/deliverables/{studio.review_a.uuid}/"),
        (staff, f"/deliverables/{studio.review_a.uuid}/"),
    ):
        page = client.get(page_url).content.decode()
        assert f'data-seek="0.750" data-seek-version="{version.uuid}"' in page
        assert 'data-seek-region="0.1,0.2,0.3,0.4"' in page
        assert "▶ v2 · 00:00.8" in page
        assert escape(comment.frame.url) in page
        assert f'data-version="{version.uuid}"' in page  # the player the pin belongs to
    bad = brand_a_client.post(
        url, {"body": "x", "timecode_seconds": "0.5", "job": str(version.uuid), "region": "1,1"}
    )
    assert bad.status_code == 400 and "region is x,y,width,height" in bad.content.decode()
    resolved = brand_a_client.post(f"{url}{comment.uuid}/resolve/", {"resolved": "1"})
    assert resolved.status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_by == client_a


def test_api_pins_and_lists_with_the_frame(studio, client_a_api, version):
    url = f"/api/deliverables/{studio.review_a.uuid}/comments/"
    created = client_a_api.post(
        url,
        {
            "body": "Here",
            "job": str(version.uuid),
            "timecode_seconds": "1.250",
            "region": [0.5, 0.5, 0.25, 0.25],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["timecode_seconds"], body["region"], body["job"]) == (
        "1.250",
        [0.5, 0.5, 0.25, 0.25],
        str(version.uuid),
    )
    assert body["frame_url"]
    too_late = client_a_api.post(
        url, {"body": "x", "job": str(version.uuid), "timecode_seconds": "9"}, format="json"
    )
    assert too_late.status_code == 400 and too_late.json()["field"] == "timecode_seconds"
    listed = client_a_api.get(url).json()["results"]
    assert [row["timecode_seconds"] for row in listed] == ["1.250"]
