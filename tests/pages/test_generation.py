"""Motions and renders: upload, extraction progress, alignment, submit, progress, cancel, re-run."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from generation.models import GenerationJob, Motion
from tests.factories import GenerationJobFactory, MotionFactory, ReferenceImageFactory
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


def test_every_bad_parameter_is_reported_at_once(studio, staff):
    response = staff.post(
        reverse("generation:generate"), _generate_data(studio, width="100", height="30", steps="0")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {name: errors[name] for name in ("width", "height", "steps")} == {
        "width": ["width must be a multiple of 8; got 100."],
        "height": ["height must be a multiple of 8; got 30."],
        "steps": ["steps must be between 1 and 150; got 0."],
    }
    page = response.content.decode()
    assert all(message in page for message in ("got 100.", "got 30.", "got 0."))
    assert not GenerationJob.objects.exclude(pk=studio.job.pk).exists()


def test_generate_page_estimates_each_preset_from_the_measured_speed(studio, staff):
    # No render has been timed yet: no made-up estimate.
    page = staff.get(reverse("generation:generate")).content.decode()
    assert "there is no time estimate" in page and 'data-seconds-per-unit=""' in page

    # Drafts (16 frames x 10 steps x 256 x 384 = 15.73 units) that took 157 s: 10 s a unit. A slow
    # and a slow outlier, a fast one and a failed render do not move the median.
    GenerationJob.objects.filter(pk=studio.job.pk).update(gpu_seconds=157.2864)
    GenerationJobFactory(gpu_seconds=157.2864 * 0.8)
    GenerationJobFactory(gpu_seconds=157.2864 * 50)
    GenerationJobFactory(status="failed", gpu_seconds=1.0)
    page = staff.get(reverse("generation:generate")).content.decode()
    assert float(re.search(r'data-seconds-per-unit="([^"]+)"', page)[1]) == pytest.approx(10)
    # The standard preset (24 frames x 25 steps at 512 x 768) is chosen first: 235.93 units x 10 s.
    assert "Estimated time on this studio's workers: about 39 min (measured from recent renders)." in page
    assert "Cancelling takes effect at the next denoising step." in page

    response = staff.post(reverse("generation:generate"), _generate_data(studio, preset="final", width="100"))
    assert "about 3 h 09 min" in response.content.decode()  # 1,132.46 units x 10 s = 11,325 s


def test_durations_read_in_words_and_round_half_up():
    from influencer_platform.templatetags.studio_format import approximate_duration

    assert [approximate_duration(s) for s in (0, 59, 90, 150, 3599, 3725, None)] == [
        "about 0 s", "about 59 s", "about 2 min", "about 3 min", "about 1 h 00 min", "about 1 h 02 min", "",
    ]  # fmt: skip


def test_progress_says_each_thing_once_and_names_no_gpu(studio, agency_staff, staff):
    staff.post(reverse("generation:generate"), _generate_data(studio))
    queued = GenerationJob.objects.get(requested_by=agency_staff)
    page = staff.get(reverse("generation:job-detail", args=[queued.uuid])).content.decode()
    assert (
        '<p role="status" aria-live="polite" data-job-status>Waiting for a worker · step 0 of 10</p>' in page
    )

    running = GenerationJobFactory(
        status="running", message="Denoising", current_step=3, total_steps=10, progress=30
    )
    page = staff.get(reverse("generation:job-detail", args=[running.uuid])).content.decode()
    assert "data-job-status>Denoising · step 3 of 10</p>" in page
    assert page.count("step 3 of 10") == 1 and "GPU" not in page
    assert staff.get(reverse("generation:job-progress", args=[running.uuid])).json()["message"] == "Denoising"


def test_finished_render_facts_leave_out_what_was_not_recorded(studio, staff):
    body = staff.get(reverse("generation:job-detail", args=[studio.job.uuid])).content.decode()
    assert "None" not in body and "data-result-facts" not in body  # a job with no recorded facts

    started = timezone.now() - timedelta(seconds=200)
    GenerationJob.objects.filter(pk=studio.job.pk).update(
        width=256, height=384, fps=8.0, duration_seconds=2.0, file_size=123456,
        started_at=started, finished_at=started + timedelta(seconds=95),
    )  # fmt: skip
    body = staff.get(reverse("generation:job-detail", args=[studio.job.uuid])).content.decode()
    facts = "256×384 · 8 fps · 2.0 s long · 120.6\u00a0KB · rendered in about 2 min"
    assert f'<p class="muted" data-result-facts>{facts}</p>' in body
