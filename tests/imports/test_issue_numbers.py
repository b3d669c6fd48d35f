"""A4 (breaker6): an issue, batch, week or round number after a year, or 截至目前, was dropped and the bare year stored
as the annual figure: 科技统计月报（2024年第9期） stored ('RD_EXP','130534','2024',False,12305.0,'B3'); 邢台市2024年第一批
科技型中小企业入库情况 stored one certification batch's count as the year-end TSME stock. The rule (docs/IMPORTS.md,
"Period phrases are read whole or refused"): 第N期 / 总第N期 / 第N次 / 第N轮 beside a year leave the period unsaid unless
a phrase of the same text names the months (2024年第9期（1-9月） is 1–9月); 第N批 and 第N周 are a batch's or a week's
figures, no period's, whatever stands beside them; 截至目前 / 至今 is as of an unstated day. Each is missing_period on
the cell holding it (periods.parse_period, mentions_period, issue_word; table_shapes._context for a line without a
year whose year comes from the sheet's or file's name), in every layout, never the bare year."""
import datetime as dt

import pytest
from import_checks import long_rows, problems, refusals, stored
from workbooks import grid

from data.imports.periods import mentions_period, parse_period

TODAY = dt.date(2026, 1, 10)
HEADER = ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"]
ROWS = [["清河县", 12305, 78], ["威县", 8300, 52]]


@pytest.mark.parametrize("text", [
    "科技统计月报（2024年第9期）", "科技统计简报 2024年第3期", "《邢台科技》2024年第10期：各县（市、区）科技指标",
    "科技统计 2024年 总第125期", "2024年第36周 县域科技指标", "2024年度第三次调度 县域科技指标",
    "2024年科技工作进展（截至目前）", "邢台市2024年第一批科技型中小企业入库情况", "邢台市2024年第二批高新技术企业认定情况",
    "2024年9月第3周", "2024年第一批（1-6月）", "2024年至今",
    "科技统计月报2024年9期", "2024年以来县域科技指标", "2024年县域科技指标（当前）",   # breaker7 A4
])
def test_issue_and_batch_numbers_name_no_period(text):
    assert parse_period(text) is None
    assert mentions_period(text) is True


@pytest.mark.parametrize(("text", "label", "ytd"), [
    ("科技统计月报（2024年第9期，1-9月）", "2024Q3", True),   # pi07: the months name the period
    ("2024年第三季度", "2024Q3", False),
    ("2024年度", "2024", False),
])
def test_a_phrase_naming_the_months_still_reads(text, label, ytd):
    p = parse_period(text)
    assert (p.label, p.is_ytd) == (label, ytd)


@pytest.mark.parametrize(("title", "said"), [
    ("科技统计月报（2024年第9期）", "第9期"),                        # pd17
    ("2024年度第三次调度 县域科技指标", "第三次"),                  # pi06
    ("2024年科技工作进展（截至目前）", "截至目前"),                 # pi09
    ("科技统计 2024年 总第125期", "总第125期"),                     # pi10
])
def test_wide_title_with_an_issue_number_is_refused(analyse, title, said):
    r = analyse(("f.xlsx", grid([[title], HEADER, *ROWS])), today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("missing_period", "A1", f"期别写法无法识别：「{title}」"), ("no_values", "", "")]
    msg = problems(r, "missing_period")["message_zh"].iloc[0]
    assert f"「{title}」 中的“{said}”是期号、调度次数或时点，不是数据所属期别" in msg


def test_a_batch_is_no_period(analyse):
    title = "邢台市2024年第一批科技型中小企业入库情况"   # pi03
    r = analyse(("f.xlsx", grid([[title], ["县（市、区）", "科技型中小企业（家）"], ["清河县", 34], ["威县", 33]])),
                today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("missing_period", "A1", f"期别写法无法识别：「{title}」"), ("no_values", "", "")]
    assert "“第一批”表明这是一批（一周）的数，不是某一期别的统计数" in problems(r, "missing_period")["message_zh"].iloc[0]


def test_a_week_beside_a_month_is_refused(analyse):
    title = "邢台市2024年9月第3周县域科技指标"
    r = analyse(("f.xlsx", grid([[title], HEADER, *ROWS])), today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("missing_period", "A1", f"期别写法无法识别：「{title}」"), ("no_values", "", "")]


def test_issue_number_without_a_year_and_the_year_in_the_file_name(analyse):
    # the title's 第9期 has no year; the file's name gives 2024: still one issue's, never the year's
    r = analyse(("2024年科技统计.xlsx", grid([["科技统计月报（第9期）"], HEADER, *ROWS])), today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("missing_period", "A1", "期别写法无法识别：「科技统计月报（第9期）」"), ("no_values", "", "")]


def test_issue_number_in_the_sheet_name_with_a_bare_year_title(analyse):
    r = analyse(("f.xlsx", grid([["邢台市2024年县域科技指标"], HEADER, *ROWS], title="第3期")), today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("missing_period", "A1", "期别写法无法识别：工作表名「第3期」"), ("no_values", "", "")]


def test_issue_number_with_the_months_reads(analyse):
    # control (pi07): the months in the same title name the period
    r = analyse(("f.xlsx", grid([["科技统计月报（2024年第9期，1-9月）"], HEADER, *ROWS])), today=TODAY)
    assert r.errors.empty, refusals(r)
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "C4"), ("HNTE", "130534", "2024Q3", False, 78.0, "C3"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]


def test_long_form_period_cell_with_an_issue_number(analyse):
    r = analyse(long_rows(["130534", "清河县", "RD_EXP", "R&D经费", "2024年第9期", "", 12305, "万元"]), today=TODAY)
    assert stored(r) == []
    assert ("missing_period", "E2", "2024年第9期") in refusals(r)


def test_form_report_period_with_a_batch(analyse):
    meta = [["科技统计快报表"], ["单位名称：清河县科学技术局", None, None, "行政区划代码：130534"],
            ["报告期：2024年第一批"]]
    r = analyse(("f.xlsx", grid([*meta, ["指标名称", "计量单位", "本期"], ["高新技术企业数", "家", 19]])), today=TODAY)
    assert stored(r) == []
    assert ("missing_period", "A3", "期别写法无法识别：「2024年第一批」") in refusals(r)


def test_series_title_with_an_issue_number(analyse):
    # a yearbook series whose columns are years: the title's 第2期 and the columns' years give no period
    title = "各县（市、区）高新技术企业数（2024年第2期）"
    r = analyse(("f.xlsx", grid([[title], ["县（市、区）", "2023年", "2024年"], ["清河县", 73, 78], ["威县", 50, 52]])),
                today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("missing_period", "A1", f"期别写法无法识别：「{title}」"), ("no_values", "", "")]


def test_a_census_round_is_no_issue_number():
    """breaker7 C: 第四次全国经济普查 names a census, not a round of a dispatch; the year beside it stands."""
    assert parse_period("2023年第四次全国经济普查口径") is not None



def test_a_plans_span_before_the_period_is_no_as_of_word():
    """breaker7: “十四五”以来 before 2024年1-9月 names a plan's span, not an unstated day: the period stands."""
    p = parse_period("“十四五”以来邢台市2024年1-9月县域科技指标")
    assert (p.label, p.is_ytd) == ("2024Q3", True)
