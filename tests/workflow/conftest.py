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
        assert result.errors.empty, result.errors[["rule", "cell", "message_zh"]].to_string()
        with wf_store.begin() as conn:
            return service.stage(conn, result, user, submit=True, resubmits=resubmits)
    return run
