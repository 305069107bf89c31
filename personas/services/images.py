"""Reference-image uploads: validated, re-encoded without metadata, stored under a server name."""

import io
import uuid
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from influencer_platform.common.errors import ServiceError
from personas.models import Persona, ReferenceImage

ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


class ImageRejected(ServiceError):
    code = "invalid_image"


def _decode_validated(data: bytes) -> tuple[Image.Image, str]:
    """Open with a pixel limit far below Pillow's own, before any pixel is decoded."""
    if len(data) > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ImageRejected(f"The file is larger than {settings.IMAGE_UPLOAD_MAX_BYTES // (1024 * 1024)} MB.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            fmt = probe.format
            if fmt not in ALLOWED_FORMATS:
                raise ImageRejected(f"Unsupported image format {fmt or 'unknown'}; use PNG, JPEG or WebP.")
            width, height = probe.size
            if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
                limit = settings.IMAGE_UPLOAD_MAX_PIXELS
                raise ImageRejected(f"The image is {width}×{height} pixels; the limit is {limit:,} pixels.")
            probe.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected("The image declares an enormous size (a decompression bomb) and was rejected.")
    except UnidentifiedImageError:
        raise ImageRejected("The file is not an image we can read; use PNG, JPEG or WebP.")
    except (OSError, SyntaxError, ValueError):
        raise ImageRejected("The image file is damaged or cut short; export it again and retry.")
    return probe, fmt


def _reencode(image: Image.Image, fmt: str) -> tuple[bytes, tuple[int, int]]:
    """Re-encoding drops EXIF, XMP, ICC text chunks and anything appended after the image.

    The EXIF orientation is applied first, so a phone photo stays upright once its tag is gone.
    """
    image = ImageOps.exif_transpose(image)
    mode = "RGBA" if image.mode in ("RGBA", "LA", "P") and fmt != "JPEG" else "RGB"
    # One decoded copy at most (a mode change): no blank canvas to paste into.
    clean = image if image.mode == mode else image.convert(mode)
    clean.info = {}  # no EXIF, XMP, ICC or text chunks travel into the saved file
    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, format="JPEG", quality=92)
    elif fmt == "WEBP":
        clean.save(out, format="WEBP", quality=92)
    else:
        clean.save(out, format="PNG", optimize=True)
    return out.getvalue(), clean.size


@transaction.atomic
def reference_image_upload(
    *,
    persona: Persona,
    file,
    label: str = "full_body",
    provenance: str = "",
    consent_notes: str = "",
    make_primary: bool | None = None,
    user=None,
) -> ReferenceImage:
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    if (getattr(file, "size", None) or 0) > limit:  # known before a byte is read
        raise ImageRejected(f"The file is larger than {limit // (1024 * 1024)} MB.")
    data = file.read(limit + 1)
    image, fmt = _decode_validated(data)
    clean_bytes, size = _reencode(image, fmt)
    persona = Persona.objects.select_for_update().get(pk=persona.pk)
    has_primary = persona.images.filter(is_primary=True).exists()
    primary = (not has_primary) if make_primary is None else make_primary
    if primary and has_primary:
        persona.images.filter(is_primary=True).update(is_primary=False)
    ref = ReferenceImage(
        persona=persona,
        label=label,
        provenance=provenance,
        consent_notes=consent_notes,
        is_primary=primary,
        original_filename=(getattr(file, "name", "") or "")[-255:],
        uploaded_by=user,
    )
    ref.image.save(f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[fmt]}", ContentFile(clean_bytes), save=False)
    ref.width, ref.height = size
    try:
        ref.full_clean(exclude=["image"])
        ref.save()
    except Exception:
        ref.image.delete(save=False)
        raise
    return ref


@transaction.atomic
def reference_image_set_primary(*, image: ReferenceImage) -> ReferenceImage:
    Persona.objects.select_for_update().get(pk=image.persona_id)
    ReferenceImage.objects.filter(persona_id=image.persona_id, is_primary=True).exclude(pk=image.pk).update(
        is_primary=False
    )
    image.is_primary = True
    image.save(update_fields=["is_primary", "updated_at"])
    return image


def reference_image_update(*, image: ReferenceImage, **fields) -> ReferenceImage:
    for name in ("label", "provenance", "consent_notes"):
        if name in fields:
            setattr(image, name, fields[name])
    image.full_clean(exclude=["image"])
    image.save()
    return image


@transaction.atomic
def reference_image_delete(*, image: ReferenceImage) -> None:
    if image.generation_jobs.exists():
        raise ServiceError(
            "This image was used by generation jobs and is kept for their record.", code="in_use"
        )
    was_primary, persona_id = image.is_primary, image.persona_id
    storage_name = image.image.name
    storage = image.image.storage
    image.delete()
    if was_primary:
        successor = ReferenceImage.objects.filter(persona_id=persona_id).order_by("created_at").first()
        if successor:
            reference_image_set_primary(image=successor)
    transaction.on_commit(lambda: storage.delete(storage_name))
