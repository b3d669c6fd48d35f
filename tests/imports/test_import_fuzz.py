"""Property test: generated workbooks (mixed cell types in every column, merged cells, hidden rows,
columns and sheets, blank rows, numbers stored as text, percent formats, structure words) never make the
importer raise anything but the user-facing UserError, and the cell accounting always adds up:
imported + structure + refused == the non-empty cells of the workbook, counted here independently."""
from __future__ import annotations

import datetime as dt
import os
import io

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data.errors import UserError

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
TODAY = dt.date(2026, 11, 30)

WORDS = ["清河县", "威县", "临西县", "桥东区", "任县", "邢台县", "长安区", "全市合计", "合计", "市区小计", "小计",
         "其中：经济开发区", "续表", "县（市、区）", "地区", "指标", "数值", "期别", "R&D经费（万元）",
         "高新技术企业数（家）", "技术合同登记额", "#吸纳京津技术合同额", "  其中：规模以上工业企业R&D经费",
         "单位：万元、家", "注：快报数", "资料来源：市科技局", "填表人：张三", "甲", "乙", "丙", "序号", "本期",
         "上年同期", "同比增减%", "2024年1-9月", "截至2024年9月底", "2026年第四季度", "2024Q3", "是", "—", "x",
         "130534", "130521", "1,234", " 56 ", "12.5%", "(12)", "=SUM(A1:A2)", "一", "\u3000", " "]
cell = st.one_of(
    st.none(), st.none(), st.sampled_from(WORDS), st.integers(-10**6, 10**9),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
    st.booleans(), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.text(alphabet="0123456789.,-%元万家 县区市合计", max_size=8),
)


@st.composite
def workbooks(draw):
    wb = openpyxl.Workbook()
    expected = 0
    shown = []
    for s in range(draw(st.integers(1, 3))):
        ws = wb.active if s == 0 else wb.create_sheet(f"S{s}")
        nr, nc = draw(st.integers(1, 12)), draw(st.integers(1, 6))
        values = {}
        for r in range(1, nr + 1):
            if draw(st.integers(0, 5)) == 0:
                continue   # a blank row
            for c in range(1, nc + 1):
                v = draw(cell)
                if v is not None:
                    ws.cell(r, c, v)
                    values[(r, c)] = v
                    if draw(st.integers(0, 6)) == 0:
                        ws.cell(r, c).number_format = "0.00%"
        for _ in range(draw(st.integers(0, 2))):
            r0, c0 = draw(st.integers(1, nr)), draw(st.integers(1, nc))
            r1, c1 = draw(st.integers(r0, nr)), draw(st.integers(c0, nc))
            if (r1, c1) != (r0, c0) and not any(
                    not (r1 < m.min_row or r0 > m.max_row or c1 < m.min_col or c0 > m.max_col)
                    for m in ws.merged_cells.ranges):
                ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
                for rr in range(r0, r1 + 1):
                    for cc in range(c0, c1 + 1):
                        if (rr, cc) != (r0, c0):
                            values.pop((rr, cc), None)
        for r in draw(st.lists(st.integers(1, nr), max_size=2)):
            ws.row_dimensions[r].hidden = True
        if draw(st.booleans()) and nc > 1:
            ws.column_dimensions[openpyxl.utils.get_column_letter(draw(st.integers(1, nc)))].hidden = True
        if s > 0 and draw(st.booleans()):
            ws.sheet_state = "hidden"
        kept = {k: v for k, v in values.items() if not (isinstance(v, str) and not v.strip())}
        expected += len(kept)
        shown.append((ws.title, ws.sheet_state, sorted(kept.items())))
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue(), expected, shown


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])
@given(book=workbooks(), include_hidden=st.booleans())
def test_generated_workbooks_never_crash_and_every_cell_is_accounted_for(analyse, book, include_hidden):
    data, expected, shown = book
    try:
        r = analyse(("fuzz.xlsx", data), today=TODAY, include_hidden=include_hidden)
    except UserError:
        return
    c = r.counts()["cells"]
    if (r.problems["rule"] == "bad_file").any():
        return
    assert c["imported"] + c["structure"] + c["refused"] == c["total"]
    assert c["total"] == expected, shown
    assert sum(c["structure_kinds"].values()) == c["structure"]
    # nothing is "ok" with nothing read, and a file with errors writes nothing
    assert r.ok == (r.errors.empty and len(r.obs) > 0)
    if r.obs.empty:
        assert not r.errors.empty
