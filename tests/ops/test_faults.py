"""Faults survived: PostgreSQL restarted under load; a worker killed with -9 in the middle of an import."""
import os
import subprocess
import threading
import time

import pytest
import requests

from gunicorn_server import Gunicorn

HNTE = "/api/v1/observations?region=130534&indicator=HNTE&period=2023"
PG_BIN, PG_DATA = os.environ.get("TEST_PG_BIN", ""), os.environ.get("TEST_PG_DATA", "")


def _pg_ctl(*args: str) -> None:
    # -l: the restarted server must not inherit our pipes, or this call would wait for it to exit.
    subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c",
                    f"{PG_BIN}/pg_ctl -D {PG_DATA} -l {PG_DATA}/restart.log {' '.join(args)}"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


@pytest.mark.serial
@pytest.mark.postgres
def test_postgresql_restart_under_load_fails_cleanly_and_recovers(tmp_path, pg_url):
    if not (PG_BIN and PG_DATA):
        pytest.skip("TEST_PG_BIN/TEST_PG_DATA not set: run ./scripts/test.sh, which starts PostgreSQL")
    server = Gunicorn(tmp_path, workers=2, env={"DATABASE_URL": pg_url})
    server.cli("init-db")
    server.add_user("leader", "viewer")
    server.start()
    results: list[tuple[float, int, str, str]] = []
    stop = threading.Event()

    def viewer():
        with requests.Session() as http:
            while not stop.is_set():
                try:
                    r = http.get(server.url + HNTE, headers=server.auth("leader"), timeout=30)
                    results.append((time.time(), r.status_code, r.headers.get("Content-Type", ""), r.text[:300]))
                except requests.RequestException as exc:  # the server itself must never drop a request
                    results.append((time.time(), -1, "", repr(exc)))
                time.sleep(0.05)

    threads = [threading.Thread(target=viewer) for _ in range(4)]
    try:
        for t in threads:
            t.start()
        time.sleep(2)
        restarted_at = time.time()
        _pg_ctl("-m fast", "-w", "restart", f"-o \"-h 127.0.0.1 -p {pg_url.rsplit(':', 1)[1].split('/')[0]} "
                f"-k {PG_DATA} -c fsync=off\"")
        back_at = time.time()
        time.sleep(4)
    finally:
        stop.set()
        for t in threads:
            t.join(60)
        server.stop()
    statuses = {s for _, s, _, _ in results}
    assert statuses <= {200, 503}, [r for r in results if r[1] not in (200, 503)][:3]
    for _, status, ctype, body in results:
        if status == 503:  # a clear message, as JSON, never a traceback
            assert ctype.startswith("application/json") and "数据库" in body and "Traceback" not in body
    # It recovers by itself: every request made two seconds after the server is back succeeds.
    late = [s for at, s, _, _ in results if at > back_at + 2]
    assert late and set(late) == {200}
    assert any(at < restarted_at for at, _, _, _ in results)


def _cpu_ticks(pid: int) -> int:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _big_csv(server) -> bytes:
    """~180k new figures (1980–2014) for every Hebei region: several seconds of work, one revision."""
    import csv
    import io

    from data.catalogue import load_indicators, load_regions

    r = requests.get(server.url + "/api/v1/observations?period=2019&limit=10000", headers=server.auth("staff"))
    scale = {(o["indicator"], o["region"]): o["value"] for o in r.json()["items"] if o["value"]}
    inds = load_indicators().query("formula.isna()", engine="python")
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"])
    for reg in load_regions().itertuples():
        for ind in inds.itertuples():
            base = scale.get((ind.code, reg.code), 100.0)
            if isinstance(ind.parent, str):   # a 其中 item never above its whole (validate's part_above_whole, bw10)
                base = min(base, scale.get((ind.parent, reg.code), 100.0))
            for year in range(1980, 2015):
                w.writerow([reg.code, reg.name, ind.code, ind.name_zh, str(year), "否",
                            round(base * (0.3 + (year - 1980) / 60), 0), ind.unit, "正式", "历史数据补录"])
    return out.getvalue().encode("utf-8")


def test_worker_killed_during_a_publish_leaves_no_partial_revision(tmp_path):
    import sqlite3

    server = Gunicorn(tmp_path, workers=2, env={"MAX_UPLOAD_MB": "60"})
    server.cli("init-db")
    server.add_user("staff", "uploader")
    server.start()
    db = tmp_path / "dashboard.sqlite"
    try:
        payload = _big_csv(server)
        with sqlite3.connect(db) as conn:
            before = conn.execute("SELECT count(*), (SELECT count(*) FROM revisions) FROM observations").fetchone()
        pids = server.worker_pids()
        ticks = {p: _cpu_ticks(p) for p in pids}
        result: dict = {}

        def upload():
            try:
                result["response"] = requests.post(server.url + "/api/v1/imports", headers=server.auth("staff"),
                                                   files={"file": ("history.csv", payload)}, timeout=300)
            except requests.RequestException as exc:
                result["error"] = exc

        thread = threading.Thread(target=upload)
        thread.start()
        # Wait until the import holds the write lock: its transaction is open and rows are going in.
        probe = sqlite3.connect(db, timeout=0, isolation_level=None)
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                time.sleep(0.01)
            except sqlite3.OperationalError:  # "database is locked": the writer is mid-transaction
                break
        else:
            pytest.fail("the import never started writing")
        busy = max(pids, key=lambda p: _cpu_ticks(p) - ticks[p])
        os.kill(busy, 9)
        thread.join(120)
        probe.close()
        assert "error" in result or result["response"].status_code >= 500  # the client saw the failure
        # The other worker keeps serving, and the master replaces the killed one.
        for _ in range(10):
            assert requests.get(server.url + HNTE, headers=server.auth("staff"), timeout=30).status_code == 200
        with sqlite3.connect(db) as conn:
            after = conn.execute("SELECT count(*), (SELECT count(*) FROM revisions) FROM observations").fetchone()
        assert after == before  # no partial revision, no stray rows
        deadline = time.time() + 30
        while len(server.worker_pids()) < 2 and time.time() < deadline:
            time.sleep(0.2)
        assert len(server.worker_pids()) == 2 and busy not in server.worker_pids()
    finally:
        server.stop()
