"""Property-based run of schemathesis against the OpenAPI document, in-process through WSGI,
authenticated with a viewer's bearer token: no server error, and every response matches the spec
(status codes, content types, body schemas).

Each operation runs as a Hypothesis test built from schemathesis' strategy for it (the lazy pytest
fixture loader of schemathesis does not work with this pytest version)."""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.api.apps import make_api_app

MAX_EXAMPLES = 40  # per operation: the whole run stays well under a minute


def test_api_conforms_to_its_spec(tmp_path):
    api = make_api_app(tmp_path / "instance")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api.server).include(method="GET")
    auth = {"Authorization": f"Bearer {api.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(headers=auth)

        check()
