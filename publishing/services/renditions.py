"""Platform renditions of a render, built once per (version, profile) on the default queue."""

import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from generation.models import GenerationJob
from generation.queue import rendition_build_enqueue
from influencer_platform.common.files import stored_file_copy, stored_file_replace
from posekit.video_io import VideoReadError, transcode_for_delivery
from publishing.models import Rendition, RenditionStatus
from publishing.platforms import PROFILES, RenditionProfile

# A build that has not finished after this long was lost with its worker and is started again.
BUILD_STALE_AFTER = timedelta(minutes=15)


def rendition_for(*, job: GenerationJob, profile: RenditionProfile) -> Rendition:
    """The rendition of this version for this profile; a new or failed one is (re)built after commit."""
    rendition, created = Rendition.objects.get_or_create(job=job, profile=profile.name)
    if not created and rendition.status == RenditionStatus.FAILED:
        Rendition.objects.filter(pk=rendition.pk).update(status=RenditionStatus.PENDING, error_message="")
        rendition.refresh_from_db()
        created = True
    if created:
        rendition_build_enqueue(rendition_id=rendition.id)
    # Lock the row for the caller's transaction: a build finishing now waits until the caller's
    # publication is committed (and so is seen by it), or the caller reads the finished status.
    return Rendition.objects.select_for_update().get(pk=rendition.pk)


def rendition_build(*, rendition_id: int) -> Rendition | None:
    """Transcode the render for the profile and store it; on bad media the rendition fails with the
    reason (and its waiting posts with it). A build already done or under way is left alone."""
    from publishing.services.publications import publications_rendition_finished

    now = timezone.now()
    claimable = Q(status=RenditionStatus.PENDING) | Q(
        status=RenditionStatus.BUILDING, updated_at__lt=now - BUILD_STALE_AFTER
    )
    if not Rendition.objects.filter(claimable, pk=rendition_id).update(
        status=RenditionStatus.BUILDING, updated_at=now
    ):
        return None
    rendition = Rendition.objects.select_related("job").get(pk=rendition_id)
    profile = PROFILES[rendition.profile]
    name = f"renditions/{rendition.job.uuid}/{profile.name}.mp4"
    try:
        with tempfile.TemporaryDirectory(prefix="rendition-") as scratch:
            source = stored_file_copy(rendition.job.video, Path(scratch) / "source.mp4")
            target = Path(scratch) / "delivery.mp4"
            written = transcode_for_delivery(
                source,
                target,
                size=(profile.width, profile.height),
                max_seconds=profile.max_seconds,
                max_bitrate=profile.max_bitrate,
            )
            with target.open("rb") as handle:
                saved = stored_file_replace(name, File(handle))
            size = target.stat().st_size
    except (VideoReadError, OSError, ValueError) as error:
        with transaction.atomic():
            Rendition.objects.filter(pk=rendition_id).update(
                status=RenditionStatus.FAILED, error_message=str(error)[:500]
            )
            rendition.refresh_from_db()
            publications_rendition_finished(rendition=rendition)
        return rendition
    with transaction.atomic():
        Rendition.objects.filter(pk=rendition_id).update(
            status=RenditionStatus.READY,
            file=saved,
            width=written["width"],
            height=written["height"],
            duration_seconds=written["duration_seconds"],
            file_size=size,
            error_message="",
        )
        rendition.refresh_from_db()
        publications_rendition_finished(rendition=rendition)
    return rendition


def publications_waiting_on_ready_renditions() -> int:
    """A safety net for the sweep: posts still preparing although their media is ready."""
    from publishing.models import Publication, PublicationState
    from publishing.services.publications import publications_rendition_finished

    count = 0
    renditions = Rendition.objects.filter(
        status__in=(RenditionStatus.READY, RenditionStatus.FAILED),
        publications__state=PublicationState.PREPARING,
    ).distinct()
    for rendition in renditions:
        with transaction.atomic():
            count += Publication.objects.filter(rendition=rendition, state=PublicationState.PREPARING).count()
            publications_rendition_finished(rendition=rendition)
    return count


def renditions_stale_restart() -> int:
    """Builds lost with a worker (still marked building long after they began) are sent again."""
    stale = Rendition.objects.filter(
        status=RenditionStatus.BUILDING, updated_at__lt=timezone.now() - BUILD_STALE_AFTER
    )
    ids = list(stale.values_list("id", flat=True))
    for rendition_id in ids:
        rendition_build_enqueue(rendition_id=rendition_id)
    return len(ids)
