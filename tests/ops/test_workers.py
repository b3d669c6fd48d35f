"""Two gunicorn workers: a publish through one is seen at once through the other; no per-process state."""
import re

import pytest
import requests

from gunicorn_server import Gunicorn, get_from_every_worker
from ops_workbooks import hnte_correction

HNTE = "/api/v1/observations?region=130534&indicator=HNTE&period=2023"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request, tmp_path_factory):
    env = {}
    if request.param == "postgresql":
        env["DATABASE_URL"] = request.getfixturevalue("pg_url_module")
    srv = Gunicorn(tmp_path_factory.mktemp("gunicorn"), workers=2, env=env)
    srv.cli("init-db")
    srv.add_user("staff", "uploader")
    srv.add_user("boss", "approver")
    srv.add_user("leader", "viewer")
    srv.start()
    yield srv
    srv.stop()


def upload(server, value: float, submit: bool = True) -> tuple[int, int]:
    r = requests.post(server.url + "/api/v1/imports" + ("" if submit else "?submit=0"), headers=server.auth("staff"),
                      files={"file": ("hnte.xlsx", hnte_correction(value))}, timeout=60)
    assert r.status_code == 200, r.text
    return r.json()["revision"], int(r.headers["X-Worker-Pid"])


def test_publish_through_one_worker_is_seen_at_once_through_the_other(server):
    before = get_from_every_worker(server, HNTE, server.auth("leader"))
    assert {b["items"][0]["value"] for bodies in before.values() for b in bodies} == {69}
    rev, _ = upload(server, 71)
    r = requests.post(f"{server.url}/api/v1/revisions/{rev}/publish", headers=server.auth("boss"), timeout=60)
    assert r.status_code == 200, r.text
    after = get_from_every_worker(server, HNTE, server.auth("leader"))
    values = {pid: {b["items"][0]["value"] for b in bodies} for pid, bodies in after.items()}
    assert all(v == {71} for v in values.values()), values  # no worker serves the old figure
    versions = {b["data_version"] for bodies in after.values() for b in bodies}
    assert versions == {r.json()["data_version"]}


def test_staged_upload_made_on_one_worker_is_submitted_through_any(server):
    rev, _ = upload(server, 72, submit=False)
    seen = set()
    for _ in range(3):
        r = requests.get(f"{server.url}/api/v1/revisions?status=draft", headers={**server.auth("staff"),
                                                                                "Connection": "close"})
        seen.add(int(r.headers["X-Worker-Pid"]))
        assert rev in [x["id"] for x in r.json()["items"]]
    r = requests.post(f"{server.url}/api/v1/revisions/{rev}/submit", headers=server.auth("staff"), timeout=60)
    assert r.status_code == 200 and r.json()["revision"]["status"] == "submitted"


def _login(http: requests.Session, server, user: str, password: str) -> requests.Response:
    page = http.get(server.url + "/login", headers={"Connection": "close"})
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    return http.post(server.url + "/login", data={"username": user, "password": password, "csrf_token": token},
                     allow_redirects=False, headers={"Connection": "close"})


def test_sessions_and_login_throttling_hold_across_workers(server):
    with requests.Session() as http:
        assert _login(http, server, "leader", server.passwords["leader"]).status_code == 302
        pids = set()
        for _ in range(30):  # the signed session cookie works on whichever worker answers
            r = http.get(server.url + HNTE, headers={"Connection": "close"})
            assert r.status_code == 200
            pids.add(int(r.headers["X-Worker-Pid"]))
    failures = set()
    for _ in range(5):
        with requests.Session() as http:
            r = _login(http, server, "boss", "wrong-password")
            assert r.status_code == 401
            failures.add(int(r.headers["X-Worker-Pid"]))
    with requests.Session() as http:  # the 6th attempt is refused, even with the right password
        assert _login(http, server, "boss", server.passwords["boss"]).status_code == 429
