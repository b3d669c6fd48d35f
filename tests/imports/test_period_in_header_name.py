"""br10: one header cell saying the period and the indicator at once.

City offices write the period into the column's own header when the title does not say it: "2024年1-9月R&D经费（万元）",
"2024年前三季度R&D经费", "R&D经费（2024年1-9月）", "高新技术企业数（截至2024年9月末）（家）". Each was an unknown indicator
plus missing_period, and the fix offered (map the label to R&D经费 on the page) could not work: the period stayed
unknown. Such a cell now reads as a period header over the indicator's (table_shapes._period_in_name, the same rules
as a period row over the indicators): the column's period, the rest its indicator and unit. Only a period with its
year and a rest that is a catalogue indicator; 本年 / 上年同期 words stay _period_lead's."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(("rd", "hn"), [
    ("2024年1-9月R&D经费（万元）", "2024年9月末高新技术企业数（家）"),
    ("2024年前三季度R&D经费", "2024年三季度末高新技术企业数"),
    ("R&D经费（2024年1-9月）（万元）", "高新技术企业数（截至2024年9月末）（家）"),
])
def test_the_period_in_the_column_header(analyse, rd, hn):
    r = analyse(("f.xlsx", grid([["各县科技指标"], ["县（市、区）", rd, hn], ["清河县", 12305, 78], ["威县", 8300, 52]])),
                today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "C4"), ("HNTE", "130534", "2024Q3", False, 78.0, "C3"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]


def test_each_column_its_own_period(analyse):
    """Two columns of one indicator, each naming its period (the title names the later one): two periods, never a
    duplicate of one key."""
    r = analyse(("f.xlsx", grid([["2024年1-9月各县科技指标"],
                                 ["县（市、区）", "2023年1-9月R&D经费（万元）", "2024年1-9月R&D经费（万元）"],
                                 ["清河县", 10000, 12305]])), today=TODAY)
    assert refusals(r) == []
    assert stored(r, by="period") == [("RD_EXP", "130534", "2023Q3", True, 10000.0, "B3"),
                                      ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C3")]


def test_a_header_naming_a_period_not_ended_is_refused(analyse):
    r = analyse(("f.xlsx", grid([["各县科技指标"], ["县（市、区）", "2026年1-12月R&D经费（万元）"], ["清河县", 12305]])),
                today=TODAY)
    assert [x[0] for x in refusals(r)] == ["no_values", "period_not_ended"]
    assert stored(r) == []
