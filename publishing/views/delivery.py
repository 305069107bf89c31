"""The stable delivery URL: no session, an unguessable signed path, checked on every request."""

import os

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils._os import safe_join
from django.views.decorators.http import require_http_methods

from influencer_platform.media import file_response
from publishing.models import Publication, PublicationState, RenditionStatus
from publishing.selectors import delivery_refusal, delivery_signature_valid


def _gone(reason: str) -> HttpResponse:
    response = HttpResponse(reason + "\n", status=410, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def publication_delivery(request, uuid, version: int, signature: str):
    """Streams the platform rendition (with byte ranges) from local disk, or redirects to a fresh
    short-lived presigned URL on S3. A revoked link, a withdrawn post or ended usage rights: 410."""
    publication = Publication.objects.select_related("rendition", "deliverable").filter(uuid=uuid).first()
    if publication is None or not delivery_signature_valid(publication, version, signature):
        raise Http404("No such delivery link.")
    if version != publication.delivery_version:
        return _gone("This delivery link was replaced or revoked.")
    refusal = delivery_refusal(publication=publication)
    if refusal:
        return _gone(refusal)
    rendition = publication.rendition
    if publication.state == PublicationState.PREPARING or rendition.status != RenditionStatus.READY:
        response = HttpResponse("The media is still being prepared.\n", status=503, content_type="text/plain")
        response["Retry-After"] = "30"
        return response
    name = rendition.file.name
    if not settings.SERVE_MEDIA:
        response = HttpResponseRedirect(default_storage.url(name))
        response["Cache-Control"] = "no-store"
        return response
    full_path = safe_join(settings.MEDIA_ROOT, name)
    if not os.path.isfile(full_path):
        raise Http404("No such file.")
    response = file_response(request, name, full_path)
    response["Content-Disposition"] = f'inline; filename="{publication.uuid}.mp4"'
    return response
