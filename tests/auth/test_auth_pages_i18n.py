"""The server-rendered pages in English with ?lang=en: texts from the catalogue, the language kept across posts."""
import re

from auth_helpers import add_user, csrf_of

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def visible(html: str) -> str:
    """Text a reader sees, minus the link back to 中文 (its label is Chinese on purpose)."""
    html = re.sub(r'<a [^>]*id="auth-lang-switch"[^>]*>.*?</a>', "", html)
    return re.sub(r"<[^>]+>", " ", html)


def test_login_page_in_english_links_back_to_chinese(app):
    client = app.server.test_client()
    zh = client.get("/login?next=/trends")
    assert 'href="/login?next=%2Ftrends&amp;lang=en"' in zh.text and ">English</a>" in zh.text
    en = client.get("/login?next=/trends&lang=en")
    assert en.status_code == 200 and '<html lang="en">' in en.text
    assert "Log in" in en.text and "User name" in en.text and not CJK.search(visible(en.text))
    assert 'href="/login?next=%2Ftrends" id="auth-lang-switch"' in en.text and ">中文</a>" in en.text
    assert 'action="/login?lang=en"' in en.text


def test_english_login_errors_and_redirects_keep_the_language(app):
    password = add_user(app, "li", ["viewer"], must_change=True)
    client = app.server.test_client()
    token = csrf_of(client.get("/login?lang=en").text)
    bad = client.post("/login?lang=en", data={"username": "li", "password": "nope", "csrf_token": token})
    assert bad.status_code == 401 and "Wrong user name or password" in bad.text
    ok = client.post("/login?lang=en", data={"username": "li", "password": password, "csrf_token": token})
    assert ok.status_code == 302 and ok.headers["Location"] == "/account/password?lang=en"
    page = client.get("/account/password?lang=en")
    assert "Change password" in page.text and not CJK.search(visible(page.text))
    mismatch = client.post("/account/password?lang=en", data={"current": password, "new": "a" * 12, "again": "b" * 12,
                                                               "csrf_token": csrf_of(page.text)})
    assert mismatch.status_code == 400 and "The two new passwords differ" in mismatch.text


def test_account_page_in_english(app):
    password = add_user(app, "wang", ["viewer", "uploader"])
    client = app.server.test_client()
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"username": "wang", "password": password, "csrf_token": token})
    page = client.get("/account?lang=en")
    assert page.status_code == 200 and "Viewer, Uploader" in page.text and "No tokens" in page.text
    assert not CJK.search(visible(page.text))
    assert "查看、上传" in client.get("/account").text
