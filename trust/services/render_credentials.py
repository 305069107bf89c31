"""Sign a job's finished render and record the outcome (called once by the render worker)."""

import logging
import shutil
from pathlib import Path

from trust.models import ContentCredential
from trust.services.credentials import CredentialsError, Ingredient, content_credentials_sign

logger = logging.getLogger(__name__)


def _copy(field_file, target: Path) -> Path:
    with field_file.storage.open(field_file.name, "rb") as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)
    return target


def render_credentials_sign(
    *, job, video_path: Path, directory: Path, backend: str, model_fingerprint: str
) -> ContentCredential:
    """Embed a C2PA manifest in ``video_path`` (in place) with the persona reference and the motion as
    ingredients; a failure is recorded on the row (with its reason) and leaves the video unsigned."""
    ingredients = []
    reference = job.reference_image
    if reference.image:
        ingredients.append(
            Ingredient(
                title=f"Persona reference image {reference.pk}",
                path=_copy(reference.image, directory / "c2pa-reference"),
            )
        )
    motion = job.motion
    motion_file = motion.source_video or motion.pose_video
    if motion_file:
        ingredients.append(
            Ingredient(title=f"Motion {motion.name}", path=_copy(motion_file, directory / "c2pa-motion"))
        )
    agent = f"Virtual Influencer Studio; backend {backend}; weights {model_fingerprint}"
    try:
        summary = content_credentials_sign(path=video_path, software_agent=agent, ingredients=ingredients)
    except (CredentialsError, OSError, ValueError) as exc:
        logger.warning("job %s: render not signed: %s", job.pk, exc)
        record, _ = ContentCredential.objects.update_or_create(
            job=job,
            defaults={
                "signed": False,
                "signer": "",
                "development_ca": False,
                "manifest": {},
                "error": str(exc),
            },
        )
        return record
    record, _ = ContentCredential.objects.update_or_create(
        job=job,
        defaults={
            "signed": True,
            "signer": summary["signer"],
            "development_ca": summary["development_ca"],
            "manifest": summary,
            "error": "",
        },
    )
    return record
