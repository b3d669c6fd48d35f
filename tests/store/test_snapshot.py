"""Snapshots per data version: a publish is seen at once, incrementally built equals a full rebuild."""
import pandas as pd

from data import snapshot, store
from data.bootstrap import ensure_database
from data.db import reading
from server.cache import FileCache


def _publish(engine, rows):
    with engine.begin() as conn:
        rev = store.create_revision(conn, pd.DataFrame(rows), created_by="staff")
        store.publish(conn, rev, "boss", allow_draft=True)
    return rev


def _value(snap, ind, region, period):
    a = snap.analysis
    return a[(a.indicator == ind) & (a.region == region) & (a.period == period) & ~a.is_ytd]["value"].item()


def test_publish_is_visible_at_once_and_incremental_equals_full(engine, tmp_path):
    ensure_database(engine, load_demo=True)
    cache = FileCache(tmp_path / "cache")
    first = snapshot.get(engine, cache)
    assert _value(first, "RD_EXP", "130534", "2023") == 15400
    _publish(engine, [{"indicator": "RD_EXP", "region": "130534", "period": "2023", "period_kind": "Y",
                       "value": 15500.0, "status": "revised"}])
    second = snapshot.get(engine, cache)
    assert second.version > first.version
    assert _value(second, "RD_EXP", "130534", "2023") == 15500
    with reading(engine) as conn:
        full = snapshot.build(conn, second.version)
    key = ["indicator", "region", "period", "is_ytd"]
    pd.testing.assert_frame_equal(
        second.observations.sort_values(key).reset_index(drop=True),
        full.observations.sort_values(key).reset_index(drop=True))


def test_rollback_rebuilds_and_restores(engine, tmp_path):
    ensure_database(engine, load_demo=True)
    cache = FileCache(tmp_path / "cache")
    rev = _publish(engine, [{"indicator": "HNTE", "region": "130534", "period": "2023", "period_kind": "Y",
                             "value": 70.0, "status": "revised"}])
    assert _value(snapshot.get(engine, cache), "HNTE", "130534", "2023") == 70
    with engine.begin() as conn:
        store.rollback(conn, rev, "boss")
    assert _value(snapshot.get(engine, cache), "HNTE", "130534", "2023") == 69


def test_another_process_reads_the_shared_cache(engine, tmp_path):
    ensure_database(engine, load_demo=True)
    cache = FileCache(tmp_path / "cache")
    built = snapshot.get(engine, cache)
    for t in list(__import__("threading").enumerate()):
        if t.name == "snapshot-cache":
            t.join()
    snapshot._memo.clear()  # as if in another worker
    loaded = snapshot.get(engine, cache)
    assert loaded is not built and loaded.version == built.version
    pd.testing.assert_frame_equal(loaded.analysis, built.analysis)
