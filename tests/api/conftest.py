from __future__ import annotations

import pytest

from tests.api.apps import make_api_app


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    """One demo-data app per module (SQLite); the API is read-only, so tests can share it."""
    return make_api_app(tmp_path_factory.mktemp("api"))


@pytest.fixture
def client(api):
    return api.client()
