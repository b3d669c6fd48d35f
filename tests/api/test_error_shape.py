"""One error shape, in the style of datasette's test_error_shape: every producer of a JSON error answers
{"error", "message_zh", "message_en", "status"} with status equal to the HTTP status; a 401 challenges with
WWW-Authenticate; a missing object is 404."""
from __future__ import annotations
from typing import TYPE_CHECKING

import re

import pytest

from tests.api.apps import login_session

if TYPE_CHECKING:
    from flask import Flask

CJK = re.compile(r"[\u4e00-\u9fff]")
SHAPE = {"error", "message_zh", "message_en", "status"}


@pytest.fixture(scope="module")
def tokens(api):
    import secrets

    from server.auth import tokens as tk
    from server.auth import users

    out = {"viewer": api.token}
    with api.engine().begin() as conn:
        for role in ("uploader", "approver"):
            users.create(conn, f"shape-{role}", secrets.token_urlsafe(16), [role], actor="test",
                         must_change_password=False)
            out[role] = tk.create(conn, f"shape-{role}", "tests", actor="test")[1]
    return out


@pytest.fixture(scope="module")
def session(api):
    return login_session(api, "shape-session")


# (who, method, path, expected status): who is None (anonymous), a role's API token, or "session" (signed in
# through the login form, no CSRF token).
PRODUCERS = [
    (None, "GET", "/api/v1/observations", 401),                      # the guard: anonymous API call
    (None, "POST", "/api/v1/imports", 401),                          # the guard on a mutating route
    ("viewer", "GET", "/api/v1/no-such-thing", 404),                 # unknown API path
    ("viewer", "GET", "/api/v1/regions/999999", 404),                # unknown code
    ("viewer", "GET", "/api/v1/indicators/NO_SUCH", 404),
    ("viewer", "GET", "/api/v1/provenance?indicator=RD_EXP&region=130534&period=2025Q3", 404),  # 累计 only: ytd=1
    ("viewer", "GET", "/api/v1/provenance?indicator=RD_INTENSITY&region=130534&period=2025", 404),  # computed
    ("viewer", "GET", "/api/v1/observations?limit=abc", 400),        # a parameter that is not a number
    ("viewer", "GET", "/api/v1/observations?period=2023X", 400),
    ("viewer", "POST", "/api/v1/revisions/1/publish", 403),          # the role guard
    ("approver", "POST", "/api/v1/revisions/999999/publish", 404),   # publishing a revision that does not exist
    ("approver", "POST", "/api/v1/revisions/abc/publish", 404),      # a malformed revision id
    ("approver", "POST", "/api/v1/revisions/999999/rollback", 404),
    ("approver", "POST", "/api/v1/revisions/999999/reject", 404),
    ("uploader", "POST", "/api/v1/revisions/999999/submit", 404),
    ("uploader", "POST", "/api/v1/revisions/999999/cancel", 404),   # withdrawing a batch that does not exist
    ("uploader", "POST", "/api/v1/revisions/1/cancel", 403),        # someone else's (the demo's) batch
    ("uploader", "POST", "/api/v1/imports", 400),                    # no file in the request
    ("session", "GET", "/download/template/nope.xlsx", 404),         # unknown template
    ("session", "GET", "/export/chart.gif?indicator=RD_EXP", 404),   # unknown chart format
    ("session", "GET", "/export/chart.png", 400),                    # indicator missing
    ("session", "GET", "/export/table.csv?region=999999", 400),      # unknown region code
    ("session", "POST", "/api/v1/revisions/1/publish", 403),         # CSRF token missing
]


@pytest.mark.parametrize("who, method, path, status", PRODUCERS, ids=[f"{m} {p}" for _, m, p, _ in PRODUCERS])
def test_every_json_error_has_the_one_shape(api, tokens, session, who, method, path, status):
    if who == "session":
        client = session
    else:
        client = api.server.test_client()
        if who:
            client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens[who]}"
    body = {"comment": "error-shape test"} if method == "POST" else None
    resp = client.open(path, method=method, headers={"Accept": "application/json"}, json=body)
    body = resp.get_json(silent=True)
    assert resp.status_code == status, (resp.status_code, resp.get_data(as_text=True)[:300])
    assert body is not None and SHAPE <= set(body), body
    assert body["status"] == status
    assert CJK.search(body["message_zh"]) and body["message_en"] and not CJK.search(body["message_en"]), body
    assert body["error"] == body["message_zh"]
    assert ("WWW-Authenticate" in resp.headers) == (status == 401)


def test_english_error_follows_the_language(api):
    body = api.client().get("/api/v1/regions/999999?lang=en").get_json()
    assert body["error"] == body["message_en"] == "No such code: 999999"


# A value for each URL converter, so that every /api/ rule can be asked for by a concrete path.
_SAMPLE = {"default": "1", "string": "1", "int": "1", "path": "a/b", "any": None}


def _api_paths(server: Flask) -> dict[str, set[str]]:
    """Every concrete /api/ path of the URL map with the methods its rules take (the catch-all left out)."""
    import re as _re

    paths: dict[str, set[str]] = {}
    for rule in server.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint == "api_docs.api_not_found":
            continue
        path = _re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>", lambda m: _SAMPLE[m.group(1) or "default"], rule.rule)
        paths.setdefault(path, set()).update(rule.methods)
    return paths


def test_a_wrong_method_on_every_api_route_is_405_with_allow(api, tokens):
    """Every /api/ route asked with a method it does not take answers 405, Allow naming exactly the methods it
    takes, in the one error shape (zh by default, en with ?lang=en), never the catch-all's 404."""
    client = api.server.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens['approver']}"
    paths = _api_paths(api.server)
    assert len(paths) >= 20 and "/api/v1/observations" in paths and "/api/v1/revisions/1/publish" in paths
    asked = 0
    for path, methods in sorted(paths.items()):
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            if method in methods:
                continue
            for lang in ("zh", "en"):
                resp = client.open(path + ("?lang=en" if lang == "en" else ""), method=method, json={})
                body = resp.get_json(silent=True)
                assert resp.status_code == 405, (method, path, resp.status_code, body)
                assert set(resp.headers["Allow"].split(", ")) == methods, (method, path, resp.headers["Allow"])
                assert body is not None and SHAPE <= set(body) and body["status"] == 405, body
                assert body["message_zh"] == "不支持该请求方法" and body["message_en"] == "Method Not Allowed"
                assert body["error"] == (body["message_en"] if lang == "en" else body["message_zh"])
                asked += 1
    assert asked > 100


def test_an_unknown_api_path_stays_404_for_every_method(api, tokens):
    client = api.server.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens['approver']}"
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        resp = client.open("/api/v1/no-such-thing", method=method)
        assert resp.status_code == 404 and "Allow" not in resp.headers, (method, resp.status_code)
        assert resp.get_json()["status"] == 404
