"""Variants of ../shared/cases/imports built in tests/imports/corpus/corpus_builders.py: the cells and
figures their warnings and errors name, and the rows they report as skipped (test_corpus checks the
tables and the rule lists)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from corpus_builders import CORPUS, TODAY  # noqa: E402

BY_NAME = {c.name: c for c in CORPUS}


def run(analyse, name):
    case = BY_NAME[name]
    return analyse((name, case.build()), today=TODAY, **case.options)


def named(result):
    p = result.problems
    return sorted((r.severity, r.rule, r.cell, r.message_zh) for r in p.itertuples())


def not_city(cell, value):
    return ("warning", "total_not_city", cell, "合计行不是全市数（全市数 = 各县（市、区）+ 开发区），未作为全市数导入，"
            f"已与各县（市、区）核对：{value} 等于所列各县（市、区）之和，表中没有河北邢台经济开发区（130571）一行，合计不含开发区")


@pytest.mark.parametrize("name, expected", [
    # the 全市合计 equals the 18 counties with no zone row: the counties' total (tests/imports/test_city_totals.py)
    ("subtotals_heading_one_wrong.xlsx",
     [("warning", "subtotal_mismatch", "B4", "小计数与所列各项之和不一致（小计行不导入）：4106，所列各县（市、区）之和为 4006"),
      *[not_city(c, v) for c, v in (("B3", 18153), ("C3", 333))]]),
    ("subtotals_closing_total_last_wrong.xlsx",
     [("warning", "subtotal_mismatch", "B7", "小计数与所列各项之和不一致（小计行不导入）：3999，所列各县（市、区）之和为 4006"),
      *[not_city(c, v) for c, v in (("B23", 18153), ("C23", 333))]]),
    ("partial_total_count_off_by_two.xlsx",
     [("warning", "total_mismatch", "B3", "合计数与各县（市、区）之和不一致：470，所列各县（市、区）之和为 468")]),
    ("partial_total_yi_off.xlsx",
     [("warning", "total_mismatch", "B4", "合计数与各县（市、区）之和不一致：3.39，所列各县（市、区）之和为 3.3")]),
    ("yearbook_number_in_break_line.xlsx",
     [("error", "unread_cell", "B13", "该单元格有内容，但不属于识别出的表格，未导入"),
      ("error", "unread_cell", "C13", "该单元格有内容，但不属于识别出的表格，未导入")]),
    ("whole_city_one_row_hidden.xlsx",
     [("warning", "hidden_data", "", "隐藏的内容中有数据，未导入：第 4 行（隐藏或被筛选）"),
      ("warning", "total_mismatch", "B22",
       "合计数与各县（市、区）之和不一致：338，所列各县（市、区）之和为 327（第 4 行被隐藏或筛选掉，未计入所列之和）")]),
    ("form_column_numbers_not_a_formula.xlsx",
     [("error", "unread_cell", c, "该单元格有内容，但不属于识别出的表格，未导入") for c in ("C5", "D5", "E5")]),
])
def test_the_problem_names_the_cell_and_both_figures(analyse, name, expected):
    assert named(run(analyse, name)) == expected


@pytest.mark.parametrize("name, kinds", [
    ("yearbook_three_pages_numbered.xlsx",
     [(1, "title"), (2, "unit_line"), (3, "header"), (10, "continued"), (11, "header_repeat"), (18, "continued"),
      (19, "header_repeat"), (26, "note")]),
    ("yearbook_continued_in_last_column.xlsx",
     [(1, "title"), (2, "unit_line"), (3, "header"), (13, "continued"), (14, "header_repeat"), (24, "note")]),
    ("yearbook_page_numbers.xlsx",
     [(1, "title"), (2, "unit_line"), (3, "header"), (10, "page_number"), (11, "continued"), (12, "header_repeat"),
      (19, "page_number"), (20, "continued"), (21, "header_repeat"), (28, "note")]),
    ("yearbook_title_repeated_two_row_header.xlsx",
     [(1, "title"), (2, "unit_line"), (3, "header"), (4, "header"), (14, "continued"), (15, "unit_line"),
      (16, "header_repeat"), (17, "header_repeat"), (27, "note")]),
    ("form_column_numbers_with_formula.xlsx", [(1, "meta"), (2, "meta"), (3, "meta"), (4, "header"), (5, "column_numbers")]),
    ("form_two_row_header.xlsx", [(1, "meta"), (2, "meta"), (3, "header"), (4, "header"), (5, "column_numbers")]),
])
def test_skipped_rows_say_what_they_are(analyse, name, kinds):
    r = run(analyse, name)
    assert [(s["row"], s["kind"]) for s in r.preview["skipped"]] == kinds
    c = r.counts()["cells"]
    assert c["refused"] == 0 and c["imported"] + c["structure"] == c["total"]


def test_bare_yoy_and_base_columns_belong_to_the_indicator_before_them(analyse):
    r = run(analyse, "wide_bare_yoy_columns.csv")
    got = sorted((o.indicator, o.region, float(o.value), None if o.base_value != o.base_value else float(o.base_value),
                  float(o.reported_yoy)) for o in r.obs.itertuples())
    assert got == [("HNTE", "130581", 66.0, 60.0, 10.0), ("HNTE", "130582", 90.0, 90.0, 0.0),
                   ("RD_EXP", "130581", 9817.0, None, 11.81), ("RD_EXP", "130582", 20580.0, None, -3.5)]
    assert r.problems.empty
