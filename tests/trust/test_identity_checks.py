"""The worker's identity check on real photographs and real mp4 files, what it stores, how the API and
pages show it, and the override it demands before a drifting version reaches the client."""

from decimal import Decimal

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from animation.backends import AppearanceEncoder
from campaigns.models import DeliverableStatus
from generation.models import GenerationJob, JobStatus
from generation.services.job_runs import render_key
from personas.models import ReferenceImage
from posekit.video_io import write_mp4
from tests.conftest import shared_path
from tests.identity.test_appearance import histogram_embed
from tests.identity.test_scoring import _animated, _drawn_character
from trust.models import IdentityCheck, IdentityStatus
from trust.services.identity import render_identity_check


def _photo(name: str) -> Image.Image:
    return Image.open(shared_path("samples", "reference_images", name)).convert("RGB")


def _reference(persona, image: Image.Image, name: str) -> ReferenceImage:
    reference = ReferenceImage(persona=persona, is_primary=True, original_filename=name)
    from io import BytesIO

    buffer = BytesIO()
    image.save(buffer, format="PNG")
    reference.image.save(name, ContentFile(buffer.getvalue()), save=False)
    reference.width, reference.height = image.size
    reference.save()
    return reference


def _checked_version(
    tmp_path, *, reference, motion, deliverable, frames, version=1, appearance_encoder=None
) -> GenerationJob:
    """A finished version whose mp4 is ``frames`` (even-sized for H.264), identity-checked by the service."""
    job = GenerationJob.objects.create(
        reference_image=reference, motion=motion, deliverable=deliverable, parameters={}, attempts=1
    )
    sized = [frame.resize((frame.width // 2 * 2 // 2, frame.height // 2 * 2 // 2)) for frame in frames]
    path = tmp_path / f"v{version}.mp4"
    write_mp4(sized, path, fps=8)
    render_identity_check(
        job=job,
        video_path=path,
        directory=tmp_path,
        thumbnail_key=lambda name: render_key(job_uuid=job.uuid, attempt=1, name=name),
        appearance_encoder=appearance_encoder,
    )
    job.video.save(f"v{version}.mp4", ContentFile(path.read_bytes()), save=False)
    job.status, job.version_number = JobStatus.SUCCEEDED, version
    job.save()
    return job


@pytest.fixture
def photo_persona(persona):
    return _reference(persona, _photo("anyone-3.png"), "anyone-3.png")


def test_same_person_render_matches_and_stores_its_evidence(
    tmp_path, photo_persona, motion, deliverable, staff_api
):
    job = _checked_version(
        tmp_path,
        reference=photo_persona,
        motion=motion,
        deliverable=deliverable,
        frames=_animated(_photo("anyone-3.png"), 6),
    )
    check = IdentityCheck.objects.get(job=job)
    assert check.status == IdentityStatus.MATCH and not check.flagged
    assert (check.frames_total, check.frames_scored, check.frames_below) == (6, 6, 0)
    assert check.mean_score > check.threshold == photo_persona.persona.identity_threshold
    assert len(check.frame_scores) == 6 and check.seconds > 0
    assert len(check.worst_frames) == 4
    for worst in check.worst_frames:
        assert worst["image"].startswith(f"renders/{job.uuid}/attempt-1/identity-frame-")
        with default_storage.open(worst["image"]) as stored, Image.open(stored) as thumbnail:
            assert thumbnail.format == "JPEG" and max(thumbnail.size) <= 192

    # No encoder given (as for random weights): the whole-figure check says so instead of passing.
    assert check.appearance_status == "not_scored" and "random weights" in check.appearance_reason

    identity = staff_api.get(f"/api/generation-jobs/{job.uuid}/").json()["identity"]
    assert identity["status"] == "match" and identity["frames_scored"] == 6
    assert identity["appearance_status"] == "not_scored" and identity["appearance_mean"] is None
    assert identity["worst_frames"][0]["image_url"].startswith("http://testserver/media/renders/")


def test_other_person_is_flagged_and_needs_an_override_to_reach_the_client(
    tmp_path, photo_persona, motion, deliverable, staff_api, client
):
    deliverable.status = DeliverableStatus.INTERNAL_REVIEW
    deliverable.save()
    job = _checked_version(
        tmp_path,
        reference=photo_persona,
        motion=motion,
        deliverable=deliverable,
        frames=_animated(_photo("anyone-11.png"), 4),
    )
    check = IdentityCheck.objects.get(job=job)
    assert check.status == IdentityStatus.BELOW_THRESHOLD and check.frames_below == 4

    url = f"/api/deliverables/{deliverable.uuid}/transition/"
    refused = staff_api.post(url, {"to_status": "client_review"}, format="json")
    assert refused.status_code == 400
    body = refused.json()
    assert body["code"] == "identity_below_threshold"
    assert "Version 1 is below the persona's identity threshold" in str(body)
    deliverable.refresh_from_db()
    assert deliverable.status == DeliverableStatus.INTERNAL_REVIEW

    reason = "Stylist approved the new haircut; the client asked for it."
    sent = staff_api.post(
        url, {"to_status": "client_review", "note": "v1", "identity_override_reason": reason}, format="json"
    )
    assert sent.status_code == 200, sent.content
    change = deliverable.status_changes.latest("created_at")
    assert change.to_status == DeliverableStatus.CLIENT_REVIEW
    assert change.note.startswith("v1\nIdentity override for version 1") and reason in change.note


def test_a_later_version_that_matches_needs_no_override(
    tmp_path, photo_persona, motion, deliverable, staff_api
):
    deliverable.status = DeliverableStatus.INTERNAL_REVIEW
    deliverable.save()
    common = {"reference": photo_persona, "motion": motion, "deliverable": deliverable}
    _checked_version(tmp_path, frames=_animated(_photo("anyone-11.png"), 2), version=1, **common)
    _checked_version(tmp_path, frames=_animated(_photo("anyone-3.png"), 2), version=2, **common)
    response = staff_api.post(
        f"/api/deliverables/{deliverable.uuid}/transition/", {"to_status": "client_review"}, format="json"
    )
    assert response.status_code == 200, response.content


def test_drawn_persona_is_not_scored_and_not_blocked(tmp_path, persona, motion, deliverable, staff_api):
    deliverable.status = DeliverableStatus.INTERNAL_REVIEW
    deliverable.save()
    drawn = _reference(persona, _drawn_character(), "drawn.png")
    job = _checked_version(
        tmp_path, reference=drawn, motion=motion, deliverable=deliverable, frames=[_drawn_character()] * 3
    )
    check = IdentityCheck.objects.get(job=job)
    assert check.status == IdentityStatus.NOT_SCORED and check.mean_score is None
    assert "stylised or drawn" in check.reason
    response = staff_api.post(
        f"/api/deliverables/{deliverable.uuid}/transition/", {"to_status": "client_review"}, format="json"
    )
    assert response.status_code == 200


def test_pages_show_the_score_plot_and_worst_frames(
    tmp_path, photo_persona, motion, deliverable, agency_staff
):
    from django.test import Client

    deliverable.status = DeliverableStatus.INTERNAL_REVIEW
    deliverable.save()
    _checked_version(
        tmp_path,
        reference=photo_persona,
        motion=motion,
        deliverable=deliverable,
        frames=_animated(_photo("anyone-11.png"), 3),
    )
    browser = Client()
    browser.force_login(agency_staff)
    page = browser.get(f"/deliverables/{deliverable.uuid}/").content.decode()
    assert "below threshold" in page and 'class="identity-plot"' in page
    assert page.count('alt="Frame ') == 3
    assert "Identity override reason" in page

    posted = browser.post(
        f"/deliverables/{deliverable.uuid}/status/", {"to_status": "client_review", "note": ""}
    )
    assert posted.status_code == 400
    assert "identity threshold" in posted.content.decode()


def test_an_unreadable_video_is_recorded_as_a_failed_check(tmp_path, photo_persona, motion, deliverable):
    job = GenerationJob.objects.create(
        reference_image=photo_persona, motion=motion, deliverable=deliverable, parameters={}
    )
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"not a video")
    check = render_identity_check(
        job=job,
        video_path=broken,
        directory=tmp_path,
        thumbnail_key=lambda name: f"renders/{job.uuid}/{name}",
    )
    assert check.status == IdentityStatus.FAILED and "could not run" in check.reason


HISTOGRAM = AppearanceEncoder(embed=histogram_embed, method="colour histogram (test), cosine")


def test_a_render_whose_figure_collapses_is_flagged_even_while_the_face_holds(
    tmp_path, photo_persona, motion, deliverable, staff_api, agency_staff
):
    from django.test import Client

    deliverable.status = DeliverableStatus.INTERNAL_REVIEW
    deliverable.save()
    photo = _photo("anyone-3.png")
    washed = [Image.new("RGB", photo.size, (128, 128, 128))] * 8
    job = _checked_version(
        tmp_path,
        reference=photo_persona,
        motion=motion,
        deliverable=deliverable,
        frames=_animated(photo, 8) + washed,
        appearance_encoder=HISTOGRAM,
    )
    check = IdentityCheck.objects.get(job=job)
    assert check.frames_scored == 8 and check.frames_without_face == 8 and check.frames_below == 0
    assert check.appearance_status == "collapsed" and check.appearance_worst_window_start == 8
    assert check.appearance_frames_below == 8 and len(check.appearance_scores) == 16
    assert check.status == IdentityStatus.BELOW_THRESHOLD and check.flagged
    assert (
        check.reason.startswith("The render stops looking like the reference") and "(Face: " in check.reason
    )
    assert check.appearance_floor == photo_persona.persona.appearance_floor

    identity = staff_api.get(f"/api/generation-jobs/{job.uuid}/").json()["identity"]
    assert identity["appearance_status"] == "collapsed"
    assert identity["appearance_method"] == "colour histogram (test), cosine"
    assert identity["appearance_worst_window_start"] == 8 and identity["appearance_floor"] == "0.70"
    assert float(identity["appearance_worst_window_score"]) < 0.70

    refused = staff_api.post(
        f"/api/deliverables/{deliverable.uuid}/transition/", {"to_status": "client_review"}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "identity_below_threshold"

    browser = Client()
    browser.force_login(agency_staff)
    page = browser.get(f"/deliverables/{deliverable.uuid}/").content.decode()
    assert "<strong>Appearance:</strong>" in page and '<span class="badge warn">collapsed</span>' in page


def test_a_consistent_figure_keeps_the_face_verdict(tmp_path, photo_persona, motion, deliverable):
    photo = _photo("anyone-3.png")
    job = _checked_version(
        tmp_path,
        reference=photo_persona,
        motion=motion,
        deliverable=deliverable,
        frames=_animated(photo, 6),
        appearance_encoder=HISTOGRAM,
    )
    check = IdentityCheck.objects.get(job=job)
    assert (check.status, check.appearance_status) == (IdentityStatus.MATCH, "consistent")
    assert check.appearance_mean > check.appearance_floor and check.appearance_frames_below == 0


def test_the_persona_floor_decides(tmp_path, photo_persona, motion, deliverable):
    """Every frame at cosine 0.7071 to the reference: above the default floor, below a stricter one."""

    class FixedEmbedder:
        """The first call embeds the references at (1, 0); every frame after that sits at (1, 1)."""

        def __init__(self):
            self.calls = 0

        def __call__(self, images):
            self.calls += 1
            return np.tile([1.0, 0.0] if self.calls == 1 else [1.0, 1.0], (len(images), 1))

    def check_with(floor, version):
        persona = photo_persona.persona
        persona.appearance_floor = floor
        persona.save()
        job = _checked_version(
            tmp_path,
            reference=photo_persona,
            motion=motion,
            deliverable=deliverable,
            frames=_animated(_photo("anyone-3.png"), 4),
            version=version,
            appearance_encoder=AppearanceEncoder(embed=FixedEmbedder(), method="fixed"),
        )
        return IdentityCheck.objects.get(job=job)

    default = check_with(Decimal("0.70"), 1)
    assert default.appearance_status == "consistent" and default.appearance_mean == Decimal("0.7071")
    strict = check_with(Decimal("0.75"), 2)
    assert strict.appearance_status == "collapsed" and strict.appearance_frames_below == 4
    assert strict.appearance_floor == Decimal("0.75") and strict.status == IdentityStatus.BELOW_THRESHOLD
