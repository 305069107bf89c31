import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from influencer_platform.accounts.models import ApiToken
from influencer_platform.accounts.tokens import hash_token

pytestmark = pytest.mark.django_db


def test_openapi_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/personas/" in text
    assert "tokenAuth" in text


def test_schema_and_docs_are_served(staff_api):
    assert staff_api.get("/api/schema/").status_code == 200
    assert staff_api.get("/api/docs/").status_code == 200


def test_admin_creates_token_shown_once_and_stored_hashed(admin_api, agency_staff):
    response = admin_api.post("/api/api-tokens/", {"name": "Scheduler", "username": "staff"}, format="json")
    assert response.status_code == 201, response.content
    raw = response.json()["token"]
    token = ApiToken.objects.get(uuid=response.json()["id"])
    assert token.key_hash == hash_token(raw)
    assert raw not in token.key_hash
    listed = admin_api.get("/api/api-tokens/").json()["results"]
    assert "token" not in listed[0]

    tool = APIClient()
    tool.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    me = tool.get("/api/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "staff"

    assert admin_api.post(f"/api/api-tokens/{token.uuid}/revoke/").status_code == 200
    assert tool.get("/api/me/").status_code == 401


def test_wrong_token_is_401_with_code(db):
    tool = APIClient()
    tool.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = tool.get("/api/personas/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_staff_cannot_create_tokens(staff_api):
    response = staff_api.post("/api/api-tokens/", {"name": "x", "username": "staff"}, format="json")
    assert response.status_code == 404
    assert not ApiToken.objects.exists()
