"""Templates pre-filled for an account (issue 14 §4): the long template (data.imports.templates) with one row
per region of the account's scope × expected indicator for the next expected period, the 数值 and 备注 cells
left empty and unlocked for typing."""
from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Protection

from data.catalogue import load_indicators
from data.imports import templates
from indicators.periods import parse_period


def prefilled_long(regions: list[tuple[str, str]], period: str, indicators: list[str], city: str = "130500") -> bytes:
    """xlsx bytes: the long template with rows (地区代码, 地区, 指标代码, 指标, 期别, 是否累计, —, 单位, 正式, —)."""
    wb = openpyxl.load_workbook(io.BytesIO(templates.long_template(city)))
    ws = wb["数据"]
    inds = load_indicators().set_index("code")
    kind = parse_period(period)[2]
    row = 2
    for code, name in regions:
        for ind in indicators:
            r = inds.loc[ind]
            vals = [code, name, ind, r["name_zh"], period, "是" if bool(r["cumulative"]) and kind != "Y" else "否",
                    None, r["unit"], "正式", None]
            for j, v in enumerate(vals, start=1):
                cell = ws.cell(row, j, v)
                cell.protection = Protection(locked=False)
            row += 1
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()
