"""A wide table with a period column (县（市、区） | 年份 | R&D经费 | 高新技术企业数, one row per county and year): each
row's figures are of its own period. The 年份 / 时间 column was taken for an unknown indicator ("请改为指标目录中的名称",
a fix that cannot work) and the whole table refused."""
import datetime as dt

import pytest
from workbooks import grid

TODAY = dt.date(2026, 1, 10)
HEAD = ["R&D经费（万元）", "高新技术企业数（家）"]


def stored(result):
    return sorted((o.indicator, o.region, o.period, bool(o.is_ytd), float(o.value), o.cell) for o in result.obs.itertuples())


@pytest.mark.parametrize("period_head", ["年份", "时间"])
def test_each_row_is_of_its_own_period(analyse, period_head):
    rows = [["邢台市各县科技指标"], ["县（市、区）", period_head, *HEAD],
            ["清河县", "2023年", 11005, 69], ["清河县", "2024年", 12305, 78], ["威县", "2024年", 8300, 52]]
    r = analyse(("p.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [("HNTE", "130533", "2024", False, 52.0, "D5"), ("HNTE", "130534", "2023", False, 69.0, "D3"),
                         ("HNTE", "130534", "2024", False, 78.0, "D4"), ("RD_EXP", "130533", "2024", False, 8300.0, "C5"),
                         ("RD_EXP", "130534", "2023", False, 11005.0, "C3"),
                         ("RD_EXP", "130534", "2024", False, 12305.0, "C4")]


def test_months_without_a_year_take_the_titles_and_a_blank_period_is_refused_on_its_cell(analyse):
    rows = [["邢台市2024年各县科技指标"], ["县（市、区）", "时间", *HEAD],
            ["清河县", "1-6月", 6100, 75], ["清河县", "1-9月", 12305, 78], ["威县", None, 8300, 52]]
    r = analyse(("p.xlsx", grid(rows)), today=TODAY)
    assert stored(r) == [("HNTE", "130534", "2024Q2", False, 75.0, "D3"), ("HNTE", "130534", "2024Q3", False, 78.0, "D4"),
                         ("RD_EXP", "130534", "2024Q2", True, 6100.0, "C3"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C4")]
    assert sorted(set(zip(r.errors["rule"], r.errors["cell"]))) == [("missing_period", "B5")]


def test_a_total_row_is_checked_against_the_counties_of_its_own_period(analyse):
    # 合计 of 2024 against the 2024 rows only (it was summed over both years: a wrong mismatch warning)
    rows = [["邢台市清河县、威县科技指标"], ["县（市、区）", "年份", *HEAD],
            ["清河县", "2023年", 11005, 69], ["威县", "2023年", 7410, 47], ["合计", "2023年", 18415, 116],
            ["清河县", "2024年", 12305, 78], ["威县", "2024年", 8300, 52], ["合计", "2024年", 20605, 131]]
    r = analyse(("p.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert r.warnings[["rule", "cell", "message_zh"]].values.tolist() == [
        ["total_mismatch", "D8", "合计数与各县（市、区）之和不一致：131，所列各县（市、区）之和为 130"]]
    assert len(r.obs) == 8   # the counties; a partial table's 合计 is a check, never the city's figure
