"""Import tests: an analysed-result helper on a migrated store (SQLite and PostgreSQL)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def sqlite_store(tmp_path):
    """A migrated SQLite store without demo data (layout and validation tests need no PostgreSQL)."""
    from data.bootstrap import ensure_database
    from data.db import make_engine

    eng = make_engine(f"sqlite:///{tmp_path / 'imports.sqlite'}")
    ensure_database(eng, load_demo=False)
    yield eng
    eng.dispose()


@pytest.fixture
def analyse(sqlite_store):
    from data.db import reading
    from data.imports import service

    migrated = sqlite_store

    def run(*files, **kw):
        with reading(migrated) as conn:
            return service.analyse(conn, list(files), **kw)
    return run


@pytest.fixture
def app(tmp_path, settings_for):
    """The whole app on a fresh SQLite store without demo data (the upload page's callbacks, the import API)."""
    from app import create_app

    return create_app(settings_for(f"sqlite:///{tmp_path / 'app.sqlite'}", demo=False))
