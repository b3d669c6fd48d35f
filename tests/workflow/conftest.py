"""Reporting-round tests: stores with users, analysed files staged as given accounts."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "imports"))  # workbooks.py


@pytest.fixture
def wf_store(migrated):
    """A migrated store (SQLite and PostgreSQL) with accounts: staff (uploader, bound to 清河县),
    free (uploader, not scoped), boss and boss2 (approvers)."""
    from data.workflow import scopes
    from server.auth import users

    with migrated.begin() as conn:
        for name, roles in (("staff", ["uploader"]), ("free", ["uploader"]), ("boss", ["approver"]),
                            ("boss2", ["approver"])):
            users.create(conn, name, "a-long-test-password-1", roles, actor="test", must_change_password=False)
        scopes.set_regions(conn, "staff", ["130534"], actor="test")
    return migrated


@pytest.fixture
def stage_as(wf_store):
    """stage_as(user, (name, bytes), ...) -> batch id (analysed, staged and submitted in one transaction)."""
    from data.db import reading
    from data.imports import service

    def run(user, *files, resubmits=None):
        with reading(wf_store) as conn:
            result = service.analyse(conn, list(files))
        if not result.errors.empty:  # refused at analysis, as the page and the API would refuse it
            from data.errors import UserError
            raise UserError("；".join(result.errors["message_zh"].astype(str)),
                            "; ".join(result.errors["message_en"].astype(str)))
        with wf_store.begin() as conn:
            return service.stage(conn, result, user, submit=True, resubmits=resubmits)
    return run


PASSWORD = "a-long-test-password-1"


@pytest.fixture
def app(tmp_path):
    """The app (SQLite, no demo data) with staff (uploader bound to 清河县, API token in app.staff_token), boss and
    boss2 (approvers), reader (viewer) and root (admin); password PASSWORD."""
    from app import create_app
    from data.workflow import scopes
    from server.auth import tokens, users
    from server.settings import Settings

    settings = Settings(instance_path=tmp_path / "instance", database_url=f"sqlite:///{tmp_path / 's.sqlite'}",
                        demo=False)
    a = create_app(settings)
    from server.context import EXT

    eng = a.server.extensions[EXT].engine
    with eng.begin() as conn:
        for name, roles in (("staff", ["uploader"]), ("boss", ["approver"]), ("boss2", ["approver"]), ("reader", ["viewer"]), ("root", ["admin"])):
            users.create(conn, name, PASSWORD, roles, actor="test", must_change_password=False)
        scopes.set_regions(conn, "staff", ["130534"], actor="test")
        _, a.staff_token = tokens.create(conn, "staff", "test", actor="test")
    a.engine, a.settings_, a.db_path = eng, settings, tmp_path / "s.sqlite"
    return a
