"""A8 (breaker5): a count indicator (catalogue kind "count": 家, 个, 人) holding a fraction (高新技术企业数 78.5) was stored
with a not_integer warning only. A count of firms, platforms or people cannot be fractional: not_integer is an
error on the cell for count indicators; amounts and ratios with decimals are read as before."""
import datetime as dt

import pytest
from import_checks import problems
from workbooks import grid

TODAY = dt.date(2026, 1, 10)


def stored(result):
    o = result.obs.sort_values(["indicator", "region", "period"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell) for r in o.itertuples()]


@pytest.mark.parametrize(("header", "value"), [("高新技术企业数（家）", 78.5), ("科技型中小企业数", 101.25),
                                               ("科技特派员（人）", 35.5), ("省级以上科技创新平台数（个）", 0.5)])
def test_a_count_with_a_fraction_is_an_error(analyse, header, value):
    r = analyse(("f.xlsx", grid([["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", header],
                                 ["清河县", 12305.5, value], ["威县", 8300, 52]])), today=TODAY)
    bad = problems(r, "not_integer")
    assert [(p.severity, p.cell, p.message_zh) for p in bad.itertuples()] == [
        ("error", "C3", "个数类指标（家、个、项、人）出现小数：个数只能是整数")]
    assert set(r.errors["rule"]) == {"not_integer"}


def test_amounts_and_ratios_keep_their_decimals(analyse):
    r = analyse(("f.xlsx", grid([["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"],
                                 ["清河县", 12305.5, 78], ["威县", 8300.25, 52]])), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "C4"), ("HNTE", "130534", "2024Q3", False, 78.0, "C3"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.25, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.5, "B3")]


def test_an_errored_value_cell_is_counted_refused_not_imported(analyse):
    """The cell accounting after the validation: 78.5 家 (not_integer) and −3 家 (negative) are errors on their cells,
    so those two are refused; the other two figures imported; title and header structure (3 + 3 labels)."""
    r = analyse(("f.xlsx", grid([["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"],
                                 ["清河县", 12305, 78.5], ["威县", 8300, -3]])), today=TODAY)
    assert sorted(set(r.errors["rule"])) == ["negative", "not_integer"]
    cells = r.counts()["cells"]
    assert (cells["total"], cells["imported"], cells["structure"], cells["refused"]) == (10, 2, 6, 2)
