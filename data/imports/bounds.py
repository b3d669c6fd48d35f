"""Bound every uploaded file BEFORE a parser materialises it (issue 11, findings 1 and 10).

A spreadsheet reader allocates the dense rectangle from A1 to the largest cell it meets: one cell at
XFD200000 in a 2 KB .xlsx is 16,384 × 200,000 cells (~100 GB). So before python-calamine sees a file we
stream through it ourselves, never holding more than one chunk of decompressed XML at a time:

- .xlsx/.xlsm: every zip member is decompressed in chunks (which verifies each member's CRC and deflate
  stream, and its real size against the size the directory declares) up to `MAX_UNZIPPED` bytes in total;
  workbook.xml gives the sheet count; each worksheet's XML is scanned for its declared `<dimension>`, the
  largest row and column any `<row>`/`<c>` reaches (explicit `r=` references, or implied positions when a
  writer leaves them out), and its merged ranges; the shared strings give the longest text a cell can hold
  and the total text the cells would materialise.
- .xls (BIFF8 in an OLE compound file, read with olefile): the DIMENSIONS record of each sheet and the
  row/column of every cell record.
- .csv: lines counted on every line-break convention (CRLF, LF and CR-only), and the longest line.

Limits (module constants, in cells of the dense rectangle A1..last cell, since that is what is allocated):
MAX_COLS columns, `max_rows` (+ a margin for title and header lines) rows, MAX_CELLS cells per sheet,
MAX_SHEETS sheets, MAX_TEXT characters of text in total. Every refusal is a data.errors.UserError with a
Chinese and an English message naming the sheet and the cell at fault, and a fix that works.

Raises: UserError only. Anything unexpected a damaged file makes the standard library raise is turned into
the "damaged" UserError (zipfile.BadZipFile, zlib.error, EOFError, XML syntax errors, UnicodeDecodeError...).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import io
import re
import struct
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

import numpy as np

from data.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

MAX_COLS = 1_024                  # Excel 2003 allowed 256; a real statistical table never nears 1,024
MAX_CELLS = 4_000_000             # dense cells per sheet (200,000 rows × 20 columns)
MAX_SHEETS = 100
MAX_UNZIPPED = 200 * 1024 * 1024  # total real decompressed size of an .xlsx (the same figure sniff checks)
MAX_TEXT = 100_000_000            # characters of cell text materialised over the whole workbook
MAX_CELL_TEXT = 32_767            # Excel's own limit for one cell
ROW_MARGIN = 50                   # title, header and note lines above/below the figures
CHUNK = 1 << 20

_SHEET_MIME = "worksheet"


def check_bounds(data: bytes, kind: str, name: str, *, max_rows: int) -> None:
    """Refuse `data` (a file already sniffed as `kind` = "xlsx" | "xls" | "csv") when reading it would
    materialise more than the limits above. Returns None when it is within bounds; raises UserError."""
    try:
        if kind == "xlsx":
            _check_xlsx(data, name, max_rows)
        elif kind == "xls":
            _check_xls(data, name, max_rows)
        elif kind == "csv":
            _check_csv(data, name, max_rows)
    except UserError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ParseError, UnicodeDecodeError, ValueError, KeyError,
            IndexError, OSError, RuntimeError, NotImplementedError, struct.error, OverflowError):
        raise damaged(name) from None


def damaged(name: str) -> UserError:
    return UserError(f"文件「{name}」已损坏或不完整（压缩数据校验失败或结构错误），无法读取。"
                     "请用 Excel 打开后重新“另存为”.xlsx 再上传；如果无法打开，请向报送单位重新索取文件。",
                     f"{name} is damaged or incomplete (a checksum or structure check failed). Open it in Excel "
                     "and save it again as .xlsx, or ask the sender for a new copy.")


def _too_big(name: str, sheet: str, cell: str, rows: int, cols: int, max_rows: int) -> UserError:
    if cols <= MAX_COLS and rows * cols <= MAX_CELLS:  # only the row cap: a long table, or stray rows below it
        return UserError(
            f"文件「{name}」的工作表「{sheet}」有 {rows:,} 行（内容延伸到单元格 {cell}），超过单次导入 {max_rows:,} 行的上限。"
            "请按年份或指标拆分成多个文件上传；如果表格下方有远离表格的多余单元格，请删除这些行后再上传。",
            f"Sheet {sheet} of {name} has {rows:,} rows (its cells reach {cell}), above the {max_rows:,}-row limit; "
            "split the file, or delete stray rows far below the table.")
    return UserError(
        f"文件「{name}」的工作表「{sheet}」内容延伸到单元格 {cell}（{rows:,} 行 × {cols:,} 列），"
        f"超过单次导入的上限（{max_rows:,} 行、{MAX_COLS:,} 列、共 {MAX_CELLS:,} 个单元格）。"
        f"请在 Excel 中按 Ctrl+End 定位到 {cell}，删除远离表格的多余单元格（选中多余的行、列后“删除”，不是“清除内容”），保存后再上传；"
        "数据确实很多时，请按年份或指标拆分成多个文件。",
        f"Sheet {sheet} of {name} reaches cell {cell} ({rows:,} rows × {cols:,} columns), above the import limit "
        f"({max_rows:,} rows, {MAX_COLS:,} columns, {MAX_CELLS:,} cells). Press Ctrl+End in Excel to find {cell}, delete the stray cells "
        "(delete the rows/columns, not just their contents) and save again, or split the file.")


def _over(rows: int, cols: int, max_rows: int) -> bool:
    return rows > max_rows + ROW_MARGIN or cols > MAX_COLS or rows * cols > MAX_CELLS


def col_letter(index: int) -> str:
    """0 -> A, 16383 -> XFD."""
    s, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _col_number(letters: bytes) -> int:
    """b"A" -> 1, b"XFD" -> 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


# ---- .xlsx ----------------------------------------------------------------------------------------

_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _parse_small(blob: bytes):
    """A small XML part (workbook, rels) parsed whole; DTDs (entity expansion) are refused."""
    from xml.etree import ElementTree as ET

    if b"<!DOCTYPE" in blob or b"<!ENTITY" in blob:
        raise ParseError("DTD in an OOXML part")
    return ET.fromstring(blob)


def _check_xlsx(data: bytes, name: str, max_rows: int) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if len(zf.infolist()) > 10_000:
            raise damaged(name)
        small: dict[str, bytes] = {}
        for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            info = zf.NameToInfo.get(part)
            if info is None:
                continue
            if info.file_size > 16 * 1024 * 1024:
                raise damaged(name)
            small[part] = b"".join(_chunks(zf, info, name, [0]))
        if "xl/workbook.xml" not in small:
            raise damaged(name)
        wb = _parse_small(small["xl/workbook.xml"])
        sheets = [(s.get("name") or "", s.get(f"{{{_NS_REL}}}id") or "") for s in wb.iter(f"{{{_NS_MAIN}}}sheet")]
        if len(sheets) > MAX_SHEETS:
            raise UserError(f"文件「{name}」有 {len(sheets)} 个工作表，超过 {MAX_SHEETS} 个的上限。请删除无关工作表后上传。",
                            f"{name} has {len(sheets)} sheets, above the limit of {MAX_SHEETS}.")
        targets: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in small:
            for rel in _parse_small(small["xl/_rels/workbook.xml.rels"]).iter(f"{{{_NS_PKG}}}Relationship"):
                targets[rel.get("Id") or ""] = rel.get("Target") or ""
        sheet_of: dict[str, str] = {}
        for sname, rid in sheets:
            target = targets.get(rid, "")
            if target:
                sheet_of[target.lstrip("/") if target.startswith("/") else "xl/" + target] = sname
        # One streamed pass over every other member: CRCs, real sizes and the total are verified, the sheets
        # scanned, the shared strings measured.
        total = [sum(len(v) for v in small.values())]
        lengths: list[int] = []
        scans: list[tuple[str, _SheetScan]] = []
        for info in zf.infolist():
            if info.filename in small:
                continue
            chunks = _chunks(zf, info, name, total)
            if info.filename in sheet_of:
                scan = _SheetScan(name, sheet_of[info.filename], max_rows)
                tail = b""
                for block in chunks:
                    buf = tail + block
                    cut = buf.rfind(b"<")
                    buf, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
                    scan.feed(buf)
                    if len(tail) > CHUNK:  # one tag longer than a megabyte: nothing a spreadsheet writes
                        raise damaged(name)
                scan.feed(tail)
                scan.finish()
                scans.append((info.filename, scan))
            elif info.filename == "xl/sharedStrings.xml":
                lengths = _shared_string_lengths(chunks, name)
            else:
                for _ in chunks:
                    pass
        longest = max(lengths, default=0)
        text_total = 0
        for path, scan in scans:
            if scan.cells and longest:
                # Each cell referring to a shared string becomes its own copy of that text.
                bound = scan.cells * longest
                text_total += bound if text_total + bound <= MAX_TEXT else _shared_text(zf, path, lengths)
            if text_total > MAX_TEXT:
                raise UserError(
                    f"文件「{name}」的单元格文字总量超过 {MAX_TEXT // 1_000_000} 百万字，为保护服务器已拒绝读取。"
                    "请删除长文本列或拆分文件后上传。",
                    f"{name} holds more than {MAX_TEXT // 1_000_000} million characters of cell text; refused.")


def _chunks(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, total: list[int]):
    """A member's decompressed bytes in chunks; its CRC, its real size against the declared one and the
    running total (`total[0]`) against MAX_UNZIPPED are checked on the way."""
    if info.flag_bits & 0x1:
        raise UserError(f"文件「{name}」含有加密内容，系统无法读取。请取消密码后另存再上传。",
                        f"{name} contains encrypted parts; remove the password and save again.")
    seen = 0
    with zf.open(info) as fh:  # zipfile checks the CRC (and the declared size) at the end of the member
        while True:
            block = fh.read(CHUNK)
            if not block:
                break
            seen += len(block)
            total[0] += len(block)
            if total[0] > MAX_UNZIPPED:
                raise UserError(
                    f"文件「{name}」解压后超过 {MAX_UNZIPPED // 1024 // 1024} MB，为保护服务器已拒绝读取。"
                    "请删除无关工作表、图片后重新保存。",
                    f"{name} expands to more than {MAX_UNZIPPED // 1024 // 1024} MB; refused.")
            yield block
    if seen != info.file_size:
        raise damaged(name)


def _shared_string_lengths(chunks: Iterable[str], name: str) -> list[int]:
    """Length in characters of each shared string (<si>), streamed."""
    from xml.etree.ElementTree import XMLPullParser

    parser = XMLPullParser(events=("end",))
    out: list[int] = []
    current = 0
    si, t = f"{{{_NS_MAIN}}}si", f"{{{_NS_MAIN}}}t"
    first = True
    for block in chunks:
        if first and (b"<!DOCTYPE" in block or b"<!ENTITY" in block):
            raise ParseError("DTD in sharedStrings")
        first = False
        parser.feed(block)
        for _, el in parser.read_events():
            if el.tag == t:
                current += len(el.text or "")
            elif el.tag == si:
                if current > MAX_CELL_TEXT:
                    raise UserError(
                        f"文件「{name}」中有一个单元格的文字长达 {current:,} 字，超过 Excel 单元格 {MAX_CELL_TEXT:,} 字的上限，文件可能已被篡改或损坏。",
                        f"{name} has a cell text of {current:,} characters, above Excel's {MAX_CELL_TEXT:,}.")
                out.append(current)
                current = 0
                el.clear()
    parser.close()
    return out


# Tags with an optional namespace prefix. Attribute values never contain '>' in what Excel writes, and a
# stray one only makes the scan see a tag as shorter: the positions it implies then still count.
_P = rb"<(?:[A-Za-z_][\w.-]*:)?"
_CELL_OR_ROW = re.compile(_P + rb"(row|c)(?=[\s/>])([^>]*)>")
_OTHER_TAG = re.compile(rb"(dimension|mergeCell)(?=[\s/>])([^>]*)>")  # literal first: a fast scan
_R_ATTR = re.compile(rb'\sr\s*=\s*["\']([A-Za-z]*)(\d*)["\']')
_REF_ATTR = re.compile(rb'\sref\s*=\s*["\']\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?["\']')
_SHARED_V = re.compile(rb"<c\s[^>]*\bt=[\"']s[\"'][^>]*>\s*<v>\s*(\d+)")
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")  # <x:c ...>: rare writers; the slow scan handles them
_AFTER_NAME = np.zeros(256, dtype=bool)
_AFTER_NAME[[0x20, 0x09, 0x0A, 0x0D, 0x2F, 0x3E]] = True  # what may follow a tag name: space, tab, LF, CR, / >
_UPPER = np.zeros(256, dtype=bool)
_UPPER[65:91] = True
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[48:58] = True
_HUGE = 10 ** 9


def _refs(a: np.ndarray, lt: np.ndarray, tag: bytes):
    """For the <tag ...> elements in `a` (bytes as uint8, padded with 32 zeros) starting at the '<'
    positions `lt`: ((max row, max column, position of the last one, its row, its column), count) when each
    one starts with r="A1" (Excel, WPS, openpyxl and XlsxWriter all write it first), else (None, count).
    Rows and columns are 1-based; an empty set gives (0, 0, -1, 0, 0)."""
    n = len(tag)
    hit = lt
    for k, ch in enumerate(tag):
        hit = hit[a[hit + 1 + k] == ch]
    hit = hit[_AFTER_NAME[a[hit + 1 + n]]]
    count = len(hit)
    with_r = hit
    for k, ch in enumerate(b' r="'):
        with_r = with_r[a[with_r + 1 + n + k] == ch]
    if len(with_r) != count:
        return None, count
    if count == 0:
        return (0, 0, -1, 0, 0), 0
    p = with_r + n + 5  # first character of the reference
    nl = _run_lengths(a, p, _UPPER, 4)
    d0 = p + nl
    nd = _run_lengths(a, d0, _DIGIT, 8)
    max_col = _largest(a, p, nl, 4, _col_number)
    max_row = _largest(a, d0, nd, 8, int)
    q = int(p[-1])
    last = bytes(a[q:q + int(nl[-1]) + int(nd[-1])])
    m = re.match(rb"([A-Z]*)(\d*)", last)
    return (max_row, max_col, int(with_r[-1]), int(m.group(2) or 0), _col_number(m.group(1))), count


def _run_lengths(a: np.ndarray, starts: np.ndarray, table: np.ndarray, limit: int) -> np.ndarray:
    """How many characters of class `table` (a 256-entry bool array) run from each of `starts`, at most `limit`."""
    lengths = np.zeros(len(starts), dtype=np.int8)
    run = np.ones(len(starts), dtype=bool)
    for k in range(limit):
        run &= table[a[starts + k]]
        if not run.any():   # every run has ended: the rest of the loop would add nothing
            break
        lengths += run
    return lengths


def _largest(a: np.ndarray, starts: np.ndarray, lengths: np.ndarray, limit: int,
             value: Callable[[bytes], int]) -> int:
    """The largest `value(bytes)` of the runs at `starts`: the longest run, then the largest characters
    (letters for columns, digits for rows); _HUGE when a run reaches `limit`, 0 when there is none."""
    top = int(lengths.max())
    if top >= limit:
        return _HUGE
    if top == 0:
        return 0
    return max(value(bytes(a[q:q + top])) for q in _argmax_refs(a, starts[lengths == top], top))


def _argmax_refs(a: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """Of the `width`-character strings at `starts`, those equal to the lexicographically largest."""
    keep = starts
    for k in range(width):
        b = a[keep + k]
        keep = keep[b == b.max()]
    return keep[:1]


class _SheetScan:
    """Largest row/column a worksheet's XML reaches, fed in chunks that end before a '<'."""

    def __init__(self, file: str, sheet: str, max_rows: int):
        self.file, self.sheet, self.max_rows = file, sheet, max_rows
        self.max_row = self.max_col = 0
        self.declared: tuple[int, int] | None = None
        self.merges: list[tuple[int, int]] = []
        self.cells = 0  # <c> elements (an upper bound of the cells that refer to a shared string)
        self._row = 0   # current row (1-based) for cells without r=
        self._col = 0   # last column (1-based) in the current row
        self._since_check = 0

    def feed(self, buf: bytes) -> None:
        if not buf:
            return
        others = _OTHER_TAG.finditer(buf) if b"dimension" in buf or b"mergeCell" in buf else ()
        for m in others:  # <dimension>, <mergeCell>: few per sheet
            ref = _REF_ATTR.search(m.group(2))
            if m.group(1) == b"dimension":
                if self.declared is None and ref:
                    c1, r1, c2, r2 = ref.groups()
                    self.declared = (int(r2 or r1), _col_number((c2 or c1).upper()))
            elif ref and ref.group(3):
                self.merges.append((int(ref.group(4)), _col_number(ref.group(3).upper())))
        a = np.frombuffer(buf + b"\0" * 32, dtype=np.uint8)  # padded: reads past a reference stay in bounds
        lt = np.flatnonzero(a[:len(buf)] == 60)               # every '<'
        cells, n_cells = _refs(a, lt, b"c")
        rows, n_rows = _refs(a, lt, b"row")
        self.cells += n_cells
        if cells is None or rows is None or _PREFIXED.search(buf):
            self._walk(buf)  # rows or cells without r="...", or namespace prefixes: position by position
        else:
            self.max_row = max(self.max_row, rows[0], cells[0])
            self.max_col = max(self.max_col, cells[1])
            if cells[2] > rows[2]:
                self._row, self._col = cells[3], cells[4]
            elif rows[2] >= 0:
                self._row, self._col = rows[3], 0
        self._check()

    def _walk(self, buf: bytes) -> None:
        """Tag by tag, with the positions a reader implies for rows and cells without r=."""
        for m in _CELL_OR_ROW.finditer(buf):
            tag, attrs = m.group(1), m.group(2)
            r = _R_ATTR.search(attrs)
            if tag == b"c":
                if r and r.group(1):
                    self._col = _col_number(r.group(1).upper())
                    if r.group(2):
                        self._row = int(r.group(2))
                else:
                    self._col += 1
                self._row = max(self._row, 1)
                self.max_col = max(self.max_col, self._col)
                self.max_row = max(self.max_row, self._row)
                self._since_check += 1
                if self._since_check >= 65536:
                    self._since_check = 0
                    self._check()
            else:  # <row>
                self._row = int(r.group(2)) if r and r.group(2) else self._row + 1
                self._col = 0
                self.max_row = max(self.max_row, self._row)

    def _check(self) -> None:
        if _over(self.max_row, self.max_col, self.max_rows):
            self._refuse(self.max_row, self.max_col)

    def finish(self) -> None:
        self._check()
        if self.declared and _over(*self.declared, self.max_rows):
            rows, cols = self.declared
            cell = f"{col_letter(max(cols, 1) - 1)}{rows}"
            real = f"{col_letter(max(self.max_col, 1) - 1)}{max(self.max_row, 1)}"
            raise UserError(
                f"文件「{self.file}」的工作表「{self.sheet}」声明的数据范围到 {cell}（{rows:,} 行 × {cols:,} 列），"
                f"实际内容只到 {real}，与声明不符且超过导入上限。请用 Excel 打开后删除多余的空行空列，重新保存再上传。",
                f"Sheet {self.sheet} of {self.file} declares a range up to {cell} ({rows:,} × {cols:,}) but its cells "
                f"end at {real}; open it in Excel, delete the empty rows and columns and save again.")
        for rows, cols in self.merges:
            if _over(rows, cols, self.max_rows):
                self._refuse(rows, cols)

    def _refuse(self, rows: int, cols: int) -> None:
        raise _too_big(self.file, self.sheet, f"{col_letter(max(cols, 1) - 1)}{rows}", rows, cols, self.max_rows)


def _shared_text(zf: zipfile.ZipFile, path: str, lengths: list[int]) -> int:
    """Characters the shared-string cells of one sheet materialise (second pass, only when the cheap bound
    `cells × longest string` is over MAX_TEXT)."""
    lens = np.asarray(lengths, dtype=np.int64)
    total = 0
    with zf.open(path) as fh:
        tail = b""
        while True:
            block = fh.read(CHUNK)
            buf = tail + block
            if not block:
                cut = len(buf)
            else:
                cut = buf.rfind(b"<")
                cut = cut if cut > 0 else len(buf)
            idx = np.fromiter((int(i) for i in _SHARED_V.findall(buf[:cut])), dtype=np.int64)
            idx = idx[(idx >= 0) & (idx < len(lens))]
            total += int(lens[idx].sum())
            if total > MAX_TEXT or not block:
                return total
            tail = buf[cut:]


# ---- .xls (BIFF8) ---------------------------------------------------------------------------------

_BIFF_BOF, _BIFF_EOF, _BIFF_DIM, _BIFF_BOUNDSHEET = 0x0809, 0x000A, 0x0200, 0x0085
# Records whose data start with (row u16, column u16); MULRK/MULBLANK also end with the last column.
_BIFF_CELLS = {0x0203, 0x00FD, 0x027E, 0x0201, 0x0006, 0x0205, 0x0204, 0x00D6, 0x0208}
_BIFF_MULTI = {0x00BD, 0x00BE}


def _check_xls(data: bytes, name: str, max_rows: int) -> None:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - olefile raises OSError and others for damaged files
        raise damaged(name) from None
    with ole:
        stream = "Workbook" if ole.exists("Workbook") else "Book" if ole.exists("Book") else None
        if stream is None:
            raise damaged(name)
        size = ole.get_size(stream)
        if size > MAX_UNZIPPED:
            raise damaged(name)
        wb = ole.openstream(stream).read()
    pos, depth, sheet_no, sheets = 0, 0, -1, 0
    max_row = max_col = 0
    names: list[str] = []

    def done() -> None:
        if sheet_no >= 0 and _over(max_row, max_col, max_rows):
            sname = names[sheet_no] if sheet_no < len(names) else f"#{sheet_no + 1}"
            raise _too_big(name, sname, f"{col_letter(max(max_col, 1) - 1)}{max_row}", max_row, max_col, max_rows)

    while pos + 4 <= len(wb):
        rtype, length = struct.unpack_from("<HH", wb, pos)
        body = wb[pos + 4:pos + 4 + length]
        pos += 4 + length
        if rtype == _BIFF_BOF:
            depth += 1
            if depth == 1 and len(body) >= 4 and struct.unpack_from("<H", body, 2)[0] == 0x0010:
                sheet_no += 1
                max_row = max_col = 0
                sheets += 1
        elif rtype == _BIFF_EOF:
            done()
            depth = max(depth - 1, 0)
        elif rtype == _BIFF_BOUNDSHEET and len(body) >= 8:
            nlen, flags = body[6], body[7]
            raw = body[8:8 + nlen * (2 if flags & 1 else 1)]
            names.append(raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace"))
            if len(names) > MAX_SHEETS:
                raise UserError(f"文件「{name}」的工作表超过 {MAX_SHEETS} 个的上限。",
                                f"{name} has more than {MAX_SHEETS} sheets.")
        elif rtype == _BIFF_DIM and len(body) >= 12:
            _, last_row, _, last_col = struct.unpack_from("<IIHH", body, 0)
            if _over(last_row, last_col, max_rows):
                max_row, max_col = max(max_row, last_row), max(max_col, last_col)
                done()
        elif rtype in _BIFF_CELLS and len(body) >= 4:
            r, c = struct.unpack_from("<HH", body, 0)
            max_row, max_col = max(max_row, r + 1), max(max_col, c + 1)
        elif rtype in _BIFF_MULTI and len(body) >= 6:
            r, _ = struct.unpack_from("<HH", body, 0)
            last = struct.unpack_from("<H", body, len(body) - 2)[0]
            max_row, max_col = max(max_row, r + 1), max(max_col, last + 1)
    done()


# ---- .csv -----------------------------------------------------------------------------------------

def _check_csv(data: bytes, name: str, max_rows: int) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: count the code units, not the bytes
        order = "little" if data.startswith(b"\xff\xfe") else "big"
        lf, cr = (b"\n\x00", b"\r\x00") if order == "little" else (b"\x00\n", b"\x00\r")
        lines = _count_lines(data, lf, cr, step=2)
    else:
        lines = _count_lines(data, b"\n", b"\r")
    if lines > max_rows + ROW_MARGIN:
        raise UserError(f"文件「{name}」有 {lines:,} 行，超过单次导入 {max_rows:,} 行的上限。请按年份或指标拆分成多个文件上传。",
                        f"{name} has {lines:,} lines, above the {max_rows:,}-row limit; split the file.")


def _count_lines(data: bytes, lf: bytes, cr: bytes, step: int = 1) -> int:
    """Line breaks of every convention: CRLF counts once, lone LF and lone CR count once each."""
    if step == 1:
        return data.count(lf) + data.count(cr) - data.count(cr + lf) + (0 if data.endswith((lf, cr)) else 1)
    # UTF-16: align on code units so a CJK character's byte never counts as a line break
    body = data[2:len(data) - (len(data) % 2)]
    u = np.frombuffer(body, dtype="<u2" if lf == b"\n\x00" else ">u2")
    is_lf, is_cr = u == 10, u == 13
    crlf = int(np.count_nonzero(is_cr[:-1] & is_lf[1:])) if len(u) > 1 else 0
    return int(is_lf.sum()) + int(is_cr.sum()) - crlf + (0 if len(u) and u[-1] in (10, 13) else 1)
