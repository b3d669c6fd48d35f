"""The templates staff download: dropdowns, an instructions sheet, protected headers, editable data cells."""
import io
import re
import zipfile

import openpyxl

from data.imports import templates


def _column_unlocked(book: bytes, sheet_index: int, col: int) -> bool:
    """Excel applies a column's format to its empty cells: read it from the sheet XML and styles.xml."""
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        sheet = z.read(f"xl/worksheets/sheet{sheet_index}.xml").decode()
        styles = z.read("xl/styles.xml").decode()
    xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
    xf_list = re.findall(r"<xf\b[^>]*?(?:/>|>.*?</xf>)", xfs, re.S)
    for lo, hi, style in re.findall(r'<col min="(\d+)" max="(\d+)"[^>]*?style="(\d+)"', sheet):
        if int(lo) <= col <= int(hi):
            return 'locked="0"' in xf_list[int(style)]
    return False


def test_long_template_has_dropdowns_instructions_and_protected_header():
    book = templates.long_template()
    wb = openpyxl.load_workbook(io.BytesIO(book))
    assert wb.sheetnames[:2] == ["数据", "填写说明"]
    ws = wb["数据"]
    assert ws.protection.sheet  # the header row cannot be edited
    assert [c.value for c in ws[1]][:7] == ["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值"]
    assert ws["A1"].protection.locked
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert {"A2", "B2", "C2", "D2", "E2"} <= set(lists)  # region, indicator and period dropdowns
    assert all(_column_unlocked(book, 1, c) for c in range(1, 8))  # data cells stay editable
    assert len([r for r in wb["填写说明"].iter_rows(values_only=True) if any(r)]) >= 5


def test_wide_template_lists_the_citys_units_with_units_in_headers():
    book = templates.wide_template()
    wb = openpyxl.load_workbook(io.BytesIO(book))
    ws = wb["数据"]
    assert ws.protection.sheet and "填写说明" in wb.sheetnames
    assert ws.cell(3, 3).value == "研究与试验发展(R&D)经费（万元）"
    names = [ws.cell(r, 2).value for r in range(4, 4 + 20)]  # 18 county-level units, the zone, the total
    assert "清河县" in names and "河北邢台经济开发区" in names and names[-1] == "全市合计" and len(set(names)) == 20
    assert ws.cell(4, 2).protection.locked  # region names are fixed
    assert _column_unlocked(book, 1, 3)  # figures are typed in
    assert any(str(dv.sqref) == "F2" for dv in ws.data_validations.dataValidation)  # the 报告期 dropdown
