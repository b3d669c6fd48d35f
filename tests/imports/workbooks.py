"""Workbooks built in code for the import tests: the city's wide report, the long template layout,
a single-unit report form and CSV files."""
from __future__ import annotations

import io
import zipfile

import openpyxl
from openpyxl.styles import Alignment

XINGTAI = ["襄都区", "信都区", "任泽区", "南和区", "临城县", "内丘县", "柏乡县", "隆尧县", "宁晋县", "巨鹿县",
           "新河县", "广宗县", "平乡县", "威县", "清河县", "临西县", "南宫市", "沙河市"]


def save(wb) -> bytes:
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


def grid(rows, title="Sheet1") -> bytes:
    """A workbook of one sheet holding `rows` from A1 (None: an empty cell)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row, 1):
            if v is not None:
                ws.cell(r, c, v)
    return save(wb)


def wide_report(period="2024年1-6月", *, rd=None, hnte=None, total_row=True, total_first=False, notes=True,
                names=None, tc=None, override=None, unit_line="单位：万元、家", rd_header="研究与试验发展(R&D)经费（万元）",
                remark=None) -> bytes:
    """邢台市 style: title, 填报单位 line, two-row merged header (技术合同登记额 over 合计|其中：本地|吸纳京津),
    序号 column, 18 counties, a 全市合计 row, notes and signatures below. Returns xlsx bytes.

    Data rows start at Excel row 5 (counties in XINGTAI order); columns: A 序号, B 县（市、区）, C R&D,
    D 高新技术企业数, E/F/G 技术合同登记额 合计/本地/吸纳京津, H 备注.
    """
    names = names or XINGTAI
    rd = rd or [100 * (i + 1) for i in range(len(names))]
    hnte = hnte or [10 + i for i in range(len(names))]
    tc = tc or [(50 + i, 30 + i, 5 + i) for i in range(len(names))]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "县域指标"
    ws["A1"] = f"邢台市{period}县域科技创新主要指标完成情况"
    ws.merge_cells("A1:H1")
    ws["A2"] = "填报单位：邢台市科学技术局"
    ws["F2"] = unit_line
    for c, v in zip("ABCDEH", ["序号", "县（市、区）", rd_header, "高新技术企业数（家）", "技术合同登记额（万元）", "备注"]):
        ws[f"{c}3"] = v
    for c in "ABCDH":
        ws.merge_cells(f"{c}3:{c}4")
    ws.merge_cells("E3:G3")
    ws["E4"], ws["F4"], ws["G4"] = "合计", "其中：本地", "吸纳京津"
    ws["A3"].alignment = Alignment(horizontal="center")
    r = 5
    rows = list(zip(names, rd, hnte, tc))
    total = ("全市合计", sum(x for x in rd if isinstance(x, (int, float))),
             sum(x for x in hnte if isinstance(x, (int, float))),
             tuple(sum(t[i] for t in tc) for i in range(3)))
    if total_row and total_first:
        rows = [total] + rows
    elif total_row:
        rows = rows + [total]
    for i, (name, a, b, (t1, t2, t3)) in enumerate(rows):
        ws.cell(r, 1, i + 1 if "合计" not in name else None)
        ws.cell(r, 2, name)
        ws.cell(r, 3, a)
        ws.cell(r, 4, b)
        ws.cell(r, 5, t1)
        ws.cell(r, 6, t2)
        ws.cell(r, 7, t3)
        if remark and name in remark:
            ws.cell(r, 8, remark[name])
        r += 1
    if override:
        for ref, v in override.items():
            if isinstance(v, tuple):  # (text, "s"): a string that merely looks like a formula
                ws[ref] = v[0]
                ws[ref].data_type = v[1]
            else:
                ws[ref] = v
    if notes:
        r += 1
        ws.cell(r, 1, "注：1. 研发经费为快报数；2. 开发区数据含在所在县。")
        ws.cell(r + 1, 1, "填表人：张三")
        ws.cell(r + 1, 4, "审核人：李四")
        ws.cell(r + 1, 6, "填报日期：2024年7月10日")
    return save(wb)


LONG_HEADER = ["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"]


def long_form(rows, header=LONG_HEADER, title=None) -> bytes:
    """rows: lists in header order. Data start at Excel row 2 (3 with a title)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    if title:
        ws.append([title])
    ws.append(header)
    for row in rows:
        ws.append(list(row))
    return save(wb)


def single_unit_form(*, region_line=("单位名称：清河县", "行政区划代码：130534"), period="2024年1-6月",
                     rows=None) -> bytes:
    """A county's own report form. Header at Excel row 4; data from row 5."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "科技指标表"
    ws["A1"] = "县域科技创新指标季报表"
    ws.merge_cells("A1:F1")
    ws["A2"] = region_line[0]
    if len(region_line) > 1:
        ws["C2"] = region_line[1]
    ws["E2"] = f"报告期：{period}"
    ws.append([])
    for c, v in zip("ABCDEF", ["指标名称", "计量单位", "代码", "本期", "上年同期", "同比增减%"]):
        ws[f"{c}4"] = v
    rows = rows or [
        ("研究与试验发展(R&D)经费", "万元", "01", 15400, 8383, 83.71),
        ("技术合同登记额", "万元", "02", 32600, 27800, 17.27),
        ("  其中：本地技术合同登记额", "万元", "03", 29300, 24900, 17.67),
        ("高新技术企业数", "家", "04", 69, 61, 13.11),
        ("企业技术中心", "个", "05", 10, 9, 11.11),   # no "#": it is no part of 高新技术企业数 above it
    ]
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            ws.cell(5 + i, 1 + j, v)
    ws.cell(6 + len(rows), 1, "单位负责人：王五")
    ws.cell(6 + len(rows), 3, "填表人：赵六")
    return save(wb)


def csv_bytes(rows, encoding="gb18030", header=LONG_HEADER) -> bytes:
    import csv

    bio = io.StringIO()
    w = csv.writer(bio)
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    text = bio.getvalue()
    return text.encode(encoding) if encoding != "utf-8-sig" else text.encode("utf-8-sig")


# ---- the same workbook in the other formats the reader accepts ------------------------------------

XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
# Not a real VBA project: an OLE header and junk. A reader that tried to parse or run it would fail.
DUMMY_VBA = bytes.fromhex("D0CF11E0A1B11AE1") + b"Attribute VB_Name = \"ThisWorkbook\"\r\nSub Workbook_Open()\r\n" \
    b"Shell \"calc.exe\"\r\nEnd Sub\r\n" + bytes(range(256)) * 4


def as_xlsm(xlsx: bytes, vba: bytes = DUMMY_VBA) -> bytes:
    """Repackage an .xlsx as a macro-enabled .xlsm: macroEnabled main content type plus xl/vbaProject.bin."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                text = body.decode("utf-8")
                assert XLSX_MAIN in text
                body = text.replace(XLSX_MAIN, XLSM_MAIN).replace(
                    "</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'
                ).encode("utf-8")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                body = body.decode("utf-8").replace(
                    "</Relationships>", f'<Relationship Type="{VBA_REL}" Target="vbaProject.bin" Id="rIdVba"/></Relationships>'
                ).encode("utf-8")
            out.writestr(info.filename, body)
        out.writestr("xl/vbaProject.bin", vba)
    return bio.getvalue()


def as_xls(xlsx: bytes, *, merges: bool = True) -> bytes:
    """The same cells (and merged ranges) written as a BIFF8 .xls by xlwt."""
    import xlwt

    src = openpyxl.load_workbook(io.BytesIO(xlsx))
    book = xlwt.Workbook(encoding="utf-8")
    for ws in src.worksheets:
        out = book.add_sheet(ws.title)
        if merges:
            for m in ws.merged_cells.ranges:
                out.merge(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1)
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    out.write(c.row - 1, c.column - 1, c.value)
    bio = io.BytesIO()
    book.save(bio)
    return bio.getvalue()
