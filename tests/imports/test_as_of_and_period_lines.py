"""Third break pass, periods (A2, A4): 截至…月 without 底/末 was the single month; a period line on its own row
(at the right, or below the title) under a title naming the year only was ignored (the year stored) or taken as
the group header of the one column below it; a quarter said with its ordinal (第三季度) marked 是否累计 = 是 was
stored as 1-9月 累计. Literal outcomes: (indicator, region, period, 累计, value, cell), or the refusal and its cells."""
import datetime as dt

import pytest

from data.imports.periods import parse_period, ytd_said
from workbooks import grid, long_form

TODAY = dt.date(2026, 1, 10)
HEADER = ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"]


def rows(result):
    return sorted((r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell)
                  for r in result.obs.itertuples())


def errors(result):
    return sorted((r.rule, r.cell) for r in result.errors.itertuples())


def table(first_data_row, period="2024Q3", ytd=True):
    """清河县 and 威县 from Excel row `first_data_row`: R&D in B (a flow), 高新技术企业数 in C (a stock)."""
    a, b = first_data_row, first_data_row + 1
    return sorted([("HNTE", "130533", period, False, 52.0, f"C{b}"), ("HNTE", "130534", period, False, 78.0, f"C{a}"),
                   ("RD_EXP", "130533", period, ytd, 8300.0, f"B{b}"), ("RD_EXP", "130534", period, ytd, 12305.0, f"B{a}")])


DATA = [["清河县", 12305, 78], ["威县", 8300, 52]]

# 截至 up to a month or a quarter without 底/末: 1-N月 累计 (flows), the period's end (stocks); never the single month
AS_OF = {
    "截至2024年9月": ("2024Q3", "Q", True),
    "数据截至2024年9月": ("2024Q3", "Q", True),
    "截至2024年9月份": ("2024Q3", "Q", True),
    "截止2024年9月": ("2024Q3", "Q", True),
    "截止到2024年9月": ("2024Q3", "Q", True),
    "截止至2024年8月": ("2024M08", "M", True),
    "到2024年9月为止": ("2024Q3", "Q", True),
    "截至2024年9月为止": ("2024Q3", "Q", True),
    "至2024年9月止": ("2024Q3", "Q", True),
    "截至2024年三季度": ("2024Q3", "Q", True),
    "截至2024年第三季度": ("2024Q3", "Q", True),
    "截至2024年Q3": ("2024Q3", "Q", True),
    "截至2024Q3": ("2024Q3", "Q", True),
    "截至2024年12月": ("2024", "Y", False),
    "截至2024年1-9月": ("2024Q3", "Q", True),
    "邢台市2024年县域科技指标（数据截至9月）": ("2024Q3", "Q", True),
    # still a span or a month alone where no as-of word stands before it
    "2024年7月至9月": ("2024Q3", "Q", False),
    "2024年1月至9月": ("2024Q3", "Q", True),
    "2024年9月": ("2024M09", "M", False),
    # as of something that is no period end, or 截至 not joined to the period: not understood
    "截至9月20": None,
    "截至2024年7-9月": None,
    "截至目前2024年9月": None,
}


@pytest.mark.parametrize("text", list(AS_OF))
def test_as_of_phrase(text):
    p = parse_period(text)
    assert (None if p is None else (p.label, p.kind, p.is_ytd)) == AS_OF[text]


@pytest.mark.parametrize("title", ["邢台市县域科技指标（数据截至2024年9月）", "邢台市县域科技指标（截至2024年9月）",
                                   "邢台市县域科技指标（截至2024年9月份）", "邢台市2024年县域科技指标（数据截至9月）",
                                   "邢台市县域科技指标（截止到2024年9月）", "邢台市县域科技指标（到2024年9月为止）",
                                   "截至2024年三季度邢台市县域科技指标"])
def test_as_of_month_in_the_title_is_the_ytd_to_it(analyse, title):
    r = analyse(("t.xlsx", grid([[title], HEADER, *DATA])), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert rows(r) == table(3)


def test_as_of_month_on_its_own_line_or_as_the_sheet_name(analyse):
    r = analyse(("t.xlsx", grid([["邢台市县域科技指标"], ["截至2024年9月"], HEADER, *DATA])), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert rows(r) == table(4)
    r = analyse(("t.xlsx", grid([["邢台市县域科技指标"], HEADER, *DATA], title="截至2024年9月")), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert rows(r) == table(3)
    # as of August: 1-8月 累计 for the flow, the end of August for the stock
    r = analyse(("t.xlsx", grid([["邢台市县域科技指标（截至2024年8月）"], HEADER, *DATA])), today=TODAY)
    assert rows(r) == table(3, "2024M08")


@pytest.mark.parametrize("title,line,col", [
    ("邢台市2024年县域科技指标", "（截至9月底）", 2),
    ("邢台市2024年县域科技指标", "1-9月", 2),
    ("邢台市2024年县域科技指标", "截至9月", 2),
    ("邢台市2024年县域科技指标", "1-9月", 1),                          # in the middle
    ("2024年邢台市县域科技指标", "时间：1-9月", 2),
    ("2024年邢台市县域科技指标", "统计时间：1—9月", 2),
    ("邢台市2024年县域科技指标", "数据截止时间：2024年9月30日", 2),
    ("邢台市县域科技指标（2024年）", "截至9月底", 2),
    ("邢台市2024年县域科技指标", "2024年1-9月", 2),                    # the full period, above one column only
    ("邢台市县域科技指标", "统计时间：截至2024年9月底", 2),
])
def test_period_line_at_the_right_combines_with_the_year_of_the_title(analyse, title, line, col):
    # was: the line taken as a header over the one column below it, the flows stored as the whole year 2024
    # (or R&D as 2024 and 高新技术企业数 as 2024Q3)
    second = [None, None, None]
    second[col] = line
    r = analyse(("t.xlsx", grid([[title], second, HEADER, *DATA])), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert rows(r) == table(4)


def test_period_line_at_the_right_naming_another_period_is_refused(analyse):
    # the title says 1-6月, the line at the right 截至9月底: two periods, neither taken
    r = analyse(("t.xlsx", grid([["邢台市2024年1-6月县域科技指标"], [None, None, "（截至9月底）"], HEADER, *DATA])),
                today=TODAY)
    assert r.obs.empty
    assert ("missing_period", "A1") in errors(r)
    msg = " ".join(r.errors["message_zh"])
    assert "2024年1-6月" in msg and "截至9月底" in msg
    # another year
    r = analyse(("t.xlsx", grid([["邢台市2023年县域科技指标"], [None, None, "2024年1-9月"], HEADER, *DATA])),
                today=TODAY)
    assert r.obs.empty
    msg = " ".join(r.errors["message_zh"])
    assert "2023年" in msg and "2024年1-9月" in msg


def test_filing_date_line_at_the_right_is_still_no_period(analyse):
    r = analyse(("t.xlsx", grid([["邢台市2024年1-9月县域科技指标"], [None, None, "填报日期：2024年10月12日"],
                                 HEADER, *DATA])), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert rows(r) == table(4)


# A quarter said with its ordinal (第三季度) is that quarter alone; 三季度 / 3季度 / Q3 / 2024Q3 say only which quarter
# ends the period, and the 是否累计 flag tells (tests/imports/test_period_kinds.py: 2024年三季度 + 是 is 1-9月 累计).
SAID = {"2024年第三季度": False, "2024年第3季度": False, "2024年第Ⅲ季度": False, "2024年第III季度": False,
        "2024年第四季度": False, "2024年第三季度（当季）": False,
        "2024年第一季度": None,            # 1-3月: the same figures either way
        "2024年三季度": None, "2024年3季度": None, "2024年III季度": None, "2024年Q3": None, "2024Q3": None,
        "截至2024年第三季度": True, "截至2024年9月": True}


@pytest.mark.parametrize("text", list(SAID))
def test_what_a_quarter_phrase_says_about_ytd(text):
    assert ytd_said(text) is SAID[text]


def test_long_form_ordinal_quarter_marked_ytd_is_refused_naming_both_cells(analyse):
    header = ["地区代码", "地区", "指标", "期别", "是否累计", "数值", "单位"]
    data = [["130534", "清河县", "R&D经费", "2024年第三季度", "是", 12305, "万元"],
            ["130533", "威县", "R&D经费", "2024年第3季度", "是", 8300, "万元"],
            ["130535", "临西县", "R&D经费", "2024年第Ⅲ季度", "是", 5722, "万元"],
            ["130581", "南宫市", "R&D经费", "2024年第三季度", "否", 900, "万元"],
            ["130582", "沙河市", "R&D经费", "2024Q3", "是", 700, "万元"],          # the template's own code: 1-9月
            ["130532", "平乡县", "R&D经费", "2024年第一季度", "是", 300, "万元"],    # 1-3月 either way
            ["130531", "广宗县", "高新技术企业数", "2024年第三季度", "是", 40, "家"]]  # a stock: no 累计 to contradict
    r = analyse(("l.xlsx", long_form(data, header=header)), today=TODAY)
    assert errors(r) == [("ytd_conflict", "D2"), ("ytd_conflict", "D3"), ("ytd_conflict", "D4")]
    msgs = list(r.errors.sort_values("cell")["message_zh"])
    assert "D2「2024年第三季度」" in msgs[0] and "E2" in msgs[0] and "「是」" in msgs[0]
    assert rows(r) == [("HNTE", "130531", "2024Q3", False, 40.0, "F8"),
                       ("RD_EXP", "130532", "2024Q1", True, 300.0, "F7"),
                       ("RD_EXP", "130581", "2024Q3", False, 900.0, "F5"),
                       ("RD_EXP", "130582", "2024Q3", True, 700.0, "F6")]


def test_long_form_as_of_month_is_ytd_and_contradicts_no(analyse):
    header = ["地区代码", "地区", "指标", "期别", "是否累计", "数值", "单位"]
    data = [["130534", "清河县", "R&D经费", "截至2024年9月", "", 12305, "万元"],
            ["130533", "威县", "R&D经费", "截至2024年9月", "否", 8300, "万元"]]
    r = analyse(("l.xlsx", long_form(data, header=header)), today=TODAY)
    assert errors(r) == [("ytd_conflict", "D3")]
    assert rows(r) == [("RD_EXP", "130534", "2024Q3", True, 12305.0, "F2")]


def _merged_line(title, cells):
    """A1 title; row 2 the merged period cells {"B2:C2": text}; the header in row 3, 清河县 and 威县 below."""
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(grid([[title], [], HEADER + ["R&D经费（万元）", "高新技术企业数（家）"][:5],
                                                 ["清河县", 12305, 78, 3000, 78], ["威县", 8300, 52, 2000, 52]])))
    ws = wb.active
    for rng, text in cells.items():
        ws[rng.split(":")[0]] = text
        ws.merge_cells(rng)
    return wb


@pytest.mark.parametrize("line", ["（截至9月底）", "1-9月", "截至9月"])
def test_period_line_merged_over_the_columns_combines_with_the_title_year(analyse, line):
    # was: a group header without a year, dropped: the flows stored as the whole year 2024
    from workbooks import save

    wb = _merged_line("邢台市2024年县域科技指标", {"B2:C2": line})
    wb.active.delete_cols(4, 2)
    r = analyse(("t.xlsx", save(wb)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert rows(r) == table(4)


def test_group_headers_without_the_year_take_the_title_year(analyse):
    # 1-9月 over B:C and 7-9月 over D:E under 邢台市2024年…: each group its own part of 2024 (was: all four the year)
    from workbooks import save

    wb = _merged_line("邢台市2024年县域科技指标", {"B2:C2": "1-9月", "D2:E2": "7-9月"})
    r = analyse(("t.xlsx", save(wb)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    # (the stock's second column repeats the same Q3-end figures: one key, one figure)
    assert rows(r) == sorted(table(4) + [("RD_EXP", "130533", "2024Q3", False, 2000.0, "D5"),
                                         ("RD_EXP", "130534", "2024Q3", False, 3000.0, "D4")])
