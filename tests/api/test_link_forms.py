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


def test_an_as_of_answer_states_the_version_its_figures_had(api):
    """breakrank3 #9: an as_of answer was stamped with today's data_version. Between the demo's two publishes the
    rankings and observations answers state version 1, the current answer today's."""
    import pandas as pd

    from data import store
    from data.db import reading

    with reading(api.engine()) as conn:
        revs = store.list_revisions(conn, ("published",))
        now = store.data_version(conn)
    first, second = sorted(pd.to_datetime(revs["published_at"], utc=True))[:2]
    between = (first + (second - first) / 2).strftime("%Y-%m-%dT%H:%M:%S+00:00").replace("+", "%2B")
    c = api.client()
    past = c.get(f"/api/v1/rankings?indicator=RD_EXP&period=2023&as_of={between}").get_json()
    assert past["data_version"] == 1
    obs = c.get(f"/api/v1/observations?indicator=RD_EXP&region=130534&as_of={between}").get_json()
    assert obs["data_version"] == 1
    today = c.get("/api/v1/rankings?indicator=RD_EXP&period=2023").get_json()
    assert today["data_version"] == now > 1
