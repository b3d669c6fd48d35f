"""figures.ranking on a small literal group: ranks, 并列 and order judged on the displayed precision, rank
changes only on the same basis, the completeness rule (3 of 4 reported) and 在已报单位中排名 — literal tables."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from data.catalogue import load_indicators
from figures.ranking import ranking
from indicators.pipeline import build_analysis
from tests.figures.small_snapshot import annual_snapshot

REGIONS = pd.DataFrame({
    "code": ["130500", "130501", "130502", "130503", "130504", "130571"],
    "name": ["邢台市", "甲县", "乙县", "丙县", "丁县", "开发区"],
    "short_name": ["邢台", "甲", "乙", "丙", "丁", "开发区"],
    "name_en": ["Xingtai City", "Jia County", "Yi County", "Bing County", "Ding County", "Zone"],
    "level": ["city", "county", "county", "county", "county", "devzone"],
    "parent": ["130000", "130500", "130500", "130500", "130500", "130500"],
    "in_rankings": [False, True, True, True, True, False],
})
A, B, C, D = "130501", "130502", "130503", "130504"
FIGURES = {  # (indicator, period): {region: value}
    # 万元 at 0 decimals: 1300.4 and 1299.6 both read "1300万元" -> 并列第1 although 甲 is larger
    ("RD_EXP", "2022"): {A: 900, B: 1000, C: 1100, D: 1200, "130571": 5000},
    ("RD_EXP", "2023"): {A: 1300.4, B: 1299.6, C: 1250, D: 1200, "130571": 9000},
    ("RD_EXP", "2024"): {A: 1400, B: 1500, C: 1450},           # 丁县 has not reported: 已报 3/4
    # 同比 at 2 decimals: +12.344% and +12.336% both read "+12.34%" -> 并列第1
    ("TECH_CONTRACT", "2022"): {A: 1000, B: 2000, C: 4000, D: 5000},
    ("TECH_CONTRACT", "2023"): {A: 1123.44, B: 2246.72, C: 4400, D: 5000},
}


@pytest.fixture(scope="module")
def snap():
    return annual_snapshot(FIGURES, REGIONS)


def _table(r) -> list[tuple]:
    return [(x.short_name, None if pd.isna(x.rank) else int(x.rank), bool(x.tied),
             None if pd.isna(x.rank_change) else int(x.rank_change)) for x in r.rows.itertuples()]


def test_value_ties_on_the_displayed_precision_with_rank_changes(snap):
    r = ranking(snap, "RD_EXP", "2023", "value", home=A)
    assert _table(r) == [("甲", 1, True, 3), ("乙", 1, True, 2), ("丙", 3, False, -1), ("丁", 4, False, -3)]
    assert (r.scope, r.reported.label(), r.state_text(), r.group_name) == ("city", "已报 4/4", "", "邢台市")
    assert r.rank_text() == "并列第1/4" and r.rank_text(C) == "第3/4" and r.rank_text(lang="en") == "tied 1st of 4"
    assert r.average_label() == "全市平均" and r.average() == pytest.approx(1262.5)  # the zone is no member


def test_yoy_ties_on_two_decimals(snap):
    r = ranking(snap, "TECH_CONTRACT", "2023", "yoy", home=B)
    assert [(x.short_name, x.measure) for x in r.rows.itertuples()] == \
        [("甲", 12.34), ("乙", 12.34), ("丙", 10.0), ("丁", 0.0)]
    assert _table(r) == [("甲", 1, True, None), ("乙", 1, True, None), ("丙", 3, False, None), ("丁", 4, False, None)]
    assert r.rank_text() == "并列第1/4" and r.unit == "%"


def test_three_of_four_reported_publishes_no_rank(snap):
    r = ranking(snap, "RD_EXP", "2024", "value", home=A)
    # best figure first all the same (a reading order), 丁县 last; no rank, no rank change
    assert _table(r) == [("乙", None, False, None), ("丙", None, False, None), ("甲", None, False, None),
                         ("丁", None, False, None)]
    assert (r.scope, r.state_text(), r.rank_text()) == ("none", "已报 3/4，暂不排名", "已报 3/4，暂不排名")
    assert r.reported.missing == (D,) and r.average_label() == "已报单位平均（3家）"
    assert r.average() == pytest.approx(1450.0)


def test_within_reported_ranks_among_the_reporting_units_labelled(snap):
    r = ranking(snap, "RD_EXP", "2024", "value", home=A, within_reported=True)
    # ranked among 3; no rank change: last year's rank was a city rank (another basis)
    assert _table(r) == [("乙", 1, False, None), ("丙", 2, False, None), ("甲", 3, False, None),
                         ("丁", None, False, None)]
    assert r.scope == "reported" and r.state_text() == "已报 3/4，在已报单位中排名"
    assert r.rank_text() == "在已报单位中排名：第3/3" and r.rank_text(D) == "—"
    assert list(r.rows["n_ranked"].astype("float64").fillna(0)) == [3, 3, 3, 0]


def test_home_periods_newest_first_by_the_month_they_end():
    """Years, quarters and months together: 2026Q1 (ends in March) is newer than 2026M02; a year comes before
    its own Q4, Q4 before December; de-cumulated single periods are no reported period; annual=True keeps years."""
    from figures.ranking import home_periods, latest_period

    rows = [("RD_EXP", A, "2025", "Y", False, 1000.0), ("RD_EXP", A, "2025Q4", "Q", True, 1000.0),
            ("RD_EXP", A, "2025M12", "M", True, 1000.0), ("RD_EXP", A, "2026M02", "M", True, 150.0),
            ("RD_EXP", A, "2026Q1", "Q", True, 260.0), ("HNTE", A, "2024", "Y", False, 30.0),
            ("RD_EXP", B, "2026Q2", "Q", True, 500.0)]  # another county's later figure does not count
    obs = pd.DataFrame(rows, columns=["indicator", "region", "period", "period_kind", "is_ytd", "value"])
    obs["reported_yoy"], obs["base_value"], obs["status"], obs["note"] = np.nan, np.nan, "final", None
    obs["revision_id"] = pd.array([1] * len(obs), dtype="Int64")
    s = SimpleNamespace(analysis=build_analysis(obs, load_indicators(), REGIONS), regions=REGIONS)
    assert home_periods(s, A, ["RD_EXP", "HNTE"]) == ["2026Q1", "2026M02", "2025", "2025Q4", "2025M12", "2024"]
    assert home_periods(s, A, ["RD_EXP", "HNTE"], annual=True) == ["2025", "2024"]
    assert latest_period(s, A, ["RD_EXP"], annual=False) == "2026Q1"
    assert latest_period(s, A, ["HNTE"]) == "2024" and latest_period(s, D, ["RD_EXP"]) is None


def test_bar_names_and_the_page_chart_read_the_ranking(snap):
    """The bars' names carry the published rank ("1. 甲县"), none while no rank is published; the page's chart
    (layouts.rankings_chart) draws exactly those names, values with 并列, the average line and the state."""
    from layouts.rankings_chart import ranking_figure

    r = ranking(snap, "RD_EXP", "2023", "value", home=A)
    assert r.bar_names() == ["1. 甲县", "1. 乙县", "3. 丙县", "4. 丁县"]
    assert r.bar_names(lang="en") == ["1. Jia County", "1. Yi County", "3. Bing County", "4. Ding County"]
    fig = ranking_figure(r, "万元", "zh")
    assert fig["data"][0]["y"] == r.bar_names() and fig["data"][0]["x"] == [1300.0, 1300.0, 1250.0, 1200.0]
    assert fig["data"][0]["text"] == ["1300  并列", "1300  并列", "1250", "1200"]
    assert [a["text"] for a in fig["layout"]["annotations"]][-1] == "全市平均"

    incomplete = ranking(snap, "RD_EXP", "2024", "value", home=A)
    assert incomplete.bar_names() == ["乙县", "丙县", "甲县", "丁县"]
    fig = ranking_figure(incomplete, "亿元", "zh")
    assert fig["data"][0]["y"] == ["乙县", "丙县", "甲县"] and fig["data"][0]["x"] == [0.15, 0.145, 0.14]
    assert [a["text"] for a in fig["layout"]["annotations"]][-2:] == ["已报单位平均（3家）", "已报 3/4，暂不排名"]
    within = ranking(snap, "RD_EXP", "2024", "value", home=A, within_reported=True)
    assert within.bar_names() == ["1. 乙县", "2. 丙县", "3. 甲县", "丁县"]
