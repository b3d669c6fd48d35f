"""在已报单位中排名 (within_reported) has one rule (figures.completeness): a rank among the reporting units always
carries their number ("在已报的2个单位中居第2位"), and among fewer than two units no rank is stated at all
("已报 1/4，暂不排名", as for any incomplete group). Literal tables on a small group."""
from __future__ import annotations


import pandas as pd
import pytest

from figures.completeness import completeness
from figures.ranking import ranking
from figures.sentences import ranking_sentence
from tests.figures.small_snapshot import annual_snapshot

REGIONS = pd.DataFrame({
    "code": ["130500", "130501", "130502", "130503", "130504"],
    "name": ["邢台市", "甲县", "乙县", "丙县", "丁县"],
    "short_name": ["邢台", "甲", "乙", "丙", "丁"],
    "name_en": ["Xingtai City", "Jia County", "Yi County", "Bing County", "Ding County"],
    "level": ["city", "county", "county", "county", "county"],
    "parent": ["130000", "130500", "130500", "130500", "130500"],
    "in_rankings": [False, True, True, True, True],
})
A, B, C, D = "130501", "130502", "130503", "130504"
FIGURES = {
    ("RD_EXP", "2025"): {A: 1200, B: 1500},        # 已报 2/4: a rank among 2 when asked for
    ("HNTE", "2025"): {A: 30},                     # 已报 1/4: never a rank, not even when asked for
    ("TECH_CONTRACT", "2024"): {A: 1000, B: 2000, C: 3000, D: 4000},
    ("TECH_CONTRACT", "2025"): {A: 1100, B: 2400, C: 3150},   # 同比 +10%, +20%, +5%; 丁 has not reported
}


@pytest.fixture(scope="module")
def snap():
    return annual_snapshot(FIGURES, REGIONS)


def _rows(values: dict) -> pd.DataFrame:
    return pd.DataFrame({"region": list(values), "value": list(values.values())})


def test_the_rule_needs_two_reporting_units():
    members = [A, B, C, D]
    one = completeness(_rows({A: 1.0}), members)
    assert one.ranks_published(within_reported=True) is False
    assert one.state_text("zh", within_reported=True) == "已报 1/4，暂不排名"
    assert one.state_text("en", within_reported=True) == "reported 1/4, not ranked until all have reported"
    two = completeness(_rows({A: 1.0, B: 2.0}), members)
    assert two.ranks_published(within_reported=True) is True and two.ranks_published() is False
    assert two.state_text("zh", within_reported=True) == "已报 2/4，在已报单位中排名"
    assert (two.within_phrase("zh"), two.within_phrase("en")) == ("在已报的2个单位中", "among the 2 reporting units")
    comparable = completeness(_rows({A: 1.0, B: 2.0, C: 3.0}), members, basis="comparable")
    assert comparable.within_phrase("zh") == "在可比的3个单位中"


def test_two_of_four_rank_among_two_and_say_so(snap):
    r = ranking(snap, "RD_EXP", "2025", home=A, within_reported=True)
    assert (r.scope, r.state_text(), r.rank_text()) == ("reported", "已报 2/4，在已报单位中排名", "在已报单位中排名：第2/2")
    assert r.bar_names() == ["1. 乙县", "2. 甲县", "丙县", "丁县"]
    assert ranking_sentence(r, snap.regions) == "2025年全县R&D经费投入1200万元，无上年同期数据，总量在已报的2个单位中居第2位。"
    assert ranking_sentence(r, snap.regions, "en") == ("In 2025, the county's R&D expenditure was 12.00 million yuan, "
                                                       "no figure for the same period last year, ranking 2nd among "
                                                       "the 2 reporting units.")


def test_one_of_four_is_no_ranking_even_when_asked(snap):
    r = ranking(snap, "HNTE", "2025", home=A, within_reported=True)
    assert (r.scope, r.ranks_published) == ("none", False)
    assert r.state_text() == r.rank_text() == "已报 1/4，暂不排名"
    assert r.bar_names() == ["甲县", "乙县", "丙县", "丁县"]
    assert r.rows["rank"].isna().all()
    assert ranking_sentence(r, snap.regions) == "2025年全县高新技术企业为30家，无上年同期数据，全市已报 1/4，暂不排名。"


def test_a_derived_measure_names_the_comparable_units(snap):
    r = ranking(snap, "TECH_CONTRACT", "2025", "yoy", home=A, within_reported=True)
    assert r.rank_text() == "在已报单位中排名：第2/3"
    assert ranking_sentence(r, snap.regions) == \
        "2025年全县技术合同登记额为1100万元，同比增长10.00%，增速在可比的3个单位中居第2位。"


# A rank change compares two ranks only among the same units (tester rk7 #1: "总量在已报的5个单位中并列第2位，较上年降低1位"
# set 1st of 2 last year against tied 2nd of 5 this year).
MOVES = {
    ("SUPER_DEDUCT_AMOUNT", "2024"): {A: 1400, D: 0},             # ranked among 甲, 丁
    ("SUPER_DEDUCT_AMOUNT", "2025"): {A: 1650, B: 1650, D: 0},    # ranked among 甲, 乙, 丁: another set
    ("TSME", "2024"): {A: 10, B: 20},                             # ranked among 甲, 乙 both years
    ("TSME", "2025"): {A: 30, B: 20},
}


@pytest.fixture(scope="module")
def moves():
    return annual_snapshot(MOVES, REGIONS)


def test_no_rank_change_between_ranks_among_different_units(moves):
    from figures.sentences import overall_sentence

    r = ranking(moves, "SUPER_DEDUCT_AMOUNT", "2025", home=A, within_reported=True)
    table = r.rows.set_index("region")[["rank", "tied", "rank_prev", "rank_change"]]
    assert table.loc[[A, B, D]].astype(object).where(table.loc[[A, B, D]].notna(), None).values.tolist() == [
        [1, True, None, None], [1, True, None, None], [3, False, None, None]]
    assert ranking_sentence(r, moves.regions) == \
        "2025年全县加计扣除额为1650万元，同比增长17.86%，总量在已报的3个单位中并列第1位。"
    assert overall_sentence([r], "甲县", "邢台市", "2025年") == (
        "2025年，甲县纳入监测的1项主要科技指标中，1项同比增长；与邢台市各县（市、区）中的已报单位相比，1项指标上年无可比位次。")


def test_a_rank_change_among_the_same_reporting_units_is_stated(moves):
    r = ranking(moves, "TSME", "2025", home=A, within_reported=True)
    home = r.home_rank_row
    assert (home["rank"], home["rank_prev"], home["rank_change"]) == (1, 2, 1)
    assert ranking_sentence(r, moves.regions) == \
        "2025年全县科技型中小企业为30家，同比增长200.00%，总量在已报的2个单位中居第1位，较上年提升1位。"
