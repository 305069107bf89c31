"""Sign a job's finished render (mp4 and poster) and record the outcome (called once by the worker)."""

import logging
from pathlib import Path

from influencer_platform.common.files import stored_file_copy
from trust.models import ContentCredential
from trust.selectors import render_consent_records_in_force
from trust.services.credentials import (
    CredentialsError,
    Ingredient,
    content_credentials_sign,
    content_credentials_verify,
)

logger = logging.getLogger(__name__)


def previous_version(*, job):
    """The render this job revises: the job it re-ran when that one finished, else the deliverable's
    latest finished version; None for a first render."""
    from generation.models import GenerationJob, JobStatus

    if job.rerun_of_id:
        parent = GenerationJob.objects.filter(pk=job.rerun_of_id, status=JobStatus.SUCCEEDED).first()
        if parent is not None and parent.video:
            return parent
    if job.deliverable_id:
        return (
            GenerationJob.objects.filter(
                deliverable_id=job.deliverable_id, status=JobStatus.SUCCEEDED, version_number__isnull=False
            )
            .exclude(pk=job.pk)
            .exclude(video="")
            .order_by("-version_number")
            .first()
        )
    return None


def _parent(field_file, target: Path, title: str) -> Ingredient | None:
    if not field_file:
        return None
    try:
        return Ingredient(title=title, path=stored_file_copy(field_file, target), relationship="parentOf")
    except OSError as exc:  # missing from storage: the revision is signed as a new render
        logger.warning("previous version file %s unreadable: %s", field_file.name, exc)
        return None


def _sign_one(*, path: Path, agent: str, ingredients, parent, licences) -> tuple[dict, str]:
    """(summary with validation, error); the summary is empty when signing failed."""
    try:
        summary = content_credentials_sign(
            path=path, software_agent=agent, ingredients=ingredients, parent=parent, licences=licences
        )
    except (CredentialsError, OSError, ValueError) as exc:
        return {}, str(exc)
    check = content_credentials_verify(path=path)
    summary.update(valid=check.valid, validation_state=check.validation_state, problems=check.problems)
    return summary, ""


def render_credentials_sign(
    *,
    job,
    video_path: Path,
    directory: Path,
    backend: str,
    model_fingerprint: str,
    poster_path: Path | None = None,
) -> ContentCredential:
    """Embed a C2PA manifest in the mp4 and the poster (in place) with the persona reference and the
    motion as ingredients, each carrying the ledger records that cover it; a revision is
    ``c2pa.edited`` with the previous version's signed file as parent. A failure is recorded on the
    row with its reason and leaves that file unsigned."""
    records = render_consent_records_in_force(
        reference_image=job.reference_image, motion=job.motion, backend=backend, deliverable=job.deliverable
    )
    ingredients = []
    reference = job.reference_image
    if reference.image:
        ingredients.append(
            Ingredient(
                title=f"Persona reference image {reference.pk}",
                path=stored_file_copy(reference.image, directory / "c2pa-reference"),
                consent_records=tuple(records["reference_image"]),
            )
        )
    motion = job.motion
    motion_file = motion.source_video or motion.pose_video
    if motion_file:
        ingredients.append(
            Ingredient(
                title=f"Motion {motion.name}",
                path=stored_file_copy(motion_file, directory / "c2pa-motion"),
                consent_records=tuple(records["motion"]),
            )
        )
    agent = f"Virtual Influencer Studio; backend {backend}; weights {model_fingerprint}"
    previous = previous_version(job=job)
    label = f"Previous version {previous.version_number}" if previous and previous.version_number else ""
    label = label or (f"Previous render {previous.uuid}" if previous else "")
    video_parent = _parent(previous.video, directory / "c2pa-parent.mp4", label) if previous else None
    video, video_error = _sign_one(
        path=video_path, agent=agent, ingredients=ingredients, parent=video_parent, licences=records
    )
    if video_error:
        logger.warning("job %s: render not signed: %s", job.pk, video_error)
    poster, poster_error = {}, ""
    if poster_path is not None:
        poster_parent = (
            _parent(previous.poster, directory / "c2pa-parent-poster", f"{label} poster")
            if previous
            else None
        )
        poster, poster_error = _sign_one(
            path=poster_path, agent=agent, ingredients=ingredients, parent=poster_parent, licences=records
        )
        if poster_error:
            logger.warning("job %s: poster not signed: %s", job.pk, poster_error)
    if video:
        video["parent_version"] = previous.version_number if video_parent is not None else None
    record, _ = ContentCredential.objects.update_or_create(
        job=job,
        defaults={
            "signed": bool(video),
            "signer": video.get("signer", ""),
            "development_ca": bool(video.get("development_ca") or poster.get("development_ca")),
            "manifest": video,
            "error": video_error,
            "valid": bool(video.get("valid")),
            "validation_state": video.get("validation_state", ""),
            "poster_signed": bool(poster),
            "poster_manifest": poster,
            "poster_error": poster_error,
            "poster_valid": bool(poster.get("valid")),
            "parent_job": previous if video_parent is not None else None,
        },
    )
    return record
