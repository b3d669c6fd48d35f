"""Snapshots written once per data version as Arrow IPC files and memory-mapped by every worker (issue 18.1)."""
from __future__ import annotations

import threading

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from data import snapshot, store
from data.bootstrap import ensure_database
from data.db import make_engine, reading
from data.snapshot_files import SnapshotFiles, read_frame, write_frame
from server import cache as cache_mod
from server.cache import FileCache



@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A demo database (built once for the module) and its snapshot built in memory, without any cache."""
    folder = tmp_path_factory.mktemp("demo")
    engine = make_engine(f"sqlite:///{folder / 'db.sqlite'}")
    ensure_database(engine, load_demo=True)
    snapshot._memo.clear()
    return engine, snapshot.get(engine, None)


def _buffers(arr) -> list[np.ndarray]:
    """The numpy arrays holding a pandas array's data."""
    if isinstance(arr, pd.Categorical):
        return [arr.codes]
    if isinstance(arr, pd.core.arrays.masked.BaseMaskedArray):
        return [arr._data, arr._mask]
    return [np.asarray(arr)]


def _assert_mapped(frame: pd.DataFrame) -> None:
    """No column owns its memory: numpy columns are read-only views, Arrow columns are Arrow's."""
    for col in frame.columns:
        arr = frame[col].array
        if isinstance(arr, pd.core.arrays.ArrowExtensionArray):
            continue
        for buf in _buffers(arr):
            assert not buf.flags.owndata and not buf.flags.writeable, col


def _random_frame(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    value = rng.normal(size=n)
    value[rng.random(n) < 0.2] = np.nan
    codes = rng.integers(-1, 3, n).astype(np.int8)
    ints = rng.integers(-50, 50, n)
    strings = pd.array(rng.choice(["甲", "乙", "a b", ""], n), dtype="string")
    strings[rng.random(n) < 0.3] = pd.NA
    frame = pd.DataFrame({
        "value": value,
        "year": rng.integers(2015, 2027, n).astype(np.int16),
        "flag": rng.random(n) < 0.5,
        "kind": pd.Categorical.from_codes(codes, categories=["Y", "Q", "M"]),
        "rank": pd.arrays.IntegerArray(ints.astype(np.int16), rng.random(n) < 0.3),
        "revision_id": pd.arrays.IntegerArray(ints.astype(np.int64), rng.random(n) < 0.5),
        "note": strings,
        "label": pd.array(rng.choice(["x", "y"], n), dtype="str"),
        "tuples": pd.Series([("a", i) for i in range(n)], dtype=object),
    })
    frame.attrs["indicators.sorted_by"] = "indicator,region"
    return frame


def test_demo_frames_round_trip_exactly_and_are_mapped_not_copied(demo, tmp_path):
    _engine, snap = demo
    # nothing is reported in the demo: the build holds reported_yoy (and base_value, the same array) as one NaN
    # broadcast to every row; the file holds it in full, and reads back equal
    assert snap.analysis["reported_yoy"].to_numpy().strides == (0,)
    assert snap.analysis["base_value"].isna().all()
    for name in ("analysis", "observations"):
        frame = getattr(snap, name)
        write_frame(frame, tmp_path / f"{name}.arrow")
        before = pa.total_allocated_bytes()
        back = read_frame(tmp_path / f"{name}.arrow")
        assert pa.total_allocated_bytes() - before < 4096  # Arrow columns: no copy either
        pd.testing.assert_frame_equal(back, frame, check_exact=True)
        assert back.attrs == frame.attrs
        _assert_mapped(back)
    assert snap.analysis.shape == (12000, 39)


@pytest.mark.parametrize("seed,n", [(1, 0), (2, 1), (3, 997), (4, 20_000)])
def test_random_frames_of_every_column_kind_round_trip(seed, n, tmp_path):
    frame = _random_frame(seed, n)
    write_frame(frame, tmp_path / "f.arrow")
    back = read_frame(tmp_path / "f.arrow")
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    assert back.attrs == frame.attrs
    shuffled = frame.iloc[np.random.default_rng(seed).permutation(n)]  # a non-default index survives too
    write_frame(shuffled, tmp_path / "g.arrow")
    pd.testing.assert_frame_equal(read_frame(tmp_path / "g.arrow"), shuffled, check_exact=True)


def test_mapped_columns_are_read_only_and_pandas_copies_on_write(tmp_path):
    frame = _random_frame(5, 100)
    write_frame(frame, tmp_path / "f.arrow")
    back = read_frame(tmp_path / "f.arrow")
    with pytest.raises(ValueError, match="read-only"):
        back["value"].to_numpy()[0] = 1.0
    copy = back.copy(deep=False)
    copy.loc[0, "value"] = 42.0  # copy-on-write: the mapped file is untouched
    assert read_frame(tmp_path / "f.arrow")["value"].iloc[0] == frame["value"].iloc[0]
    assert back["value"].iloc[0] == frame["value"].iloc[0]


def test_a_worker_maps_the_snapshot_another_wrote_equal_to_a_build_in_memory(demo, snapshot_cache):
    cache = snapshot_cache
    engine, built = demo
    snapshot._memo.clear()
    first = snapshot.get(engine, cache)
    files = SnapshotFiles(cache.snapshot_folder)
    db = str(engine.url)
    assert files.exists(db, first.version)
    snapshot._memo.clear()  # as if in another worker
    other = snapshot.get(engine, cache)
    assert other is not first and other.version == built.version
    for name in ("analysis", "observations", "targets", "annotations", "regions"):
        pd.testing.assert_frame_equal(getattr(other, name), getattr(built, name), check_exact=True)
    assert (other.is_demo, other.publish_state, other.as_of) == (built.is_demo, built.publish_state, None)
    assert other.analysis.attrs == built.analysis.attrs
    _assert_mapped(other.analysis)
    _assert_mapped(other.observations)
    snapshot._memo.clear()


def test_one_worker_builds_while_the_others_wait_and_map_its_file(demo, snapshot_cache, monkeypatch):
    cache = snapshot_cache
    engine, built = demo
    calls = []
    real_build = snapshot.build

    def counting_build(*args, **kw):
        calls.append(threading.get_ident())
        return real_build(*args, **kw)

    monkeypatch.setattr(snapshot, "build", counting_build)
    results, errors = [], []

    def worker():  # each thread plays one worker process: its own connection, no shared memo
        try:
            with reading(engine) as conn:
                version = store.data_version(conn)
                results.append(snapshot._build_shared(conn, cache, str(engine.url), version,
                                                      (str(engine.url), version, ""), None, None))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 4
    assert len(calls) == 1
    for snap in results:
        pd.testing.assert_frame_equal(snap.analysis, built.analysis, check_exact=True)
        _assert_mapped(snap.analysis)


def test_a_worker_that_waits_too_long_serves_its_own_copy(demo, tmp_path, monkeypatch):
    engine, built = demo
    cache = FileCache(tmp_path / "cache")
    monkeypatch.setattr(cache_mod, "BUILD_WAIT_S", 0.2)
    with reading(engine) as conn:
        version = store.data_version(conn)
    db = str(engine.url)
    name = f"snapshot-build:{(tmp_path / 'cache' / 'snapshots').resolve()}:{db}:{version}:"
    with cache.build_lock(name) as held:  # another worker is building (and stuck)
        assert held
        with reading(engine) as conn:
            own = snapshot._build_shared(conn, cache, db, version, (db, version, ""), None, None)
    pd.testing.assert_frame_equal(own.analysis, built.analysis, check_exact=True)
    assert not SnapshotFiles(cache.snapshot_folder).exists(db, version)


def test_old_versions_are_removed_once_no_longer_current(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ensure_database(engine, load_demo=True)
    cache = FileCache(tmp_path / "cache")
    snapshot._memo.clear()
    versions = [snapshot.get(engine, cache).version]
    for value in (1.0, 2.0, 3.0):
        with engine.begin() as conn:
            store.set_target(conn, "RD_EXP", "130534", 2026, value, "admin")
        versions.append(snapshot.get(engine, cache).version)
    files = SnapshotFiles(cache.snapshot_folder)
    db = str(engine.url)
    assert [files.exists(db, v) for v in versions] == [False, False, True, True]
    assert sorted(p.name.split("-v")[1][:12] for p in cache.snapshot_folder.iterdir()) \
        == [f"{v:012d}" for v in versions[-2:]]
    snapshot._memo.clear()


def test_a_fresh_worker_extends_the_latest_shared_snapshot_after_a_correction(tmp_path, monkeypatch):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ensure_database(engine, load_demo=True)
    cache = FileCache(tmp_path / "cache")
    snapshot._memo.clear()
    snapshot.get(engine, cache)
    with engine.begin() as conn:
        rev = store.create_revision(conn, pd.DataFrame([{
            "indicator": "RD_EXP", "region": "130534", "period": "2023", "period_kind": "Y",
            "value": 15500.0, "status": "revised"}]), created_by="staff")
        store.publish(conn, rev, "boss", allow_draft=True)
    snapshot._memo.clear()  # a worker started after the publish
    seen = []
    real_build = snapshot.build
    monkeypatch.setattr(snapshot, "build", lambda conn, v, a=None, previous=None: seen.append(previous)
                        or real_build(conn, v, a, previous))
    second = snapshot.get(engine, cache)
    assert seen and seen[0] is not None  # started from the shared previous version
    with reading(engine) as conn:
        full = real_build(conn, second.version)
    pd.testing.assert_frame_equal(second.analysis, full.analysis, check_exact=True)
    snapshot._memo.clear()


def _random_store_rows(seed: int) -> pd.DataFrame:
    """A seeded random publish: Hebei counties and cities, annual and 累计 quarterly figures, gaps, NaN,
    reported 同比, restated bases, every status and some notes."""
    from data.catalogue import load_indicators, load_regions

    rng = np.random.default_rng(seed)
    regions = load_regions()
    codes = regions.loc[regions["level"].isin(["county", "city"]), "code"].to_numpy()
    regs = rng.choice(codes, 40, replace=False)
    inds = load_indicators()
    base = inds[inds["formula"].isna()].sample(8, random_state=seed)
    rows = []
    for ind in base.itertuples():
        for reg in regs:
            for year in range(2020, 2025):
                periods = [(str(year), "Y", False)]
                if ind.cumulative:
                    periods += [(f"{year}Q{q}", "Q", True) for q in range(1, 5)]
                for period, kind, ytd in periods:
                    if rng.random() < 0.1:
                        continue  # a gap
                    value = float(np.round(rng.lognormal(6, 1), 1)) if rng.random() > 0.05 else np.nan
                    rows.append({"indicator": ind.code, "region": reg, "period": period, "period_kind": kind,
                                 "is_ytd": ytd, "value": value,
                                 "reported_yoy": float(rng.normal(5, 3)) if rng.random() < 0.1 else np.nan,
                                 "base_value": value * 0.9 if rng.random() < 0.05 else np.nan,
                                 "status": rng.choice(["preliminary", "final", "revised", "estimated"]),
                                 "note": "核实" if rng.random() < 0.05 else None})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed", [3, 17])
def test_a_random_store_maps_equal_to_its_build_in_memory(seed, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ensure_database(engine, load_demo=False)
    with engine.begin() as conn:
        rev = store.create_revision(conn, _random_store_rows(seed), created_by="staff")
        store.publish(conn, rev, "boss", allow_draft=True)
        store.add_annotation(conn, "RD_EXP", None, "2022", "series_break", "口径调整", "admin")
    cache = FileCache(tmp_path / "cache")
    snapshot._memo.clear()
    snapshot.get(engine, cache)
    snapshot._memo.clear()
    mapped = snapshot.get(engine, cache)
    with reading(engine) as conn:
        built = snapshot.build(conn, mapped.version)
    assert len(mapped.analysis) > 1000
    for name in ("analysis", "observations", "targets", "annotations", "regions"):
        pd.testing.assert_frame_equal(getattr(mapped, name), getattr(built, name), check_exact=True)
    _assert_mapped(mapped.analysis)
    snapshot._memo.clear()
