"""指标分析 names its periods as officials write them (texts.i18n.period_text), on the chart's axis, in its hover,
its table and the comparison chart: never "2023Q1". Literal expected labels."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("query, lang, first, last", [
    ({"indicator": "RD_EXP", "freq": "Q", "q": "ytd"}, "zh",
     ["2023年第1季度", "2023年1—2季度", "2023年1—3季度", "2023年1—4季度", "2024年第1季度"], "2026年1—3季度"),
    ({"indicator": "RD_EXP", "freq": "Q", "q": "ytd"}, "en",
     ["Q1 2023", "Q1–Q2 2023", "Q1–Q3 2023", "Q1–Q4 2023", "Q1 2024"], "Q1–Q3 2026"),
    ({"indicator": "RD_EXP", "freq": "Q"}, "zh",  # 单季 (de-cumulated)
     ["2023年第1季度", "2023年第2季度", "2023年第3季度", "2023年第4季度", "2024年第1季度"], "2026年第3季度"),
    ({"indicator": "HNTE", "freq": "Q"}, "zh",  # a stock: the period-end figure
     ["2023年一季度末", "2023年二季度末", "2023年三季度末", "2023年四季度末", "2024年一季度末"], "2026年三季度末"),
    ({"indicator": "HNTE", "freq": "Q"}, "en",
     ["end of Q1 2023", "end of Q2 2023", "end of Q3 2023", "end of Q4 2023", "end of Q1 2024"], "end of Q3 2026"),
    ({"indicator": "RD_EXP"}, "zh", ["2019", "2020", "2021", "2022", "2023"], "2025"),  # years: the caption adds 年
])
def test_period_labels_on_axis_table_and_comparison(in_request, query, lang, first, last):
    from layouts import model
    from layouts.trends import render, state_from

    snap = model.snapshot()
    out = render(state_from(query, snap), lang, "万元", snap)
    fig, rows = out["main"][0], out["main"][1]
    x = fig["data"][0]["x"]
    assert (x[:5], x[-1]) == (first, last)
    assert all(trace["x"] == x for trace in fig["data"])             # the 同比 lines share the axis
    assert [r["period"] for r in rows] == x                          # the table reads as the axis
    assert out["cmp"][0]["data"][0]["x"] == x                       # and so does the comparison chart
    assert [r["period"] for r in out["cmp"][1]] == x


def test_series_break_marker_stands_at_its_labelled_quarter(in_request):
    """沙河市's 口径调整 in 2021 sits before the first quarter shown (2023年第1季度 on a 2023— axis)."""
    from layouts import model
    from layouts.trends import render, state_from

    snap = model.snapshot()
    out = render(state_from({"indicator": "RD_EXP", "region": "130582", "freq": "Q", "q": "ytd"}, snap), "zh",
                 "万元", snap)
    notes = [a for a in out["main"][0]["layout"]["annotations"] if a.get("text", "").startswith("◆")]
    assert [(a["x"], a["text"]) for a in notes] == [(-0.5, "◆ 口径调整")]
