"""Security headers on every response; the CSP allows exactly the inline scripts Dash's index carries."""
import re

from server.auth.headers import inline_script_hashes


def test_headers_everywhere(app, client_as):
    admin = client_as("admin")
    anon = app.server.test_client()
    responses = [anon.get("/login"), anon.get("/health"), anon.get("/"), admin.get("/"), admin.get("/account"),
                 admin.post("/_dash-update-component", json={"output": "nope.children", "outputs": {}}),
                 anon.get("/assets/auth.css")]
    for resp in responses:
        csp = resp.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
        assert "'unsafe-eval'" not in csp and "script-src 'self'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"] == "same-origin"
        assert resp.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert responses[3].headers["Cache-Control"] == "no-store"


def test_csp_hashes_match_the_index_scripts(app, client_as):
    resp = client_as("viewer").get("/")
    scripts = [s for a, s in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", resp.text, re.S)
               if "application/json" not in a and s.strip()]
    assert scripts  # the renderer bootstrap at least
    for h in inline_script_hashes(resp.text):
        assert h in resp.headers["Content-Security-Policy"]


def test_session_cookie_flags(auth_settings, settings_for, db_url):
    from auth_helpers import add_user, login, make_app

    for https in (False, True):
        app = make_app(settings_for(db_url, demo=False, https=https))
        password = add_user(app, f"li{int(https)}", ["viewer"])
        client = app.server.test_client()
        resp = login(client, f"li{int(https)}", password)
        cookie = resp.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) == https
        if https:
            assert "max-age" in resp.headers.get("Strict-Transport-Security", "")
