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
