"""C5 (breaker6): which of 本期 and 上年同期 a wide column holds, said around the indicator's name: groups 本期 |
上年同期 over the indicators gave duplicate_conflict "请只保留一个正确数值" (the 上年 figure read as a second value of
the same key); 本年R&D经费 / 上年R&D经费（万元） and R&D经费（本年）/（上年） were unknown indicators. The 上年 column is
now the indicator's 上年同期 (base_value, its 同比 checked against it), the 本期 column its value
(table_shapes._period_lead)."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 1, 10)
TITLE = ["邢台市2024年1-9月县域科技指标"]
RD = [("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]


def bases(result):
    o = result.obs.sort_values(["indicator", "region"])
    return [(r.indicator, r.region, float(r.base_value)) for r in o.itertuples()]


@pytest.mark.parametrize("header", [("本年R&D经费（万元）", "上年R&D经费（万元）"), ("R&D经费（本年）", "R&D经费（上年）"),
                                    ("R&D经费（万元）", "上年同期R&D经费（万元）"), ("本期R&D经费", "去年同期R&D经费")])
def test_flat_headers_saying_this_and_last_year(analyse, header):
    r = analyse(("f.xlsx", grid([TITLE, ["县（市、区）", *header], ["清河县", 12305, 11305], ["威县", 8300, 7300]])),
                today=TODAY)
    assert refusals(r) == []
    assert stored(r) == RD
    assert bases(r) == [("RD_EXP", "130533", 7300.0), ("RD_EXP", "130534", 11305.0)]


def test_this_period_and_last_years_groups_over_the_indicators(analyse):
    g = grid([TITLE, ["县（市、区）", "本期", None, "上年同期", None],
              [None, "R&D经费（万元）", "高新技术企业数（家）", "R&D经费（万元）", "高新技术企业数（家）"],
              ["清河县", 12305, 78, 11305, 73], ["威县", 8300, 52, 7300, 47]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "C5"), ("HNTE", "130534", "2024Q3", False, 78.0, "C4"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B5"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B4")]
    assert bases(r) == [("HNTE", "130533", 47.0), ("HNTE", "130534", 73.0), ("RD_EXP", "130533", 7300.0),
                        ("RD_EXP", "130534", 11305.0)]
