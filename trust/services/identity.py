"""The identity-consistency check of a finished render (package ``identity``), run by the worker."""

import io
import logging
import time
from decimal import Decimal
from pathlib import Path

from django.core.files.base import ContentFile

from influencer_platform.common.files import stored_file_copy, stored_file_replace
from trust.models import AppearanceStatus, IdentityCheck, IdentityStatus

logger = logging.getLogger(__name__)

MAX_REFERENCES = 8  # the persona's newest images; more adds seconds per frame and little evidence


def _references(job, directory: Path) -> list:
    from PIL import Image

    persona = job.reference_image.persona
    images = [job.reference_image, *persona.images.exclude(pk=job.reference_image_id).order_by("-created_at")]
    loaded = []
    for number, reference in enumerate(images[:MAX_REFERENCES]):
        if not reference.image:
            continue
        try:
            path = stored_file_copy(reference.image, directory / f"identity-reference-{number}")
            with Image.open(path) as opened:
                loaded.append(opened.convert("RGB"))
        except OSError as exc:
            logger.warning("reference image %s unreadable for the identity check: %s", reference.uuid, exc)
    return loaded


def _decimal(value: float | None, places: str = "0.0001") -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal(places))


def _appearance_fields(*, encoder, references: list, video_path: Path, floor: Decimal) -> dict:
    """The whole-figure comparison through the model's image encoder (``encoder``: an
    ``animation.backends.AppearanceEncoder``, or None when the model offers none)."""
    from identity import score_appearance
    from posekit.errors import MotionInputError
    from posekit.probe import iter_video_frames, probe_video

    fields = {"appearance_floor": floor}
    if encoder is None:
        fields.update(
            appearance_status=AppearanceStatus.NOT_SCORED,
            appearance_reason="The model has no trained image encoder (random weights): appearance is not "
            "scored.",
        )
        return fields
    try:
        report = score_appearance(
            embed=encoder.embed,
            references=references,
            frames=iter_video_frames(video_path, probe_video(video_path)),
            floor=float(floor),
            method=encoder.method,
        )
    except (MotionInputError, OSError, RuntimeError, ValueError) as exc:  # the face result still stands
        logger.warning("appearance check failed: %s", exc)
        fields.update(
            appearance_status=AppearanceStatus.NOT_SCORED,
            appearance_reason=f"The appearance check could not run: {exc}",
        )
        return fields
    fields.update(
        appearance_status=report.status,
        appearance_reason=report.reason,
        appearance_method=report.method,
        appearance_mean=_decimal(report.mean),
        appearance_worst_window_score=_decimal(report.worst_window_mean),
        appearance_worst_window_start=report.worst_window_start,
        appearance_frames_below=report.frames_below,
        appearance_scores=report.scores,
    )
    return fields


def _verdict(fields: dict) -> None:
    """A collapsed figure flags the render as a drifting face does; the reason says which failed."""
    if fields.get("appearance_status") != AppearanceStatus.COLLAPSED:
        return
    face = fields.get("status")
    if face == IdentityStatus.BELOW_THRESHOLD:
        fields["reason"] = f"{fields['reason']} {fields['appearance_reason']}"
    else:
        fields["reason"] = fields["appearance_reason"] + (
            f" (Face: {fields['reason']})" if fields.get("reason") else ""
        )
        fields["status"] = IdentityStatus.BELOW_THRESHOLD


def render_identity_check(
    *, job, video_path: Path, directory: Path, thumbnail_key, appearance_encoder=None
) -> IdentityCheck:
    """Score every frame of the encoded mp4 (what the client will see) against the persona's reference
    images, by face and, through ``appearance_encoder`` (the rendering model's own image encoder), by the
    whole figure; store the summary, the per-frame scores and the worst frames as JPEG thumbnails
    (``thumbnail_key(name)`` gives their storage key). A failure of the check itself is recorded as
    ``failed`` with its reason; it never fails the render."""
    from identity import score_frames
    from posekit.errors import MotionInputError
    from posekit.probe import iter_video_frames, probe_video

    persona = job.reference_image.persona
    threshold = persona.identity_threshold
    started = time.monotonic()
    fields = {"threshold": threshold}
    try:
        references = _references(job, directory)
        info = probe_video(video_path)
        report = score_frames(
            references=references,
            frames=iter_video_frames(video_path, info),
            threshold=float(threshold),
        )
        fields.update(
            _appearance_fields(
                encoder=appearance_encoder,
                references=references,
                video_path=video_path,
                floor=persona.appearance_floor,
            )
        )
    except (MotionInputError, OSError, RuntimeError, ValueError) as exc:
        logger.warning("identity check of job %s failed: %s", job.uuid, exc)
        fields.update(status=IdentityStatus.FAILED, reason=f"The identity check could not run: {exc}")
    else:
        worst = []
        for frame, score, thumbnail in report.worst_frames:
            buffer = io.BytesIO()
            thumbnail.save(buffer, format="JPEG", quality=85)
            key = thumbnail_key(f"identity-frame-{frame}.jpg")
            image = stored_file_replace(key, ContentFile(buffer.getvalue()))
            worst.append({"frame": frame, "score": score, "image": image})
        fields.update(
            status=report.status,
            reason=report.reason,
            method=report.method,
            mean_score=_decimal(report.mean),
            worst_window_score=_decimal(report.worst_window_mean),
            worst_window_start=report.worst_window_start,
            window_frames=report.window,
            frames_total=len(report.scores),
            frames_scored=report.frames_scored,
            frames_below=report.frames_below,
            frames_without_face=report.frames_without_face,
            references_with_face=report.references_with_face,
            frame_scores=report.scores,
            worst_frames=worst,
        )
        _verdict(fields)
    fields["seconds"] = round(time.monotonic() - started, 3)
    IdentityCheck.objects.filter(job=job).delete()  # an earlier attempt's outcome
    return IdentityCheck.objects.create(job=job, **fields)
