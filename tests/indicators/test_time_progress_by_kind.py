"""序时进度 by kind, with the 持平 band, and statuses judged on the displayed precision (issue 13, literal)."""
from __future__ import annotations

import pandas as pd

from indicators.formatting import format_pct
from indicators.targets import target_progress


def _run(rows, targets, stocks=(), year_end=None):
    actuals = pd.DataFrame(rows, columns=["indicator", "region", "period", "value"])
    tg = pd.DataFrame(targets, columns=["indicator", "region", "year", "value"])
    ye = None if year_end is None else pd.DataFrame(year_end, columns=["indicator", "region", "year", "value"])
    return target_progress(actuals, tg, stocks=stocks, year_end=ye)


def test_stock_is_judged_on_the_increment():
    # 88 high-tech firms at the end of 2025, 95 at the end of Q3 2026, target 98: 7 of 10 = 70% against 75%
    got = _run([("HNTE", "X", "2026Q3", 95)], [("HNTE", "X", 2026, 98)], stocks=["HNTE"],
               year_end=[("HNTE", "X", 2025, 88)]).iloc[0]
    assert (got["basis"], got["base_value"], got["progress_pct"], got["time_progress_pct"], got["gap_pp"]) == \
        ("increment", 88.0, 70.0, 75.0, -5.0)
    assert got["status"] == "on_pace"            # -5.00 sits on the edge of the ±5 band: 持平, never 超序时进度
    assert format_pct(got["completion_pct"]) == "96.94%"  # the level's 完成率 is still shown
    behind = _run([("HNTE", "X", "2026Q3", 94)], [("HNTE", "X", 2026, 98)], stocks=["HNTE"],
                  year_end=[("HNTE", "X", 2025, 88)]).iloc[0]
    assert (behind["progress_pct"], behind["status"]) == (60.0, "behind")


def test_flow_is_judged_on_months():
    got = _run([("RD_EXP", "X", "2026Q3", 800)], [("RD_EXP", "X", 2026, 1000)]).iloc[0]
    assert (got["basis"], got["progress_pct"], got["time_progress_pct"], got["gap_pp"], got["status"]) == \
        ("flow", 80.0, 75.0, 5.0, "on_pace")
    ahead = _run([("RD_EXP", "X", "2026Q3", 801)], [("RD_EXP", "X", 2026, 1000)]).iloc[0]
    assert ahead["status"] == "ahead"


def test_stock_without_last_year_end_or_with_a_target_not_above_it():
    none = _run([("HNTE", "X", "2026Q3", 95)], [("HNTE", "X", 2026, 98)], stocks=["HNTE"]).iloc[0]
    assert pd.isna(none["status"]) and none["reason"] == "no_base"
    flat = _run([("HNTE", "X", "2026Q3", 95)], [("HNTE", "X", 2026, 88)], stocks=["HNTE"],
                year_end=[("HNTE", "X", 2025, 90)]).iloc[0]
    assert pd.isna(flat["status"]) and flat["reason"] == "base_nonpositive"


def test_year_end_judged_on_the_displayed_completion():
    # 99996 against 100000 shows "100.00%": it is 完成全年目标, never "100.00%" beside "未完成"
    got = _run([("RD_EXP", "X", "2026", 99996)], [("RD_EXP", "X", 2026, 100000)]).iloc[0]
    assert (format_pct(got["completion_pct"]), got["status"]) == ("100.00%", "completed")
    short = _run([("RD_EXP", "X", "2026", 99994)], [("RD_EXP", "X", 2026, 100000)]).iloc[0]
    assert (format_pct(short["completion_pct"]), short["status"]) == ("99.99%", "not_completed")
    stock = _run([("HNTE", "X", "2026", 98)], [("HNTE", "X", 2026, 98)], stocks=["HNTE"],
                 year_end=[("HNTE", "X", 2025, 88)]).iloc[0]
    assert stock["status"] == "completed"


def test_the_judged_figure_is_the_one_the_status_is_judged_on():
    """judged_pct / judged_basis: what a chart sets against 序时进度 (break test 2026-12, finding 3): 高新技术企业 88 of
    93 with 86 at the end of 2025 is 28.57% of the planned increase in Q3 (behind), although its 完成率 is 94.62%;
    a flow's 完成率; at year end the 完成率 (the year is judged on it); nothing for a stock without last year-end."""
    got = _run([("HNTE", "X", "2026Q3", 88), ("RD_EXP", "X", "2026Q3", 700), ("HNTE", "Y", "2026", 92),
                ("HNTE", "Z", "2026Q3", 88)],
               [("HNTE", "X", 2026, 93), ("RD_EXP", "X", 2026, 1000), ("HNTE", "Y", 2026, 93),
                ("HNTE", "Z", 2026, 93)], stocks=["HNTE"],
               year_end=[("HNTE", "X", 2025, 86), ("HNTE", "Y", 2025, 86)])
    assert [format_pct(v) for v in got["judged_pct"]] == ["28.57%", "70.00%", "98.92%", "—"]
    assert list(got["judged_basis"]) == ["increment", "completion", "completion", "increment"]
    assert [None if pd.isna(s) else s for s in got["status"]] == ["behind", "on_pace", "not_completed", None]
    assert format_pct(got["completion_pct"].iloc[0]) == "94.62%"


def test_a_ratio_during_the_year_is_flagged_once_for_every_reader():
    """level_in_year: the one flag the targets page, the overview, the brief and the deck read (review: the rule was
    written in four readers). A ratio with its figure in Q3: 完成率 alone; without a figure: 数据缺失 (reason
    missing_value), not flagged; at year end: judged, not flagged; a flow: never."""
    rows = [("RD_INTENSITY", "A", "2026Q3", 0.81), ("RD_INTENSITY", "B", "2026Q3", None),
            ("RD_INTENSITY", "C", "2026", 0.95), ("RD_EXP", "A", "2026Q3", 800)]
    targets = [("RD_INTENSITY", r, 2026, 0.9) for r in "ABC"] + [("RD_EXP", "A", 2026, 1000)]
    actuals = pd.DataFrame(rows, columns=["indicator", "region", "period", "value"])
    got = target_progress(actuals, pd.DataFrame(targets, columns=["indicator", "region", "year", "value"]),
                          levels=["RD_INTENSITY"]).sort_values(["indicator", "region"])
    assert [(r.indicator, r.region, bool(r.level_in_year), None if pd.isna(r.status) else r.status, str(r.reason))
            for r in got.itertuples()] == [
        ("RD_EXP", "A", False, "on_pace", "nan"),
        ("RD_INTENSITY", "A", True, None, "not_applicable"),
        ("RD_INTENSITY", "B", False, None, "missing_value"),
        ("RD_INTENSITY", "C", False, "completed", "nan")]
