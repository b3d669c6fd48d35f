"""Issue 11, findings 1 and 10: every file is bounded before it is materialised, and damaged files get a
clear Chinese message (never a traceback, never a 500), through the path the page, API and CLI use
(service.analyse -> sandbox.read_limited -> read.read_file -> bounds.check_bounds)."""
from __future__ import annotations

import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bad_archives import corrupt_deflate, member_info, one_cell, package, patch_member, sheet_xml
from data.errors import UserError
from data.imports import bounds
from data.imports.sandbox import read_limited
from data.imports.sniff import sniff
from workbooks import wide_report

CJK = re.compile(r"[\u4e00-\u9fff]")
SHEET = "xl/worksheets/sheet1.xml"


def refusal(data: bytes, name: str = "a.xlsx", max_rows: int = 200_000) -> str:
    """The Chinese message the importer gives for `data` (sniffed, bounded, read in the limited child)."""
    with pytest.raises(UserError) as info:
        read_limited(data, sniff(data, name), name, max_rows=max_rows)
    msg = info.value.message_zh
    assert CJK.search(msg) and "Traceback" not in msg and info.value.message_en != msg
    return msg


def read_ok(data: bytes, name: str = "a.xlsx"):
    return read_limited(data, sniff(data, name), name, max_rows=200_000)


# ---- finding 1: huge references in tiny files ------------------------------------------------------

@pytest.mark.parametrize("ref, rows, cols", [("XFD200000", "200,000", "16,384"), ("XFD2000", "2,000", "16,384"),
                                             ("A1048576", None, None), ("ALL5000", "5,000", "1,000")])
def test_one_far_cell_is_refused_before_reading_with_the_cell_named(ref, rows, cols):
    data = one_cell(ref)
    assert len(data) < 2048
    msg = refusal(data)
    assert ref in msg
    if rows:
        assert f"{rows} 行 × {cols} 列" in msg


def test_the_2kb_workbook_goes_through_analyse_as_a_bad_file_report(analyse):
    r = analyse(("far.xlsx", one_cell("XFD200000")))
    assert list(r.errors["rule"]) == ["bad_file"] and "XFD200000" in r.errors["message_zh"].iloc[0]


def test_a_declared_dimension_far_beyond_the_real_cells_is_refused():
    msg = refusal(one_cell("C5", dimension="A1:XFD200000"))
    assert "声明的数据范围到 XFD200000" in msg and "实际内容只到 C5" in msg


def test_a_small_declared_dimension_does_not_hide_a_far_cell():
    assert "XFD2000" in refusal(one_cell("XFD2000", dimension="A1:B2"))


def test_cells_without_references_are_counted_where_a_reader_puts_them():
    # 2,000 cells in one row without r="": a reader places them in columns A..BXX.
    row = "<row>" + "<c><v>1</v></c>" * 2000 + "</row>"
    assert "BXX1" in refusal(package([sheet_xml(row)]))
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>' + "<row/>" * 10 + "<row><c><v>2</v></c></row>"
    assert [s.grid.shape for s in read_ok(package([sheet_xml(rows)]))] == [(12, 1)]


def test_namespace_prefixed_sheets_are_bounded_too():
    rows = '<x:row r="3000"><x:c r="XFD3000"><x:v>1</x:v></x:c></x:row>'
    assert "XFD3000" in refusal(package([sheet_xml(rows, prefix="x")]))


def test_a_merged_range_to_the_end_of_the_sheet_is_refused():
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>'
    assert "XFD1048576" in refusal(package([sheet_xml(rows, merges=["A1:XFD1048576"])]))


def test_too_many_sheets_are_refused():
    xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')
    assert "101 个工作表" in refusal(package([xml] * 101))


def test_shared_text_amplification_is_refused():
    # One 30,000-character string referred to by 4,000 cells: 120 M characters once read.
    sst = (f'<?xml version="1.0"?><sst {bad_ns()} count="1" uniqueCount="1"><si><t>{"字" * 30_000}</t></si></sst>')
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in "ABCD") + "</row>"
                   for r in range(1, 1001))
    assert "文字总量" in refusal(package([sheet_xml(rows)], shared=sst))


def bad_ns() -> str:
    return 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def test_a_cell_text_longer_than_excel_allows_is_refused():
    sst = f'<?xml version="1.0"?><sst {bad_ns()}><si><t>{"x" * 40_000}</t></si></sst>'
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    assert "32,767" in refusal(package([sheet_xml(rows)], shared=sst))


def test_real_tables_within_the_limits_are_read_as_before():
    sheets = read_ok(wide_report())
    assert sheets[0].grid.shape[0] > 18


def test_an_xls_reaching_the_last_cell_is_refused():
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook()
    ws = wb.add_sheet("数据")
    ws.write(0, 0, "地区")
    ws.write(65535, 255, 1)
    bio = io.BytesIO()
    wb.save(bio)
    assert "IV65536" in refusal(bio.getvalue(), "a.xls")


def test_a_normal_xls_is_read():
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook()
    ws = wb.add_sheet("数据")
    for r in range(30):
        ws.write(r, 0, "清河县")
        ws.write(r, 3, r)
    bio = io.BytesIO()
    wb.save(bio)
    assert read_ok(bio.getvalue(), "a.xls")[0].grid.shape == (30, 4)


# ---- finding 10: damaged files ---------------------------------------------------------------------

def good() -> bytes:
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>清河县{r}</t></is></c><c r="B{r}"><v>{r}</v></c></row>'
                   for r in range(1, 200))
    return package([sheet_xml(rows)])


GOOD_GRID = read_ok(good())[0].grid


def test_the_reference_package_is_read():
    assert read_ok(good())[0].grid.shape == (199, 2)


@pytest.mark.parametrize("size", [10, 1_000_000, 0xFFFFFFF0])
def test_a_member_that_lies_about_its_size_is_refused(size):
    msg = refusal(patch_member(good(), SHEET, size=size))
    assert "损坏" in msg or "解压后体积异常" in msg  # a declared 4 GB is refused by the directory check first


def test_a_broken_crc_is_refused():
    info = member_info(good(), SHEET)
    assert "损坏" in refusal(patch_member(good(), SHEET, crc=info.CRC ^ 0xFFFF))


@pytest.mark.parametrize("at", [0.1, 0.5, 0.9])
def test_a_corrupt_deflate_stream_is_refused(at):
    assert "损坏" in refusal(corrupt_deflate(good(), SHEET, at=at))


def test_a_sheet_name_that_is_not_utf8_is_refused():
    wb = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {bad_ns()} '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
          '<sheet name="').encode() + "数据".encode("gb18030") + b'" sheetId="1" r:id="rId1"/></sheets></workbook>'
    assert "损坏" in refusal(package([sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')], workbook=wb))


def test_an_entity_expansion_in_a_part_is_refused():
    wb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
          b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>')
    assert "损坏" in refusal(package([sheet_xml("")], workbook=wb))


@pytest.mark.parametrize("sep", ["\r", "\n", "\r\n"])
def test_csv_row_cap_counts_every_line_break_convention(sep):
    data = sep.join(["地区,指标,期别,数值"] + ["清河县,HNTE,2023,1"] * 1200).encode("utf-8")
    msg = refusal(data, "a.csv", max_rows=1000)
    assert "1,201 行" in msg and "1,000 行" in msg


def test_utf16_csv_rows_are_counted_in_characters():
    text = "\r\n".join(["地区\t指标\t期别\t数值"] + ["清河县\tHNTE\t2023\t1"] * 1200)
    assert "1,201 行" in refusal(b"\xff\xfe" + text.encode("utf-16-le"), "a.csv", max_rows=1000)


def test_cr_only_csv_within_the_cap_gives_a_message_or_its_rows_never_a_500(analyse):
    data = "\r".join(["地区代码,地区,指标代码,指标,期别,是否累计,数值,单位,状态,备注",
                      "130534,清河县,HNTE,高新技术企业数,2023,否,69,家,正式,"]).encode("utf-8")
    r = analyse(("mac.csv", data))
    assert r.ok or (len(r.errors) and CJK.search(r.errors["message_zh"].iloc[0]))


# ---- the property: generated sparse, huge-reference and damaged archives ----------------------------

COUNTER = {"huge": 0, "damaged": 0}
refs = st.builds(lambda c, r: f"{bounds.col_letter(c)}{r}", st.integers(0, 16383), st.integers(1, 1_048_576))
big_refs = st.one_of(
    st.builds(lambda c, r: f"{bounds.col_letter(c)}{r}", st.integers(bounds.MAX_COLS, 16383), st.integers(1, 1_048_576)),
    st.builds(lambda c, r: f"{bounds.col_letter(c)}{r}", st.integers(0, 16383), st.integers(200_051, 1_048_576)),
    st.builds(lambda c, r: f"{bounds.col_letter(c)}{r}", st.integers(400, bounds.MAX_COLS - 1),
              st.integers(10_001, 200_050)))


@st.composite
def huge_archives(draw):
    far = draw(big_refs)
    n_small = draw(st.integers(0, 20))
    cells = draw(st.lists(refs.filter(lambda _r: True), max_size=n_small))
    style = draw(st.sampled_from(["plain", "no_r", "prefix", "dimension_only", "merge", "row_r_only"]))
    col = "".join(ch for ch in far if ch.isalpha())
    row = int("".join(ch for ch in far if ch.isdigit()))
    small = "".join(f'<row r="{1 + i}"><c r="A{1 + i}"><v>{i}</v></c></row>' for i in range(len(cells)))
    if style == "plain":
        xml = sheet_xml(small + f'<row r="{row}"><c r="{far}"><v>1</v></c></row>',
                        dimension=draw(st.sampled_from([None, "A1", "A1:B2", f"A1:{far}"])))
    elif style == "row_r_only":  # the cell's own reference is the far one
        xml = sheet_xml(small + f'<row r="{len(cells) + 1}"><c r="{far}"><v>1</v></c></row>')
    elif style == "no_r":  # position implied: empty rows then the cell in its column
        xml = sheet_xml(small + f'<row r="{row}"><c r="{far}"><v>1</v></c></row><row><c><v>2</v></c></row>')
    elif style == "prefix":
        xml = sheet_xml(f'<x:row r="{row}"><x:c r="{far}"><x:v>1</x:v></x:c></x:row>', prefix="x")
    elif style == "dimension_only":
        xml = sheet_xml(small + '<row r="1"><c r="A1"><v>1</v></c></row>', dimension=f"A1:{far}")
    else:
        xml = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', merges=[f"A1:{far}"])
    sheets = [sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')] * draw(st.integers(0, 2)) + [xml]
    return package(sheets), far, col, row


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(huge_archives())
def test_property_huge_references_are_always_refused_with_a_chinese_message(case):
    data, far, col, row = case
    COUNTER["huge"] += 1
    msg = refusal(data)
    # The message names the corner of the used range (where Ctrl+End goes): at or beyond the far cell.
    named = re.search(r"(?:单元格|数据范围到) ([A-Z]+)(\d+)", msg)
    assert named, msg
    assert bounds._col_number(named.group(1).encode()) >= bounds._col_number(col.encode()) and \
        int(named.group(2)) >= row, msg


DAMAGES = ["size", "crc", "deflate", "truncate", "flip", "name"]


@st.composite
def damaged_archives(draw):
    data = good()
    kind = draw(st.sampled_from(DAMAGES))
    member = draw(st.sampled_from([SHEET, "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"]))
    info = member_info(data, member)
    if kind == "size":
        size = draw(st.integers(0, 0xFFFFFFFF).filter(lambda s: s != info.file_size))
        return patch_member(data, member, size=size), True
    if kind == "crc":
        return patch_member(data, member, crc=info.CRC ^ draw(st.integers(1, 0xFFFFFFFF))), True
    if kind == "deflate":  # a flip in bits the decoder ignores (padding, a final-block flag) may change nothing
        return corrupt_deflate(data, member, at=draw(st.floats(0, 0.999)), xor=draw(st.integers(1, 255))), False
    if kind == "truncate":
        return data[:draw(st.integers(4, len(data) - 1))], True
    if kind == "flip":  # anywhere, headers included: refused or read, never anything else
        pos = draw(st.integers(4, len(data) - 1))
        out = bytearray(data)
        out[pos] ^= draw(st.integers(1, 255))
        return bytes(out), False
    wb = (f'<?xml version="1.0" encoding="UTF-8"?><workbook {bad_ns()} '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="').encode() \
        + draw(st.binary(min_size=1, max_size=8).filter(lambda b: _not_utf8(b))) + \
        b'" sheetId="1" r:id="rId1"/></sheets></workbook>'
    return package([sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>')], workbook=wb), True


def _not_utf8(b: bytes) -> bool:
    try:
        b.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged_archives())
def test_property_damaged_archives_never_raise_anything_but_a_user_error(case):
    data, must_refuse = case
    COUNTER["damaged"] += 1
    try:
        kind = sniff(data, "a.xlsx")
        sheets = read_limited(data, kind, "a.xlsx", max_rows=200_000)
    except UserError as exc:
        assert CJK.search(exc.message_zh) and "Traceback" not in exc.message_zh
        return
    assert not must_refuse, "a damaged archive was read as if it were whole"
    # Read: then it was not damaged where it matters (every member passed its CRC): the same figures.
    if sheets and sheets[0].grid.shape == GOOD_GRID.shape:
        assert sheets[0].grid.equals(GOOD_GRID)


def test_zz_report_how_many_archives_the_properties_generated(capsys):
    with capsys.disabled():
        print(f"\n[bounds] generated archives: huge={COUNTER['huge']} damaged={COUNTER['damaged']}")
