"""The API against its own OpenAPI schema: schemathesis generates requests from it for
every read operation, as an analyst, and checks that none is a server error and that
every answer matches the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from summits.filters import ActionItemFilterSet
from tests.api.conftest import token_create

pytestmark = pytest.mark.usefixtures("outcomes", "today")


@pytest.fixture(autouse=True)
def _connection_kept_open():
    """Requests go to the WSGI application itself, which closes the database connection
    when a request finishes; the test's transaction lives on it. Django's test client
    keeps it open the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# Per operation: bounded, so the whole run stays well under a minute.
EXAMPLES = 10
# A summit's key holds a "/", which schemathesis never puts in a generated path
# parameter: its operations are called with a recorded summit (their queries vary).
SUMMIT = {"key": "india-russia-annual-summit/23"}
FIXED = {"/api/summits/{key}/": SUMMIT, "/api/summits/{key}/readiness/": SUMMIT}


def test_every_read_operation_answers_as_its_schema_says(analyst):
    headers = {"Authorization": f"Bearer {token_create(analyst)}"}
    schema = schemathesis.openapi.from_wsgi(
        "/api/schema/", get_wsgi_application(), headers=headers
    ).include(method="GET")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25  # every list and record, the follow-up and readiness

    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,  # the same requests on every run
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(path_parameters=FIXED.get(operation.path)))
        def call(case) -> None:
            response = case.call(headers=headers)
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )

        try:
            call()
        except Exception as error:
            error.add_note(f"{operation.method.upper()} {operation.path}")
            raise


def test_describing_the_api_leaves_the_list_pages_filters_as_they_were(analyst_client):
    # The schema describes the FilterSets the list pages use: building it must not hand
    # them form fields made before they knew their model ("None: Stalled" as a chip).
    assert analyst_client.get("/api/schema/").status_code == 200
    page = analyst_client.get("/action-items/", {"status": "stalled", "sector": "trade"})
    assert "Status: Stalled" in " ".join(page.text.split())
    form = ActionItemFilterSet({"status": ["stalled"]}).form
    assert (form["status"].label, form["sector"].label) == ("Status", "Sector")
