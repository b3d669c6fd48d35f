"""A1 (breaker6): a cell's period naming only a year (2024年 | 2023年 over the columns, a yearbook series' year
columns, a 年份 column, a long form's 期别) under a title naming a part of the year (邢台市2024年1-9月…, （1-9月）,
（截至9月底）) was stored as the whole year: 1-9月 figures on the 年报 keys, the 2023 one overwriting last year's
annual figure. It is that part of its year (data.imports.periods.within_part): 2023年 = 2023Q3 累计 for flows, the
end of Q3 for stocks. A year said as the whole year (2024年度, 全年) keeps its year."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 1, 10)

Q3 = [("HNTE", "130533", "2023Q3", False, 47.0), ("HNTE", "130533", "2024Q3", False, 52.0),
      ("HNTE", "130534", "2023Q3", False, 73.0), ("HNTE", "130534", "2024Q3", False, 78.0),
      ("RD_EXP", "130533", "2023Q3", True, 7300.0), ("RD_EXP", "130533", "2024Q3", True, 8300.0),
      ("RD_EXP", "130534", "2023Q3", True, 11305.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]


def values(result):
    return sorted(t[:5] for t in stored(result))


@pytest.mark.parametrize("title", ["邢台市2024年1-9月县域科技指标", "邢台市县域科技指标（1-9月）",
                                   "邢台市县域科技指标（截至9月底）", "邢台市2024年前三季度县域科技指标"])
def test_year_groups_under_a_part_of_year_title(analyse, title):
    g = grid([[title], ["县（市、区）", "2024年", None, "2023年", None],
              [None, "R&D经费（万元）", "高新技术企业数（家）", "R&D经费（万元）", "高新技术企业数（家）"],
              ["清河县", 12305, 78, 11305, 73], ["威县", 8300, 52, 7300, 47]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert values(r) == Q3
    assert [t[5] for t in stored(r) if t[:3] == ("RD_EXP", "130534", "2023Q3")] == ["D4"]


def test_a_series_year_columns_under_a_part_of_year_title(analyse):
    g = grid([["各县（市、区）R&D经费（1-9月，万元）"], ["县（市、区）", "2023年", "2024年"],
              ["清河县", 11305, 12305], ["威县", 7300, 8300]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert values(r) == [t for t in Q3 if t[0] == "RD_EXP"]


def test_a_long_forms_year_period_under_a_part_of_year_title(analyse):
    g = grid([["清河县科技指标（1—9月）"], ["地区", "指标", "期别", "数值"],
              ["清河县", "研究与试验发展(R&D)经费", "2024年", 12305], ["清河县", "研究与试验发展(R&D)经费", "2023年", 11305],
              ["清河县", "高新技术企业数", "2024年", 78]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "D5"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "D3"),
                         ("RD_EXP", "130534", "2023Q3", True, 11305.0, "D4")]


def test_a_year_said_whole_or_under_a_year_title_keeps_its_year(analyse):
    """Controls: 2024年 | 2023年 under a title naming the year alone are the years; under no title too."""
    for title in ("邢台市2024年县域科技指标", "邢台市县域科技指标"):
        g = grid([[title], ["县（市、区）", "2024年", "2023年"], [None, "R&D经费（万元）", "R&D经费（万元）"],
                  ["清河县", 12305, 11305]])
        r = analyse(("f.xlsx", g), today=TODAY)
        assert sorted(t[:5] for t in stored(r)) == [("RD_EXP", "130534", "2023", False, 11305.0),
                                                     ("RD_EXP", "130534", "2024", False, 12305.0)], title


@pytest.mark.parametrize("whole", ["2023年全年", "2023年度", "2023年1-12月"])
def test_a_year_said_whole_under_a_part_of_year_title_keeps_its_year(analyse, whole):
    """breaker7: a column said to be the whole year (2023年全年, 2023年度, 1-12月) beside 2024年1-9月 was turned into
    2023Q3 累计 as a bare year is (the column's period passed on as "2023"): it stays the 2023 annual figure."""
    g = grid([["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "2024年1-9月", whole],
              [None, "R&D经费（万元）", "R&D经费（万元）"], ["清河县", 12305, 11305]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("RD_EXP", "130534", "2024Q3", True, 12305.0, "B4"), ("RD_EXP", "130534", "2023", False, 11305.0, "C4")]


def test_a_line_pointing_to_another_table_or_saying_whole_years_sets_no_part(analyse):
    """breaker7 A2: a title 邢台市县域科技指标（年度） with a line （2024年1-9月数据见表2） above a 年份 column turned the
    annual 2022 and 2023 figures into 2022Q3 / 2023Q3 累计. A line pointing to another table names none of this
    table's periods, and one saying 年度 / 全年 keeps its years whole."""
    g = grid([["邢台市县域科技指标（年度）"], ["（2024年1-9月数据见表2）"], ["县（市、区）", "年份", "R&D经费（万元）"],
              ["清河县", "2022年", 14305], ["清河县", "2023年", 15305]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("RD_EXP", "130534", "2022", False, 14305.0, "C4"), ("RD_EXP", "130534", "2023", False, 15305.0, "C5")]
