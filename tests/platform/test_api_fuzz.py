"""A bounded schemathesis run over every API operation, as an agency admin and as a brand client:
no answer is a server error and every answer matches the published schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from influencer_platform.accounts.services import api_token_create
from tests.factories import CampaignFactory, DeliverableFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(180)]

EXAMPLES_PER_OPERATION = 3


def _exercise_every_operation(schema, token: str, base_url: str) -> None:
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() == "DELETE":
            continue  # deleting the fixtures would only make later operations answer 404

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case):
            case.call_and_validate(
                base_url=base_url,
                headers={"Authorization": f"Token {token}"},
                checks=[not_a_server_error, response_schema_conformance],
            )

        exercise()


@pytest.mark.parametrize("role", ["agency_admin", "client_a"])
def test_fuzzed_requests_get_no_server_error_and_match_the_schema(
    request, role, agency_admin, settings_, live_server
):
    user = request.getfixturevalue(role)
    campaign = CampaignFactory(brand=user.brand) if user.brand_id else CampaignFactory()
    DeliverableFactory(campaign=campaign, status="client_review")
    _, raw = api_token_create(user=user, name="fuzz", created_by=agency_admin)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    # Raises schemathesis' report (the failing request and check) on the first bad answer.
    _exercise_every_operation(schema, raw, live_server.url)


@pytest.fixture
def settings_(settings):
    # The fuzz sends hundreds of requests a minute from one token; throttles are tested elsewhere.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100000/min", "user": "100000/min", "anon": "100000/min"},
    }
    return settings
