"""One parameter schema behind every door: API, form, ``manage.py generate``, the model's command line."""

import argparse
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from animation import cli
from animation.params import PRESETS, RenderParameters, param_specs
from generation.management.commands.animate import Command as AnimateCommand
from generation.models import GenerationJob
from generation.services.job_parameters import JobParameters
from generation.services.jobs import generation_job_rerun

pytestmark = pytest.mark.django_db

ASKED = {
    "width": 64,
    "height": 64,
    "frames": 4,
    "steps": 2,
    "guidance_scale": 2.5,
    "seed": 11,
    "context_frames": 4,
    "context_overlap": 1,
    "context_stride": 2,
    "trim_start_frame": 2,
    "trim_end_frame": 10,
    "fps": 4.0,
}


def _api(agency_staff, reference_image, motion):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(agency_staff)
    body = {"reference_image": str(reference_image.uuid), "motion": str(motion.uuid), "parameters": ASKED}
    response = client.post("/api/generation-jobs/", body, format="json")
    assert response.status_code == 202, response.json()
    return GenerationJob.objects.get(uuid=response.json()["uuid"])


def _form(agency_staff, reference_image, motion):
    client = Client()
    client.force_login(agency_staff)
    data = {"reference_image": str(reference_image.uuid), "motion": str(motion.uuid), "preset": "standard"}
    data.update({name: str(value) for name, value in ASKED.items()})
    response = client.post(reverse("generation:generate"), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    return GenerationJob.objects.get(uuid=response["Location"].rstrip("/").rsplit("/", 1)[-1])


def _command(agency_staff, reference_image, motion):
    args = ["generate", "--persona", reference_image.persona.slug, "--motion", str(motion.uuid), "--no-wait"]
    args += ["--user", agency_staff.username]
    for name, value in ASKED.items():
        args += ["--" + name.replace("_", "-"), str(value)]
    call_command(*args, stdout=io.StringIO())
    return GenerationJob.objects.order_by("-id").first()


@pytest.fixture
def no_queue():
    with mock.patch("influencer_platform.celery.app.send_task"):
        yield


def test_every_door_stores_identical_complete_parameters(agency_staff, reference_image, motion, no_queue):
    jobs = [door(agency_staff, reference_image, motion) for door in (_api, _form, _command)]
    stored = [job.parameters for job in jobs]
    assert stored[0] == stored[1] == stored[2]
    # Complete: every schema field is there, with the defaults of what was not asked.
    assert set(stored[0]) == {spec.name for spec in param_specs(JobParameters)}
    assert stored[0] == {**JobParameters().to_dict(), **ASKED}


def test_a_rerun_keeps_every_field_and_differs_only_in_the_change(
    agency_staff, reference_image, motion, no_queue
):
    first = _api(agency_staff, reference_image, motion)
    same, _ = generation_job_rerun(job=first, user=agency_staff, changes={})
    assert same.parameters == first.parameters  # the seed too: the render repeats exactly
    changed, _ = generation_job_rerun(job=first, user=agency_staff, changes={"steps": 3})
    assert JobParameters(**changed.parameters).difference(first.parameters) == {"steps": (2, 3)}
    assert changed.rerun_of == first

    # The re-run page is prefilled with every field, including those it does not show prominently.
    client = Client()
    client.force_login(agency_staff)
    page = client.get(reverse("generation:generate") + f"?from={first.uuid}").content.decode()
    for name in ("context_stride", "trim_start_frame", "trim_end_frame", "fps", "seed"):
        assert f'name="{name}"' in page
    assert 'name="trim_end_frame" value="10"' in page and 'name="context_stride" value="2"' in page

    # The job page shows the difference against the render it repeats.
    detail = client.get(reverse("generation:job-detail", args=[changed.uuid])).content.decode()
    assert "Changed from the render it repeats" in detail and "Denoising steps" in detail


def test_api_rerun_endpoint_changes_one_field(agency_staff, reference_image, motion, no_queue):
    from rest_framework.test import APIClient

    first = _api(agency_staff, reference_image, motion)
    client = APIClient()
    client.force_authenticate(agency_staff)
    response = client.post(
        f"/api/generation-jobs/{first.uuid}/rerun/", {"parameters": {"guidance_scale": 4}}, format="json"
    )
    assert response.status_code == 202, response.json()
    assert response.json()["parameters"] == {**first.parameters, "guidance_scale": 4.0}


def test_the_form_reports_every_bad_field_at_once(agency_staff, reference_image, motion, no_queue):
    client = Client()
    client.force_login(agency_staff)
    data = {"reference_image": str(reference_image.uuid), "motion": str(motion.uuid), "preset": "draft"}
    data.update(width="100", steps="999", guidance_scale="25")
    page = client.post(reverse("generation:generate"), data).content.decode()
    for message in (
        "width must be a multiple of 8; got 100.",
        "steps must be between 1 and 150; got 999.",
        "guidance_scale must be between 0 and 20; got 25.",
    ):
        assert message in page
    assert not GenerationJob.objects.exists()


def _parsed(add_arguments, argv):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return vars(parser.parse_args(argv))


def test_the_command_lines_default_to_the_jobs_defaults():
    argv = ["--reference", "r.png", "--poses", "p.mp4", "--output", "o.mp4"]
    module_options = _parsed(cli.add_arguments, argv)
    command_options = _parsed(AnimateCommand().add_arguments, argv)
    from_module = RenderParameters.validate(cli.parameters_from_options(module_options))
    from_command = RenderParameters.validate(cli.parameters_from_options(command_options))
    as_job = RenderParameters(**JobParameters.validate({}).render_fields())
    assert from_module == from_command == as_job == PRESETS["standard"][1]


def test_one_name_per_concept_and_the_same_messages_everywhere():
    names = [spec.name for spec in param_specs(JobParameters)]
    assert "num_frames" not in names and "guidance" not in names and len(names) == len(set(names))
    # The model's door refuses with the job door's words.
    with pytest.raises(ValueError, match="steps must be between 1 and 150; got 0."):
        RenderParameters.validate({"steps": 0})
    from generation.services.job_parameters import InvalidParameters, job_parameters_validate

    with pytest.raises(InvalidParameters, match="steps must be between 1 and 150; got 0."):
        job_parameters_validate(parameters={"steps": 0})
    # Every dtype spelling the pipeline knows is accepted by the command line.
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    for spelling in ("fp32", "float32", "fp16", "float16", "bf16", "bfloat16"):
        parser.parse_args(["--reference", "r", "--poses", "p", "--dtype", spelling])


def test_every_schema_field_reaches_every_door(agency_staff, reference_image, motion):
    """Adding a field to the schema is the whole edit: form, API schema and both command lines show it."""
    from generation.api.serializers.jobs import GenerationParametersSerializer
    from generation.forms import GenerateForm
    from generation.management.commands.generate import Command as GenerateCommand
    from generation.services.job_parameters import job_parameter_specs

    job_names = {spec.name for spec in job_parameter_specs()}  # every backend's, each name once
    assert {spec.name for spec in param_specs(JobParameters)} < job_names
    from campaigns.models import Deliverable
    from generation.models import Motion
    from personas.models import ReferenceImage

    form = GenerateForm(
        images=ReferenceImage.objects.all(),
        motions=Motion.objects.all(),
        deliverables=Deliverable.objects.all(),
    )
    assert job_names - {"backend"} <= set(form.fields) and "backend" in form.fields
    assert job_names == set(GenerationParametersSerializer().fields)
    generate_flags = set(_parsed(GenerateCommand().add_arguments, ["--persona", "p", "--motion", "m"]))
    assert job_names <= generate_flags
    animate_flags = set(_parsed(cli.add_arguments, ["--reference", "r", "--poses", "p"]))
    assert {spec.name for spec in param_specs(RenderParameters)} <= animate_flags

    client = Client()
    client.force_login(agency_staff)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    documented = schema["components"]["schemas"]["GenerationParameters"]["properties"]
    assert job_names == set(documented)
    assert documented["decode_chunk_size"]["maximum"] == 64
