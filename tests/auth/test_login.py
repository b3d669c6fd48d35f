"""Login, logout, first-login password change, sessions ending with a password change or disabling,
and throttling kept in the database (two app instances share it)."""
import pytest

from auth_helpers import add_user, csrf_of, login, make_app


def test_login_page_is_chinese_and_self_contained(app):
    resp = app.server.test_client().get("/login")
    assert resp.status_code == 200
    assert "登录" in resp.text and "用户名" in resp.text and "密码" in resp.text
    assert "/assets/auth.css" in resp.text and "http" not in resp.text.split("<body")[0].replace("http-equiv", "")
    assert "<script" not in resp.text


def test_login_success_and_failure_are_audited(app, audit_actions):
    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    bad = login(client, "li", password + "x")
    assert bad.status_code == 401 and "用户名或密码错误" in bad.text
    unknown = login(client, "nobody", password)
    assert unknown.status_code == 401 and "用户名或密码错误" in unknown.text  # same answer: names stay secret
    ok = login(client, "li", password)
    assert ok.status_code == 302 and ok.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    actions = audit_actions()
    assert ("li", "login.failure", "user:li") in actions
    assert ("nobody", "login.failure", "user:nobody") in actions
    assert ("li", "login.success", "user:li") in actions


def test_login_form_needs_csrf_token(app):
    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    client.get("/login")
    resp = client.post("/login", data={"username": "li", "password": password})
    assert resp.status_code == 403
    assert client.get("/").status_code == 302  # not logged in


def test_next_is_followed_but_never_off_site(app):
    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    for target, expected in (("/data?x=1", "/data?x=1"), ("//evil.example/", "/"), ("https://evil.example", "/")):
        page = client.get("/login")
        resp = client.post("/login", data={"username": "li", "password": password, "next": target,
                                           "csrf_token": csrf_of(page.text)})
        assert resp.headers["Location"] == expected
        client.post("/logout", data={"csrf_token": csrf_of(client.get("/logout").text)})


def test_logout_is_a_post(app, audit_actions):
    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    login(client, "li", password)
    confirm = client.get("/logout")
    assert confirm.status_code == 200 and client.get("/").status_code == 200  # GET only asks
    resp = client.post("/logout", data={"csrf_token": csrf_of(confirm.text)})
    assert resp.status_code == 302 and resp.headers["Location"] == "/login"
    assert client.get("/").status_code == 302
    assert ("li", "logout", "") in audit_actions()


def test_initial_password_must_be_changed_first(app, audit_actions):
    initial = add_user(app, "wang", ["uploader"], must_change=True)
    client = app.server.test_client()
    assert login(client, "wang", initial).headers["Location"] == "/account/password"
    assert client.get("/").headers["Location"] == "/account/password"
    assert client.get("/admin").headers["Location"] == "/account/password"
    assert client.post("/_dash-update-component", json={"output": "x.children", "outputs": {}, "inputs": []}
                       ).status_code == 403
    page = client.get("/account/password")
    assert "首次登录须修改初始密码" in page.text
    short = client.post("/account/password", data={"current": initial, "new": "short", "again": "short",
                                                   "csrf_token": csrf_of(page.text)})
    assert short.status_code == 400 and "至少需要 10 个字符" in short.text
    new = initial[::-1] + "-new"
    done = client.post("/account/password", data={"current": initial, "new": new, "again": new,
                                                  "csrf_token": csrf_of(page.text)})
    assert done.status_code == 200 and "密码已修改" in done.text
    assert client.get("/").status_code == 200  # this session carries on
    assert ("wang", "password.change", "user:wang") in audit_actions()
    fresh = app.server.test_client()
    assert login(fresh, "wang", initial).status_code == 401
    assert login(fresh, "wang", new).headers["Location"] == "/"


def test_password_change_ends_other_sessions(app):
    password = add_user(app, "li", ["viewer"])
    first, second = app.server.test_client(), app.server.test_client()
    login(first, "li", password)
    login(second, "li", password)
    page = second.get("/account/password")
    new = password + "-changed"
    second.post("/account/password", data={"current": password, "new": new, "again": new,
                                           "csrf_token": csrf_of(page.text)})
    assert second.get("/").status_code == 200
    assert first.get("/").status_code == 302  # the old session's stamp no longer matches


def test_disabled_account_is_locked_out_at_once(app):
    from server.auth import users
    from server.context import EXT

    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    login(client, "li", password)
    with app.server.extensions[EXT].engine.begin() as conn:
        users.set_active(conn, "li", False, actor="test")
    assert client.get("/").status_code == 302
    resp = login(app.server.test_client(), "li", password)
    assert resp.status_code == 401 and "已停用" in resp.text


def test_throttling_is_shared_across_app_instances(auth_settings, audit_actions):
    """Two apps (two gunicorn workers) on one database: the 6th attempt is refused even with the right password."""
    first, second = make_app(auth_settings), make_app(auth_settings)
    password = add_user(first, "li", ["viewer"])
    clients = [first.server.test_client(), second.server.test_client()]
    for i in range(5):
        assert login(clients[i % 2], "li", "wrong-password-%d" % i).status_code == 401
    for client in clients:
        resp = login(client, "li", password)
        assert resp.status_code == 429 and "登录失败次数过多" in resp.text
        assert client.get("/").status_code == 302
    # Another address is not locked out by these failures.
    assert login(first.server.test_client(), "li", password, ip="10.0.0.9").status_code == 302
    assert ("li", "login.blocked", "user:li") in audit_actions()


def test_success_resets_the_count(app):
    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    for _ in range(4):
        login(client, "li", "nope-nope-nope")
    assert login(client, "li", password).status_code == 302
    client = app.server.test_client()
    for _ in range(4):
        login(client, "li", "nope-nope-nope")
    assert login(client, "li", password).status_code == 302


def test_lock_expires_after_the_window(app):
    from datetime import timedelta

    from sqlalchemy import insert

    from data import schema, store
    from server.context import EXT

    password = add_user(app, "li", ["viewer"])
    old = store.now() - timedelta(minutes=16)
    with app.server.extensions[EXT].engine.begin() as conn:
        conn.execute(insert(schema.login_attempts), [
            {"username": "li", "ip": "127.0.0.1", "at": old, "success": False} for _ in range(5)])
    assert login(app.server.test_client(), "li", password).status_code == 302


@pytest.mark.parametrize("path", ["/account", "/account/password"])
def test_account_pages_need_login(app, path):
    assert app.server.test_client().get(path).headers["Location"].startswith("/login")


def test_login_sets_the_form_token_at_once(app):
    """Created later, concurrent callback responses could overwrite it (each re-sends the cookie session)."""
    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    login(client, "li", password)
    with client.session_transaction() as sess:
        assert sess.get("_csrf")
