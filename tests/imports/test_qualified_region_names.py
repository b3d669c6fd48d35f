"""C2 (breaker6): a unit's name written with what places it (邢台市清河县, 河北省清河县, 130534清河县, 130534 清河县) was
not found as a region at all: the sheet was "no table" with a generic fix, the labels never named. Such a label is
that unit when the code and the name agree, or when the unit lies in the province or city named
(Matcher._qualified); a code and a name of two units are region_conflict; a city that does not hold the county
(石家庄市清河县) places nothing."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 1, 10)
TITLE = ["邢台市2024年1-9月县域科技指标"]


@pytest.mark.parametrize(("qinghe", "wei"), [("邢台市清河县", "邢台市威县"), ("河北省清河县", "河北省威县"),
                                              ("130534清河县", "130533威县"), ("130534 清河县", "130533 威县"),
                                              ("河北省邢台市清河县", "河北省邢台市威县")])
def test_qualified_names_are_their_units(analyse, qinghe, wei):
    r = analyse(("f.xlsx", grid([TITLE, ["县（市、区）", "R&D经费（万元）"], [qinghe, 12305], [wei, 8300]])), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]


def test_a_code_and_a_name_of_two_units_or_a_city_without_the_county_are_refused(analyse):
    r = analyse(("f.xlsx", grid([TITLE, ["县（市、区）", "R&D经费（万元）"], ["130534威县", 12305], ["石家庄市清河县", 100],
                                 ["临西县", 5722]])), today=TODAY)
    assert [x[:2] for x in refusals(r)] == [("region_conflict", "A3"), ("unknown_region", "A4")]
    conflict = r.errors[r.errors["rule"] == "region_conflict"]["message_zh"].iloc[0]
    assert "「130534威县」中的代码 130534（清河县）与名称「威县」不是同一个县（市、区）" in conflict
    assert stored(r) == [("RD_EXP", "130535", "2024Q3", True, 5722.0, "B5")]


def test_prefixed_names_make_the_citys_own_row_a_total(analyse):
    """breaker7 A5: 18 labels written 邢台市襄都区 … and a row 邢台市 equal to their sum: the prefixed labels were not
    counted as the city's units, so the 邢台市 row was stored as 130500 (the counties alone). They count: the row is
    the table's 合计, checked and (no zone row) not the city's figure."""
    from data.catalogue import load_regions

    regs = load_regions()
    xingtai = regs[(regs["parent"] == "130500") & (regs["level"] == "county")]
    rows = [[f"邢台市{n}", 100 + i] for i, n in enumerate(xingtai["name"])]
    total = sum(v for _n, v in rows)
    r = analyse(("f.xlsx", grid([TITLE, ["县（市、区）", "R&D经费（万元）"], *rows, ["邢台市", total]])), today=TODAY)
    assert refusals(r) == []
    assert "130500" not in set(r.obs["region"]) and len(r.obs) == len(xingtai) == 18
    assert list(r.warnings["rule"]) == ["total_not_city"]



def test_a_province_prefix_on_a_bare_zone_word_places_nothing(analyse):
    """breaker7: 河北省开发区 (any zone of the province) was read as the city's zone 130571 through the prefix rule."""
    r = analyse(("f.xlsx", grid([TITLE, ["县（市、区）", "R&D经费（万元）"], ["清河县", 12305], ["河北省开发区", 1953]])),
                today=TODAY)
    assert "130571" not in set(r.obs["region"])
    assert [x[:2] for x in refusals(r)] == [("unknown_region", "A4")]



def test_a_city_prefix_on_a_bare_zone_word_is_that_citys_zone(analyse):
    """邢台市经济开发区: the prefix says whose zone it is (130571), in the city's table as in a county's."""
    r = analyse(("f.xlsx", grid([TITLE, ["县（市、区）", "R&D经费（万元）"], ["清河县", 12305], ["邢台市经济开发区", 1953]])),
                today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3"), ("RD_EXP", "130571", "2024Q3", True, 1953.0, "B4")]


@pytest.mark.parametrize(("qinghe", "wei"), [("清河县(130534)", "威县（130533）"), ("清河县 130534", "威县【130533】")])
def test_br10_the_code_after_the_name_places_the_unit_too(analyse, qinghe, wei):
    """br10: 临西县(130535) — the code written after the name, bare or in brackets — was unknown_region with a fix to
    map it on the page; it is the unit when the code and the name agree, region_conflict when they do not."""
    r = analyse(("f.xlsx", grid([TITLE, ["县（市、区）", "R&D经费（万元）"], [qinghe, 12305], [wei, 8300],
                                 ["临西县(130534)", 5722]])), today=TODAY)
    assert [x[:2] for x in refusals(r)] == [("region_conflict", "A5")]
    assert "「临西县(130534)」中的代码 130534（清河县）与名称「临西县」不是同一个县（市、区）" in r.errors["message_zh"].iloc[0]
    assert stored(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]
