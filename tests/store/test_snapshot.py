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
        store.rollback(conn, rev, "boss", "测试撤回")
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


def test_a_correction_is_spliced_into_the_previous_analysis_and_equals_a_full_rebuild(engine, tmp_path, monkeypatch):
    """Only the corrected indicators (and the derived ones using them) are recomputed; the result is
    exactly the full pipeline's: rows, order, values and categorical dtypes (status / note included)."""
    from data.catalogue import load_indicators
    from indicators import pipeline

    spliced = []
    real = pipeline.rebuild_indicators

    def spy(*args, **kwargs):
        out = real(*args, **kwargs)
        spliced.append(out is not None)
        return out

    monkeypatch.setattr(pipeline, "rebuild_indicators", spy)
    ensure_database(engine, load_demo=True)
    cache = FileCache(tmp_path / "cache")
    first = snapshot.get(engine, cache)
    a = first.analysis
    row = a[(a.indicator == "RD_EXP") & ~a.is_derived & ~a.derived_from_ytd].iloc[0]
    # RD_EXP is a component of the derived RD_INTENSITY; the note is a new category
    _publish(engine, [
        {"indicator": "RD_EXP", "region": str(row["region"]), "period": str(row["period"]),
         "period_kind": str(row["period_kind"]), "is_ytd": bool(row["is_ytd"]), "value": 123456.0,
         "status": "revised", "note": "更正：拆分口径"},
        {"indicator": "HNTE", "region": "130534", "period": "2023", "period_kind": "Y", "value": 75.0,
         "status": "revised"}])
    second = snapshot.get(engine, cache)
    assert spliced == [True]
    full = pipeline.build_analysis(second.observations, load_indicators(), second.regions, second.annotations)
    pd.testing.assert_frame_equal(second.analysis, full, check_exact=True)
    assert second.analysis.attrs == full.attrs
    assert "更正：拆分口径" in list(second.analysis["note"].cat.categories)
    assert _value(second, "HNTE", "130534", "2023") == 75
    # observations as a full read gives them, in the same order as concat + drop_duplicates(keep="last")
    with reading(engine) as conn:
        rebuilt = snapshot.build(conn, second.version)
    key = ["indicator", "region", "period", "is_ytd"]
    pd.testing.assert_frame_equal(
        second.observations.sort_values(key).reset_index(drop=True),
        rebuilt.observations.sort_values(key).reset_index(drop=True))
    with reading(engine) as conn:
        new_rows = store.published_observations(conn, after_seq=first.publish_state[0])
    expected = pd.concat([first.observations, new_rows], ignore_index=True) \
        .drop_duplicates(key, keep="last").reset_index(drop=True)
    pd.testing.assert_frame_equal(second.observations, expected)


def test_a_target_change_reuses_the_analysis(engine, tmp_path):
    ensure_database(engine, load_demo=True)
    first = snapshot.get(engine, None)
    with engine.begin() as conn:
        store.set_target(conn, "HNTE", "130534", 2030, 99.0, "admin")
    second = snapshot.get(engine, None)
    assert second.version > first.version
    assert second.analysis is first.analysis


def test_a_new_worker_extends_the_latest_shared_snapshot(engine, tmp_path):
    """Snapshots extended by a correction are not shared (every worker extends its own cheaply); a worker
    started later loads the latest shared one and extends it to the current version."""
    ensure_database(engine, load_demo=True)
    cache = FileCache(tmp_path / "cache")
    snapshot.get(engine, cache)
    for t in list(__import__("threading").enumerate()):
        if t.name == "snapshot-cache":
            t.join()
    _publish(engine, [{"indicator": "HNTE", "region": "130534", "period": "2023", "period_kind": "Y",
                       "value": 71.0, "status": "revised"}])
    extended = snapshot.get(engine, cache)
    snapshot._memo.clear()  # as if in a worker started now
    fresh = snapshot.get(engine, cache)
    assert fresh is not extended and fresh.version == extended.version
    assert _value(fresh, "HNTE", "130534", "2023") == 71
    pd.testing.assert_frame_equal(fresh.analysis, extended.analysis)
