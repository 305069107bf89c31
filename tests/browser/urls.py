"""The project's URLs, with media served from whatever MEDIA_ROOT the test set (the worker's folder)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from influencer_platform.urls import urlpatterns as project_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *project_urlpatterns]
