"""Import tests: an analysed-result helper on a migrated store (SQLite and PostgreSQL)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def analyse(migrated):
    from data.db import reading
    from data.imports import service

    def run(*files, **kw):
        with reading(migrated) as conn:
            return service.analyse(conn, list(files), **kw)
    return run


def problems(result, rule=None):
    p = result.problems
    return p if rule is None else p[p["rule"] == rule]
