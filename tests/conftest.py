"""One shared set of users per role, and API clients logged in as each."""

from pathlib import Path

import pytest
from rest_framework.test import APIClient

from influencer_platform.accounts.models import Role
from tests.factories import BrandFactory, UserFactory

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = (REPO_ROOT / ".." / "shared").resolve()
PASSWORD = "pass-word-123"


def shared_path(*parts: str) -> Path:
    """A path inside ../shared, or a clear skip when the shared folder is absent."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available: tests that read ../shared need it beside the checkout")
    return path


@pytest.fixture
def brand_a(db):
    return BrandFactory(name="Brand A", slug="brand-a")


@pytest.fixture
def brand_b(db):
    return BrandFactory(name="Brand B", slug="brand-b")


@pytest.fixture
def agency_admin(db):
    return UserFactory(username="admin", role=Role.AGENCY_ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def agency_staff(db):
    return UserFactory(username="staff", role=Role.AGENCY_STAFF)


@pytest.fixture
def client_a(brand_a):
    return UserFactory(username="client-a", role=Role.BRAND_CLIENT, brand=brand_a)


@pytest.fixture
def client_b(brand_b):
    return UserFactory(username="client-b", role=Role.BRAND_CLIENT, brand=brand_b)


def _api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def admin_api(agency_admin):
    return _api_client(agency_admin)


@pytest.fixture
def staff_api(agency_staff):
    return _api_client(agency_staff)


@pytest.fixture
def client_a_api(client_a):
    return _api_client(client_a)


@pytest.fixture
def client_b_api(client_b):
    return _api_client(client_b)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The shared user fixtures set passwords; the default hasher costs a noticeable time per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    """Throttle and lockout counters live in the cache; user ids repeat across tests, counts must not."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes media into its own folder, never into var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


# The real Celery worker is one per test session; defining its fixtures here (not in each app's
# conftest) keeps a second worker from starting and consuming the same broker queues.
from tests.worker_harness import wan_weights, worker, worker_process  # noqa: E402, F401
