"""The project's URLs, with media served from whatever MEDIA_ROOT the test set (the worker's folder),
with byte ranges as production serves them: a browser seeks in a video only with ranges, and the
live server's own media handler (which answers MEDIA_URL before any URL pattern) has none, so
browser tests move MEDIA_URL to ``/ranged-media/``."""

import os

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.utils._os import safe_join

from influencer_platform.media import file_response
from influencer_platform.urls import urlpatterns as project_urlpatterns


def media(request, path):
    full_path = safe_join(settings.MEDIA_ROOT, path)
    if not os.path.isfile(full_path):
        raise Http404("No such file.")
    return file_response(request, path, full_path)


urlpatterns = [re_path(r"^(?:ranged-)?media/(?P<path>.*)$", media), *project_urlpatterns]
