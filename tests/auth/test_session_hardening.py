"""Issue 11 findings 4, 11 and 14: one must-change-password gate for pages, callbacks and the API (tokens
too); logout, disable and password changes end every copy of a session; tokens end on a password reset
unless the user keeps them; the login throttle limits one address across user names."""
from __future__ import annotations
from typing import TYPE_CHECKING

import pytest

from server.auth import throttle, tokens, users
from server.context import EXT

from auth_helpers import add_user, csrf_of, login

if TYPE_CHECKING:
    from dash import Dash
    from flask.testing import FlaskClient


def _engine(app):
    return app.server.extensions[EXT].engine


def _copy_cookies(src: FlaskClient, dst: FlaskClient) -> None:
    """A stolen cookie: the same session cookie on another client (another browser, another address)."""
    for cookie in src._cookies.values():
        dst.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


# ---- finding 4: an initial password can do nothing but change it ---------------------------------

def test_initial_password_cannot_publish_or_read_over_the_api(app):
    initial = add_user(app, "wang", ["viewer", "approver"], must_change=True)
    client = app.server.test_client()
    assert login(client, "wang", initial).headers["Location"] == "/account/password"
    for method, path in (("post", "/api/v1/revisions/1/publish"), ("get", "/api/v1/revisions"),
                         ("get", "/api/v1/indicators"), ("get", "/api/v1/observations")):
        resp = getattr(client, method)(path, json={} if method == "post" else None)
        assert resp.status_code == 403, (path, resp.status_code)
        assert resp.json["message_zh"].startswith("该账号仍在使用初始密码"), path
        assert "initial password" in resp.json["message_en"]
    # A download link in the browser goes to the password form like every page.
    assert client.get("/export/ranking.xlsx").headers["Location"] == "/account/password"


def test_initial_password_token_is_refused_until_changed(app):
    initial = add_user(app, "wang", ["viewer"], must_change=True)
    with _engine(app).begin() as conn:
        _, token = tokens.create(conn, "wang", "bot", actor="admin")
    client = app.server.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    resp = client.get("/api/v1/indicators", headers=headers)
    assert resp.status_code == 403 and "初始密码" in resp.json["message_zh"]
    with _engine(app).begin() as conn:
        users.set_password(conn, "wang", initial + "-own-choice", actor="wang", must_change_password=False,
                           keep_tokens=True)
    assert client.get("/api/v1/indicators", headers=headers).status_code == 200


# ---- finding 11: logout ends the session, every copy of it ---------------------------------------

def test_logout_ends_a_copied_cookie(app):
    password = add_user(app, "li", ["viewer"])
    browser, thief = app.server.test_client(), app.server.test_client()
    login(browser, "li", password)
    _copy_cookies(browser, thief)
    assert thief.get("/", environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 200  # the copy works...
    browser.post("/logout", data={"csrf_token": csrf_of(browser.get("/logout").text)})
    assert thief.get("/", environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 302  # ...until logout
    assert thief.get("/api/v1/revisions").status_code == 401
    # Logging in again works, with a new session.
    assert login(browser, "li", password).status_code == 302 and browser.get("/").status_code == 200


def test_disable_ends_sessions_and_enable_does_not_revive_them(app):
    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    login(client, "li", password)
    with _engine(app).begin() as conn:
        users.set_active(conn, "li", False, actor="admin")
        users.set_active(conn, "li", True, actor="admin")
    assert client.get("/").status_code == 302


def test_admin_can_end_every_session(app):
    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    login(client, "li", password)
    with _engine(app).begin() as conn:
        users.end_sessions(conn, "li", actor="admin")
    assert client.get("/").status_code == 302


# ---- tokens on a password reset -------------------------------------------------------------------

def _token_works(app: Dash, token: str) -> bool:
    return app.server.test_client().get("/api/v1/indicators",
                                        headers={"Authorization": f"Bearer {token}"}).status_code == 200


@pytest.mark.parametrize("keep,works", [(False, False), (True, True)])
def test_own_password_change_ends_tokens_unless_kept(app, keep, works):
    password = add_user(app, "li", ["viewer"])
    with _engine(app).begin() as conn:
        _, token = tokens.create(conn, "li", "bot", actor="li")
    assert _token_works(app, token)
    client = app.server.test_client()
    login(client, "li", password)
    page = client.get("/account/password")
    form = {"current": password, "new": password + "-2", "again": password + "-2", "csrf_token": csrf_of(page.text)}
    if keep:
        form["keep_tokens"] = "1"
    assert client.post("/account/password", data=form).status_code == 200
    assert _token_works(app, token) is works


def test_admin_reset_always_ends_tokens(app):
    add_user(app, "li", ["viewer"])
    with _engine(app).begin() as conn:
        _, token = tokens.create(conn, "li", "bot", actor="li")
        revoked = users.set_password(conn, "li", "admin-chosen-123", actor="admin", must_change_password=True,
                                     keep_tokens=True)
    assert revoked == 1 and not _token_works(app, token)


# ---- finding 14: password spraying ----------------------------------------------------------------

def test_spraying_from_one_address_is_limited_across_names(app, audit_actions):
    password = add_user(app, "victim", ["viewer"])
    for i in range(throttle.MAX_IP_FAILURES):
        resp = login(app.server.test_client(), f"user{i:02d}", "Spring2026!", ip="10.1.1.1")
        assert resp.status_code == 401, i  # each name tried once: never the per-user limit
    blocked = login(app.server.test_client(), "victim", password, ip="10.1.1.1")
    assert blocked.status_code == 429 and "网络地址" in blocked.text
    assert ("victim", "login.blocked", "user:victim") in audit_actions()
    # Another address is not affected.
    assert login(app.server.test_client(), "victim", password, ip="10.1.1.2").status_code == 302


def test_per_ip_limit_in_the_store(migrated):
    with migrated.begin() as conn:
        for i in range(throttle.MAX_IP_FAILURES - 1):
            throttle.record(conn, f"n{i}", "10.0.0.7", False)
        assert throttle.locked_reason(conn, "someone", "10.0.0.7") is None
        throttle.record(conn, "someone", "10.0.0.7", True)  # a success does not reset the address's count
        throttle.record(conn, "n99", "10.0.0.7", False)
        assert throttle.locked_reason(conn, "someone", "10.0.0.7") == throttle.IP
        assert throttle.locked_reason(conn, "someone", "10.0.0.8") is None
