import pytest

from tests.receiver import receiver_start


@pytest.fixture
def receiver():
    receiver = receiver_start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def allow_loopback(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOK_REQUIRE_HTTPS = False
