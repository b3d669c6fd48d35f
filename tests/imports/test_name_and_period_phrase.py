"""A file's or sheet's name that ends in the same month as the 报告期 above the table is the same report: "科技指标
2026年10月.xlsx" over "报告期：2026年1-10月（累计）" is 1-10月 累计, "2024年三季度" over "2024年1-9月" is 1-9月 累计
(break pass of stop 25: the bureau's own file names refused every figure). Names ending elsewhere, or in another
year, still conflict. Literal outcomes (indicator, region, period, 累计, value, cell) or the refusal."""
import datetime as dt

import pytest

from workbooks import grid

TODAY = dt.date(2026, 12, 1)
HEADER = ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"]
DATA = [["清河县", 12305, 78], ["威县", 8300, 52]]


def rows(result):
    return sorted((r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell)
                  for r in result.obs.itertuples())


def book(line: str, sheet: str = "Sheet1") -> bytes:
    return grid([["邢台市县域科技创新主要指标"], [line], HEADER, *DATA], title=sheet)


def expected(period: str) -> list:
    return sorted([("HNTE", "130533", period, False, 52.0, "C5"), ("HNTE", "130534", period, False, 78.0, "C4"),
                   ("RD_EXP", "130533", period, True, 8300.0, "B5"), ("RD_EXP", "130534", period, True, 12305.0, "B4")])


@pytest.mark.parametrize(("name", "line", "sheet", "period"), [
    ("科技指标2026年10月.xlsx", "填报单位：邢台市科学技术局 报告期：2026年1-10月（累计）", "Sheet1", "2026M10"),
    ("科技指标.xlsx", "报告期：2026年1-10月", "2026年10月", "2026M10"),
    ("2024年三季度县域指标.xlsx", "报告期：2024年1-9月", "Sheet1", "2024Q3"),
    ("2024年9月.xlsx", "报告期：2024年1-9月", "Sheet1", "2024Q3"),
])
def test_a_name_ending_in_the_same_month_is_the_same_report(analyse, name, line, sheet, period):
    r = analyse((name, book(line, sheet)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_string()
    assert rows(r) == expected(period)


@pytest.mark.parametrize(("name", "line"), [
    ("科技指标2026年9月.xlsx", "报告期：2026年1-10月（累计）"),      # another month
    ("科技指标2025年10月.xlsx", "报告期：2026年1-10月（累计）"),     # another year
    ("2024年度科技指标.xlsx", "报告期：2024年1-9月"),               # the whole year against 1-9月
])
def test_a_name_ending_elsewhere_still_conflicts(analyse, name, line):
    r = analyse((name, book(line)), today=TODAY)
    assert r.obs.empty
    assert "期别不一致" in " ".join(r.errors["message_zh"].astype(str))


@pytest.mark.parametrize(("name", "sheet", "line"), [
    ("2024年1-9月县域指标.xlsx", "2024年9月", None),             # two names, no phrase: neither decides
    ("2024年7-9月.xlsx", "Sheet1", "报告期：2024年1-9月"),          # a span named is no bare report month
    ("2024年1-9月.xlsx", "Sheet1", "报告期：2024年7-9月"),          # a 累计 named against a quarter's span
])
def test_two_names_a_span_or_a_ytd_name_still_conflict(analyse, name, sheet, line):
    rows = [["邢台市县域科技创新主要指标"], *([[line]] if line else []), HEADER, *DATA]
    r = analyse((name, grid(rows, title=sheet)), today=TODAY)
    assert r.obs.empty
    assert "期别不一致" in " ".join(r.errors["message_zh"].astype(str))
