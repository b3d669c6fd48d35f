"""br10: a title naming a year's months or quarters without saying which (2024年各月…, 2024年科技统计月报, 2024年逐季…).

"2024年各月各县R&D经费" over one R&D经费 column stored its figures as the 2024 annual figure: the reading took the year and
let 各月 / 月报 / 月度 pass, as they name no month. With a year alone such a word names no period
(periods.parse_period: missing_period, the fix to write the period works), while columns headed 1-9月 / 9月 / 一季度
below it are that year's (periods.breakdown_year, the table's year in table_shapes._wide_table)."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize("title", ["2024年各月各县R&D经费", "2024年科技统计月报", "2024年县域科技指标统计季报", "2024年逐月科技指标"])
def test_a_year_with_a_word_of_its_months_is_no_annual_figure(analyse, title):
    r = analyse(("f.xlsx", grid([[title], ["县（市、区）", "R&D经费（万元）"], ["清河县", 1200]])), today=TODAY)
    assert refusals(r) == [("missing_period", "A1", ""), ("no_values", "", "")]
    assert stored(r) == []


@pytest.mark.parametrize(("title", "heads", "expected"), [
    ("2024年R&D经费（万元）（分月）", ["1-9月", "1-6月"],
     [("RD_EXP", "130534", "2024Q2", True, 1100.0, "C3"), ("RD_EXP", "130534", "2024Q3", True, 1200.0, "B3")]),
    ("2024年各季度末高新技术企业数（家）", ["三季度末", "二季度末"],
     [("HNTE", "130534", "2024Q2", False, 1100.0, "C3"), ("HNTE", "130534", "2024Q3", False, 1200.0, "B3")]),
])
def test_columns_under_a_breakdown_title_take_its_year(analyse, title, heads, expected):
    r = analyse(("f.xlsx", grid([[title], ["县（市、区）", *heads], ["清河县", 1200, 1100]])), today=TODAY)
    assert refusals(r) == []
    assert stored(r, by="period") == expected
