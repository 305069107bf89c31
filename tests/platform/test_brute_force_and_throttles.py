"""Login lockout per account and per address (django-axes) and API throttles with 429 + Retry-After."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from influencer_platform.accounts.services import api_token_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_right_password_is_refused_after_too_many_wrong_ones(agency_staff, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, agency_staff.username, "wrong").status_code == 200  # the form again
    assert _login(client, agency_staff.username, "wrong").status_code == 429  # the limit-th failure
    locked = _login(client, agency_staff.username, PASSWORD)
    assert locked.status_code == 429 and b"Too many failed logins" in locked.content
    assert "_auth_user_id" not in client.session
    # The same account from another address is locked too (per account)...
    assert _login(Client(), agency_staff.username, PASSWORD, address="198.51.100.9").status_code == 429


def test_one_address_guessing_many_accounts_is_locked_out(agency_staff, agency_admin, settings):
    client = Client()
    for number in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess-{number}", "wrong")
    assert _login(client, agency_admin.username, PASSWORD).status_code == 429
    # ...while that account still logs in from elsewhere (the address was locked, not the account).
    elsewhere = Client()
    assert _login(elsewhere, agency_admin.username, PASSWORD, address="198.51.100.9").status_code == 302


def test_a_success_before_the_limit_resets_the_count(agency_staff, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, agency_staff.username, "wrong")
    assert _login(client, agency_staff.username, PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(Client(), agency_staff.username, "wrong")
    assert _login(Client(), agency_staff.username, PASSWORD).status_code == 302


def test_the_client_address_is_read_through_trusted_proxies_only(agency_staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/login/", {"username": "nobody", "password": "x"},
            REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.50",
        )  # fmt: skip
    # Another user behind the same proxy is not locked out with the attacker.
    other = Client().post(
        "/login/", {"username": agency_staff.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.60",
    )  # fmt: skip
    assert other.status_code == 302
    attacker = Client().post(
        "/login/", {"username": agency_staff.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.50",
    )  # fmt: skip
    assert attacker.status_code == 429


@pytest.fixture
def tight_rates(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "token": "3/min", "user": "4/min", "anon": "2/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)


def test_api_tokens_are_throttled_each_on_its_own_with_retry_after(agency_admin, tight_rates):
    _, first = api_token_create(user=agency_admin, name="scheduler one", created_by=agency_admin)
    _, second = api_token_create(user=agency_admin, name="scheduler two", created_by=agency_admin)
    one, two = APIClient(), APIClient()
    one.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    two.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert [one.get("/api/personas/").status_code for _ in range(3)] == [200, 200, 200]
    refused = one.get("/api/personas/")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert two.get("/api/personas/").status_code == 200  # the other token has its own budget
    session = APIClient()
    session.force_authenticate(agency_admin)
    assert session.get("/api/personas/").status_code == 200  # and so does the person who owns them


def test_signed_in_users_and_anonymous_clients_are_throttled(agency_staff, tight_rates):
    staff = APIClient()
    staff.force_authenticate(agency_staff)
    codes = [staff.get("/api/personas/").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    anonymous = APIClient()
    assert anonymous.get("/api/personas/").status_code == 401  # refused before any throttle counts
    codes = [anonymous.get("/api/schema/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
