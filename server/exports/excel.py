"""Formatted Excel (XlsxWriter): title and as-of lines, a frozen Chinese header, number formats
by column kind and by each indicator's decimals, and a 说明 sheet with source, flags and filters."""
from __future__ import annotations
from typing import TYPE_CHECKING

import io
import math

import pandas as pd
import xlsxwriter

from server.exports.labels import demo_notice, label
from server.exports.tables import Col, ExportTable

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet
    from xlsxwriter.workbook import Workbook

HEADER_ROW = 3  # rows 0-1: title and as-of line; row 3: the header (frozen with everything above)
NUMBER_FORMATS = {0: "#,##0", 1: "#,##0.0", 2: "#,##0.00", 3: "#,##0.000", 4: "#,##0.0000"}


def _formats(book: Workbook):
    base = {"font_name": "Microsoft YaHei", "font_size": 10}
    f = {
        "title": book.add_format({**base, "bold": True, "font_size": 14}),
        "meta": book.add_format({**base, "font_color": "#666666"}),
        "demo": book.add_format({**base, "bold": True, "font_color": "#FFFFFF", "bg_color": "#E8590C"}),
        "header": book.add_format({**base, "bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True,
                                   "valign": "vcenter"}),
        "text": book.add_format(base),
        "int": book.add_format({**base, "num_format": "0"}),
        "pct": book.add_format({**base, "num_format": "0.00"}),
    }
    for d, fmt in NUMBER_FORMATS.items():
        f[f"num{d}"] = book.add_format({**base, "num_format": fmt})
    return f


def _cell_format(col: Col, row: pd.Series, f: dict):
    if col.kind == "number":
        d = int(row[col.decimals]) if isinstance(col.decimals, str) else col.decimals
        return f.get(f"num{d}", f["num2"])
    return f.get(col.kind, f["text"])


def _write(ws: Worksheet, r: int, c: int, value: object, col: Col, fmt: Format, lang: str = "zh") -> None:
    if value is None or value is pd.NA or (isinstance(value, float) and not math.isfinite(value)):
        ws.write_blank(r, c, None, fmt)
    elif col.kind in ("number", "pct", "int"):
        ws.write_number(r, c, float(value), fmt)
    elif col.kind == "bool":
        ws.write_string(r, c, label("xlsx.yes" if value else "xlsx.no", lang), fmt)
    elif isinstance(value, (list, tuple)):
        ws.write_string(r, c, "|".join(map(str, value)), fmt)
    else:
        ws.write_string(r, c, str(value), fmt)  # write_string: text never becomes a formula


def to_xlsx(table: ExportTable, meta_lines: list[tuple[str, str]], as_of_line: str, is_demo: bool,
            lang: str = "zh") -> bytes:
    """An ExportTable as .xlsx bytes: title and as-of lines, the demo notice, one typed column per
    Col (numbers stay numbers, with their decimals), and a second sheet of `meta_lines` (label, text);
    sheet names, title, headers, yes/no and the page footer in `lang`. Strings are never turned into
    formulas or links.
    """
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    f = _formats(book)
    title = table.title_zh if lang == "zh" else table.title_en
    ws = book.add_worksheet(title)
    ws.write_string(0, 0, title, f["title"])
    ws.write_string(1, 0, as_of_line, f["meta"])
    if is_demo:
        ws.write_string(0, 4, demo_notice(lang), f["demo"])
    for c, (col, head) in enumerate(zip(table.columns, table.header(lang))):
        ws.write_string(HEADER_ROW, c, head, f["header"])
        ws.set_column(c, c, col.width)
    frame = table.frame
    for i, (_, row) in enumerate(frame.iterrows()):
        r = HEADER_ROW + 1 + i
        for c, col in enumerate(table.columns):
            _write(ws, r, c, _native(row[col.key]), col, _cell_format(col, row, f), lang)
    ws.freeze_panes(HEADER_ROW + 1, 0)
    if len(frame):
        ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(frame), len(table.columns) - 1)
    ws.set_header(f"&L{title}&R{as_of_line}")
    ws.set_footer("&C" + label("xlsx.page", lang))
    about = book.add_worksheet(label("xlsx.about", lang))
    about.set_column(0, 0, 16)
    about.set_column(1, 1, 80)
    for i, (k, v) in enumerate(meta_lines):
        about.write_string(i, 0, k, f["header"])
        about.write_string(i, 1, v, f["text"])
    book.close()
    return buf.getvalue()


def _native(v: object):
    if v is None or v is pd.NA:
        return None
    return v.item() if hasattr(v, "item") and not isinstance(v, str) else v
