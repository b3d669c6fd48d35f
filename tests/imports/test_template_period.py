"""The wide template says what it holds: its period, once, and whether the figures are 累计; its
instructions agree with the sheet (no 是否累计 column is mentioned where there is none)."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl

from data.imports import templates
from workbooks import save

TODAY = dt.date(2026, 11, 30)


def _fill(period):
    wb = openpyxl.load_workbook(io.BytesIO(templates.wide_template(today=TODAY)))
    ws = wb["数据"]
    ws["F2"] = period
    row = next(c.row for c in ws["B"] if c.value == "清河县")
    cols = {str(c.value).split("（")[0]: c.column for c in ws[3] if c.value}
    ws.cell(row, cols["研究与试验发展(R&D)经费"], 15400)
    ws.cell(row, cols["高新技术企业数"], 69)
    return save(wb)


def _table(r):
    return sorted((o.indicator, o.region, o.period, bool(o.is_ytd), float(o.value)) for o in r.obs.itertuples())


def test_wide_template_period_choices_state_ytd_and_have_ended():
    choices = templates.wide_periods(TODAY)
    assert choices[:4] == ["2026年1-9月（累计）", "2026年第三季度（当季）", "2026年1-6月（累计）", "2026年第二季度（当季）"]
    assert "2025年度" in choices and "2026年度" not in choices and "2026年1-12月（累计）" not in choices


def test_wide_template_round_trip_cumulative_and_single_quarter(analyse):
    r = analyse(("w.xlsx", _fill("2024年1-6月（累计）")), today=TODAY)
    assert r.errors.empty
    assert _table(r) == [("HNTE", "130534", "2024Q2", False, 69.0), ("RD_EXP", "130534", "2024Q2", True, 15400.0)]
    r = analyse(("w.xlsx", _fill("2024年第二季度（当季）")), today=TODAY)
    assert r.errors.empty
    assert _table(r) == [("HNTE", "130534", "2024Q2", False, 69.0), ("RD_EXP", "130534", "2024Q2", False, 15400.0)]
    r = analyse(("w.xlsx", _fill("2024年度")), today=TODAY)
    assert _table(r) == [("HNTE", "130534", "2024", False, 69.0), ("RD_EXP", "130534", "2024", False, 15400.0)]


def test_wide_template_instructions_agree_with_the_sheet():
    wb = openpyxl.load_workbook(io.BytesIO(templates.wide_template(today=TODAY)))
    text = "\n".join(str(r[0]) for r in wb["填写说明"].iter_rows(values_only=True) if r[0])
    ws = wb["数据"]
    headers = [c.value for c in ws[3] if c.value]
    assert "是否累计" not in headers and "是否累计" not in text
    assert "单位”列" not in text                       # the wide sheet has no 单位 column
    assert "报告期" in text and "（累计）" in text and "（当季）" in text
    assert "____" not in str(ws["A1"].value)           # the title holds no second place for the period
    numbers = [line.split(".")[0] for line in text.splitlines()[1:] if line[:1].isdigit()]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]


def test_long_template_offers_only_ended_periods():
    """brk5 #14: on 2026-12-01 the long template's hidden 选项 list offers 2026Q3 first, never 2026Q4 or 2026 (not
    ended: every path refuses them), by the importer's rule data.workflow.periods.has_ended; 2026Q4 and 2026 appear
    once they have ended."""
    def choices(today):
        ws = openpyxl.load_workbook(io.BytesIO(templates.long_template(today=today)))["选项"]
        col = next(c.column for c in ws[1] if c.value == "期别")
        return [r[0].value for r in ws.iter_rows(min_row=2, min_col=col, max_col=col) if r[0].value]

    got = choices(dt.date(2026, 12, 1))
    assert got[:6] == ["2026Q3", "2026Q2", "2026Q1", "2025", "2025Q4", "2025Q3"]
    assert "2026Q4" not in got and "2026" not in got and got[-1] == "2021Q1"
    assert choices(dt.date(2027, 1, 1))[:3] == ["2026", "2026Q4", "2026Q3"]
    assert choices(dt.date(2026, 12, 31))[0] == "2026Q3"  # a period ending today has not ended
