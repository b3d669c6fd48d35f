from __future__ import annotations

import pytest

from tests.api.apps import login_session, make_api_app


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    return make_api_app(tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def browser(api):
    """A signed-in session, as a viewer clicking export links on the pages."""
    return login_session(api)


@pytest.fixture(scope="module")
def analysis(api):
    with api.server.app_context():
        from server.context import snapshot

        return snapshot().analysis
