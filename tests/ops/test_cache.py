"""The snapshot cache shared by workers: the filesystem by default, Redis when REDIS_URL is set."""
import os

import pytest

from app import create_app
from data import snapshot, store
from data.bootstrap import ensure_database
from server.cache import RedisCache, make_cache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


def test_round_trip_and_missing_keys(snapshot_cache):
    cache = snapshot_cache
    assert cache.get("nothing") is None
    cache.set("k", b"\x00value")
    assert cache.get("k") == b"\x00value"


def test_a_second_worker_reuses_the_first_workers_snapshot_and_never_a_stale_one(snapshot_cache, tmp_path,
                                                                                   monkeypatch):
    cache = snapshot_cache
    engine = __import__("data.db", fromlist=["make_engine"]).make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ensure_database(engine, load_demo=True)
    first = snapshot.get(engine, cache)
    snapshot._memo.clear()  # the other worker has nothing in memory
    with monkeypatch.context() as m:  # and maps the first worker's file: it builds nothing
        m.setattr("indicators.pipeline.build_analysis", _no_build)
        reused = snapshot.get(engine, cache)
    assert reused.version == first.version and reused is not first
    with engine.begin() as conn:  # a publish makes new keys: the cached entry is never served after it
        store.set_target(conn, "RD_EXP", "130534", 2026, 1.0, "admin")
    snapshot._memo.clear()
    assert snapshot.get(engine, cache).version == first.version + 1


def _no_build(*_args: object, **_kw: object) -> None:
    raise AssertionError("the second worker built the snapshot again instead of mapping the shared file")


def test_redis_url_selects_redis(settings_for):
    if not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set: run ./scripts/test.sh, which starts Redis")
    assert isinstance(make_cache(settings_for(redis_url=REDIS_URL)), RedisCache)
    app = create_app(settings_for(redis_url=REDIS_URL))
    with app.server.app_context():
        from server.context import cache, snapshot as current

        assert isinstance(cache(), RedisCache)
        assert current().analysis.shape[0] > 0
