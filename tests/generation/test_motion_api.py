"""The motion library through the API: uploads are probed, extraction runs, alignment retargets."""

import io

import av
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from generation.models import Motion, MotionSource, MotionStatus
from generation.services.motions import motion_extract_run
from posekit.video_io import write_mp4
from tests.conftest import shared_path
from tests.factories import PersonaFactory

pytestmark = pytest.mark.django_db


def _driving_clip(tmp_path, frames=10) -> bytes:
    """A real photograph of a person sliding right across a plain background."""
    person = Image.open(shared_path("samples", "reference_images", "anyone-11.png")).convert("RGBA")
    person = person.resize((person.width // 2, person.height // 2))
    clip = []
    for index in range(frames):
        canvas = Image.new("RGBA", (384, 512), (235, 235, 235, 255))
        canvas.alpha_composite(person, (20 + 6 * index, 40))
        clip.append(canvas.convert("RGB"))
    path = tmp_path / "driving.mp4"
    write_mp4(clip, path, fps=10)
    return path.read_bytes()


def _media_files(tmp_path) -> list:
    media = tmp_path / "media"
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_skeleton_video_is_accepted_without_extraction(staff_api, django_capture_on_commit_callbacks):
    data = shared_path("samples", "pose_videos", "anyone-video-2_kps.mp4").read_bytes()
    with django_capture_on_commit_callbacks(execute=False):
        response = staff_api.post(
            "/api/motions/",
            {"name": "Sample dance", "file": SimpleUploadedFile("dance.mp4", data), "performer": "Sample"},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    motion_extract_run(motion_id=Motion.objects.get().id)
    body = staff_api.get(f"/api/motions/{response.json()['id']}/").json()
    assert body["source"] == MotionSource.SKELETON_VIDEO
    assert body["status"] == MotionStatus.READY
    assert body["fps"] == pytest.approx(30.0)
    assert body["frame_count"] > 100
    assert body["pose_video_url"] and body["poster_url"] and body["preview_url"]
    assert body["keypoints_url"] is None
    motion = Motion.objects.get(uuid=body["id"])
    with motion.preview.open("rb") as handle:
        preview = Image.open(io.BytesIO(handle.read()))
        assert getattr(preview, "n_frames", 1) > 1


def test_driving_video_is_extracted_rendered_and_aligned(
    staff_api, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_api.post(
            "/api/motions/",
            {"name": "Slide", "file": SimpleUploadedFile("slide.mp4", _driving_clip(tmp_path))},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == MotionStatus.PROCESSING
    assert len(callbacks) == 1  # the extraction task is enqueued only after commit
    motion = Motion.objects.get(uuid=response.json()["id"])

    motion_extract_run(motion_id=motion.id)
    body = staff_api.get(f"/api/motions/{motion.uuid}/").json()
    assert body["status"] == MotionStatus.READY, body["error_message"]
    assert body["source"] == MotionSource.DRIVING_VIDEO
    assert body["frame_count"] == 10
    assert body["frames_without_person"] == 0
    motion.refresh_from_db()
    with motion.pose_video.open("rb") as handle, av.open(handle) as container:
        decoded = [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]
    assert len(decoded) == 10
    assert decoded[0].shape[:2] == (512, 384)
    assert decoded[0].mean() < 40  # a skeleton on black, not the photograph

    persona = PersonaFactory()
    reference = shared_path("samples", "reference_images", "anyone-3.png").read_bytes()
    image = staff_api.post(
        f"/api/personas/{persona.uuid}/images/",
        {"image": SimpleUploadedFile("ref.png", reference)},
        format="multipart",
    ).json()
    response = staff_api.post(
        f"/api/motions/{motion.uuid}/align/", {"reference_image": image["id"]}, format="json"
    )
    assert response.status_code == 201, response.content
    alignment = motion.alignments.get()
    with alignment.pose_video.open("rb") as handle, av.open(handle) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (
            image["width"] + image["width"] % 2,
            image["height"] + image["height"] % 2,
        )


@pytest.mark.parametrize(
    ("payload", "name", "message"),
    [
        (b"#EXTM3U\n#EXTINF:10,\nhttp://example.com/a.ts\n", "list.mp4", "rejected"),
        (b"this is plain text, not a video" * 10, "notes.mp4", "rejected"),
        (bytes(np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8)), "noise.mov", "rejected"),
    ],
)
def test_bad_uploads_are_rejected_and_nothing_is_kept(staff_api, tmp_path, payload, name, message):
    response = staff_api.post(
        "/api/motions/", {"name": "Bad", "file": SimpleUploadedFile(name, payload)}, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_motion"
    assert message in response.json()["detail"]
    assert not Motion.objects.exists()
    assert _media_files(tmp_path) == []


def test_too_long_video_is_rejected(staff_api, settings, tmp_path):
    settings.MOTION_MAX_FRAMES = 5
    response = staff_api.post(
        "/api/motions/",
        {"name": "Long", "file": SimpleUploadedFile("long.mp4", _driving_clip(tmp_path))},
        format="multipart",
    )
    assert response.status_code == 400
    assert not Motion.objects.exists()


def test_video_without_person_fails_extraction_clearly(
    staff_api, tmp_path, django_capture_on_commit_callbacks
):
    empty = [Image.new("RGB", (256, 256), (40 * i % 255, 90, 160)) for i in range(6)]
    path = tmp_path / "empty.mp4"
    write_mp4(empty, path, fps=6)
    with django_capture_on_commit_callbacks(execute=False):
        response = staff_api.post(
            "/api/motions/",
            {"name": "Nobody", "file": SimpleUploadedFile("e.mp4", path.read_bytes())},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    motion = Motion.objects.get(uuid=response.json()["id"])
    motion_extract_run(motion_id=motion.id)
    motion.refresh_from_db()
    assert motion.status == MotionStatus.FAILED
    assert "no person" in motion.error_message


def test_brand_clients_see_no_motions(client_a_api):
    Motion.objects.create(name="Private", source=MotionSource.GENERATED, status=MotionStatus.READY)
    assert client_a_api.get("/api/motions/").status_code == 404
    assert client_a_api.delete(f"/api/motions/{Motion.objects.get().uuid}/").status_code == 404
    assert Motion.objects.count() == 1


def test_motion_list_query_count_is_constant(staff_api, django_assert_num_queries):
    def seed(count):
        for index in range(count):
            Motion.objects.create(name=f"m{index}", source=MotionSource.GENERATED, status=MotionStatus.READY)

    seed(2)
    with django_assert_num_queries(2) as small:
        staff_api.get("/api/motions/")
    seed(10)
    with django_assert_num_queries(len(small.captured_queries)):
        assert staff_api.get("/api/motions/").json()["count"] == 12
