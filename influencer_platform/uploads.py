"""Hard limits on what an upload can cost the web process, applied while the bytes arrive.

Django spools large files to disk, but it would still copy a 5 GB body there before any view saw it.
A request whose declared body is larger than the largest accepted file is refused at once (413), and
an upload that grows past it anyway (no or a false Content-Length) stops being written.
"""

from django.conf import settings
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.http import JsonResponse

# Multipart framing and the form's other fields.
_FORM_OVERHEAD = 1024 * 1024


def max_upload_bytes() -> int:
    return max(settings.MOTION_MAX_FILE_BYTES, settings.IMAGE_UPLOAD_MAX_BYTES)


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.headers.get("Content-Length") or 0)
        except ValueError:
            declared = 0
        limit = max_upload_bytes() + _FORM_OVERHEAD
        if declared > limit:
            return JsonResponse(
                {
                    "code": "too_large",
                    "detail": f"The request is {declared / 2**20:.0f} MB; uploads are limited to "
                    f"{max_upload_bytes() / 2**20:.0f} MB.",
                },
                status=413,
            )
        return self.get_response(request)


class _Limited:
    """Counts the bytes of the current file and stops the upload once they pass the limit."""

    def new_file(self, *args, **kwargs):
        self._received = 0
        return super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self._received = getattr(self, "_received", 0) + len(raw_data)
        if self._received > max_upload_bytes():
            raise StopUpload(connection_reset=True)
        return super().receive_data_chunk(raw_data, start)


class LimitedMemoryFileUploadHandler(_Limited, MemoryFileUploadHandler):
    pass


class LimitedTemporaryFileUploadHandler(_Limited, TemporaryFileUploadHandler):
    pass
