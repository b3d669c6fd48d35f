"""Rows and columns Excel shows at zero height or width are invisible like hidden ones (a row dragged shut, a
column narrowed to nothing): never imported as current figures, a warning names them, as for hidden="1".
Written as Excel writes them (<row ht="0" customHeight="1">, <col width="0" customWidth="1">)."""
import datetime as dt
import io
import re
import zipfile

from workbooks import grid

TODAY = dt.date(2026, 1, 10)
ROWS = [["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"],
        ["清河县", 12305, 78], ["威县", 8300, 52], ["南宫市", 7000, 45]]


def patched(data: bytes, edit) -> bytes:
    """The workbook with its first sheet's XML passed through edit(xml text)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = edit(body.decode("utf-8")).encode("utf-8")
            dst.writestr(item, body)
    return out.getvalue()


def stored(result):
    return sorted((o.indicator, o.region, float(o.value), o.cell) for o in result.obs.itertuples())


def test_a_row_of_zero_height_is_not_imported_and_is_named(analyse):
    data = patched(grid(ROWS), lambda x: re.sub(r'<row r="4"', '<row r="4" ht="0" customHeight="1"', x))
    r = analyse(("t.xlsx", data), today=TODAY)
    assert stored(r) == [("HNTE", "130534", 78.0, "C3"), ("HNTE", "130581", 45.0, "C5"),
                         ("RD_EXP", "130534", 12305.0, "B3"), ("RD_EXP", "130581", 7000.0, "B5")]
    assert r.warnings[["rule", "message_zh"]].values.tolist() == [
        ["hidden_data", "隐藏的内容中有数据，未导入：第 4 行（隐藏或被筛选）"]]


def test_a_column_of_zero_width_is_not_imported_and_is_named(analyse):
    cols = '<cols><col min="3" max="3" width="0" customWidth="1"/></cols>'
    data = patched(grid(ROWS), lambda x: x.replace("<sheetData>", cols + "<sheetData>", 1))
    r = analyse(("t.xlsx", data), today=TODAY)
    assert stored(r) == [("RD_EXP", "130533", 8300.0, "B4"), ("RD_EXP", "130534", 12305.0, "B3"),
                         ("RD_EXP", "130581", 7000.0, "B5")]
    assert r.warnings["rule"].tolist() == ["hidden_data"] and "C 列" in r.warnings["message_zh"].iat[0]


def test_hidden_rows_right_under_the_header_leave_the_table_readable(analyse):
    # an autofilter or a collapsed group hiding the first counties: the visible ones are read, the hidden named
    # (the sheet was refused whole as "no table found", with a fix that could not work)
    data = patched(grid(ROWS), lambda x: re.sub(r'<row r="([34])"', r'<row r="\1" hidden="1"', x))
    r = analyse(("t.xlsx", data), today=TODAY)
    assert stored(r) == [("HNTE", "130581", 45.0, "C5"), ("RD_EXP", "130581", 7000.0, "B5")]
    assert r.problems[["severity", "rule", "message_zh"]].values.tolist() == [
        ["warning", "hidden_data", "隐藏的内容中有数据，未导入：第 3、4 行（隐藏或被筛选）"]]
