"""Bounded schema fuzzing of every API operation (schemathesis against the WSGI app, through the real
middleware), as an agency admin and as a brand client: no server errors, no schema violations.

Each operation gets a fixed number of derandomised examples, so the run is repeatable and bounded.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from influencer_platform.accounts.services import api_token_create
from tests.factories import CampaignFactory, DeliverableFactory

# No server error and no answer outside the schema. Schema-valid input may still break a business
# rule (an unknown UUID, a closed campaign): that 400 is correct, so positive-data acceptance is off.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

EXAMPLES_PER_OPERATION = 4
FUZZ = hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api_schema(db, settings):
    """The WSGI app in this process, on the test database: like Django's test client, keep the
    request signals from closing the connection that holds the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from influencer_platform.wsgi import application

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(schema, authorization: str) -> list[str]:
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40  # the whole API, not an empty schema
    for operation in operations:

        @given(case=operation.as_strategy())
        @FUZZ
        def run(case):
            case.call_and_validate(headers={"Authorization": authorization}, checks=CHECKS)

        try:
            run()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: BLE001 - schemathesis raises failure groups; collect all
            failures.append(f"{operation.method.upper()} {operation.path}: {str(error)[:600]}")
    return failures


@pytest.fixture
def something_to_read(agency_admin, client_a):
    """A deliverable of each kind the two roles can reach, so reads and actions meet real objects."""
    DeliverableFactory(campaign=CampaignFactory(brand=client_a.brand), status="client_review")
    DeliverableFactory(campaign=CampaignFactory(), status="planned")


@pytest.mark.slow
def test_every_operation_as_agency_admin(api_schema, agency_admin, something_to_read):
    _, secret = api_token_create(user=agency_admin, name="fuzz", created_by=agency_admin)
    failures = _fuzz(api_schema, f"Token {secret}")
    assert failures == [], "\n\n".join(failures)


@pytest.mark.slow
def test_every_operation_as_brand_client(api_schema, agency_admin, client_a, something_to_read):
    _, secret = api_token_create(user=client_a, name="fuzz", created_by=agency_admin)
    failures = _fuzz(api_schema, f"Token {secret}")
    assert failures == [], "\n\n".join(failures)
