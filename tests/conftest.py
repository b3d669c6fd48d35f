"""Shared fixtures: fresh databases on SQLite and on the PostgreSQL server that scripts/test.sh starts."""
from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.settings import Settings, normalise_db_url  # noqa: E402
from indicators.memory import keep_freed_memory  # noqa: E402

# Every build in the test processes runs under the product's memory policy from the start (app.create_app sets
# it where the app runs; setting it here too keeps a test's conditions independent of the order tests run in).
# tests/indicators/test_build_memory.py checks the policy itself in fresh child processes, on and off.
keep_freed_memory()

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
# Under pytest-xdist (./scripts/test.sh runs the suite on two workers) each worker gets a Redis database of its
# own (gw0 -> /1, gw1 -> /2, ...), so one worker's FLUSHDB or rate-limit keys never meet the other's. PostgreSQL
# needs nothing: every test creates a database with a random name.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _WORKER.startswith("gw"):
    REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + f"/{int(_WORKER[2:]) + 1}"
    os.environ["TEST_REDIS_URL"] = REDIS_URL


def _fresh_pg_database() -> tuple[str, str]:
    admin = create_engine(normalise_db_url(PG_URL), isolation_level="AUTOCOMMIT")
    name = "t_" + uuid.uuid4().hex[:12]
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    base = normalise_db_url(PG_URL).rsplit("/", 1)[0]
    return f"{base}/{name}", name


def _drop_pg_database(name: str) -> None:
    admin = create_engine(normalise_db_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database (skips only when run outside scripts/test.sh)."""
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set: run ./scripts/test.sh to start PostgreSQL")
    url, name = _fresh_pg_database()
    yield url
    _drop_pg_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def engine(db_url):
    from data.db import make_engine

    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def migrated(engine):
    """An engine on a database at the head migration with catalogues, and no observations."""
    from data.bootstrap import ensure_database

    ensure_database(engine, load_demo=False)
    return engine


@pytest.fixture
def settings_for(tmp_path):
    def make(db_url: str = "", **kw) -> Settings:
        return Settings(instance_path=tmp_path / "instance", database_url=db_url, **kw)
    return make


@pytest.fixture(scope="module")
def pg_url_module():
    """A fresh PostgreSQL database shared by one test module (for servers started once per module)."""
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set: run ./scripts/test.sh to start PostgreSQL")
    url, name = _fresh_pg_database()
    yield url
    _drop_pg_database(name)


@pytest.fixture(params=["file", "redis"])
def snapshot_cache(request, tmp_path):
    """The snapshot cache workers share, on each backend: the filesystem (FileCache under tmp_path/cache) and
    Redis (RedisCache on this worker's database, flushed, snapshot files under the same folder)."""
    from server.cache import FileCache, RedisCache

    if request.param == "file":
        return FileCache(tmp_path / "cache")
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set: run ./scripts/test.sh, which starts Redis")
    c = RedisCache(REDIS_URL, snapshot_folder=tmp_path / "cache" / "snapshots")
    c.client.flushdb()
    return c
