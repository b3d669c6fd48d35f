"""Read a sniffed file into plain grids: one object-dtype frame per sheet, row 0 = Excel row 1, col 0 = A.

python-calamine reads .xlsx/.xlsm/.xls (fast, never runs macros, never evaluates formulas: it returns
the values Excel cached). It is called directly rather than through pandas.read_excel because pandas
converts every cell in Python and drops the merged-cell ranges we need for headers.
"""
from __future__ import annotations

import csv
import io
import re
import threading
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import python_calamine as pc

from data.errors import UserError
from data.imports.bounds import check_bounds

if TYPE_CHECKING:
    from collections.abc import Callable

MAX_ROWS = 200_000


@dataclass
class Sheet:
    name: str
    grid: pd.DataFrame                      # object cells; "" or None = blank
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 inclusive
    formula_blanks: set[tuple[int, int]] = field(default_factory=set)     # formulas without a cached value
    hidden: bool = False
    hidden_rows: set[int] = field(default_factory=set)     # 0-based rows hidden or filtered out (.xlsx)
    hidden_cols: set[int] = field(default_factory=set)     # 0-based columns hidden (.xlsx)
    percent_cells: set[tuple[int, int]] = field(default_factory=set)  # cells shown with a % number format
    # cells whose number format shows another figure than the stored one (0!.0000, #,##0,,): cell -> format code
    scaled_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    # cells whose number format writes a unit ('0.0000"亿元"' shows 1.2305 as 1.2305亿元): cell -> the unit
    # (format_unit), a unit source of the figure like its header
    unit_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    nonblank: np.ndarray | None = None      # the read grid's nonblank mask when known (set on unpickling)
    separator: str | None = None            # a CSV's cell separator (",", ";", "\t"); None for workbooks

    def __getstate__(self) -> dict:
        """Pickled compactly (the sandbox child sends its sheets to the parent this way): the grid as
        typed column arrays (pack_grid) instead of one Python object per cell."""
        state = dict(self.__dict__)
        state["grid"] = pack_grid(self.grid)
        state.pop("nonblank", None)
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        packed = state["grid"]
        state["grid"] = unpack_grid(packed)
        if not isinstance(packed, pd.DataFrame):
            state["nonblank"] = packed_nonblank(packed)
        self.__dict__.update(state)


# Cell type codes of a packed grid column.
_FLOAT, _STR, _NONE, _OTHER = 0, 1, 2, 3
_TYPE_CODE = {float: _FLOAT, str: _STR, type(None): _NONE}


def pack_grid(grid: pd.DataFrame) -> dict:
    """An object grid as compact, exactly reversible column arrays: per column an int8 type code per cell,
    the float cells as one float64 array, the text cells as int32 codes into their distinct values, and
    the rare other cells (int, bool, dates, times) as (row, value) pairs. Pickling a 100k-row grid this way
    takes a few tenths of a second instead of seconds, and unpickling builds no per-cell Python objects
    except the floats. Types are kept exactly (1.0, 1 and True stay distinct)."""
    g = grid.to_numpy(dtype=object)
    cols = []
    for c in range(g.shape[1]):
        col = g[:, c]
        code = _type_codes(col)
        is_float, is_str = code == _FLOAT, code == _STR
        floats = col[is_float].astype(np.float64) if is_float.any() else np.zeros(0)
        if is_str.any():
            scodes, uniq = pd.factorize(col[is_str])
            scodes, uniq = scodes.astype(np.int32), list(uniq)
        else:
            scodes, uniq = np.zeros(0, dtype=np.int32), []
        other = np.flatnonzero(code == _OTHER)
        cols.append((code, floats, scodes, uniq, [(int(i), col[i]) for i in other]))
    return {"shape": g.shape, "columns": list(grid.columns), "index": list(grid.index) if not isinstance(
        grid.index, pd.RangeIndex) else None, "cols": cols}


def _type_codes(col: np.ndarray) -> np.ndarray:
    """_TYPE_CODE per cell; whole columns of text or of floats are recognised in C (pandas' lib checks)."""
    n = len(col)
    try:
        from pandas._libs import lib

        if n and lib.is_string_array(col, skipna=False):
            return np.full(n, _STR, dtype=np.int8)
        if n and _floats_only(lib, col):
            return np.full(n, _FLOAT, dtype=np.int8)
        # a column of figures under its header lines: the body below the first rows recognised as one block
        head = min(n, _HEAD_ROWS)
        if n > head and _floats_only(lib, col[head:]):
            out = np.full(n, _FLOAT, dtype=np.int8)
            out[:head] = _type_codes_each(col[:head])
            return out
    except (ImportError, AttributeError, TypeError):  # private helpers moved: the per-cell path below is exact
        pass
    return _type_codes_each(col)


_HEAD_ROWS = 64   # rows of a column typed cell by cell before its body is tried as one block


def _floats_only(lib: object, col: np.ndarray) -> bool:
    """Every cell a float: pandas' check, which also passes None (as a missing value), then no None."""
    return bool(lib.is_float_array(col)) and not (col == None).any()  # noqa: E711 - elementwise, not identity


def _type_codes_each(col: np.ndarray) -> np.ndarray:
    return np.fromiter((_TYPE_CODE.get(type(v), _OTHER) for v in col), dtype=np.int8, count=len(col))


def _is_missing(v: object) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def packed_nonblank(packed: dict) -> np.ndarray:
    """The nonblank mask (data.imports.accounting.nonblank_mask without formula blanks) of a packed grid,
    from its type codes: a float that is not NaN, text that is not whitespace only, or any other value."""
    nrows, ncols = packed["shape"]
    out = np.zeros((nrows, ncols), dtype=bool)
    for c, (code, floats, scodes, uniq, other) in enumerate(packed["cols"]):
        col = code == _OTHER
        for i, v in other:   # a missing value of another type (NaT, a numpy NaN) is blank, as in _blank
            col[i] = not _is_missing(v)
        fl = code == _FLOAT
        col[fl] = ~np.isnan(floats)
        if len(uniq):
            filled = np.fromiter((bool(u.strip()) for u in uniq), dtype=bool, count=len(uniq))
            col[code == _STR] = filled[scodes]
        out[:, c] = col
    return out


def unpack_grid(packed: dict | pd.DataFrame) -> pd.DataFrame:
    """The inverse of pack_grid (a plain DataFrame passes through, for sheets pickled before packing)."""
    if isinstance(packed, pd.DataFrame):
        return packed
    nrows, _ = packed["shape"]
    data = {}
    for name, (code, floats, scodes, uniq, other) in zip(packed["columns"], packed["cols"]):
        out = np.empty(nrows, dtype=object)
        out[code == _FLOAT] = floats
        if len(uniq):
            out[code == _STR] = np.array(uniq, dtype=object)[scodes]
        for i, v in other:
            out[i] = v
        data[name] = out
    index = packed["index"]
    if not data:
        return pd.DataFrame(index=range(nrows) if index is None else index, dtype=object)
    return pd.DataFrame(data, index=index, dtype=object, copy=False)


def read_file(data: bytes, kind: str, name: str, *, max_rows: int = MAX_ROWS,
              bounds_checked: bool = False) -> list[Sheet]:
    """The file's sheets. The row, column and cell caps (data.imports.bounds) are checked before any parser
    runs, unless the caller did so already (bounds_checked: data.imports.sandbox checks them in the parent)."""
    if not bounds_checked:
        check_bounds(data, kind, name, max_rows=max_rows)
    if kind == "csv":
        return [_read_csv(data, name)]
    # What calamine does not return is read from the file beside it, in a thread (calamine's parse releases
    # the GIL: the two overlap on a second core). Its failure is raised first, as when it ran before calamine.
    side = _Beside(_xlsx_sheet_xml if kind == "xlsx" else _xls_sheet_info if kind == "xls" else dict, data)
    try:
        sheets = _read_book(data, name, side)
        side.result()   # also when no worksheet asked for it
        return sheets
    except _BesideFailed as failed:
        raise failed.error from None
    except BaseException:
        try:
            side.result()
        except _BesideFailed as failed:
            raise failed.error from None
        raise


class _BesideFailed(BaseException):  # noqa: N818 - passes the readers' `except Exception` untouched
    def __init__(self, error: BaseException):
        super().__init__(error)
        self.error = error


class _Beside:
    """fn(data) in a thread; result() waits for it and raises _BesideFailed carrying what fn raised."""

    def __init__(self, fn: Callable[[bytes], dict], data: bytes):
        self._out: dict = {}
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, data), daemon=True, name="sheet-xml")
        self._thread.start()

    def _run(self, fn: Callable[[bytes], dict], data: bytes) -> None:
        try:
            self._out = fn(data) if fn is not dict else {}
        except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
            self._error = exc

    def result(self) -> dict:
        self._thread.join()
        if self._error is not None:
            raise _BesideFailed(self._error)
        return self._out


def _read_book(data: bytes, name: str, side: _Beside) -> list[Sheet]:
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
            grid = _grid(sh.to_python(skip_empty_area=False))
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sh.merged_cell_ranges or [])]
            info = side.result().get(meta.name) or SheetXml()
            edge = set(info.formula_blanks) | set(info.error_cells)
            if edge:   # a formula without a value (or an error) at the edge lies outside calamine's range
                nr = max(len(grid), 1 + max(r for r, _c in edge))
                nc = max(grid.shape[1], 1 + max(c for _r, c in edge))
                if (nr, nc) != grid.shape:
                    grid = grid.reindex(index=range(nr), columns=range(nc)).astype(object)
                    grid = grid.where(grid.notna(), "")
            for (r, c), err in info.error_cells.items():
                # calamine returns an error cell (#N/A, #DIV/0! …, typed or a formula's cached result) as blank:
                # its text goes into the grid, as a CSV saved from Excel holds it (clean.excel_error, one road)
                if not _text_of(grid.iat[r, c]):
                    grid.iat[r, c] = err
            sheets.append(Sheet(meta.name, grid, merged, info.formula_blanks,
                                hidden=str(meta.visible) != str(pc.SheetVisibleEnum.Visible),
                                hidden_rows=info.hidden_rows, hidden_cols=info.hidden_cols,
                                percent_cells=info.percent_cells, scaled_cells=info.scaled_cells,
                                unit_cells=info.unit_cells))
    except UserError:
        raise
    except Exception:  # noqa: BLE001
        raise UserError(f"文件「{name}」内容不完整或已损坏，无法读取。请重新导出后上传。",
                        f"{name} is truncated or damaged.") from None
    return sheets


def _text_of(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()


def _grid(rows: list[list]) -> pd.DataFrame:
    """calamine's rows (lists of cells) as an object frame, equal to pd.DataFrame(rows, dtype=object): built
    from one 2-D object array when the rows are all as long (calamine's are), a third faster."""
    if not rows:
        return pd.DataFrame(dtype=object)
    try:
        cells = np.array(rows, dtype=object)
    except ValueError:   # rows of different lengths
        cells = None
    if cells is not None and cells.shape == (len(rows), len(rows[0])) and cells.shape[1]:
        return pd.DataFrame(cells, dtype=object, copy=False)
    return pd.DataFrame(rows, dtype=object)   # ragged rows, or cells numpy would unpack (tuples)


_SHEET_TAG = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"', re.S)
_SHEET_TAG2 = re.compile(rb'<sheet\b[^>]*?r:id="([^"]*)"[^>]*?name="([^"]*)"', re.S)
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"', re.S)
_REL2 = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"', re.S)
# A formula cell: <c r="D7" ...><f>...</f><v>cached</v></c>; a missing or empty <v> = no cached value.
_FCELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>.*?</f>)(<v>[^<]+</v>)?', re.S)


@dataclass
class SheetXml:
    """What calamine does not return, read from the sheet XML: formulas without a cached value, hidden
    (or filtered-out) rows, hidden columns and cells whose number format shows a percentage."""
    formula_blanks: set[tuple[int, int]] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    percent_cells: set[tuple[int, int]] = field(default_factory=set)
    scaled_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    unit_cells: dict[tuple[int, int], str] = field(default_factory=dict)
    error_cells: dict[tuple[int, int], str] = field(default_factory=dict)   # Excel error values: cell -> "#N/A"


# An error cell: <c r="B3" … t="e"…>[<f>…</f>]<v>#N/A</v></c> (typed, or a formula's cached error)
_HAS_ERROR = re.compile(rb't="e"')
_ECELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?\bt="e"[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>.*?</f>)?<v>([^<]*)</v>', re.S)
# xls BOOLERR / FORMULA error codes (MS-XLS 2.5.10 BErr)
_XLS_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
               0x2A: "#N/A", 0x2B: "#GETTING_DATA"}


# Whether a sheet has formulas / hidden rows or columns at all: sre's literal search is two to three times as
# fast as bytes' `in` on sheet XML, where "<" is every few bytes.
_HAS_FORMULA = re.compile(rb"<f")
# hidden rows and columns: hidden="1", or a height or width of 0 (invisible in Excel all the same)
_HAS_HIDDEN = re.compile(rb'hidden="')
_HAS_ZERO_SIZE = (re.compile(rb' ht="0'), re.compile(rb' width="0'))   # literal searches: an alternation is 50x slower
_ROW_INVISIBLE = rb'(?:hidden="(?:1|true)"|ht="0(?:\.0*)?")'
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\b' + _ROW_INVISIBLE)
_HIDDEN_ROW2 = re.compile(rb'<row\b[^>]*?\b' + _ROW_INVISIBLE + rb'[^>]*?\br="(\d+)"')
_COL_TAG = re.compile(rb'<col\b[^>]*>')
_COL_MIN = re.compile(rb'\bmin="(\d+)"')
_COL_MAX = re.compile(rb'\bmax="(\d+)"')
_COL_HIDDEN = re.compile(rb'\b(?:hidden="(?:1|true)"|width="0(?:\.0*)?")')
_NUMFMT = re.compile(rb'<numFmt\b[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELLXFS = re.compile(rb'<cellXfs\b[^>]*>(.*?)</cellXfs>', re.S)
_XF = re.compile(rb'<xf\b([^>]*)')
_XF_FMT = re.compile(rb'numFmtId="(\d+)"')
PERCENT_BUILTIN = {9, 10}   # ECMA-376 built-in number formats "0%" and "0.00%"


def _percent_styles(zf: zipfile.ZipFile) -> set[bytes]:
    """Indexes (as bytes, the way they appear in s="…") of cell styles whose number format is a percentage."""
    try:
        styles = zf.read("xl/styles.xml")
    except KeyError:
        return set()
    custom = {}
    for fid, code in _NUMFMT.findall(styles):
        text = re.sub(r'"[^"]*"|\\.', "", code.decode("utf-8", "replace").replace("&quot;", '"'))
        custom[int(fid)] = "%" in text
    m = _CELLXFS.search(styles)
    out = set()
    if m:
        for i, attrs in enumerate(_XF.findall(m.group(1))):
            f = _XF_FMT.search(attrs)
            fid = int(f.group(1)) if f else 0
            if fid in PERCENT_BUILTIN or custom.get(fid):
                out.add(str(i).encode())
    return out


_FMT_LITERAL = re.compile(r'"[^"]*"|[\\!].|\[[^\]]*\]|_.|\*.')
_FAKE_POINT = re.compile(r'[0#?](?:"[^"]*\.[^"]*"|[\\!]\.)[0#?]')
_COMMA_SCALE = re.compile(r"[0#?],+(?![0#?])")


def scaling_format(code: str) -> bool:
    """A number format that shows another figure than the cell holds: a decimal point typed as a literal between
    digits ("0!.0000", "0\\.0000", '0"."0000' show 123050000 as 12305.0000) or a thousands comma after the last
    digit ("#,##0," divides by 1000, "0.0,," by a million). Only the first (positive numbers') section counts."""
    section = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', code, maxsplit=1)[0]
    if _FAKE_POINT.search(section):
        return True
    return bool(_COMMA_SCALE.search(_FMT_LITERAL.sub(" ", section)))


_FMT_QUOTED = re.compile(r'"([^"]*)"|\\(.)')


def format_unit(code: str) -> str | None:
    """The unit a number format writes after (or before) the figure: '0.0000"亿元"' -> "亿元", '#,##0"元"' -> "元",
    '0"人次"' -> "人次", '0.00"亿"' -> "亿元" (clean.unit_word's spellings); a foreign currency ('0.00"万美元"') as
    written, so that it is refused. Only the first (positive numbers') section; None for a format writing no unit
    (or a literal that is none: '"约"0')."""
    from data.imports.clean import FOREIGN_MONEY, unit_word

    section = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', code, maxsplit=1)[0]
    literal = "".join(a or b for a, b in _FMT_QUOTED.findall(section)).strip()
    if not literal:
        return None
    if (u := unit_word(literal)) is not None:
        return u
    return literal if FOREIGN_MONEY.search(literal) else None


def _custom_formats(zf: zipfile.ZipFile) -> tuple[dict[int, str], list[int]]:
    """The workbook's custom number formats (id -> code) and each cell style's number format id, by style index."""
    try:
        styles = zf.read("xl/styles.xml")
    except KeyError:
        return {}, []
    from xml.sax.saxutils import unescape
    custom = {int(fid): unescape(code.decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})
              for fid, code in _NUMFMT.findall(styles)}
    m = _CELLXFS.search(styles)
    xfs = []
    if m:
        for attrs in _XF.findall(m.group(1)):
            f = _XF_FMT.search(attrs)
            xfs.append(int(f.group(1)) if f else 0)
    return custom, xfs


def _styles_where(formats: tuple[dict[int, str], list[int]], judge: Callable[[str], object]) -> dict[bytes, object]:
    """Indexes (as bytes, as in s="…") of cell styles whose custom number format `judge` gives a value, with it."""
    custom, xfs = formats
    judged = {fid: v for fid, code in custom.items() if (v := judge(code))}
    return {str(i).encode(): judged[fid] for i, fid in enumerate(xfs) if fid in judged} if judged else {}


def _xlsx_sheet_xml(data: bytes) -> dict[str, SheetXml]:
    """Formulas without cached values, hidden rows/columns and percent cells, from the sheet XML (the row
    cap is data.imports.bounds')."""
    from xml.sax.saxutils import unescape

    out: dict[str, SheetXml] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        wb = zf.read("xl/workbook.xml")
        try:
            rels = zf.read("xl/_rels/workbook.xml.rels")
        except KeyError:
            return out
        pct_styles = _percent_styles(zf)
        pct_cell = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?\bs="(' + b"|".join(sorted(pct_styles)) + rb')"') \
            if pct_styles else None
        formats = _custom_formats(zf)
        scaled_styles = _styles_where(formats, lambda code: code if scaling_format(code) else None)
        scaled_cell = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?\bs="(' + b"|".join(sorted(scaled_styles)) + rb')"') \
            if scaled_styles else None
        unit_styles = _styles_where(formats, format_unit)
        unit_cell = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*?\bs="(' + b"|".join(sorted(unit_styles)) + rb')"') \
            if unit_styles else None
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
            info = SheetXml()
            if _HAS_FORMULA.search(xml):
                for col, row, v in _FCELL.findall(xml):
                    if not v:
                        info.formula_blanks.add((int(row) - 1, col_index(col.decode())))
            if _HAS_HIDDEN.search(xml) or any(p.search(xml) for p in _HAS_ZERO_SIZE):
                info.hidden_rows = {int(r) - 1 for r in _HIDDEN_ROW.findall(xml)} | \
                    {int(r) - 1 for r in _HIDDEN_ROW2.findall(xml)}
                for tag in _COL_TAG.findall(xml[:xml.find(b"<sheetData")] if b"<sheetData" in xml else b""):
                    lo, hi = _COL_MIN.search(tag), _COL_MAX.search(tag)
                    if _COL_HIDDEN.search(tag) and lo and hi:
                        info.hidden_cols |= set(range(int(lo.group(1)) - 1, min(int(hi.group(1)), 16384)))
            if pct_cell is not None:
                info.percent_cells = {(int(r) - 1, col_index(c.decode())) for c, r, _s in pct_cell.findall(xml)}
            if scaled_cell is not None:
                info.scaled_cells = {(int(r) - 1, col_index(c.decode())): scaled_styles[st]
                                     for c, r, st in scaled_cell.findall(xml)}
            if unit_cell is not None:
                info.unit_cells = {(int(r) - 1, col_index(c.decode())): unit_styles[st]
                                   for c, r, st in unit_cell.findall(xml)}
            if _HAS_ERROR.search(xml):
                info.error_cells = {(int(r) - 1, col_index(c.decode())): v.decode("utf-8", "replace").strip()
                                    for c, r, v in _ECELL.findall(xml) if v.strip()}
            out[sheet_name] = info
    return out


def _percent_format(code: str) -> bool:
    """A number format that shows a percentage: an unquoted, unescaped % (Excel then multiplies by 100)."""
    return "%" in re.sub(r'"[^"]*"|\\.', "", code)


def _xls_sheet_info(data: bytes) -> dict[str, SheetXml]:
    """What calamine does not return for a BIFF8 .xls, from its records (MS-XLS): hidden rows (ROW fDyZero),
    hidden columns (COLINFO fHidden) and numeric cells (NUMBER, RK, MULRK, FORMULA) whose XF's number
    format shows a percentage (built-in 9/10 or a FORMAT record with %). The bounds walked the same records
    already (data.imports.bounds), so this cannot run away; a record it cannot read is skipped."""
    import struct

    import olefile

    out: dict[str, SheetXml] = {}
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book" if ole.exists("Book") else None
            if stream is None:
                return out
            wb = ole.openstream(stream).read()
    except Exception:  # noqa: BLE001 - calamine gives the damaged-file message
        return out
    pct_formats = set(PERCENT_BUILTIN)
    unit_formats: dict[int, str] = {}   # ifmt -> the unit its format writes (format_unit)
    unit_xf: list[str | None] = []
    pct_xf: list[bool] = []
    xf_formats: list[int] = []
    names: list[str] = []
    pos, depth, sheet_no, info = 0, 0, -1, None
    while pos + 4 <= len(wb):
        rtype, length = struct.unpack_from("<HH", wb, pos)
        body = wb[pos + 4:pos + 4 + length]
        pos += 4 + length
        try:
            if rtype == 0x0809:                                   # BOF
                depth += 1
                if depth == 1 and len(body) >= 4 and struct.unpack_from("<H", body, 2)[0] == 0x0010:
                    sheet_no += 1
                    info = SheetXml()
                    if sheet_no < len(names):
                        out[names[sheet_no]] = info
                    pct_xf = [f in pct_formats for f in xf_formats]
                    unit_xf = [unit_formats.get(f) for f in xf_formats]
                elif depth == 1:
                    info = None
            elif rtype == 0x000A:                                 # EOF
                depth = max(depth - 1, 0)
                if depth == 0:
                    info = None
            elif rtype == 0x0085 and len(body) >= 8:              # BOUNDSHEET
                nlen, flags = body[6], body[7]
                raw = body[8:8 + nlen * (2 if flags & 1 else 1)]
                names.append(raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace"))
            elif rtype == 0x041E and len(body) >= 5:              # FORMAT: ifmt, XLUnicodeString
                ifmt, cch, flags = struct.unpack_from("<HHB", body, 0)
                raw = body[5:5 + cch * (2 if flags & 1 else 1)]
                code = raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")
                if _percent_format(code):
                    pct_formats.add(ifmt)
                if unit := format_unit(code):
                    unit_formats[ifmt] = unit
            elif rtype == 0x00E0 and len(body) >= 4:              # XF: ifnt, ifmt
                xf_formats.append(struct.unpack_from("<H", body, 2)[0])
            elif info is None or depth != 1:
                pass
            elif rtype == 0x0208 and len(body) >= 16:             # ROW: miyRw at 6; grbit at 12: fDyZero 0x20,
                grbit = struct.unpack_from("<H", body, 12)[0]         # fUnsynced 0x40 (a height set by hand)
                zero_height = grbit & 0x40 and struct.unpack_from("<H", body, 6)[0] & 0x7FFF == 0
                if grbit & 0x20 or zero_height:
                    info.hidden_rows.add(struct.unpack_from("<H", body, 0)[0])
            elif rtype == 0x007D and len(body) >= 10:             # COLINFO: first, last, width, ixfe, grbit
                first, last, _w, _x, grbit = struct.unpack_from("<HHHHH", body, 0)
                if grbit & 0x0001 or _w == 0:                     # fHidden, or a width of 0
                    info.hidden_cols |= set(range(first, min(last, 255) + 1))
            elif rtype in (0x0203, 0x027E, 0x0006) and len(body) >= 6:   # NUMBER, RK, FORMULA
                r, c, ixfe = struct.unpack_from("<HHH", body, 0)
                if ixfe < len(pct_xf) and pct_xf[ixfe]:
                    info.percent_cells.add((r, c))
                if ixfe < len(unit_xf) and unit_xf[ixfe]:
                    info.unit_cells[(r, c)] = unit_xf[ixfe]
                # a formula whose cached result is an error: FormulaValue byte 0 = 2, fExprO = 0xFFFF, byte 2 the code
                if rtype == 0x0006 and len(body) >= 14 and body[6] == 2 and body[12:14] == b"\xff\xff":
                    info.error_cells[(r, c)] = _XLS_ERRORS.get(body[8], "#VALUE!")
            elif rtype == 0x0205 and len(body) >= 8 and body[7] == 1:   # BOOLERR holding an error (fError)
                r, c = struct.unpack_from("<HH", body, 0)
                info.error_cells[(r, c)] = _XLS_ERRORS.get(body[6], "#VALUE!")
            elif rtype == 0x00BD and len(body) >= 6:              # MULRK: rw, colFirst, (ixfe, RK)*, colLast
                r, c0 = struct.unpack_from("<HH", body, 0)
                for k in range((len(body) - 6) // 6):
                    ixfe = struct.unpack_from("<H", body, 4 + 6 * k)[0]
                    if ixfe < len(pct_xf) and pct_xf[ixfe]:
                        info.percent_cells.add((r, c0 + k))
                    if ixfe < len(unit_xf) and unit_xf[ixfe]:
                        info.unit_cells[(r, c0 + k)] = unit_xf[ixfe]
        except struct.error:
            continue
    return out


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM (Excel's "Unicode 文本"), else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for enc in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                continue
    raise UserError(f"文件「{name}」的文字编码无法识别。请在 Excel 中另存为“CSV UTF-8”或 .xlsx 后上传。",
                    f"{name}: unknown text encoding; save as CSV UTF-8 or .xlsx.")


def _read_csv(data: bytes, name: str) -> Sheet:
    """Strict CSV: a quote that is never closed, or a quoted field that runs over line ends and swallows
    further rows, is an error naming the line where the field starts (never a silently merged row)."""
    text = decode_text(data, name)
    sample = text[:8192]
    if sample.count("\t") > sample.count(",") and sample.count("\t") > 0:
        delim = "\t"    # Excel's "Unicode 文本" and other tab-separated text
    elif body := _body_separator(sample):
        delim = body     # a title line above the table holds no separator: the table's own lines decide
    else:
        try:
            delim = csv.Sniffer().sniff(sample, delimiters=",\t;").delimiter
        except csv.Error:
            delim = ","
    rows, lines = [], []   # lines: the line each row starts on (1-based)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise _bad_quote(name, start) from None
        if reader.line_num > start and any(("\n" in f or "\r" in f) and (delim in f or f.count("\n") > 1)
                                           for f in row):
            raise _bad_quote(name, start)
        rows.append(row)
        lines.append(start)
        start = reader.line_num + 1
    if delim == "," and (bad := _split_number_line(rows)) is not None:
        i, a = bad
        raise UserError(f"文件「{name}」第 {lines[i]} 行「{delim.join(rows[i])}」中的「{rows[i][a]},{rows[i][a + 1]}」"
                        "可能是一个带千分位逗号的数，也可能是两个数：这一行比表格多出一栏，无法确定。"
                        "请给带千分位的数字加上英文双引号（如 \"12,305\"），或去掉千分位逗号后再上传；"
                        "也可以在 Excel 中另存为 .xlsx 上传。",
                        f"{name}, line {lines[i]}: \"{rows[i][a]},{rows[i][a + 1]}\" may be one number with a thousands "
                        "comma or two numbers: the line has one field more than the table. Quote such numbers "
                        "(\"12,305\") or drop the thousands commas, or save the file as .xlsx.")
    grid = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
    return Sheet(name.rsplit(".", 1)[0], grid.where(grid.notna(), ""), separator=delim)


_THOUSANDS_HEAD = re.compile(r"[+-]?\d{1,3}")
_THOUSANDS_TAIL = re.compile(r"\d{3}(?:\.\d+)?")


def _split_number_line(rows: list[list[str]]) -> tuple[int, int] | None:
    """(row, field) of the first line of a comma CSV where an unquoted thousands comma split one number in two
    ("清河县,12,305,78": 12,305), or None. Such a pair (1-3 digits, then exactly 3 digits) is also two honest
    figures (HNTE 52, TSME 101), so it counts only when the line then has one field too many: more non-empty
    fields than the table's header line (the widest line holding no figure), or a figure in a column where no
    other line has one (the last, 备注-like column)."""
    def figure(v: str) -> bool:
        return bool(re.fullmatch(r"\s*[+-]?[\d.,]+\s*", v))

    def used(row: list[str]) -> int:
        return max((k + 1 for k, v in enumerate(row) if v.strip()), default=0)

    texts = [r for r in rows if used(r) >= 2 and not any(figure(v) for v in r)]
    width = max((used(r) for r in texts), default=0)
    if not width:
        return None
    header = next(r for r in texts if used(r) == width)
    data_rows = [j for j, r in enumerate(rows) if any(figure(v) for v in r)]
    for i, row in enumerate(rows):
        for a in range(len(row) - 1):
            if not (_THOUSANDS_HEAD.fullmatch(row[a]) and _THOUSANDS_TAIL.fullmatch(row[a + 1])):
                continue
            last = used(row) - 1
            heading = header[last].strip() if last < len(header) else ""
            # a figure under 备注 (or under no heading) where every other line with figures has none
            lonely = figure(row[last]) and (not heading or re.search(r"备注|说明|注", heading) is not None) \
                and any(j != i for j in data_rows) \
                and not any(figure(rows[j][last]) for j in data_rows if j != i and len(rows[j]) > last)
            if used(row) > width or lonely:
                return i, a
    return None


def _body_separator(sample: str) -> str | None:
    """The separator the table's lines agree on when the first line is a title ("邢台市2024年1-9月县域科技指标"
    above "县（市、区）;R&D经费（万元）;…"): for ";" and ",", the number of lines after the first that split into the
    same number (two or more) of fields; the one whose lines agree most, when the other's agree less and the first
    line does not split like them. None otherwise (csv.Sniffer decides as before)."""
    lines = [ln for ln in sample.splitlines()[:60] if ln.strip()]
    if len(lines) < 3:
        return None
    body = lines[1:-1] if len(lines) > 3 else lines[1:]   # the sample's last line may be cut off
    votes = {}
    for d in (";", ","):
        try:
            widths = [len(r) for r in csv.reader(body, delimiter=d)]
            first = len(next(csv.reader([lines[0]], delimiter=d)))
        except csv.Error:
            continue
        wide = [w for w in widths if w >= 2]
        width, agree = max(((w, wide.count(w)) for w in set(wide)), key=lambda x: (x[1], x[0]), default=(0, 0))
        votes[d] = (agree, first != width)
    best = sorted(votes.items(), key=lambda kv: -kv[1][0])
    if best and best[0][1][0] >= 2 and best[0][1][1] and (len(best) == 1 or best[0][1][0] > best[1][1][0]):
        return best[0][0]
    return None


def _bad_quote(name: str, line: int) -> UserError:
    return UserError(
        f"文件「{name}」第 {line} 行的引号（\"）没有配对：从这里起的内容会被并成一个单元格，后面的行会丢失。"
        f"请在该行删去多余的引号，或在 Excel 中打开后重新另存为 CSV。",
        f"{name}, line {line}: an unbalanced quote (\") would merge the following lines into one cell; "
        f"remove the stray quote or save the file again from Excel.")
