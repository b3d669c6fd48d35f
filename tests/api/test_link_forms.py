"""What a link's query string may hold that an API or a page did not expect (breakrank3 #3, #13): full-width digits
typed with a Chinese input method redirect to their ASCII form, so every road reads 2025 (it answered "已报 0/18" for
a year all 18 units reported); an undeclared parameter is a 400 naming it. (Here, not in tests/layouts: a request
to the session's shared page app would set Dash's page routing up on it, which tests/layouts/test_callbacks.py
compares against a fresh app.)"""
from __future__ import annotations

from tests.api.apps import login_session


def test_full_width_query_values_redirect_to_their_ascii_form(api):
    c = api.client()
    r = c.get("/api/v1/rankings?indicator=ＲＤ_ＥＸＰ&period=２０２５")
    assert r.status_code == 308
    assert r.headers["Location"] == "/api/v1/rankings?indicator=RD_EXP&period=2025"
    page = login_session(api, "nfkc-viewer")   # a page, signed in: the same redirect
    assert page.get("/rankings?period=２０２５Ｑ３&lang=zh").headers["Location"] == "/rankings?period=2025Q3&lang=zh"
    assert c.get("/api/v1/rankings?indicator=RD_EXP&period=2025").status_code == 200   # ASCII: no redirect


def test_an_api_parameter_the_operation_does_not_declare_is_refused(api):
    """breakrank3 #13: /api/v1/rankings?group=130100 (石家庄) answered 邢台's ranking as if asked; home= and region=
    were ignored the same way. An undeclared query parameter is a 400 naming it; within_reported (the answer's
    name of within) and lang stay accepted."""
    c = api.client()
    r = c.get("/api/v1/rankings?indicator=RD_EXP&period=2025&group=130100")
    assert r.status_code == 400
    assert r.get_json()["message_zh"].startswith("不支持的参数：group（可用参数：")
    assert c.get("/api/v1/rankings?indicator=RD_EXP&period=2025&within_reported=1&lang=en").status_code == 200
    assert c.get("/api/v1/regions?home=110101").status_code == 400
