"""Issue 11 finding 3: `next` is checked after the normalisation the redirect applies (TAB/CR/LF dropped by
urlsplit), so `/login?next=/%09/evil.example` can no longer send a signed-in user to //evil.example."""
from urllib.parse import quote, urlsplit

import pytest

from server.auth.login import safe_next

from auth_helpers import add_user, csrf_of, login

OFF_SITE = [
    "//evil.example", "///evil.example", "////evil.example", "/\t/evil.example", "/\r/evil.example",
    "/\n/evil.example", "\t//evil.example", " //evil.example", "/\t\t/evil.example", "\x00//evil.example",
    "/\\evil.example", "\\/evil.example", "\\\\evil.example", "/\\/evil.example", "/a\\b",
    "https://evil.example", "http:evil.example", "https:/evil.example", "javascript:alert(1)", "JavaScript:alert(1)",
    "\tjavascript:alert(1)", "evil.example", "./evil", "data:text/html,x", "/%2F/evil.example",
    "/%2f%2fevil.example", "/%5Cevil.example", "/%09/evil.example", "%2F%2Fevil.example", "/x\x7f", "/x\x01y",
    "/" + "a" * 2001, "", None,
]
SAME_SITE = [("/", "/"), ("/data?x=1", "/data?x=1"), ("/rankings?indicator=rd&period=2025", "/rankings?indicator=rd&period=2025"),
             ("/review#top", "/review#top"), ("/a/b/c", "/a/b/c"), ("/data\t?x=1", "/data?x=1"), (" /data ", "/data"),
             ("/%E6%8E%92%E5%90%8D", "/%E6%8E%92%E5%90%8D")]


@pytest.mark.parametrize("value", OFF_SITE)
def test_off_site_targets_become_home(value):
    assert safe_next(value) == "/"


@pytest.mark.parametrize("value,expected", SAME_SITE)
def test_same_site_paths_are_kept(value, expected):
    assert safe_next(value) == expected


@pytest.mark.parametrize("value", OFF_SITE[:30])
def test_every_answer_stays_on_site(value):
    """Whatever comes in, the Location header is a path on this site, also after urlsplit's normalisation."""
    out = safe_next(value)
    parts = urlsplit(out)
    assert not parts.scheme and not parts.netloc and out.startswith("/") and not out.startswith("//")


@pytest.mark.parametrize("raw", ["/%09/evil.example", "/%0d/evil.example", "/%0a/evil.example", "/%5C/evil.example",
                                 "%09//evil.example", "/%09%09/evil.example"])
def test_login_redirects_stay_on_site(app, raw):
    """The reported case over HTTP: a signed-in GET and the login POST both answer a same-site Location."""
    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    page = client.get("/login?next=" + raw)
    resp = client.post("/login?next=" + raw, data={"username": "li", "password": password,
                                                   "csrf_token": csrf_of(page.text)})
    assert resp.status_code == 302 and resp.headers["Location"] == "/"
    again = client.get("/login?next=" + raw)
    assert again.status_code == 302 and again.headers["Location"] == "/"


def test_a_real_next_is_still_followed(app):
    password = add_user(app, "li", ["viewer"])
    client = app.server.test_client()
    resp = login(client, "li", password)
    assert resp.status_code == 302
    again = client.get("/login?next=" + quote("/rankings?indicator=rd", safe="/"))
    assert again.headers["Location"] == "/rankings?indicator=rd"
