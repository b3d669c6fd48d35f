"""Issue 11, finding 5: `as_of` snaps to the publish it selects, so equal answers share one snapshot;
builds run outside a global lock, and concurrent requests for one snapshot wait for a single build."""
from __future__ import annotations

import threading
from datetime import timedelta, timezone

import pandas as pd
import pytest

from data import snapshot, store
from data.bootstrap import ensure_database
from data.db import make_engine, reading


@pytest.fixture
def demo(tmp_path):
    eng = make_engine(f"sqlite:///{tmp_path / 's.sqlite'}")
    ensure_database(eng, load_demo=True)
    snapshot._memo.clear()
    yield eng
    snapshot._memo.clear()
    eng.dispose()


@pytest.fixture
def builds(monkeypatch):
    """Counts the snapshot builds (the expensive step) per as_of."""
    calls: list = []
    real = snapshot.build

    def counting(conn, version, as_of=None, previous=None):
        calls.append(as_of)
        return real(conn, version, as_of, previous)

    monkeypatch.setattr(snapshot, "build", counting)
    return calls


def _publishes(engine):
    with reading(engine) as conn:
        revs = store.list_revisions(conn, ("published",))
    return sorted(pd.to_datetime(revs["published_at"], utc=True).dt.to_pydatetime())


def _ningjin_gdp_2024(snap):
    a = snap.observations
    return a[(a.indicator == "GDP") & (a.region == "130528") & (a.period == "2024")]["value"].tolist()


def test_moments_a_microsecond_apart_share_one_build(demo, builds):
    first, second = _publishes(demo)
    base = first + (second - first) / 2
    snaps = [snapshot.get(demo, None, as_of=base + timedelta(microseconds=i)) for i in range(20)]
    assert len(builds) == 1
    assert all(s.analysis is snaps[0].analysis for s in snaps)
    assert [s.as_of for s in snaps[:2]] == [base, base + timedelta(microseconds=1)]  # labelled as asked


def test_snapping_keeps_the_figures_of_each_moment(demo, builds):
    first, second = _publishes(demo)
    with reading(demo) as conn:
        expected = {m: store.published_observations(conn, as_of=m) for m in
                    (first - timedelta(seconds=1), first, second - timedelta(microseconds=1), second,
                     second + timedelta(days=1))}
    key = list(store.OBS_KEY)
    for moment, want in expected.items():
        got = snapshot.get(demo, None, as_of=moment).observations
        pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                                      want.sort_values(key).reset_index(drop=True))
    # before the first publish, [first, second) and from second on: three distinct answers, three builds
    assert len(builds) == 3
    assert snapshot.get(demo, None, as_of=first - timedelta(days=3)).observations.empty


def test_the_revised_figure_changes_exactly_at_its_publish(demo):
    first, second = _publishes(demo)
    before = _ningjin_gdp_2024(snapshot.get(demo, None, as_of=second - timedelta(microseconds=1)))
    after = _ningjin_gdp_2024(snapshot.get(demo, None, as_of=second))
    assert before and after and before != after


def test_a_rollback_is_an_event_too(demo, builds):
    with demo.begin() as conn:
        rev = store.list_revisions(conn, ("published",))["id"].max()
        store.rollback(conn, int(rev), "boss", "测试")
    with reading(demo) as conn:
        rolled_at = pd.Timestamp(store.get_revision(conn, int(rev))["rolled_back_at"]).to_pydatetime()
    rolled_at = rolled_at if rolled_at.tzinfo else rolled_at.replace(tzinfo=timezone.utc)
    just_before = snapshot.get(demo, None, as_of=rolled_at - timedelta(microseconds=1))
    at = snapshot.get(demo, None, as_of=rolled_at)
    assert _ningjin_gdp_2024(just_before) != _ningjin_gdp_2024(at)
    assert _ningjin_gdp_2024(at) == _ningjin_gdp_2024(snapshot.get(demo, None))


def test_concurrent_requests_for_one_moment_wait_for_a_single_build(demo, builds):
    first, second = _publishes(demo)
    moment = first + timedelta(seconds=5)
    results, start = [], threading.Barrier(8)

    def one(i):
        start.wait()
        results.append(snapshot.get(demo, None, as_of=moment + timedelta(microseconds=i)))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(results) == 8 and len(builds) == 1
    assert len({id(r.analysis) for r in results}) == 1


def test_a_slow_build_does_not_block_another_moment(demo, monkeypatch):
    first, second = _publishes(demo)
    release, entered = threading.Event(), threading.Event()
    real = snapshot.build

    def slow_for_first(conn, version, as_of=None, previous=None):
        if as_of is not None and as_of < second:
            entered.set()
            assert release.wait(60)
        return real(conn, version, as_of, previous)

    monkeypatch.setattr(snapshot, "build", slow_for_first)
    slow = threading.Thread(target=snapshot.get, args=(demo, None), kwargs={"as_of": first + timedelta(seconds=1)})
    slow.start()
    assert entered.wait(60)
    try:
        other = snapshot.get(demo, None, as_of=second + timedelta(seconds=1))  # not queued behind the slow one
        assert not other.observations.empty
    finally:
        release.set()
        slow.join(60)


def test_a_past_moment_states_the_version_its_figures_had(demo):
    """breakrank3 #9: an as_of answer was stamped with today's data version (53, after a rollback), so two documents
    both saying 数据版本 53 gave opposite 同比 signs. A past moment states the version recorded by the latest publish
    or rollback at or before it (by the revisions' own, dated-back, times)."""
    from datetime import datetime

    first, second = _publishes(demo)
    with reading(demo) as conn:
        now_version = store.data_version(conn)
        between = store.version_at(conn, first + (second - first) / 2)
        after = store.version_at(conn, second + timedelta(seconds=1))
        before = store.version_at(conn, first - timedelta(days=1))
    assert (before, between, after) == (0, 1, 2) and now_version >= after
    with demo.begin() as conn:   # a rollback of the second publish: the version moves on, the past stays stated
        rev = int(store.list_revisions(conn, ("published",)).sort_values("published_at")["id"].iloc[-1])
        store.rollback(conn, rev, "approver", "测试撤回")
    with reading(demo) as conn:
        assert store.version_at(conn, first + (second - first) / 2) == 1
        assert store.version_at(conn, datetime.now(timezone.utc)) == store.data_version(conn) == now_version + 1
    snap = snapshot.get(demo, None, as_of=first + (second - first) / 2)
    assert snapshot.figures_version(demo, snap) == 1
    assert snapshot.figures_version(demo, snapshot.get(demo, None)) == now_version + 1
