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
