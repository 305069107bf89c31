"""What a DEBUG=0 deployment under gunicorn needs from the app itself: static files, self-hosted API
docs, JSON errors under /api/, and a Content-Security-Policy."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client

pytestmark = pytest.mark.django_db


def test_static_files_are_served_with_hashed_names_after_collectstatic(settings, tmp_path):
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.WHITENOISE_USE_FINDERS = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = static("css/studio.css")
    assert hashed.startswith("/static/css/studio.") and hashed != "/static/css/studio.css"
    client = Client()
    response = client.get(hashed)
    assert response.status_code == 200 and b"{" in b"".join(response.streaming_content)
    assert "max-age=315360000" in response["Cache-Control"]  # immutable: the name changes with the file
    assert client.get(hashed, HTTP_ACCEPT_ENCODING="gzip")["Content-Encoding"] == "gzip"


def test_api_docs_load_swagger_from_the_app_not_a_cdn(agency_staff):
    client = Client()
    client.force_login(agency_staff)
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "<script>" not in page  # no inline script: the CSP allows none


def test_an_unexpected_api_error_with_debug_off_is_json(settings, agency_staff):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(agency_staff)
    from personas.api.views import PersonaViewSet

    with mock.patch.object(PersonaViewSet, "list", side_effect=RuntimeError("boom")):
        response = client.get("/api/personas/")
    assert response.status_code == 500 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "server_error" and "boom" not in response.content.decode()


def test_pages_carry_a_strict_content_security_policy(agency_staff):
    client = Client()
    client.force_login(agency_staff)
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
