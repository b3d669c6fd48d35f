"""Issue 11, findings 7 and 8: workers survive the database, and a SQLite file moved away and back is
recovered (never replaced by an empty one)."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import requests

from app import create_app
from gunicorn_server import Gunicorn

PG_BIN, PG_DATA = os.environ.get("TEST_PG_BIN", ""), os.environ.get("TEST_PG_DATA", "")


def _move(db: Path, to: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(db) + suffix)
        if src.exists():
            src.rename(Path(str(to) + suffix))


def test_sqlite_file_moved_away_and_back_is_never_recreated_empty(settings_for, tmp_path):
    settings = settings_for()
    app = create_app(settings)
    client = app.server.test_client()
    db = settings.instance_path / "dashboard.sqlite"
    assert client.get("/ready").status_code == 200
    engine = app.server.extensions["county_dashboard"].engine
    aside = tmp_path / "aside.sqlite"
    _move(db, aside)
    engine.dispose()  # connections opened from now on (a restarted worker, a recycled pool)
    for _ in range(3):
        r = client.get("/ready")
        assert r.status_code == 503 and r.get_json()["database"] == "unreachable"
    assert not db.exists()  # no empty database was created in its place
    _move(aside, db)
    r = client.get("/ready")
    assert r.status_code == 200 and r.get_json()["status"] == "ok"


def test_a_failing_sqlite_connection_is_discarded(settings_for, tmp_path):
    settings = settings_for()
    app = create_app(settings)
    client = app.server.test_client()
    engine = app.server.extensions["county_dashboard"].engine
    db = settings.instance_path / "dashboard.sqlite"
    assert client.get("/ready").status_code == 200
    aside = tmp_path / "aside.sqlite"
    _move(db, aside)
    db.write_bytes(b"")  # something else took its place: an empty file
    engine.dispose()
    assert client.get("/ready").status_code == 503
    db.unlink()
    _move(aside, db)
    assert client.get("/ready").status_code == 200  # the connection bound to the empty file was dropped


def test_create_app_for_a_worker_never_touches_an_unreachable_database(settings_for):
    app = create_app(settings_for("postgresql://nobody@127.0.0.1:9/none"), bootstrap=False)
    client = app.server.test_client()
    assert client.get("/health").status_code == 200
    assert client.get("/ready").status_code == 503
    r = client.get("/api/v1/observations?region=130534", headers={"Accept": "application/json"})
    assert r.status_code in (401, 503) and "Traceback" not in r.get_data(as_text=True)


def _restart_workers(server: Gunicorn, timeout: float = 90) -> set[int]:
    old = server.worker_pids()
    for pid in old:
        os.kill(pid, signal.SIGKILL)
    deadline = time.time() + timeout
    while time.time() < deadline:
        now = server.worker_pids()
        if len(now) == server.workers and not (now & old):
            return now
        assert server.proc.poll() is None, (server.instance / "gunicorn.log").read_text()[-3000:]
        time.sleep(0.3)
    raise AssertionError("workers were not replaced:\n" + (server.instance / "gunicorn.log").read_text()[-3000:])


def _wait_ready(server: Gunicorn, want: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = requests.get(server.url + "/ready", timeout=30, headers={"Connection": "close"})
        if last.status_code == want:
            return
        time.sleep(0.3)
    raise AssertionError(f"/ready stayed {last.status_code if last is not None else None}")


def test_workers_restarted_while_the_sqlite_file_is_gone_serve_503_then_recover(tmp_path):
    server = Gunicorn(tmp_path, workers=2)
    server.cli("init-db")
    server.add_user("leader", "viewer")
    server.start()
    db = tmp_path / "dashboard.sqlite"
    try:
        _move(db, tmp_path / "aside.sqlite")
        _restart_workers(server)  # each new worker boots with the database gone
        for _ in range(6):
            r = requests.get(server.url + "/api/v1/observations?region=130534&period=2023",
                             headers={**server.auth("leader"), "Connection": "close"}, timeout=30)
            assert r.status_code == 503 and "数据库" in r.json()["error"]
        assert server.proc.poll() is None and len(server.worker_pids()) == 2  # no worker lost, master alive
        assert not db.exists()
        _move(tmp_path / "aside.sqlite", db)
        _wait_ready(server, 200)
        r = requests.get(server.url + "/api/v1/observations?region=130534&period=2023",
                         headers=server.auth("leader"), timeout=30)
        assert r.status_code == 200 and r.json()["items"]  # the same database, with its users and data
    finally:
        server.stop()


def _pg_ctl(*args: str) -> None:
    subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c",
                    f"{PG_BIN}/pg_ctl -D {PG_DATA} -l {PG_DATA}/restart.log {' '.join(args)}"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)


@pytest.mark.serial
@pytest.mark.postgres
def test_workers_restarted_during_a_postgresql_outage_keep_gunicorn_up(tmp_path, pg_url):
    if not (PG_BIN and PG_DATA):
        pytest.skip("TEST_PG_BIN/TEST_PG_DATA not set: run ./scripts/test.sh, which starts PostgreSQL")
    server = Gunicorn(tmp_path, workers=2, env={"DATABASE_URL": pg_url})
    server.cli("init-db")
    server.add_user("leader", "viewer")
    server.start()
    port = pg_url.rsplit(":", 1)[1].split("/")[0]
    try:
        _pg_ctl("-m fast", "-w", "stop")
        try:
            _restart_workers(server)
            r = requests.get(server.url + "/ready", timeout=30)
            assert r.status_code == 503
            r = requests.get(server.url + "/api/v1/observations?region=130534", headers=server.auth("leader"),
                             timeout=30)
            assert r.status_code == 503 and "数据库" in r.json()["error"]
            assert server.proc.poll() is None and len(server.worker_pids()) == 2
        finally:
            _pg_ctl("-w", "start", f"-o \"-h 127.0.0.1 -p {port} -k {PG_DATA} -c fsync=off\"")
        _wait_ready(server, 200)
    finally:
        server.stop()
