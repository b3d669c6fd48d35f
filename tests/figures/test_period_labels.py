"""One period label per figure (figures.ranking.period_label): the rankings page, its period picker, meeting mode,
the API, the PNG/PPTX exports and the overview cards write a quarter alike — 累计 for flows and ratios of flows,
period-end for stocks and ratios of stocks. Literal expected labels over the demo's 2026Q3."""
from __future__ import annotations

import pytest

EXPECTED = {  # indicator: (zh, en) for 2026Q3
    "RD_EXP": ("2026年1—3季度", "Q1–Q3 2026"),                  # a flow: 累计
    "RD_INTENSITY": ("2026年1—3季度", "Q1–Q3 2026"),            # RD_EXP / GDP: a ratio of 累计 figures
    "IND_RD_FIRM_SHARE": ("2026年三季度末", "end of Q3 2026"),  # IND_FIRMS_RD / IND_FIRMS: a ratio of stocks
    "HNTE": ("2026年三季度末", "end of Q3 2026"),               # a stock: period-end
}
QUARTERLY = {"RD_EXP", "RD_INTENSITY", "HNTE"}  # the demo publishes IND_FIRMS_RD (so the share) yearly only


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_every_reader_writes_the_same_label(figures_app, code):
    from layouts import model, rankings
    from layouts import rankings_model as rm
    from layouts.rankings_chart import period_label
    from server.exports.charts import period_of

    client = figures_app.server.test_client()
    for lang, expected in zip(("zh", "en"), EXPECTED[code]):
        with figures_app.server.test_request_context("/"):
            snap = model.snapshot()
            r = rm.result(code, "2026Q3", "value", snap)
            assert r.period_label(lang) == expected
            assert period_label("2026Q3", code, lang) == expected                       # page title, picker
            options = rankings.period_options(rm.periods(code, snap, model.group_of(snap=snap)), code, lang)
            if code in QUARTERLY:
                assert {"value": "2026Q3", "label": expected} in options
            else:
                assert "2026Q3" not in {o["value"] for o in options}
            assert period_of(r, lang) == expected                                       # PNG / PPTX title
        body = client.get(f"/api/v1/rankings?indicator={code}&period=2026Q3&lang={lang}").json
        assert body["period_label"] == expected
    assert period_label("2025", code, "zh") == "2025年"


def test_overview_cards_name_a_ratio_of_stocks_by_its_period_end(figures_app):
    from layouts import model, overview
    from layouts import overview_model as om

    with figures_app.server.test_request_context("/"):
        items = {c["code"]: c for c in om.cards("zh", "万元", model.snapshot(), "2026Q3")}
        got = {code: overview.card_period(items[code], "zh") for code in EXPECTED if code in items}
    assert got == {code: EXPECTED[code][0] for code in got} and len(got) >= 3


def test_english_months_are_written_with_their_names():
    """brk5 #13: 1—10月 累计 is "Jan–Oct 2026" (never "Jan–10/2026"), a single month "Oct 2026", a stock's month
    end "end of Oct 2026"; zh unchanged. The chart tick breaks before the year."""
    from texts.i18n import period_text, period_tick

    assert period_text("2026M10", "en", True) == "Jan–Oct 2026"
    assert period_text("2026M10", "en") == "Oct 2026"
    assert period_text("2026M01", "en", True) == "Jan 2026"
    assert period_text("2026M10", "en", stock=True) == "end of Oct 2026"
    assert [period_text("2026M10", "zh", True), period_text("2026M10", "zh"), period_text("2026M10", "zh", stock=True)] \
        == ["2026年1—10月", "2026年10月", "2026年10月末"]
    assert period_tick("Jan–Oct 2026") == "Jan–Oct<br>2026"
