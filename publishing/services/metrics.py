"""Performance snapshots, from a scheduler's report or a staff CSV import."""

import csv
import io
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from influencer_platform.common.errors import ServiceError
from publishing.models import MAX_METRIC, METRIC_FIELDS, MetricsSnapshot, Publication, PublicationState
from publishing.services.errors import PublicationForbidden

CLOCK_SKEW = timedelta(minutes=5)
MAX_CSV_ROWS = 10_000


def metrics_snapshot_record(
    *, publication: Publication, user, captured_at: datetime | None = None, source: str = "api", **values
) -> MetricsSnapshot:
    """One reading of a post's figures; the same instant sent again replaces its figures."""
    if not (user.is_agency or user.is_scheduler):
        raise PublicationForbidden("Only scheduling tools and the agency report performance.")
    unknown = set(values) - set(METRIC_FIELDS)
    if unknown:
        raise ServiceError(f"Unknown metrics: {', '.join(sorted(unknown))}.")
    if publication.state != PublicationState.PUBLISHED and publication.published_at is None:
        raise ServiceError("Performance can be reported once the post is published.", code="not_published")
    now = timezone.now()
    captured_at = captured_at or now
    if captured_at > now + CLOCK_SKEW:
        raise ServiceError("captured_at is in the future.", field="captured_at")
    if publication.published_at and captured_at < publication.published_at - CLOCK_SKEW:
        raise ServiceError("captured_at is before the post was published.", field="captured_at")
    for name, value in values.items():
        if value is not None and not 0 <= value <= MAX_METRIC:
            raise ServiceError(f"{name} must be between 0 and {MAX_METRIC}.", field=name)
    snapshot, _ = MetricsSnapshot.objects.update_or_create(
        publication=publication,
        captured_at=captured_at,
        defaults={
            **{name: values.get(name) for name in METRIC_FIELDS},
            "source": source,
            "reported_by": user,
        },
    )
    return snapshot


def metrics_csv_import(*, text: str, user, publications) -> int:
    """Rows of ``publication`` (its id, or the platform's post id), ``captured_at`` and any metric
    columns. All rows or none: one bad row refuses the file with its line number."""
    if not user.is_agency:
        raise PublicationForbidden("Only the agency imports performance.")
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or [])
    if "publication" not in columns or "captured_at" not in columns:
        raise ServiceError("The CSV needs the columns publication and captured_at, then metric columns.")
    unknown = columns - {"publication", "captured_at", *METRIC_FIELDS}
    if unknown:
        raise ServiceError(
            f"Unknown columns: {', '.join(sorted(unknown))}. Known: {', '.join(METRIC_FIELDS)}."
        )
    count = 0
    with transaction.atomic():
        for line, row in enumerate(reader, start=2):
            if count >= MAX_CSV_ROWS:
                raise ServiceError(f"At most {MAX_CSV_ROWS} rows per file.")
            reference = (row.get("publication") or "").strip()
            publication = _find(publications, reference)
            if publication is None:
                raise ServiceError(f"Line {line}: no publication {reference!r}.")
            captured_at = parse_datetime((row.get("captured_at") or "").strip())
            if captured_at is None or captured_at.tzinfo is None:
                raise ServiceError(
                    f"Line {line}: captured_at must be a date and time with a zone, e.g. 2026-12-01T10:00Z."
                )
            values = {}
            for name in METRIC_FIELDS:
                raw = (row.get(name) or "").strip().replace(",", "")
                if raw:
                    if not raw.isdigit():
                        raise ServiceError(f"Line {line}: {name} must be a whole number, not {raw!r}.")
                    values[name] = int(raw)
            try:
                metrics_snapshot_record(
                    publication=publication, user=user, captured_at=captured_at, source="csv", **values
                )
            except ServiceError as error:
                raise ServiceError(f"Line {line}: {error.message}") from None
            count += 1
    return count


def _find(publications, reference: str) -> Publication | None:
    import uuid

    try:
        return publications.filter(uuid=uuid.UUID(reference)).first()
    except ValueError:
        return publications.filter(external_id=reference).first() if reference else None
