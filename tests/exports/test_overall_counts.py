"""The brief's 总体情况 counts what each indicator's own sentence says (indicators.sentences.yoy_direction), never
a count of 0, and praises a 前三位 only where the 并列 group ends within the top three (re-check N2 and N4 of stop
24): 0个 tied with 15 others is "并列第3" but the bottom of the table; ratios are 比上年提高, never 同比增长; "R&D强度
居全市前三位", never "等1项". Demo data, literal sentences."""
from __future__ import annotations

import io

import pytest
from docx import Document

from figures.completeness import Completeness
from figures.ranking import ranking
from figures.sentences import in_top_three
from tests.figures.small_snapshot import annual_snapshot
from tests.figures.test_ranking_literal import REGIONS, A, B, C, D

PLATFORMS = "PLAT_ACADEMICIAN_LIAISON,PLAT_KEY_LAB,PLAT_ACADEMICIAN_WS,RD_EXP"


def _overall(browser, query: str) -> str:
    r = browser.get("/export/brief.docx?" + query)
    assert r.status_code == 200, r.data[:300]
    paras = [p.text for p in Document(io.BytesIO(r.data)).paragraphs]
    head = "一、总体情况" if "lang=en" not in query else "1. Overview"
    return paras[paras.index(head) + 1]


def test_zero_tied_with_fifteen_is_no_top_three_and_zero_both_years_is_flat(browser):
    # 院士重点联系单位: 宁晋 1, 沙河 1, the other 16 (清河 too) 0 -> 并列第3 of 18, positions 3-18;
    # 重点实验室: 清河 1, 并列第3 with 7 others (positions 3-10); 院士工作站: 1, 并列第2 with 6 others (2-8);
    # R&D经费 第3, alone. 同比: R&D +16.55%; 重点实验室 1 -> 1 and 院士工作站 1 -> 1 持平; 院士 0 -> 0 持平.
    assert _overall(browser, f"period=2025&indicators={PLATFORMS}") == (
        "2025年，清河县纳入监测的4项主要科技指标中，1项同比增长，3项与上年持平；与邢台市各县（市、区）相比，"
        "2项指标位次较上年下降，2项指标位次与上年持平。R&D经费居全市前三位。")
    assert _overall(browser, f"period=2025&indicators={PLATFORMS}&lang=en") == (
        "In 2025, of the 4 key S&T indicators of Qinghe County, 1 grew year on year, 3 were unchanged on last year; "
        "among the county-level units of Xingtai City, 2 indicators moved down, 2 indicators kept last year's rank. "
        "R&D expenditure ranks in the city's top three.")


def test_ratios_rise_and_every_rank_unchanged(browser):
    assert _overall(browser, "period=2026Q3&indicators=RD_INTENSITY,FISCAL_ST_SHARE") == (
        "2026年1—3季度，清河县纳入监测的2项主要科技指标中，2项比上年提高；与邢台市各县（市、区）相比，"
        "2项指标位次与上年持平。R&D强度居全市前三位。")


def test_count_of_one_reads_in_english(browser):
    r = browser.get("/api/v1/rankings?indicator=PLAT_KEY_LAB&period=2025&lang=en")
    assert r.get_json()["sentence"] == ("In 2025, the number of key laboratories in the county was 1, unchanged year "
                                        "on year, ranking tied 3rd in the city, down 1 place on last year.")


@pytest.mark.parametrize(("values", "expected"), [
    ({A: 5, B: 5, C: 5, D: 1}, {A: True, B: True, C: True, D: False}),     # 并列第1 of three: positions 1-3
    ({A: 9, B: 5, C: 5, D: 1}, {A: True, B: True, C: True, D: False}),     # 并列第2 of two: positions 2-3
    ({A: 9, B: 8, C: 5, D: 5}, {A: True, B: True, C: False, D: False}),    # 并列第3 of two, and last of four
    ({A: 0, B: 0, C: 0, D: 0}, {A: False, B: False, C: False, D: False}),  # all 0: 并列第1 of four, everyone
])
def test_in_top_three_of_a_small_group(values, expected):
    snap = annual_snapshot({("HNTE", "2024"): values}, REGIONS)
    got = {home: in_top_three(ranking(snap, "HNTE", "2024", "value", home=home)) for home in (A, B, C, D)}
    assert got == expected


@pytest.mark.parametrize(("tied_at_third", "expected"), [(2, True), (3, True), (4, False), (16, False)])
def test_in_top_three_among_eighteen_allows_a_small_tie(tied_at_third, expected):
    """邢台's 18 units: 甲 100, 乙 90, then `tied_at_third` units (清河县 among them) at 80, the rest lower."""
    from data.catalogue import load_regions

    regions = load_regions()
    units = list(regions.loc[(regions["parent"] == "130500") & regions["in_rankings"], "code"].astype(str))
    assert len(units) == 18 and "130534" in units
    others = [u for u in units if u != "130534"]
    values = {others[0]: 100, others[1]: 90, "130534": 80}
    values |= {u: 80 for u in others[2:1 + tied_at_third]}
    values |= {u: 10 for u in others if u not in values}
    r = ranking(annual_snapshot({("HNTE", "2024"): values}, regions), "HNTE", "2024", "value", home="130534")
    assert (int(r.home_rank_row["rank"]), bool(r.home_rank_row["tied"])) == (3, True)
    assert in_top_three(r) is expected


def test_a_derived_measure_that_cannot_complete_does_not_promise_a_rank():
    c = Completeness(("1", "2", "3"), ("1",), "comparable")
    assert c.state_text("en") == "comparable 1/3, not ranked: not every unit is comparable"
    assert c.state_text("zh") == "可比 1/3，暂不排名"
    assert Completeness(("1", "2", "3"), ("1",), "reported").state_text("en") == \
        "reported 1/3, not ranked until all have reported"
