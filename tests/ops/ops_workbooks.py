"""Workbooks the operations tests upload: one corrected figure of 清河县, in the long template's columns."""
from __future__ import annotations

import io

from openpyxl import Workbook


def hnte_correction(value: float, period: str = "2023") -> bytes:
    """An .xlsx holding one row: 清河县 (130534) 高新技术企业数 (HNTE) for `period`, `value` 家, status 修订."""
    wb = Workbook()
    ws = wb.active
    ws.append(["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"])
    ws.append(["130534", "清河县", "HNTE", "高新技术企业数", period, "否", value, "家", "修订", "复核后更正"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
