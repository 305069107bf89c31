"""The ``generate`` management command: submit through the service, clear errors."""

import io

import pytest
from django.core.management import CommandError, call_command

from animation.params import PRESETS
from generation.models import GenerationJob, JobStatus

pytestmark = pytest.mark.django_db


def test_generate_submits_a_job_without_waiting(agency_admin, reference_image, motion, persona):
    out = io.StringIO()
    call_command(
        "generate", "--persona", persona.slug, "--motion", str(motion.uuid), "--width", "64",
        "--height", "64", "--frames", "4", "--steps", "2", "--context-frames", "4", "--context-overlap", "1",
        "--seed", "5", "--no-wait", stdout=out,
    )  # fmt: skip
    job = GenerationJob.objects.get()
    assert (job.status, job.reference_image, job.motion, job.requested_by) == (
        JobStatus.QUEUED, reference_image, motion, agency_admin,
    )  # fmt: skip
    assert job.parameters["seed"] == 5 and f"Submitted job {job.uuid}" in out.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--persona", "nobody", "--motion", "x"], "No persona with slug 'nobody'."),
        (["--persona", "nova", "--motion", "not-a-file"], "neither a motion UUID nor an existing file"),
        (
            ["--persona", "nova", "--motion", "{motion}", "--width", "100"],
            "width must be a multiple of 8; got 100.",
        ),
    ],
)
def test_generate_explains_what_is_wrong(agency_admin, reference_image, motion, arguments, message):
    arguments = [a.format(motion=motion.uuid) for a in arguments]
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("generate", *arguments, "--no-wait")
    assert not GenerationJob.objects.exists()


def test_generate_starts_from_a_preset_and_explicit_options_win(
    agency_admin, reference_image, motion, persona
):
    call_command(
        "generate", "--persona", persona.slug, "--motion", str(motion.uuid), "--preset", "draft",
        "--frames", "4", "--seed", "9", "--no-wait", stdout=io.StringIO(),
    )  # fmt: skip
    stored = GenerationJob.objects.get().parameters
    draft = PRESETS["draft"][1]
    assert (stored["width"], stored["height"], stored["steps"], stored["guidance_scale"]) == (
        draft.width, draft.height, draft.steps, draft.guidance_scale,
    )  # fmt: skip
    assert (stored["frames"], stored["seed"]) == (4, 9)
