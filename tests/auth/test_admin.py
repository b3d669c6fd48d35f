"""The admin page's callbacks: only admins may run them, each change writes its audit row, the audit log
filters, and password hashes never leave the server (no page, callback, API or CLI output shows one)."""
import pytest
from sqlalchemy import select

from data import schema
from server.auth import users

from auth_helpers import callback_body, login

USER_ACTION = ("..admin-user-result.children...admin-refresh.data..")


def change_user(app, trigger, **state):
    values = {"admin-new-username.value": None, "admin-new-display.value": None, "admin-new-roles.value": None,
              "admin-user-select.value": None, "admin-user-roles.value": None, "admin-refresh.data": 0,
              "admin-lang.data": "zh"}
    values.update({f"admin-{k.replace('_', '-')}.value": v for k, v in state.items()})
    inputs = {f"{b}.n_clicks": (1 if b == trigger else None) for b in (
        "admin-new-submit", "admin-user-save-roles", "admin-user-reset", "admin-user-disable", "admin-user-enable")}
    body = callback_body(app, USER_ACTION, inputs, values)
    body["changedPropIds"] = [f"{trigger}.n_clicks"]
    return body


def token_action(app, trigger, **state):
    values = {"admin-token-user.value": None, "admin-token-name.value": None, "admin-token-id.value": None,
              "admin-refresh.data": 0, "admin-lang.data": "zh"}
    values.update({f"admin-token-{k}.value": v for k, v in state.items()})
    key = next(k for k in app.callback_map if k.startswith("..admin-token-result.children"))
    body = callback_body(app, key, {"admin-token-create.n_clicks": 1 if trigger == "create" else None,
                                    "admin-token-revoke.n_clicks": 1 if trigger == "revoke" else None}, values)
    body["outputs"] = [{"id": "admin-token-result", "property": "children"},
                       {"id": "admin-refresh", "property": "data"}]
    body["changedPropIds"] = [f"admin-token-{trigger}.n_clicks"]
    return body


def user_row(app, name):
    from server.context import EXT

    with app.server.extensions[EXT].engine.connect() as conn:
        return users.get_by_username(conn, name)


def test_only_admins_add_users(app, client_as, audit_actions):
    body = change_user(app, "admin-new-submit", new_username="zhao", new_roles=["uploader"])
    for role in ("viewer", "uploader", "approver"):
        assert client_as(role).post("/_dash-update-component", json=body).status_code == 403
        assert user_row(app, "zhao") is None
    resp = client_as("admin").post("/_dash-update-component", json=body)
    assert resp.status_code == 200
    out = resp.json["response"]["admin-user-result"]["children"]
    assert out["props"]["id"] == "admin-ok"
    initial = out["props"]["children"][1]["props"]["children"]  # shown once, to the admin
    zhao = user_row(app, "zhao")
    assert zhao.roles == ("uploader",) and zhao.must_change_password
    assert ("admin1", "user.create", "user:zhao") in audit_actions()
    fresh = app.server.test_client()
    assert login(fresh, "zhao", initial).headers["Location"] == "/account/password"


def test_admin_changes_roles_resets_and_disables(app, client_as, passwords, audit_actions):
    admin = client_as("admin")
    viewer = client_as("viewer")
    ok = admin.post("/_dash-update-component", json=change_user(
        app, "admin-user-save-roles", user_select="viewer1", user_roles=["viewer", "approver"]))
    assert ok.status_code == 200 and user_row(app, "viewer1").roles == ("viewer", "approver")
    reset = admin.post("/_dash-update-component", json=change_user(app, "admin-user-reset", user_select="uploader1"))
    assert reset.status_code == 200 and user_row(app, "uploader1").must_change_password
    assert login(app.server.test_client(), "uploader1", passwords["uploader"]).status_code == 401
    off = admin.post("/_dash-update-component", json=change_user(app, "admin-user-disable", user_select="viewer1"))
    assert off.status_code == 200 and not user_row(app, "viewer1").active
    assert viewer.get("/").status_code == 302  # the disabled user's session ends
    selfoff = admin.post("/_dash-update-component", json=change_user(app, "admin-user-disable", user_select="admin1"))
    assert selfoff.json["response"]["admin-user-result"]["children"]["props"]["id"] == "admin-error"
    assert user_row(app, "admin1").active
    acts = [a[1:] for a in audit_actions() if a[0] == "admin1"]
    assert ("user.roles", "user:viewer1") in acts and ("user.password_reset", "user:uploader1") in acts
    assert ("user.disable", "user:viewer1") in acts


def test_tokens_from_the_admin_page_and_revocation(app, client_as, audit_actions):
    admin = client_as("admin")
    body = token_action(app, "create", user="viewer1", name="报表脚本")
    assert client_as("approver").post("/_dash-update-component", json=body).status_code == 403
    resp = admin.post("/_dash-update-component", json=body)
    result = resp.json["response"]["admin-token-result"]["children"]["props"]["children"]
    token = result[1]["props"]["children"]
    api = app.server.test_client()
    assert api.get("/account", headers={"Authorization": f"Bearer {token}"}).status_code == 302  # only /api/
    with app.server.test_request_context("/api/x", headers={"Authorization": f"Bearer {token}"}):
        from server.auth import user_from_token
        user = user_from_token(token)
        assert user.username == "viewer1" and user.via_token
    with app.server.extensions["county_dashboard"].engine.connect() as conn:
        token_id = conn.execute(select(schema.api_tokens.c.id)).scalar()
    assert admin.post("/_dash-update-component", json=token_action(app, "revoke", id=token_id)).status_code == 200
    with app.server.test_request_context("/api/x"):
        from server.auth import user_from_token
        assert user_from_token(token) is None
    acts = [a[1] for a in audit_actions()]
    assert "token.create" in acts and "token.revoke" in acts


def test_bearer_tokens_on_the_api(app, client_as):
    calls = []

    @app.server.route("/api/test/me")
    def me():
        from server.auth import current_username, require_role
        require_role()
        return {"user": current_username()}

    @app.server.route("/api/test/approve", methods=["POST"])
    def approve():
        from server.auth import require_role
        require_role("approver")
        calls.append(1)
        return {"ok": True}
    approve._auth_roles = ("approver",)

    account = client_as("viewer")
    page = account.get("/account")
    from auth_helpers import csrf_of
    created = account.post("/account/tokens", data={"name": "mine", "csrf_token": csrf_of(page.text)})
    import re
    token = re.search(r'id="new-token">([^<]+)<', created.text).group(1)
    api = app.server.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    assert api.get("/api/test/me", headers=auth).json == {"user": "viewer1"}
    assert api.post("/api/test/approve", headers=auth, json={}).status_code == 403
    assert calls == []
    token_id = int(re.search(r'/account/tokens/(\d+)/revoke', created.text).group(1))
    account.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf_of(page.text)})
    assert api.get("/api/test/me", headers=auth).status_code == 401
    assert "已撤销" in account.get("/account").text
    assert token not in account.get("/account").text  # shown once only


def test_audit_log_filters(app, client_as):
    admin = client_as("admin")
    login(app.server.test_client(), "viewer1", "wrong-password-x")
    key = next(k for k in app.callback_map if k.startswith("..admin-audit-grid.rowData"))
    def rows(user=None, action=None, dates=None):
        body = callback_body(app, key, {"admin-audit-user.value": user, "admin-audit-action.value": action,
                                        "admin-audit-dates.value": dates, "admin-refresh.data": 0},
                             {"admin-lang.data": "zh"})
        resp = admin.post("/_dash-update-component", json=body)
        assert resp.status_code == 200
        return resp.json["response"]["admin-audit-grid"]["rowData"]
    failures = rows(action="login.failure")
    assert failures and {r["username"] for r in failures} == {"viewer1"} and failures[0]["ip"] == "127.0.0.1"
    assert {r["action"] for r in rows(user="admin1")} >= {"login.success"}
    from datetime import date, timedelta
    today = date.today()
    assert rows(dates=[str(today - timedelta(days=3)), str(today - timedelta(days=2))]) == []
    assert len(rows(dates=[str(today - timedelta(days=1)), str(today + timedelta(days=1))])) >= 2
    assert client_as("approver").post("/_dash-update-component", json=callback_body(
        app, key, {"admin-audit-user.value": None})).status_code == 403


def test_password_hashes_never_leave_the_server(app, client_as, passwords):
    from server.context import EXT

    with app.server.extensions[EXT].engine.connect() as conn:
        hashes = list(conn.execute(select(schema.users.c.password_hash)).scalars())
    admin = client_as("admin")
    seen = [admin.get(p).text for p in ("/", "/account", "/account/password", "/_dash-layout",
                                        "/_dash-dependencies")]
    page = callback_body(app, ".._pages_content.children..._pages_store.data..",
                         {"_pages_location.pathname": "/admin", "_pages_location.search": ""})
    seen.append(admin.post("/_dash-update-component", json=page).text)
    refresh = next(k for k in app.callback_map if k.startswith("..admin-users-table.children"))
    seen.append(admin.post("/_dash-update-component", json=callback_body(
        app, refresh, {"admin-refresh.data": 0}, {"admin-lang.data": "zh"})).text)
    audit = next(k for k in app.callback_map if k.startswith("..admin-audit-grid.rowData"))
    seen.append(admin.post("/_dash-update-component", json=callback_body(
        app, audit, {"admin-audit-user.value": None, "admin-audit-action.value": None,
                     "admin-audit-dates.value": None, "admin-refresh.data": 0}, {"admin-lang.data": "zh"})).text)
    seen.append(admin.post("/_dash-update-component", json=change_user(
        app, "admin-user-reset", user_select="viewer1")).text)
    assert "admin-users-grid" in seen[-3] and "login.success" in seen[-2]
    for text in seen:
        assert "scrypt:" not in text and "pbkdf2:" not in text
        for h in hashes:
            assert h.split("$")[-1] not in text
        for pw in passwords.values():
            assert pw not in text


def test_audit_times_and_days_are_on_the_bureau_clock(app, client_as):
    """The audit log shows China time (UTC+8) and a chosen day is that day in China: 2026-03-01 16:00 UTC is
    2026-03-02 00:00 in 清河, so it belongs to 3月2日, not 3月1日; a last login shows the same way."""
    from datetime import datetime, timezone

    from sqlalchemy import insert, update

    from server.context import EXT

    admin = client_as("admin")
    with app.server.extensions[EXT].engine.begin() as conn:
        for at, target in (((2026, 3, 1, 15, 59, 59), "a"), ((2026, 3, 1, 16, 0, 0), "b"),
                           ((2026, 3, 2, 15, 30, 0), "c"), ((2026, 3, 2, 16, 0, 0), "d")):
            conn.execute(insert(schema.audit_log).values(at=datetime(*at, tzinfo=timezone.utc), username="clock",
                                                         action="clock.test", target=target, detail="{}"))
        conn.execute(update(schema.users).where(schema.users.c.username == "viewer1")
                     .values(last_login_at=datetime(2026, 3, 1, 17, 5, tzinfo=timezone.utc)))
    key = next(k for k in app.callback_map if k.startswith("..admin-audit-grid.rowData"))

    def rows(dates):
        body = callback_body(app, key, {"admin-audit-user.value": "clock", "admin-audit-action.value": None,
                                        "admin-audit-dates.value": dates, "admin-refresh.data": 0},
                             {"admin-lang.data": "zh"})
        resp = admin.post("/_dash-update-component", json=body)
        assert resp.status_code == 200
        return [(r["target"], r["at"]) for r in resp.json["response"]["admin-audit-grid"]["rowData"]]

    assert rows(None) == [("d", "2026-03-03 00:00:00"), ("c", "2026-03-02 23:30:00"),
                          ("b", "2026-03-02 00:00:00"), ("a", "2026-03-01 23:59:59")]
    assert rows(["2026-03-01", "2026-03-01"]) == [("a", "2026-03-01 23:59:59")]
    assert rows(["2026-03-02", "2026-03-02"]) == [("c", "2026-03-02 23:30:00"), ("b", "2026-03-02 00:00:00")]
    assert rows(["2026-03-03", None]) == [("d", "2026-03-03 00:00:00")]
    assert rows([None, "2026-03-01"]) == [("a", "2026-03-01 23:59:59")]
    tables = next(k for k in app.callback_map if k.startswith("..admin-users-table.children"))
    resp = admin.post("/_dash-update-component", json=callback_body(app, tables, {"admin-refresh.data": 0},
                                                                    {"admin-lang.data": "zh"}))
    assert resp.status_code == 200 and "2026-03-02 01:05" in resp.text and "2026-03-01 17:05" not in resp.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_admin_grid_speaks_the_page_language(monkeypatch, lang):
    """Both log grids (audit log, remembered mappings) carry the page language's theme classes (the Chinese
    pager's measure words) and AG Grid texts, like every grid of the product."""
    import json

    from plotly.utils import PlotlyJSONEncoder

    from layouts import admin
    from layouts.components import grid_class, grid_locale

    monkeypatch.setattr(admin, "page_guard", lambda role, lang: None)
    tree = json.loads(json.dumps(admin.layout(lang=lang), cls=PlotlyJSONEncoder))
    grids = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "AgGrid":
                grids.append(node["props"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(tree)
    assert sorted(g["id"] for g in grids) == ["admin-audit-grid", "admin-mappings-grid"]
    locale = json.loads(json.dumps(grid_locale(lang)))
    for g in grids:
        assert g["className"] == grid_class(lang), g["id"]
        assert all(g["dashGridOptions"][k] == v for k, v in locale.items()), g["id"]
