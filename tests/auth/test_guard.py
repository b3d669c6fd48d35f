"""Each role against each protected callback prefix, posted straight to /_dash-update-component like a crafted
request; and the HTTP routes: pages redirect to /login, callbacks and the API answer 401/403 JSON."""
import pytest
from dash import MATCH, Input, Output

from server.auth import require_role, roles_required
from server.auth.roles import PAGE_ROLES, PREFIX_ROLES, ROLES

from auth_helpers import callback_body

PREFIXES = [p for p, _ in PREFIX_ROLES] + ["overview-"]


@pytest.fixture
def probes(app):
    """A callback per prefix (and a pattern-matching and a no-output one) recording every run."""
    calls = []
    for prefix in PREFIXES:
        def run(_n, _p=prefix):
            calls.append(_p)
            return "done"
        app.callback(Output(prefix + "probe-result", "children"), Input(prefix + "probe-button", "n_clicks"),
                     prevent_initial_call=True)(run)

    @app.callback(Output({"type": "review-row", "index": MATCH}, "children"),
                  Input({"type": "review-row-button", "index": MATCH}, "n_clicks"), prevent_initial_call=True)
    def publish_row(_n):
        calls.append("review-row")
        return "published"

    @app.callback(Input("admin-silent-button", "n_clicks"), prevent_initial_call=True)
    def silent(_n):
        calls.append("admin-silent")

    @app.server.route("/api/test/publish", methods=["POST"])
    @roles_required("approver")
    def api_publish():
        calls.append("api-publish")
        return {"ok": True}

    @app.server.route("/api/test/whoami")
    @roles_required()
    def api_whoami():
        from server.auth import current_username
        return {"user": current_username()}

    @app.server.route("/api/test/undeclared", methods=["POST"])
    def api_undeclared():
        calls.append("undeclared")
        return {"ok": True}

    @app.server.route("/api/test/inner", methods=["POST"])
    @roles_required()
    def api_inner():
        require_role("admin")  # the call other engineers make inside their own routes
        calls.append("inner")
        return {"ok": True}
    return calls


def probe_body(app, prefix):
    return callback_body(app, f"{prefix}probe-result.children", {f"{prefix}probe-button.n_clicks": 1})


def key_of(app, text):
    return next(k for k in app.callback_map if text in k)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_against_each_callback_prefix(app, client_as, probes, role):
    client = client_as(role)
    needs = dict(PREFIX_ROLES)
    for prefix in PREFIXES:
        before = list(probes)
        resp = client.post("/_dash-update-component", json=probe_body(app, prefix))
        allowed = prefix not in needs or needs[prefix] == role
        if allowed:
            assert resp.status_code == 200, (role, prefix, resp.text)
            assert probes == before + [prefix]
        else:
            assert resp.status_code == 403, (role, prefix)
            assert resp.json["message_zh"] == "没有权限执行此操作"
            assert probes == before  # nothing ran


def test_crafted_review_publish_from_viewer_is_refused(app, client_as, audit_actions):
    # The example: an output id the viewer's browser never shows, posted by hand.
    resp = client_as("viewer").post("/_dash-update-component", json=callback_body(
        app, "review-publish-result.children", {"review-publish.n_clicks": 1}))
    assert resp.status_code == 403
    assert ("viewer1", "access.denied", "/_dash-update-component") in audit_actions()


def test_pattern_matching_ids(app, client_as, probes):
    key = key_of(app, "review-row")
    body = callback_body(app, key, outputs={"id": {"type": "review-row", "index": 3}, "property": "children"})
    body["inputs"] = [{"id": {"type": "review-row-button", "index": 3}, "property": "n_clicks", "value": 1}]
    body["changedPropIds"] = ['{"index":3,"type":"review-row-button"}.n_clicks']
    assert client_as("viewer").post("/_dash-update-component", json=body).status_code == 403
    assert client_as("uploader").post("/_dash-update-component", json=body).status_code == 403
    assert probes == []
    assert client_as("approver").post("/_dash-update-component", json=body).status_code == 200
    assert probes == ["review-row"]


def test_no_output_callback_judged_by_its_inputs(app, client_as, probes):
    key = next(k for k, v in app.callback_map.items()
               if v.get("no_output") and v["inputs"][0]["id"] == "admin-silent-button")
    body = callback_body(app, key, {"admin-silent-button.n_clicks": 1}, outputs=[])
    assert client_as("approver").post("/_dash-update-component", json=body).status_code == 403
    assert probes == []
    assert client_as("admin").post("/_dash-update-component", json=body).status_code in (200, 204)
    assert probes == ["admin-silent"]


def test_lying_outputs_do_not_help(app, client_as, probes):
    """The callback is picked by `output`; claiming harmless `outputs` does not get a protected one run."""
    body = probe_body(app, "review-")
    body["outputs"] = {"id": "overview-probe-result", "property": "children"}
    assert client_as("viewer").post("/_dash-update-component", json=body).status_code == 403
    # ...and naming a protected id in `outputs` is refused too, even for a harmless callback.
    body = probe_body(app, "overview-")
    body["outputs"] = {"id": "admin-probe-result", "property": "children"}
    assert client_as("viewer").post("/_dash-update-component", json=body).status_code == 403
    assert probes == []


def test_multi_output_needs_every_role(app, client_as):
    body = callback_body(app, "..upload-a.children...review-b.children..", {"x.n_clicks": 1})
    assert client_as("uploader").post("/_dash-update-component", json=body).status_code == 403
    assert client_as("approver").post("/_dash-update-component", json=body).status_code == 403


def test_anonymous_requests(app, probes):
    client = app.server.test_client()
    for path in ("/", "/admin", "/upload", "/account", "/_dash-layout", "/_dash-dependencies"):
        resp = client.get(path)
        if path.startswith("/_dash-"):
            assert resp.status_code == 401 and resp.is_json, path
        else:
            assert resp.status_code == 302 and resp.headers["Location"].startswith("/login?next="), path
    resp = client.post("/_dash-update-component", json=probe_body(app, "overview-"))
    assert resp.status_code == 401 and resp.json["message_zh"] == "请先登录"
    assert client.get("/api/test/whoami").status_code == 401
    assert client.post("/api/test/publish", json={}).status_code == 401
    assert probes == []
    for path in ("/login", "/health", "/assets/auth.css"):
        assert client.get(path).status_code == 200, path


def test_callbacks_must_be_json(app, client_as, probes):
    """A cross-site form post cannot send application/json: non-JSON callback posts are refused."""
    client = client_as("admin")
    import json
    resp = client.post("/_dash-update-component", data=json.dumps(probe_body(app, "admin-")),
                       content_type="text/plain")
    assert resp.status_code in (403, 415)
    assert probes == []


def test_api_routes_by_role_and_declaration(app, client_as, probes):
    assert client_as("viewer").post("/api/test/publish", json={}).status_code == 403
    assert client_as("approver").post("/api/test/publish", json={}).status_code == 200
    assert client_as("viewer").get("/api/test/whoami").json == {"user": "viewer1"}
    # A mutating route that does not declare its roles is refused to everybody.
    assert client_as("admin").post("/api/test/undeclared", json={}).status_code == 403
    assert client_as("approver").post("/api/test/inner", json={}).status_code == 403
    assert client_as("admin").post("/api/test/inner", json={}).status_code == 200
    assert probes == ["api-publish", "inner"]


def test_form_posts_need_the_csrf_token(app, client_as, probes):
    client = client_as("approver")
    resp = client.post("/api/test/publish", data={"x": "1"})
    assert resp.status_code == 403 and "CSRF" in resp.json["message_en"]
    assert probes == []


def test_pages_content_refused_by_role(app, client_as):
    body = callback_body(app, ".._pages_content.children..._pages_store.data..",
                         {"_pages_location.pathname": "/admin", "_pages_location.search": ""})
    for role in ROLES:
        resp = client_as(role).post("/_dash-update-component", json=body)
        assert resp.status_code == 200
        content = resp.text
        if role == "admin":
            assert "admin-users-table" in content and "page-forbidden" not in content
        else:
            assert "page-forbidden" in content and "admin-users-table" not in content
            assert "无权访问" in resp.json["response"]["_pages_content"]["children"]["props"]["title"]


@pytest.mark.parametrize("path", sorted(PAGE_ROLES))
def test_every_role_page_renders_for_its_role(app, client_as, path):
    """Each role page's layout as Dash's page callback asks for it, for the role it belongs to: no 400 (a layout
    that raises leaves the page blank), no refusal."""
    body = callback_body(app, ".._pages_content.children..._pages_store.data..",
                         {"_pages_location.pathname": path, "_pages_location.search": ""})
    resp = client_as(PAGE_ROLES[path]).post("/_dash-update-component", json=body)
    assert resp.status_code == 200, resp.text
    assert "page-forbidden" not in resp.text


def test_role_pages_are_wrapped_even_without_page_guard(app, client_as):
    """PAGE_ROLES pages get the guard even when their layout forgets to call page_guard."""
    from server.auth.guard import _guarded_layout

    layout = _guarded_layout(lambda **kw: "secret review content", "approver")
    with app.server.test_request_context("/"):
        from flask_login import login_user

        from server.auth import users
        from server.context import engine
        with engine().connect() as conn:
            viewer = users.get_by_username(conn, "viewer1")
            approver = users.get_by_username(conn, "approver1")
        login_user(viewer)
        assert layout().id == "page-forbidden"
        login_user(approver)
        assert layout() == "secret review content"


def test_public_view(db_url, settings_for):
    from auth_helpers import make_app

    app = make_app(settings_for(db_url, demo=False, public_view=True))
    calls = []
    app.callback(Output("overview-x", "children"), Input("overview-y", "n_clicks"))(lambda n: calls.append(1) or "ok")
    app.callback(Output("review-x", "children"), Input("review-y", "n_clicks"))(lambda n: calls.append(2) or "ok")
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/_dash-layout").status_code == 200
    assert client.post("/_dash-update-component",
                       json=callback_body(app, "overview-x.children", {"overview-y.n_clicks": 1})).status_code == 200
    assert client.post("/_dash-update-component",
                       json=callback_body(app, "review-x.children", {"review-y.n_clicks": 1})).status_code == 401
    assert calls == [1]
    assert client.get("/account").status_code == 302


def test_unknown_callbacks_are_404_not_500(app, client_as):
    resp = client_as("viewer").post("/_dash-update-component", json=callback_body(app, "nope.children", {"x.y": 1}))
    assert resp.status_code == 404 and resp.json["message_zh"] == "没有这个回调"
