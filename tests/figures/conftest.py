"""An app on a fresh SQLite instance with the demo data, shared by the figures tests of a session."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def figures_app(tmp_path_factory):
    from app import create_app
    from server.settings import Settings

    instance = tmp_path_factory.mktemp("figures-instance")
    app = create_app(Settings(instance_path=instance, demo=True, public_view=True, secret_key="test"))
    yield app
    from server.context import EXT

    app.server.extensions[EXT].engine.dispose()
