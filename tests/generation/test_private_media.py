"""Local-disk media is private: a scoped view, short-lived signed URLs, and byte ranges for video.

Until now ``/media/`` was ``django.views.static.serve``: every render, reference image and keypoint
file answered 200 without a cookie, forever.
"""

import time
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from campaigns.models import DeliverableStatus
from generation.models import GenerationJob, JobStatus
from influencer_platform.media import signed_query
from tests.factories import DeliverableFactory
from tests.generation.conftest import skeleton_video_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def render(reference_image, motion, client_a):
    """A finished render of brand A's deliverable, shared with it in client review."""
    deliverable = DeliverableFactory(
        persona=reference_image.persona,
        campaign__brand=client_a.brand,
        status=DeliverableStatus.CLIENT_REVIEW,
    )
    job = GenerationJob(
        reference_image=reference_image, motion=motion, deliverable=deliverable, status=JobStatus.SUCCEEDED,
        version_number=1, parameters={}, shared_at=timezone.now(),
    )  # fmt: skip
    job.video.save(f"renders/{job.uuid}/attempt-1/video.mp4", ContentFile(skeleton_video_bytes()), save=False)
    job.save()
    return job


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _path_and_query(url: str) -> tuple[str, dict]:
    parts = urlsplit(url)
    return parts.path, {key: values[0] for key, values in parse_qs(parts.query).items()}


def test_storage_urls_are_signed_and_expire(render, settings):
    path, query = _path_and_query(render.video.url)
    assert path == f"/media/{render.video.name}"
    assert set(query) == {"exp", "sig"}
    assert time.time() < int(query["exp"]) <= time.time() + settings.MEDIA_URL_EXPIRE_SECONDS + 60


def test_a_signed_url_opens_without_a_session_until_it_expires(render):
    response = _client().get(render.video.url)
    assert response.status_code == 200 and response["Content-Type"] == "video/mp4"
    assert b"".join(response.streaming_content) == render.video.open("rb").read()
    path = f"/media/{render.video.name}"
    expired = signed_query(render.video.name, expires=int(time.time()) - 1)
    assert _client().get(f"{path}?{expired}").status_code == 403
    assert _client().get(path).status_code == 403  # no signature
    forged = signed_query("renders/other/video.mp4")
    assert _client().get(f"{path}?{forged}").status_code == 403  # signed for another file


def test_signed_in_users_are_judged_by_scope(render, client_a, client_b, agency_staff, reference_image):
    path = f"/media/{render.video.name}"
    assert _client(client_a).get(path).status_code == 200  # own brand's render, no signature needed
    assert _client(agency_staff).get(path).status_code == 200
    # Another brand's client is refused even with a valid signature copied from brand A's page.
    assert _client(client_b).get(render.video.url).status_code == 404
    # Reference images and motions are the agency's: no brand client reads them.
    image_path = f"/media/{reference_image.image.name}"
    assert _client(agency_staff).get(image_path).status_code == 200
    assert _client(client_a).get(image_path).status_code == 404
    assert _client(client_a).get(f"/media/{render.motion.pose_video.name}").status_code == 404


def test_a_brand_sees_no_render_before_client_review(render, client_a):
    render.deliverable.status = DeliverableStatus.IN_PRODUCTION
    render.deliverable.save(update_fields=["status"])
    assert _client(client_a).get(f"/media/{render.video.name}").status_code == 404


def test_paths_outside_media_are_not_found(agency_staff):
    assert _client(agency_staff).get("/media/../influencer_platform/settings.py").status_code == 404
    assert _client(agency_staff).get("/media/renders/nothing-here.mp4").status_code == 404


def test_video_byte_ranges(render, agency_staff):
    data = render.video.open("rb").read()
    client = _client(agency_staff)
    path = f"/media/{render.video.name}"
    part = client.get(path, HTTP_RANGE="bytes=10-99")
    assert part.status_code == 206 and part.content == data[10:100]
    assert part["Content-Range"] == f"bytes 10-99/{len(data)}"
    tail = client.get(path, HTTP_RANGE="bytes=-16")
    assert tail.status_code == 206 and tail.content == data[-16:]
    beyond = client.get(path, HTTP_RANGE=f"bytes={len(data) + 5}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{len(data)}"


def test_a_web_server_can_send_the_bytes_after_the_check(render, agency_staff, client_b, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    response = _client(agency_staff).get(f"/media/{render.video.name}")
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected-media/{render.video.name}"
    assert "X-Accel-Redirect" not in _client(client_b).get(f"/media/{render.video.name}")


def test_api_answers_carry_absolute_signed_urls(render, client_a):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(client_a)
    result = api.get(f"/api/generation-jobs/{render.uuid}/").json()["result"]
    path, query = _path_and_query(result["video_url"])
    assert result["video_url"].startswith("http://testserver/media/renders/") and set(query) == {"exp", "sig"}
    assert _client().get(f"{path}?{urlsplit(result['video_url']).query}").status_code == 200
