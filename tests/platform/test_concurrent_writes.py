"""Parallel writes to the same rows, on whichever database the settings point at (SQLite by default).

Real threads, each with its own database connection, through the API: SQLite in WAL mode with
IMMEDIATE transactions and a busy timeout must queue writers instead of answering "database is locked".
"""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from campaigns.models import Deliverable, DeliverableComment
from tests.factories import DeliverableFactory

THREADS = 8
WRITES_PER_THREAD = 5


@pytest.mark.django_db(transaction=True)
def test_parallel_writes_to_the_same_deliverable_all_succeed(agency_staff):
    deliverable = DeliverableFactory()
    url = f"/api/deliverables/{deliverable.uuid}/"
    start = threading.Barrier(THREADS)
    statuses: list[int] = []
    failures: list[str] = []
    lock = threading.Lock()

    def writer(number: int) -> None:
        client = APIClient()
        client.force_authenticate(agency_staff)
        try:
            start.wait()
            for write in range(WRITES_PER_THREAD):
                patched = client.patch(url, {"caption": f"caption {number}.{write}"}, format="json")
                commented = client.post(url + "comments/", {"body": f"note {number}.{write}"}, format="json")
                with lock:
                    statuses.extend([patched.status_code, commented.status_code])
                    for response in (patched, commented):
                        if response.status_code >= 300:
                            failures.append(response.content.decode()[:300])
        except Exception as error:  # noqa: BLE001 - a thread's crash is the failure being tested for
            with lock:
                failures.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert sorted(set(statuses)) == [200, 201] and len(statuses) == 2 * THREADS * WRITES_PER_THREAD
    assert DeliverableComment.objects.filter(deliverable=deliverable).count() == THREADS * WRITES_PER_THREAD
    assert Deliverable.objects.get(pk=deliverable.pk).caption.startswith("caption ")


def test_sqlite_is_configured_for_a_web_server_beside_a_worker(settings):
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3"):
        pytest.skip("PostgreSQL needs none of this")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] >= 20
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
