"""br10: the date a table was made, sent or updated is no period of its figures.

"各县科技指标（2024年10月上报）", a line "2024年10月制表" or "（2024年10月更新）" above a table without another period stored
every figure as the single month 2024M10; "数据更新至2024年9月" as 2024M09 (1-9月 or 9月 alone? it does not say).
Such a date is left out of every period reading (periods._normal: _MADE_DATE, _UPDATED_TO): with nothing else the
period is missing (refused, the fix to write it works); beside a period phrase (2024年1-9月…（2024年10月更新）) that
phrase is the period."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 11, 30)
TABLE = [["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"], ["清河县", 12305, 78]]


@pytest.mark.parametrize("top", [[["各县科技指标（2024年10月上报）"]], [["各县科技指标"], [None, None, "2024年10月制表"]],
                                 [["各县科技指标（数据更新至2024年9月）"]], [["各县科技指标（2024年10月8日报送）"]]])
def test_a_made_date_alone_names_no_period(analyse, top):
    r = analyse(("f.xlsx", grid([*top, *TABLE])), today=TODAY)
    assert refusals(r) == [("missing_period", "A1", ""), ("no_values", "", "")]
    assert stored(r) == []


@pytest.mark.parametrize("top", [[["2024年1-9月各县科技指标（2024年10月更新）"]],
                                 [["2024年1-9月各县科技指标"], [None, None, "2024年10月制表"]],
                                 [["各县科技指标（2024年1-9月，2024年10月上报）"]]])
def test_beside_a_period_phrase_the_phrase_is_the_period(analyse, top):
    r = analyse(("f.xlsx", grid([*top, *TABLE])), today=TODAY)
    assert refusals(r) == []
    row = len(top) + 2
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, f"C{row}"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, f"B{row}")]
