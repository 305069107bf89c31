"""The endpoint API: secrets shown once, SSRF refusals, scheduler scoping, test events, rotation."""

import base64
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from influencer_platform.accounts.models import TokenScope
from influencer_platform.accounts.services import api_token_create, scheduler_create
from tests.factories import PersonaFactory
from webhooks.models import WebhookAttempt, WebhookEndpoint


def test_create_answers_the_secret_once_in_standard_form(staff_api, allow_loopback, receiver):
    response = staff_api.post(
        "/api/webhook-endpoints/", {"url": receiver.url, "events": ["*"], "description": "Ops"}
    )
    assert response.status_code == 201, response.content
    secret = response.json()["secret"]
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    listed = staff_api.get("/api/webhook-endpoints/").json()["results"]
    assert [row["url"] for row in listed] == [receiver.url]
    assert "secret" not in listed[0]
    assert WebhookEndpoint.objects.get().events == ["*"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook",
    ],
)
def test_private_and_loopback_receivers_are_refused(staff_api, settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    settings.WEBHOOK_REQUIRE_HTTPS = False
    response = staff_api.post("/api/webhook-endpoints/", {"url": url, "events": ["*"]})
    assert response.status_code == 400
    assert response.json()["code"] == "webhook_url_refused"
    assert "WEBHOOK_ALLOW_PRIVATE_NETWORKS" in response.json()["detail"]
    assert WebhookEndpoint.objects.count() == 0


def test_plain_http_is_refused_when_https_is_required(staff_api, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOK_REQUIRE_HTTPS = True
    response = staff_api.post("/api/webhook-endpoints/", {"url": "http://127.0.0.1/hook", "events": ["*"]})
    assert response.status_code == 400
    assert response.json() == {
        "code": "webhook_url_refused",
        "detail": "Webhook URLs must use https://.",
        "field": "url",
    }
    assert WebhookEndpoint.objects.count() == 0


def test_unknown_events_are_a_400(staff_api, allow_loopback, receiver):
    response = staff_api.post("/api/webhook-endpoints/", {"url": receiver.url, "events": ["post.exploded"]})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert WebhookEndpoint.objects.count() == 0


def test_brand_clients_cannot_manage_endpoints(client_a_api, allow_loopback, receiver):
    response = client_a_api.post("/api/webhook-endpoints/", {"url": receiver.url, "events": ["*"]})
    assert response.status_code == 403
    assert WebhookEndpoint.objects.count() == 0


def test_test_event_is_signed_and_logged(staff_api, allow_loopback, receiver):
    created = staff_api.post("/api/webhook-endpoints/", {"url": receiver.url, "events": ["*"]}).json()
    response = staff_api.post(f"/api/webhook-endpoints/{created['id']}/test/")
    assert response.status_code == 200, response.content
    assert response.json()["response_status"] == 204
    assert response.json()["event_type"] == "webhook.test"
    (hit,) = receiver.received
    payload = Webhook(created["secret"]).verify(hit.body, hit.headers)
    assert payload["type"] == "webhook.test"
    assert payload["data"]["endpoint"] == created["id"]
    assert hit.headers["webhook-id"] == response.json()["webhook_id"]
    log = staff_api.get(f"/api/webhook-endpoints/{created['id']}/deliveries/").json()["results"]
    assert [(row["event_type"], row["response_status"], row["number"]) for row in log] == [
        ("webhook.test", 204, 1)
    ]


def test_rotated_secrets_both_verify_during_the_overlap_then_only_the_new(
    staff_api, allow_loopback, receiver
):
    created = staff_api.post("/api/webhook-endpoints/", {"url": receiver.url, "events": ["*"]}).json()
    rotated = staff_api.post(f"/api/webhook-endpoints/{created['id']}/rotate-secret/", {"overlap_hours": 2})
    assert rotated.status_code == 200
    new_secret = rotated.json()["secret"]
    assert new_secret != created["secret"]

    staff_api.post(f"/api/webhook-endpoints/{created['id']}/test/")
    during = receiver.received[-1]
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    assert Webhook(created["secret"]).verify(during.body, during.headers)["type"] == "webhook.test"
    assert Webhook(new_secret).verify(during.body, during.headers)["type"] == "webhook.test"

    with time_machine.travel(timezone.now() + timedelta(hours=3), tick=False):
        staff_api.post(f"/api/webhook-endpoints/{created['id']}/test/")
        after = receiver.received[-1]
        assert len(after.headers["webhook-signature"].split(" ")) == 1
        assert Webhook(new_secret).verify(after.body, after.headers)["type"] == "webhook.test"
        with pytest.raises(WebhookVerificationError, match="No matching signature"):
            Webhook(created["secret"]).verify(after.body, after.headers)


def test_tampered_body_fails_verification(staff_api, allow_loopback, receiver):
    created = staff_api.post("/api/webhook-endpoints/", {"url": receiver.url, "events": ["*"]}).json()
    staff_api.post(f"/api/webhook-endpoints/{created['id']}/test/")
    hit = receiver.received[0]
    with pytest.raises(WebhookVerificationError):
        Webhook(created["secret"]).verify(hit.body.replace(b"Test", b"Fake"), hit.headers)


def test_scheduler_manages_only_its_own_endpoints_and_needs_the_scope(
    agency_admin, staff_api, allow_loopback, receiver
):
    from rest_framework.test import APIClient

    agency = staff_api.post("/api/webhook-endpoints/", {"url": receiver.url, "events": ["*"]}).json()
    scheduler = scheduler_create(name="buffer", personas=[PersonaFactory()], created_by=agency_admin)
    _, manage = api_token_create(
        user=scheduler, name="hooks", created_by=agency_admin, scopes=[TokenScope.WEBHOOKS_MANAGE]
    )
    _, feed_only = api_token_create(
        user=scheduler, name="feed", created_by=agency_admin, scopes=[TokenScope.FEED_READ]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {feed_only}")
    assert client.post("/api/webhook-endpoints/", {"url": receiver.url, "events": ["*"]}).status_code == 403
    assert WebhookEndpoint.objects.count() == 1

    client.credentials(HTTP_AUTHORIZATION=f"Token {manage}")
    own = client.post("/api/webhook-endpoints/", {"url": receiver.url, "events": ["publication.ready"]})
    assert own.status_code == 201
    assert [row["id"] for row in client.get("/api/webhook-endpoints/").json()["results"]] == [
        own.json()["id"]
    ]
    assert client.get(f"/api/webhook-endpoints/{agency['id']}/deliveries/").status_code == 404
    assert client.post(f"/api/webhook-endpoints/{agency['id']}/rotate-secret/").status_code == 404
    assert WebhookAttempt.objects.count() == 0
