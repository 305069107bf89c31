"""Writes for the consent and licence ledger, and the check every render passes before a GPU."""

import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from animation.backends import DEFAULT_BACKEND, backend_names
from influencer_platform.common.errors import ConflictError, ServiceError
from trust.models import ConsentRecord, ContentUse, RecordKind
from trust.models.consent import MOTION_KINDS
from trust.selectors import render_consent_problems

MAX_TERRITORIES = 250
TERRITORY = re.compile(r"^[A-Z]{2}$")


class ConsentRefused(ServiceError):
    code = "consent_refused"
    status_code = 400


def consent_record_create(
    *,
    user,
    kind: str,
    holder: str,
    motion=None,
    reference_image=None,
    model_backend: str = "",
    licence_name: str = "",
    document_reference: str = "",
    personas=(),
    allowed_uses: list[str] | tuple[str, ...] = (ContentUse.ORGANIC,),
    commercial_use: bool = True,
    territories: list[str] | tuple[str, ...] = (),
    starts_on: date | None = None,
    ends_on: date | None = None,
    notes: str = "",
) -> ConsentRecord:
    """Record a grant; the subject must match the kind (a motion for performer consent or stock
    footage, a reference image for an image source, a backend name for a model licence)."""
    if kind not in RecordKind.values:
        raise ServiceError(f"Unknown record kind {kind!r}.", field="kind")
    if kind in MOTION_KINDS and (motion is None or reference_image is not None or model_backend):
        raise ServiceError(
            "A performer consent or stock licence names a motion and nothing else.", field="motion"
        )
    if kind == RecordKind.IMAGE_SOURCE and (reference_image is None or motion is not None or model_backend):
        raise ServiceError(
            "An image source names a reference image and nothing else.", field="reference_image"
        )
    if kind == RecordKind.MODEL_LICENCE and (
        motion is not None or reference_image is not None or model_backend not in backend_names()
    ):
        raise ServiceError(
            f"A model licence names one backend ({', '.join(backend_names())}) and nothing else.",
            field="model_backend",
        )
    uses = sorted(set(allowed_uses))
    unknown = [u for u in uses if u not in ContentUse.values]
    if unknown:
        raise ServiceError(f"Unknown uses: {', '.join(unknown)}.", field="allowed_uses")
    codes = sorted({str(t).strip().upper() for t in territories})
    if len(codes) > MAX_TERRITORIES or any(not TERRITORY.match(c) for c in codes):
        raise ServiceError("Territories are two-letter ISO country codes (at most 250).", field="territories")
    if starts_on and ends_on and ends_on < starts_on:
        raise ServiceError("The term ends before it starts.", field="ends_on")
    with transaction.atomic():
        record = ConsentRecord(
            kind=kind,
            motion=motion,
            reference_image=reference_image,
            model_backend=model_backend,
            holder=holder.strip(),
            licence_name=licence_name.strip(),
            document_reference=document_reference.strip(),
            allowed_uses=uses,
            commercial_use=commercial_use,
            territories=codes,
            starts_on=starts_on,
            ends_on=ends_on,
            notes=notes,
            created_by=user,
        )
        record.full_clean()
        record.save()
        record.personas.set(personas)
    return record


def consent_record_revoke(*, record: ConsentRecord, user, reason: str) -> ConsentRecord:
    """Revocation is final and stamped (who, when, why); renders not yet run are refused from now."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Say why the record is revoked.", field="reason")
    if len(reason) > 2000:
        raise ServiceError("The reason is longer than 2000 characters.", field="reason")
    now = timezone.now()
    with transaction.atomic():
        changed = ConsentRecord.objects.filter(pk=record.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=user, revocation_reason=reason, updated_at=now
        )
        if not changed:
            raise ConflictError("The record was already revoked.", code="already_revoked")
    record.refresh_from_db()
    return record


def render_consent_check(*, reference_image, motion, backend: str, deliverable=None) -> None:
    """Raise ConsentRefused (400) naming every reason the ledger refuses this render."""
    problems = render_consent_problems(
        reference_image=reference_image, motion=motion, backend=backend, deliverable=deliverable
    )
    if problems:
        raise ConsentRefused("The consent and licence ledger refuses this render. " + " ".join(problems))


def job_consent_problems(*, job) -> list[str]:
    """The same check for a stored job (the worker re-checks at claim time)."""
    return render_consent_problems(
        reference_image=job.reference_image,
        motion=job.motion,
        backend=str(job.parameters.get("backend") or DEFAULT_BACKEND),
        deliverable=job.deliverable,
    )
