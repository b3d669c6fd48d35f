"""Fixtures: apps with one account per role, logged-in test clients, the audit log as tuples."""
from __future__ import annotations

import pytest

from auth_helpers import add_user, login, make_app  # noqa: F401
from server.auth.roles import ROLES


@pytest.fixture
def auth_settings(db_url, settings_for):
    return settings_for(db_url, demo=False)


@pytest.fixture
def app(auth_settings):
    return make_app(auth_settings)


@pytest.fixture
def passwords(app):
    """One account per role, named after it; {role: password}."""
    return {role: add_user(app, role + "1", [role]) for role in ROLES}


@pytest.fixture
def client_as(app, passwords):
    """client_as("viewer") -> a test client logged in as that role's account; client_as(None) -> anonymous."""
    def make(role: str | None):
        client = app.server.test_client()
        if role:
            resp = login(client, role + "1", passwords[role])
            assert resp.status_code == 302, resp.text
        return client
    return make


@pytest.fixture
def audit_actions(app):
    """audit_actions() -> [(username, action, target)] in order."""
    from sqlalchemy import select

    from data import schema
    from server.context import EXT

    def read():
        a = schema.audit_log.c
        with app.server.extensions[EXT].engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(a.username, a.action, a.target).order_by(a.id))]
    return read
