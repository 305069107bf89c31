"""Only the campaigns API, so these tests do not depend on other apps' pages being importable."""

from django.urls import include, path

urlpatterns = [path("api/", include("campaigns.api.urls"))]
