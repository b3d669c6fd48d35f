"""Read a sniffed file into plain grids: one object-dtype frame per sheet, row 0 = Excel row 1, col 0 = A.

python-calamine reads .xlsx/.xlsm/.xls (fast, never runs macros, never evaluates formulas: it returns
the values Excel cached). It is called directly rather than through pandas.read_excel because pandas
converts every cell in Python and drops the merged-cell ranges we need for headers.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd
import python_calamine as pc

from data.errors import UserError
from data.imports.bounds import check_bounds

MAX_ROWS = 200_000


@dataclass
class Sheet:
    name: str
    grid: pd.DataFrame                      # object cells; "" or None = blank
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    formula_blanks: set[tuple[int, int]] = field(default_factory=set)     # formulas without a cached value
    hidden: bool = False


def read_file(data: bytes, kind: str, name: str, *, max_rows: int = MAX_ROWS) -> list[Sheet]:
    check_bounds(data, kind, name, max_rows=max_rows)  # before any parser materialises a sheet
    if kind == "csv":
        return [_read_csv(data, name, max_rows)]
    xml_info = _xlsx_sheet_xml(data, max_rows, name) if kind == "xlsx" else {}
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise UserError(f"文件「{name}」设置了密码，系统无法读取。请取消密码后另存再上传。",
                        f"{name} is password-protected.") from None
    except Exception:  # noqa: BLE001 - calamine raises several types for damaged files
        raise UserError(f"文件「{name}」已损坏或格式不正确，无法读取。请用 Excel 打开后重新另存为 .xlsx 再上传。",
                        f"{name} is damaged and cannot be read.") from None
    sheets = []
    try:
        for meta in book.sheets_metadata:
            if str(meta.typ) != str(pc.SheetTypeEnum.WorkSheet):
                continue
            sh = book.get_sheet_by_name(meta.name)
            if sh.total_height > max_rows + 50:
                raise _too_many_rows(name, meta.name, sh.total_height, max_rows)
            rows = sh.to_python(skip_empty_area=False)
            grid = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sh.merged_cell_ranges or [])]
            sheets.append(Sheet(meta.name, grid, merged, xml_info.get(meta.name, set()),
                                hidden=str(meta.visible) != str(pc.SheetVisibleEnum.Visible)))
    except UserError:
        raise
    except Exception:  # noqa: BLE001
        raise UserError(f"文件「{name}」内容不完整或已损坏，无法读取。请重新导出后上传。",
                        f"{name} is truncated or damaged.") from None
    return sheets


def _too_many_rows(name: str, sheet: str, rows: int, max_rows: int) -> UserError:
    return UserError(f"文件「{name}」的工作表「{sheet}」有 {rows:,} 行，超过单次导入 {max_rows:,} 行的上限。请按年份或指标拆分成多个文件上传。",
                     f"Sheet {sheet} of {name} has {rows:,} rows, above the {max_rows:,}-row limit; split the file.")


_SHEET_TAG = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"', re.S)
_SHEET_TAG2 = re.compile(rb'<sheet\b[^>]*?r:id="([^"]*)"[^>]*?name="([^"]*)"', re.S)
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"', re.S)
_REL2 = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"', re.S)
_DIM = re.compile(rb'<dimension ref="[A-Z]+\d+:?[A-Z]*(\d*)"')
# A formula cell: <c r="D7" ...><f>...</f><v>cached</v></c>; a missing or empty <v> = no cached value.
_FCELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>.*?</f>)(<v>[^<]+</v>)?', re.S)


def _xlsx_sheet_xml(data: bytes, max_rows: int, name: str) -> dict[str, set[tuple[int, int]]]:
    """Row cap and formulas without cached values, from the sheet XML (calamine returns "" for them)."""
    from xml.sax.saxutils import unescape

    out: dict[str, set[tuple[int, int]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        wb = zf.read("xl/workbook.xml")
        try:
            rels = zf.read("xl/_rels/workbook.xml.rels")
        except KeyError:
            return out
        targets = {i: t for i, t in _REL.findall(rels)} | {i: t for t, i in _REL2.findall(rels)}
        pairs = _SHEET_TAG.findall(wb) or [(n, i) for i, n in _SHEET_TAG2.findall(wb)]
        for sname, rid in pairs:
            target = targets.get(rid, b"").decode()
            path = target.lstrip("/") if target.startswith("/") else "xl/" + target
            sheet_name = unescape(sname.decode("utf-8"), {"&quot;": '"', "&apos;": "'"})
            try:
                xml = zf.read(path)
            except KeyError:
                continue
            dim = _DIM.search(xml[:4096])
            rows = int(dim.group(1)) if dim and dim.group(1) else 0
            rows = max(rows, xml.count(b"<row ")) if rows <= max_rows else rows
            if rows > max_rows + 50:
                raise _too_many_rows(name, sheet_name, rows, max_rows)
            blanks: set[tuple[int, int]] = set()
            if b"<f" in xml:
                for col, row, v in _FCELL.findall(xml):
                    if not v:
                        blanks.add((int(row) - 1, col_index(col.decode())))
            out[sheet_name] = blanks
    return out


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letter(index: int) -> str:
    s, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _read_csv(data: bytes, name: str, max_rows: int) -> Sheet:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UserError(f"文件「{name}」的文字编码无法识别。请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后上传。",
                        f"{name}: unknown text encoding; save as CSV UTF-8 or .xlsx.")
    if text.count("\n") > max_rows + 50:
        raise _too_many_rows(name, name, text.count("\n"), max_rows)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        delim = dialect.delimiter
    except csv.Error:
        delim = ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delim))
    grid = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
    return Sheet(name.rsplit(".", 1)[0], grid.where(grid.notna(), ""))
