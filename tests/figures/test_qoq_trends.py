"""环比 is offered where single periods exist (layouts.trends_model.offers_qoq): the trends page's quarterly view of a
stock (period-end) and of a flow's single quarters (单季) gets a 环比 line and column; years and 累计 never do.
Literal expected rows over the demo's 清河县."""
from __future__ import annotations

import pytest

from layouts.trends_model import offers_qoq


def test_where_qoq_is_offered():
    assert [offers_qoq(f, q, c) for f, q, c in [("Q", "single", True), ("Q", "ytd", True), ("Q", "ytd", False),
                                                 ("Y", "single", True), ("Y", "ytd", False)]] == \
        [True, False, True, False, False]


@pytest.mark.parametrize("indicator, qmode, expected", [
    # HNTE: 92 then 94 firms at the quarter's end: 94/92 − 1 = +2.17%
    ("HNTE", "ytd", [("2026年二季度末", "92家", "+4.55%"), ("2026年三季度末", "94家", "+2.17%")]),
    # R&D single quarters: 5370 then 5894万元: +9.76%
    ("RD_EXP", "single", [("2026年第2季度", "5370万元", "+15.88%"), ("2026年第3季度", "5894万元", "+9.76%")]),
])
def test_qoq_column_and_line(figures_app, indicator, qmode, expected):
    from layouts import model, trends

    with figures_app.server.test_request_context("/"):
        state = {"indicator": indicator, "regions": ["130534"], "freq": "Q", "q": qmode, "cmp": "value"}
        fig, rows, cols, _ = trends.render(state, "zh", "万元", model.snapshot())["main"]
    assert "环比" in [c["headerName"] for c in cols]
    assert [(r["period"], r["value"], r["qoq"]) for r in rows[-2:]] == expected
    assert "环比" in [d.get("name") for d in fig["data"]]


@pytest.mark.parametrize("freq, qmode", [("Q", "ytd"), ("Y", "ytd")])
def test_no_qoq_on_ytd_or_years(figures_app, freq, qmode):
    from layouts import model, trends

    with figures_app.server.test_request_context("/"):
        state = {"indicator": "RD_EXP", "regions": ["130534"], "freq": freq, "q": qmode, "cmp": "value"}
        fig, rows, cols, _ = trends.render(state, "zh", "万元", model.snapshot())["main"]
    assert "环比" not in [c["headerName"] for c in cols] and "环比" not in [d.get("name") for d in fig["data"]]
