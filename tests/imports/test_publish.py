"""Staging, maker–checker publishing, rollback, concurrent publishes and a writer killed midway."""
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from data import schema, store
from data.db import reading
from data.errors import UserError
from data.imports import service
from workbooks import XINGTAI, single_unit_form, wide_report

ROOT = Path(__file__).resolve().parents[2]


def analysed(engine, *files):
    with reading(engine) as conn:
        return service.analyse(conn, list(files))


def current(engine):
    with reading(engine) as conn:
        df = store.published_observations(conn)
    return {(r.indicator, r.region, r.period, bool(r.is_ytd)): r.value for r in df.itertuples()}


def test_stage_submit_publish_with_maker_checker_and_rollback(migrated):
    first = analysed(migrated, ("清河.xlsx", single_unit_form()))
    with migrated.begin() as conn:
        rev1 = service.stage(conn, first, "staff", submit=True)
    assert current(migrated) == {}
    with pytest.raises(UserError, match="制单与审核分离"), migrated.begin() as conn:
        service.publish_revision(conn, rev1, "staff")
    with migrated.begin() as conn:
        service.publish_revision(conn, rev1, "boss", "同意")
    assert current(migrated)[("RD_EXP", "130534", "2024Q2", True)] == 15400
    # A correction: preview shows old -> new against the published figure.
    fixed = analysed(migrated, ("清河.xlsx", single_unit_form(rows=[("研究与试验发展(R&D)经费", "万元", "01", 15500, 8383, 84.9)])))
    assert fixed.preview["counts"]["changed"] == 1
    ch = fixed.preview["changed"].iloc[0]
    assert (ch["old"], ch["new"]) == (15400, 15500)
    with migrated.begin() as conn:
        rev2 = service.stage(conn, fixed, "staff", submit=True)
        service.publish_revision(conn, rev2, "boss")
    assert current(migrated)[("RD_EXP", "130534", "2024Q2", True)] == 15500
    with migrated.begin() as conn:
        service.rollback_revision(conn, rev2, "boss", "录入错误")
    assert current(migrated)[("RD_EXP", "130534", "2024Q2", True)] == 15400
    with reading(migrated) as conn:
        n = conn.execute(select(func.count()).select_from(schema.observations)).scalar()
        actions = [r.action for r in conn.execute(select(schema.audit_log.c.action))]
    assert n == 6  # nothing deleted
    for a in ("revision.create", "revision.submit", "revision.publish", "revision.rollback"):
        assert a in actions


def test_errors_block_staging_and_reject_needs_a_comment(migrated):
    bad = analysed(migrated, ("x.xlsx", wide_report(override={"D7": "abc"})))
    with pytest.raises(UserError, match="错误"), migrated.begin() as conn:
        service.stage(conn, bad, "staff")
    good = analysed(migrated, ("x.xlsx", wide_report()))
    with migrated.begin() as conn:
        rev = service.stage(conn, good, "staff", submit=True)
    with pytest.raises(UserError), migrated.begin() as conn:
        service.reject_revision(conn, rev, "boss", "  ")
    with migrated.begin() as conn:
        service.reject_revision(conn, rev, "boss", "合计行有误")
        assert store.get_revision(conn, rev)["status"] == "rejected"


def test_remembered_mappings_apply_to_the_same_layout(migrated):
    data = wide_report(names=["清河县", "威县", "市本级"] + XINGTAI[:1], rd=[1, 2, 3, 4], hnte=[1, 2, 3, 4],
                       tc=[(1, 1, 1)] * 4, total_row=False)
    r = analysed(migrated, ("x.xlsx", data))
    un = [u for u in r.unmatched if u["label"] == "市本级"]
    assert un and un[0]["kind"] == "region" and un[0]["cells"] == ["B7"]
    with migrated.begin() as conn:
        service.save_mappings(conn, un[0]["layout"], "region", {"市本级": "130500"}, "staff")
    again = analysed(migrated, ("x.xlsx", data))
    assert again.errors.empty and "130500" in set(again.obs["region"])
    with reading(migrated) as conn:
        assert service.list_mappings(conn)[["kind", "label", "code"]].values.tolist() == [["region", "市本级", "130500"]]


def _obs(n, value, region="130534"):
    periods = [f"{y}Q{q}" for y in range(1900, 1900 + n // 4 + 1) for q in range(1, 5)][:n]
    return pd.DataFrame({"indicator": "HNTE", "region": region, "period": periods, "period_kind": "Q",
                         "is_ytd": False, "value": float(value), "status": "final"})


def test_two_concurrent_publishes_both_land_consistently(migrated):
    revs = []
    with migrated.begin() as conn:
        for v in (1, 2):
            rev = store.create_revision(conn, _obs(2000, v), created_by="staff")
            store.submit(conn, rev, "staff")
            revs.append(rev)
        v0 = store.data_version(conn)
    barrier = threading.Barrier(2)
    errors = []

    def go(rev):
        try:
            barrier.wait()
            with migrated.begin() as conn:
                service.publish_revision(conn, rev, f"boss{rev}")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(r,)) for r in revs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with reading(migrated) as conn:
        seqs = [store.get_revision(conn, r)["publish_seq"] for r in revs]
        assert store.data_version(conn) == v0 + 2
        pub = store.published_observations(conn)
    assert len(set(seqs)) == 2 and None not in seqs
    # Every key comes from the one revision published last: no mixture.
    last = revs[seqs.index(max(seqs))]
    assert len(pub) == 2000 and set(pub["revision_id"]) == {last}


KILL_SCRIPT = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    import pandas as pd
    from data.db import make_engine
    from data import store
    n = {n}
    df = pd.DataFrame({{"indicator": "GDP", "region": "130534",
                       "period": [f"{{1000 + i // 4}}Q{{i % 4 + 1}}" for i in range(n)], "period_kind": "Q",
                       "is_ytd": True, "value": 1.0, "status": "final"}})
    eng = make_engine({url!r})
    with eng.begin() as conn:
        rev = store.create_revision(conn, df, created_by="staff")
        store.submit(conn, rev, "staff")
        store.publish(conn, rev, "boss")
        print("WRITTEN", flush=True)
        time.sleep(60)  # killed here: the transaction never commits
""")


def test_writer_killed_midway_leaves_nothing(migrated, db_url, tmp_path):
    from server.settings import normalise_db_url

    script = tmp_path / "writer.py"
    script.write_text(KILL_SCRIPT.format(root=str(ROOT), n=200_000, url=normalise_db_url(db_url)))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "WRITTEN"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    time.sleep(0.2)
    with reading(migrated) as conn:
        assert conn.execute(select(func.count()).select_from(schema.revisions)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(schema.observations)).scalar() == 0
        assert store.published_observations(conn).empty
    # And the store still takes writes.
    with migrated.begin() as conn:
        rev = store.create_revision(conn, _obs(10, 3), created_by="staff")
    assert rev >= 1


def test_writer_killed_during_the_bulk_insert_leaves_nothing(migrated, db_url, tmp_path):
    from server.settings import normalise_db_url

    script = tmp_path / "writer.py"
    script.write_text(KILL_SCRIPT.replace('print("WRITTEN", flush=True)', 'pass').replace(
        "with eng.begin() as conn:", 'print("BEGIN", flush=True)\nwith eng.begin() as conn:').format(
        root=str(ROOT), n=1_500_000, url=normalise_db_url(db_url)))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "BEGIN"
        time.sleep(1.5)  # somewhere inside building or inserting 1.5M rows
        assert proc.poll() is None
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    with reading(migrated) as conn:
        assert conn.execute(select(func.count()).select_from(schema.observations)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(schema.revisions)).scalar() == 0
