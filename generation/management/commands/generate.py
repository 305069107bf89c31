"""Render a persona along a motion from the command line, through the same service as the API."""

import time
import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from animation.backends import all_backends
from animation.cli import add_parameter_arguments, parameters_from_options
from generation.models import GenerationJob, JobStatus, Motion, MotionStatus
from generation.services.job_parameters import job_parameters_class
from generation.services.jobs import generation_job_submit
from influencer_platform.accounts.models import User
from influencer_platform.common.errors import ServiceError
from personas.models import Persona, ReferenceImage

TERMINAL = {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED}


class Command(BaseCommand):
    help = "Submit a generation job (persona + motion) and follow it to the end with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("--persona", required=True, help="Persona slug.")
        parser.add_argument("--motion", required=True, help="Motion UUID, or a path to a pose/driving video.")
        parser.add_argument("--image", help="Reference image UUID (default: the persona's primary image).")
        parser.add_argument("--user", help="Username to submit as (default: the first agency admin).")
        add_parameter_arguments(parser, *(job_parameters_class(b.name) for b in all_backends()))
        parser.add_argument("--no-wait", action="store_true", help="Submit and return without following.")
        parser.add_argument(
            "--timeout", type=float, default=None, help="Stop following after this many seconds."
        )

    def handle(self, *args, **options):
        user = self._user(options["user"])
        persona = Persona.objects.filter(slug=options["persona"]).first()
        if persona is None:
            raise CommandError(f"No persona with slug {options['persona']!r}.")
        image = self._image(persona, options["image"])
        motion = self._motion(options["motion"], user)
        parameters = parameters_from_options(options, job_parameters_class(options.get("backend")))
        try:
            job, _ = generation_job_submit(
                user=user, reference_image=image, motion=motion, parameters=parameters
            )
        except ServiceError as exc:
            raise CommandError(exc.message)
        self.stdout.write(
            f"Submitted job {job.uuid} ({job.parameters['frames']} frames, {job.total_steps} steps)."
        )
        if options["no_wait"]:
            return
        job = self._follow(job, timeout=options["timeout"])
        if job.status == JobStatus.SUCCEEDED:
            self.stdout.write(
                self.style.SUCCESS(f"Done: {job.video.url} ({job.file_size} bytes, {job.gpu_seconds:.1f}s)")
            )
        elif job.status == JobStatus.CANCELLED:
            raise CommandError(f"Job {job.uuid} was cancelled.")
        else:
            raise CommandError(f"Job {job.uuid} failed: {job.error_message}")

    def _user(self, username: str | None) -> User:
        users = (
            User.objects.filter(username=username) if username else User.objects.filter(role="agency_admin")
        )
        user = users.order_by("id").first()
        if user is None or not user.is_agency:
            raise CommandError("No agency user to submit as; create one or pass --user.")
        return user

    def _image(self, persona: Persona, image_uuid: str | None) -> ReferenceImage:
        images = persona.images.all()
        try:
            image = (
                images.filter(uuid=image_uuid).first()
                if image_uuid
                else images.order_by("-is_primary").first()
            )
        except ValidationError:
            raise CommandError(f"{image_uuid!r} is not a UUID.")
        if image is None:
            raise CommandError(
                f"Persona {persona.slug} has no reference image{' ' + image_uuid if image_uuid else ''}."
            )
        return image

    def _motion(self, value: str, user) -> Motion:
        path = Path(value)
        if path.is_file():
            from generation.services.motions import motion_create_from_upload

            with path.open("rb") as handle:
                try:
                    motion = motion_create_from_upload(
                        name=path.stem, file=File(handle, name=path.name), user=user
                    )
                except ServiceError as exc:
                    raise CommandError(exc.message)
            return self._wait_ready(motion)
        try:
            motion = Motion.objects.filter(uuid=uuid.UUID(value)).first()
        except ValueError:
            raise CommandError(f"--motion {value!r} is neither a motion UUID nor an existing file.")
        if motion is None:
            raise CommandError(f"No motion {value}.")
        return motion

    def _wait_ready(self, motion: Motion, timeout: float = 1800) -> Motion:
        deadline = time.monotonic() + timeout
        while motion.status == MotionStatus.PROCESSING and time.monotonic() < deadline:
            self.stdout.write(f"Extracting poses from {motion.name}… {motion.progress}%", ending="\r")
            time.sleep(1)
            motion.refresh_from_db()
        if motion.status != MotionStatus.READY:
            raise CommandError(
                f"The motion is not usable ({motion.status}): {motion.error_message or 'timed out'}"
            )
        return motion

    def _follow(self, job: GenerationJob, *, timeout: float | None) -> GenerationJob:
        from tqdm import tqdm

        deadline = time.monotonic() + timeout if timeout else None
        with tqdm(total=job.total_steps or 1, unit="step", desc=str(job.uuid)[:8], file=self.stdout) as bar:
            while True:
                job.refresh_from_db()
                bar.total = max(job.total_steps, 1)
                bar.n = job.current_step
                bar.set_postfix_str(f"{job.status}: {job.message}"[:60])
                bar.refresh()
                if job.status in TERMINAL:
                    return job
                if deadline and time.monotonic() > deadline:
                    raise CommandError(
                        f"Job {job.uuid} is still {job.status}; stopped following (it keeps running)."
                    )
                time.sleep(0.5)
