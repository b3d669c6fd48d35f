"""A5 (breaker5): 开发区 / 经济开发区 in one county's table (清河县2024年1-9月科技指标) was stored as the city's zone
河北邢台经济开发区 (130571), whose catalogue aliases are those bare words. In a county's table they name the county's
own zone (清河经济开发区), a part of the county and no catalogue unit. A bare zone alias now names the city's zone
only in the city's table (two counties or more among the labels, or the city or its total among them, or the city
named in the title, sheet name or file name); where the title, sheet or file names one county, or the labels name
one county only, it is unknown_region, with a fix that works (the zone's full name or code, or delete the row)."""
import datetime as dt

import pytest
from import_checks import problems, refusals, stored
from workbooks import grid, long_form

TODAY = dt.date(2026, 1, 10)
HEADER = ["地区", "R&D经费（万元）", "高新技术企业数（家）"]


def county_table(county, zone, title=None):
    return grid([[title if title is not None else f"{county}2024年1-9月科技指标"], HEADER,
                 [county, 12305, 78], [zone, 3000, 20]])


QINGHE = [("HNTE", "130534", "2024Q3", False, 78.0, "C3"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]


@pytest.mark.parametrize(("name", "book", "county_rows"), [
    # rg04: the title names 清河县
    ("t.xlsx", county_table("清河县", "开发区"), QINGHE),
    # rg19: 威县's table, 经济开发区
    ("t.xlsx", county_table("威县", "经济开发区"),
     [("HNTE", "130533", "2024Q3", False, 78.0, "C3"), ("RD_EXP", "130533", "2024Q3", True, 12305.0, "B3")]),
    # rg20: the title names no unit, the file's name does
    ("清河县2024年1-9月科技指标.xlsx", county_table("清河县", "开发区", title="2024年1-9月科技指标"), QINGHE),
    # the sheet's name does
    ("t.xlsx", grid([["2024年1-9月科技指标"], HEADER, ["清河县", 12305, 78], ["开发区", 3000, 20]], title="清河县"),
     QINGHE),
    # the title names the city and the county: the county's table
    ("t.xlsx", county_table("清河县", "开发区", title="邢台市清河县2024年1-9月科技指标"), QINGHE),
])
def test_bare_zone_alias_in_one_countys_table_is_refused(analyse, name, book, county_rows):
    r = analyse((name, book), today=TODAY)
    zone = "经济开发区" if "经济开发区" in str(problems(r)["value"].tolist()) else "开发区"
    assert refusals(r) == [("unknown_region", "A4", zone)]
    p = problems(r, "unknown_region").iloc[0]
    assert p.message_zh.startswith("无法确定是哪个开发区：「" + zone + "」在一个县（市、区）的表中")
    assert "河北邢台经济开发区" in p.fix_zh and "130571" in p.fix_zh
    assert stored(r) == county_rows
    assert r.counts()["cells"]["refused"] == 2


def test_long_form_of_one_county_and_a_bare_zone(analyse):
    """rg21: a long form listing only 清河县 and 开发区 (no title): whose zone is unclear, refused."""
    rows = [["", "清河县", "", "R&D经费", "2024年1-9月", "是", 12305, "", "", ""],
            ["", "开发区", "", "R&D经费", "2024年1-9月", "是", 3000, "", "", ""]]
    r = analyse(("l.xlsx", long_form(rows)), today=TODAY)
    assert refusals(r) == [("unknown_region", "B3", "开发区")]
    assert stored(r) == [("RD_EXP", "130534", "2024Q3", True, 12305.0, "G2")]


@pytest.mark.parametrize("zone", ["河北邢台经济开发区", "邢台经济开发区", "130571"])
def test_the_fix_full_name_or_code_in_a_countys_table(analyse, zone):
    r = analyse(("t.xlsx", county_table("清河县", zone)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C3"), ("HNTE", "130571", "2024Q3", False, 20.0, "C4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3"),
                         ("RD_EXP", "130571", "2024Q3", True, 3000.0, "B4")]


@pytest.mark.parametrize(("title", "labels"), [
    # rg17: a city table of several counties
    ("邢台市2024年1-9月县域科技指标", ["清河县", "威县", "开发区"]),
    ("2024年1-9月县域科技指标", ["清河县", "威县", "经济开发区"]),
    # the city named in the title, one county listed
    ("邢台市2024年1-9月县域科技指标", ["清河县", "开发区"]),
])
def test_bare_zone_alias_in_the_citys_table_is_the_citys_zone(analyse, title, labels):
    rows = [[lab, 100 * (i + 1), 10 + i] for i, lab in enumerate(labels)]
    r = analyse(("c.xlsx", grid([[title], HEADER, *rows])), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    zone_row = 2 + len(labels)
    got = [x for x in stored(r) if x[1] == "130571"]
    assert got == [("HNTE", "130571", "2024Q3", False, 10.0 + len(labels) - 1, f"C{zone_row}"),
                   ("RD_EXP", "130571", "2024Q3", True, 100.0 * len(labels), f"B{zone_row}")]
