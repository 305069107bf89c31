"""A failed render says what happened and what to try, in words, on the job and its page: no Python
class names, no snake_case codes (the code itself stays stable for the API and webhooks)."""

from unittest import mock

import pytest
from django.db import OperationalError

from generation.models import GenerationJob
from generation.worker.run import TransientJobError, generation_job_execute, render_failure
from tests.factories import GenerationJobFactory

pytestmark = pytest.mark.django_db


class OutOfMemoryError(RuntimeError):
    """Stands in for torch.cuda.OutOfMemoryError: no GPU here to run out of."""


OOM = (
    "out_of_memory",
    "The worker ran out of memory. Try a smaller size, fewer frames or a smaller decode chunk, "
    "or a worker with more memory.",
)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OutOfMemoryError("CUDA error: tried to allocate 2.00 GiB"), OOM),
        (RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory"), OOM),
        (MemoryError(), OOM),
        (RuntimeError("mat1 and mat2 shapes cannot be multiplied."), (
            "render_error", "The model stopped with an error: mat1 and mat2 shapes cannot be multiplied.")),
        (ValueError(""), (
            "render_error", "The model stopped with an unexpected error; the worker's log has the details.")),
    ],
)  # fmt: skip
def test_failures_read_as_sentences(error, expected):
    assert render_failure(error) == expected


@pytest.fixture
def staff(client, agency_staff):
    client.force_login(agency_staff)
    return client


def _run_failing(error) -> GenerationJob:
    job = GenerationJobFactory(status="queued", progress=0, current_step=0, video=None, poster=None)
    with mock.patch("generation.worker.run.render_job", side_effect=error):
        outcome = generation_job_execute(job_id=job.id, hostname="test")
    assert outcome == "failed"
    job.refresh_from_db()
    return job


def test_an_unexpected_error_is_recorded_without_its_class_name_and_shown_in_words(staff):
    job = _run_failing(RuntimeError("mat1 and mat2 shapes cannot be multiplied"))
    assert (job.status, job.error_code, job.error_message) == (
        "failed",
        "render_error",
        "The model stopped with an error: mat1 and mat2 shapes cannot be multiplied.",
    )
    page = staff.get(f"/jobs/{job.uuid}/").content.decode()
    assert "The render failed (model error): The model stopped with an error" in page
    assert "RuntimeError" not in page and "render_error" not in page


def test_running_out_of_memory_says_what_to_try(staff):
    job = _run_failing(OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"))
    assert (job.error_code, job.error_message) == OOM
    page = staff.get(f"/jobs/{job.uuid}/").content.decode()
    assert "The render failed (out of memory): The worker ran out of memory." in page


def test_a_temporary_error_hands_the_job_back_with_a_plain_message():
    job = GenerationJobFactory(status="queued", progress=0, current_step=0, video=None, poster=None)
    with (
        mock.patch("generation.worker.run.render_job", side_effect=OperationalError("database is locked")),
        pytest.raises(TransientJobError),
    ):
        generation_job_execute(job_id=job.id, hostname="test")
    job.refresh_from_db()
    assert (job.status, job.message) == ("queued", "Retrying after a temporary storage or database error")
