"""The snapshot cache shared by workers: the filesystem by default, Redis when REDIS_URL is set."""
import os
import threading

import pytest

from app import create_app
from data import snapshot, store
from data.bootstrap import ensure_database
from server.cache import FileCache, RedisCache, make_cache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.fixture(params=["file", "redis"])
def cache(request, tmp_path):
    if request.param == "file":
        return FileCache(tmp_path / "cache")
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set: run ./scripts/test.sh, which starts Redis")
    c = RedisCache(REDIS_URL)
    c.client.flushdb()
    return c


def _wait_for_background_writes():
    for t in threading.enumerate():
        if t.name == "snapshot-cache":
            t.join()


def test_round_trip_and_missing_keys(cache):
    assert cache.get("nothing") is None
    cache.set("k", b"\x00value")
    assert cache.get("k") == b"\x00value"


def test_a_second_worker_reuses_the_first_workers_snapshot_and_never_a_stale_one(cache, tmp_path):
    engine = __import__("data.db", fromlist=["make_engine"]).make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ensure_database(engine, load_demo=True)
    first = snapshot.get(engine, cache)
    _wait_for_background_writes()
    snapshot._memo.clear()  # the other worker has nothing in memory
    reused = snapshot.get(engine, cache)
    assert reused.version == first.version and reused is not first
    with engine.begin() as conn:  # a publish makes new keys: the cached entry is never served after it
        store.set_target(conn, "RD_EXP", "130534", 2026, 1.0, "admin")
    snapshot._memo.clear()
    assert snapshot.get(engine, cache).version == first.version + 1


def test_redis_url_selects_redis(settings_for):
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set: run ./scripts/test.sh, which starts Redis")
    assert isinstance(make_cache(settings_for(redis_url=REDIS_URL)), RedisCache)
    app = create_app(settings_for(redis_url=REDIS_URL))
    with app.server.app_context():
        from server.context import cache, snapshot as current

        assert isinstance(cache(), RedisCache)
        assert current().analysis.shape[0] > 0
