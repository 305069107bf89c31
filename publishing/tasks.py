"""Publishing tasks on the default queue: thin wrappers over the services."""

from celery import shared_task

from publishing.services.publications import publications_leases_expire
from publishing.services.renditions import (
    publications_waiting_on_ready_renditions,
    renditions_stale_restart,
)
from publishing.services.renditions import rendition_build as build


@shared_task(acks_late=True, ignore_result=True)
def rendition_build(rendition_id: int) -> None:
    build(rendition_id=rendition_id)


@shared_task(ignore_result=True)
def publications_sweep() -> dict:
    """Periodic (beat): expired scheduler leases go back to ready; lost rendition builds restart;
    posts still preparing on finished media are released."""
    return {
        "leases_expired": publications_leases_expire(),
        "renditions_restarted": renditions_stale_restart(),
        "posts_released": publications_waiting_on_ready_renditions(),
    }
