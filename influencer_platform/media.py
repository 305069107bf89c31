"""Private media on local disk: short-lived signed URLs, and one view that checks who is asking.

The embedded set-up and any deployment without a bucket keep media on disk. Like S3's presigned
URLs, every URL the storage hands out carries an expiry and an HMAC of the path, so a page, an API
answer or a scheduling tool can fetch the file without a session for a few minutes. A signed-in user
is judged by scope instead (brand clients: only their own deliverables' renders), so a link copied
from another brand's page does not open for them, and staff never see a video expire mid-review.
"""

from __future__ import annotations

import hashlib
import hmac
import mimetypes
import os
import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden
from django.utils._os import safe_join
from django.views.decorators.http import require_GET

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_RENDER_PATH = re.compile(r"^renders/([0-9a-f-]{36})/")
# A ranged answer holds at most this much in memory; clients ask again for the rest.
MAX_RANGE_BYTES = 8 * 1024 * 1024


def _signature(name: str, expires: int) -> str:
    key = f"{settings.SECRET_KEY}:media".encode()
    return hmac.new(key, f"{name}\n{expires}".encode(), hashlib.sha256).hexdigest()[:32]


def signed_query(name: str, *, expires: int | None = None) -> str:
    """``exp=...&sig=...`` for a stored file name; expiry rounded up to the minute so pages cache."""
    if expires is None:
        expires = (int(time.time()) + settings.MEDIA_URL_EXPIRE_SECONDS + 59) // 60 * 60
    return urlencode({"exp": expires, "sig": _signature(name, expires)})


def signature_valid(name: str, query) -> bool:
    try:
        expires = int(query.get("exp", ""))
    except ValueError:
        return False
    if expires < time.time():
        return False
    return hmac.compare_digest(_signature(name, expires), query.get("sig", ""))


class SignedFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose URLs are signed and expire, as S3Storage's are."""

    def url(self, name):
        return f"{super().url(name)}?{signed_query(name)}"


def user_may_read(user, name: str) -> bool:
    """Renders follow the job's visibility; everything else in media (reference images, motions) is
    the agency's own material."""
    if not user.is_authenticated:
        return False
    if user.is_agency:
        return True
    match = _RENDER_PATH.match(name)
    if match is None:
        return False
    from generation.selectors import generation_jobs_for_user

    return generation_jobs_for_user(user=user).filter(uuid=match.group(1)).exists()


@require_GET
def media_file(request, path: str):
    name = path.lstrip("/")
    try:
        full_path = safe_join(settings.MEDIA_ROOT, name)
    except (SuspiciousFileOperation, ValueError) as error:  # a path outside MEDIA_ROOT
        raise Http404("No such file.") from error
    if request.user.is_authenticated:
        if not user_may_read(request.user, name):
            raise Http404("No such file.")
    elif not signature_valid(name, request.GET):
        return HttpResponseForbidden("This media link is missing its signature or has expired.")
    if not os.path.isfile(full_path):
        raise Http404("No such file.")
    return file_response(request, name, full_path)


def file_response(request, name: str, full_path: str) -> HttpResponse:
    """A local media file, ranged, or handed to the web server when one is configured."""
    content_type = mimetypes.guess_type(full_path)[0] or "application/octet-stream"
    if settings.MEDIA_ACCEL_REDIRECT_PREFIX:  # nginx/Caddy send the bytes after our check
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT_PREFIX.rstrip("/") + "/" + name
    elif settings.MEDIA_SENDFILE_HEADER:  # Apache mod_xsendfile, lighttpd
        response = HttpResponse(content_type=content_type)
        response[settings.MEDIA_SENDFILE_HEADER] = full_path
    else:
        response = _ranged_file(request, full_path, content_type)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ranged_file(request, full_path: str, content_type: str) -> HttpResponse:
    """Browsers seek in a video with Range requests (Safari will not play one without them)."""
    size = os.path.getsize(full_path)
    match = _RANGE.match(request.headers.get("Range", "").strip())
    if match is None or not any(match.groups()):
        response = FileResponse(open(full_path, "rb"), content_type=content_type)  # noqa: SIM115
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last) if last else size - 1, size - 1)
    else:  # "bytes=-N": the last N bytes
        start, end = max(0, size - int(last)), size - 1
    end = min(end, start + MAX_RANGE_BYTES - 1)
    if start >= size or start > end:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    with open(full_path, "rb") as handle:
        handle.seek(start)
        body = handle.read(end - start + 1)
    response = HttpResponse(body, status=206, content_type=content_type)
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response
