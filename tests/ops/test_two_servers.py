"""Issue 18 §4: two application servers (each `python app.py serve`, own instance folder and port) share
PostgreSQL and Redis; a publish through one is served by the other within 5 s, warmed by its watcher."""
from __future__ import annotations

import json
import os
import time

import pytest
import requests

from gunicorn_server import Gunicorn
from ops_workbooks import hnte_correction

pytestmark = pytest.mark.postgres

HNTE = "/api/v1/observations?region=130534&indicator=HNTE&period=2023"


@pytest.fixture(scope="module")
def servers(pg_url_module, tmp_path_factory):
    redis_url = os.environ.get("TEST_REDIS_URL", "")
    if not redis_url:
        pytest.skip("TEST_REDIS_URL is not set: run ./scripts/test.sh to start Redis")
    env = {"DATABASE_URL": pg_url_module, "REDIS_URL": redis_url}
    a = Gunicorn(tmp_path_factory.mktemp("server-a"), workers=1, env=env)
    b = Gunicorn(tmp_path_factory.mktemp("server-b"), workers=1, env=env)
    a.cli("init-db")
    for name, role in [("staff", "uploader"), ("boss", "approver"), ("leader", "viewer")]:
        a.add_user(name, role)
    b.tokens = a.tokens  # one database: the accounts and tokens are the same on both servers
    a.start()
    b.start()
    yield a, b
    a.stop()
    b.stop()


def _warmed(server: Gunicorn) -> list[int]:
    """Data versions the server's watcher (or a request) built and warmed, from its JSON log lines."""
    out = []
    for line in (server.instance / "gunicorn.log").read_text(errors="replace").splitlines():
        if line.startswith("{") and '"event": "warm"' in line:
            out.append(json.loads(line)["version"])
    return out


def test_a_publish_through_one_server_is_served_by_the_other_within_5_s(servers):
    a, b = servers
    before = requests.get(b.url + HNTE, headers=b.auth("leader"), timeout=60)
    assert before.json()["items"][0]["value"] == 69
    up = requests.post(a.url + "/api/v1/imports", headers=a.auth("staff"), timeout=60,
                       files={"file": ("hnte.xlsx", hnte_correction(71))})
    assert up.status_code == 200, up.text
    r = requests.post(f"{a.url}/api/v1/revisions/{up.json()['revision']}/publish", headers=a.auth("boss"), timeout=60)
    assert r.status_code == 200, r.text
    published, version = time.monotonic(), r.json()["data_version"]
    assert version in _warmed(a)  # the publishing server built and warmed it before answering

    # The other server serves the new figure within 5 s of the publish ...
    while True:
        after = requests.get(b.url + HNTE, headers=b.auth("leader"), timeout=60).json()
        if after["items"][0]["value"] == 71 or time.monotonic() - published > 5:
            break
        time.sleep(0.2)
    assert after["items"][0]["value"] == 71 and after["data_version"] == version
    assert time.monotonic() - published < 5
    # ... and its own watcher built and warmed that version (nobody has to open a page there first)
    deadline = time.monotonic() + 60
    while version not in _warmed(b) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert version in _warmed(b)
