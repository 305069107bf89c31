"""Motions and renders: upload, extraction progress, alignment, submit, progress, cancel, re-run."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from generation.models import GenerationJob, Motion
from tests.factories import MotionFactory, ReferenceImageFactory
from tests.generation.conftest import skeleton_video_bytes


def test_motion_library_lists_previews(studio, staff):
    MotionFactory(name="Processing one", status="processing", progress=40, poster="")
    page = staff.get(reverse("generation:motion-list")).content.decode()
    assert "Salsa basic" in page and "Processing one" in page
    assert escape(studio.motion.poster.url) in page
    assert 'alt="Pose of Salsa basic"' in page


def test_motion_upload_keeps_input_and_explains_a_rejected_file(staff):
    bad = SimpleUploadedFile("clip.mp4", b"definitely not a video", content_type="video/mp4")
    response = staff.post(
        reverse("generation:motion-upload"), {"name": "Hip hop", "file": bad, "tags": "dance"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith("The video was rejected")
    assert 'value="Hip hop"' in response.content.decode()
    assert not Motion.objects.exists()


def test_video_upload_creates_the_motion_and_its_status_endpoint(agency_staff, staff):
    video = SimpleUploadedFile("wave.mp4", skeleton_video_bytes(frames=12), content_type="video/mp4")
    response = staff.post(
        reverse("generation:motion-upload"),
        {"name": "Wave", "file": video, "tags": "wave, arms", "performer": "Ana"},
    )
    motion = Motion.objects.get(name="Wave")
    assert response.url == reverse("generation:motion-detail", args=[motion.uuid])
    assert (motion.tags, motion.performer, motion.created_by) == (["wave", "arms"], "Ana", agency_staff)
    assert motion.frame_count == 12
    status = staff.get(reverse("generation:motion-status", args=[motion.uuid])).json()
    assert status == {"status": motion.status, "progress": motion.progress, "error_message": ""}


def test_processing_motion_page_polls_its_progress(studio, staff):
    motion = MotionFactory(status="processing", progress=35, source="driving_video")
    page = staff.get(reverse("generation:motion-detail", args=[motion.uuid])).content.decode()
    assert reverse("generation:motion-status", args=[motion.uuid]) in page
    assert 'role="status"' in page and "35 % done" in page


def test_alignment_refusal_is_shown_on_the_form(studio, staff):
    response = staff.post(
        reverse("generation:motion-align", args=[studio.motion.uuid]), {"reference_image": studio.image.uuid}
    )
    assert response.status_code == 400
    assert "cannot be aligned" in response.content.decode()


def test_alignment_preview_with_a_real_pose(staff, agency_staff):
    from generation.demo_assets import drawn_character, procedural_dance
    from generation.services.motions import motion_create_from_sequence
    from personas.services.images import reference_image_upload
    from tests.factories import PersonaFactory

    buffer = io.BytesIO()
    drawn_character().save(buffer, format="PNG")
    image = reference_image_upload(
        persona=PersonaFactory(), file=SimpleUploadedFile("c.png", buffer.getvalue()), user=agency_staff
    )
    motion = motion_create_from_sequence(name="Dance", sequence=procedural_dance(frames=8))
    response = staff.post(
        reverse("generation:motion-align", args=[motion.uuid]), {"reference_image": image.uuid}
    )
    assert response.status_code == 200, response.context["align_form"].errors
    alignment = response.context["alignment"]
    page = response.content.decode()
    assert escape(alignment.pose_video.url) in page and escape(image.image.url) in page


def _generate_data(studio, **overrides):
    return {
        "reference_image": studio.image.uuid,
        "motion": studio.motion.uuid,
        "preset": "draft",
        "idempotency_key": "k-1",
        **overrides,
    }


def test_generate_page_offers_images_motions_presets_and_deliverables(studio, staff):
    response = staff.get(reverse("generation:generate"), {"deliverable": studio.review_a.uuid})
    page = response.content.decode()
    assert escape(studio.image.image.url) in page and "Salsa basic" in page
    assert 'id="presets"' in page and "Draft: small and fast" in page
    assert f'value="{studio.review_a.uuid}" selected' in page


def test_submit_uses_the_preset_and_overrides_then_shows_live_progress(studio, agency_staff, staff):
    response = staff.post(reverse("generation:generate"), _generate_data(studio, steps="12", seed="99"))
    job = GenerationJob.objects.get(requested_by=agency_staff)
    assert response.url == reverse("generation:job-detail", args=[job.uuid])
    assert {k: job.parameters[k] for k in ("width", "height", "frames", "steps", "seed")} == {
        "width": 256, "height": 384, "frames": 16, "steps": 12, "seed": 99,
    }  # fmt: skip
    # A double submit with the same form key makes no second job.
    staff.post(reverse("generation:generate"), _generate_data(studio, steps="12", seed="99"))
    assert GenerationJob.objects.filter(requested_by=agency_staff).count() == 1

    page = staff.get(response.url).content.decode()
    assert reverse("generation:job-progress", args=[job.uuid]) in page
    assert 'role="status"' in page and "<progress" in page
    progress = staff.get(reverse("generation:job-progress", args=[job.uuid])).json()
    assert progress["status"] == "queued" and progress["total_steps"] == 12 and progress["terminal"] is False


def test_submit_errors_go_next_to_the_field_and_keep_input(studio, staff):
    response = staff.post(reverse("generation:generate"), _generate_data(studio, width="100", steps="12"))
    assert response.status_code == 200
    assert response.context["form"].errors["width"] == ["width must be a multiple of 8; got 100."]
    assert 'value="12"' in response.content.decode()
    other_persona_image = ReferenceImageFactory()
    response = staff.post(
        reverse("generation:generate"),
        _generate_data(studio, reference_image=other_persona_image.uuid, deliverable=studio.review_a.uuid),
    )
    assert "different persona" in " ".join(response.context["form"].errors["reference_image"])
    assert not GenerationJob.objects.exclude(pk=studio.job.pk).exists()


def test_cancel_a_queued_job(studio, staff):
    staff.post(reverse("generation:generate"), _generate_data(studio))
    job = GenerationJob.objects.exclude(pk=studio.job.pk).get()
    staff.post(reverse("generation:job-cancel", args=[job.uuid]))
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert staff.get(reverse("generation:job-progress", args=[job.uuid])).json()["terminal"] is True


def test_finished_job_plays_inline_with_parameters_and_model_and_rerun_prefills(studio, staff):
    page = staff.get(reverse("generation:job-detail", args=[studio.job.uuid])).content.decode()
    assert escape(studio.job.video.url) in page and f'poster="{escape(studio.job.poster.url)}"' in page
    assert "tiny-test-model" in page and "guidance_scale" in page
    response = staff.get(reverse("generation:generate"), {"from": studio.job.uuid})
    form = response.context["form"]
    assert form.initial["steps"] == 10 and form.initial["seed"] == 7
    assert form.initial["reference_image"] == studio.image and form.initial["deliverable"] == studio.review_a
    page = response.content.decode()
    assert 'name="seed" value="7"' in page and "Re-run with changes" in page


def test_the_backend_picker_sends_only_that_backends_parameters(studio, agency_staff, staff):
    page = staff.get(reverse("generation:generate")).content.decode()
    assert 'name="backend" value="wan-animate"' in page
    assert 'data-backends="wan-animate"' in page and 'data-backends="animate-anyone wan-animate"' in page
    data = _generate_data(
        studio, backend="wan-animate", context_frames="8", mode="replace", segment_frame_length="9", steps="6"
    )
    response = staff.post(reverse("generation:generate"), data)
    job = GenerationJob.objects.get(requested_by=agency_staff)
    assert response.url == reverse("generation:job-detail", args=[job.uuid])
    assert "context_frames" not in job.parameters and "scheduler" not in job.parameters
    assert {k: job.parameters[k] for k in ("backend", "mode", "segment_frame_length", "width", "frames")} == {
        "backend": "wan-animate", "mode": "replace", "segment_frame_length": 9, "width": 256, "frames": 16,
    }  # fmt: skip
    assert job.parameters["prompt"].startswith("Mila Voss")  # from the persona's look, editable per job
    assert job.total_steps == 6 * 2  # 16 frames in segments of 9 carrying 1: two segments
    listing = staff.get(reverse("generation:job-list")).content.decode()
    assert (
        "<td data-backend>wan-animate</td>" in listing and "<td data-backend>animate-anyone</td>" in listing
    )
    GenerationJob.objects.filter(pk=job.pk).update(status="running")
    home = staff.get("/").content.decode()
    assert '<span class="muted" data-backend>wan-animate</span>' in home
