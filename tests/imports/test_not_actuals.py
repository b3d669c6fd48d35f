"""A2 (breaker6): target, plan and forecast tables were stored as actual figures. 邢台市2024年县域科技指标目标任务分解表
stored ('RD_EXP','130534','2024',False,20014.0,'B3'); a series 各县（市、区）R&D经费目标任务（万元） over 2024年 | 2025年
stored both years. The rule (docs/IMPORTS.md, "Targets, plans and estimates are no statistics"): a table whose title or
header block, sheet name or file name says 目标, 任务分解, 计划, 预计, 预测, 考核指标, 测算 or 规划 (match.NOT_ACTUALS) is
refused as a whole (not_actuals, naming the cell or the name, with the fix to enter targets on the 目标任务 page), in every
layout; a column whose header cell says so (目标任务（万元）, a group 2024年目标 over the indicators) is refused the same
way, never read as its indicator or as the year's column. A text that also says the figures were done (目标任务完成情况,
计划执行情况: match.ACTUALS_SAID) is a table of actuals: its 目标 columns are refused, its 完成 columns read."""
import datetime as dt

import pytest
from import_checks import problems, refusals, stored
from workbooks import csv_bytes, grid, long_form

TODAY = dt.date(2026, 1, 10)
HEADER = ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"]
ROWS = [["清河县", 20014, 114], ["威县", 20013, 113]]
MESSAGE = "这是目标、计划、预计或预测数，不是统计数（实际完成数），未导入："
FIX = ("本系统只导入统计数：目标任务请由管理员在“目标任务”页面的“设置目标”中录入；如确为实际完成数，"
       "请把标题（或工作表名、文件名、列名）中的“目标”“计划”“预计”等字样改为“完成情况”或删去后重新上传")


@pytest.mark.parametrize(("title", "word"), [
    ("邢台市2024年县域科技指标目标任务分解表", "目标"),   # tg06
    ("邢台市2024年县域科技指标目标", "目标"),             # tg08
    ("邢台市2025年县域科技指标任务分解", "任务分解"),     # tg12
    ("邢台市2024年县域科技指标（预计数）", "预计"),       # tg13
    ("邢台市2024年县域科技指标计划", "计划"),             # tg14
    ("2024年县域科技指标预测", "预测"),                   # pi12
    ("邢台市2024年科技创新考核指标分解表", "考核指标"),   # tg15
    ("各县（市、区）R&D经费目标任务（万元）", "目标"),    # tg16 (with year columns below, see the series test)
    # breaker7 A3: the words a task list, an allocation, a budget or a pledge is written with, traditional and English
    ("邢台市2024年县域科技创新指标任务清单", "任务清单"),
    ("邢台市2024年科技指标下达表", "指标下达"),
    ("邢台市2024年R&D经费指标分配表", "指标分配"),
    ("邢台市2024年县域科技指标（力争数）", "力争"),
    ("邢台市2024年县域科技指标应完成数", "应完成"),
    ("邢台市2024年地方财政科技支出预算", "预算"),
    ("邢台市2024年县域科技指标（預計數）", "預計"),
    ("2024年 County S&T targets", "targets"),
    ("邢台市2024年县域科技指标预计完成情况", "预计"),   # nt9: what is expected to be done is no actual
])
def test_a_target_title_refuses_the_table(analyse, title, word):
    r = analyse(("f.xlsx", grid([[title], HEADER, *ROWS])), today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("no_values", "", ""), ("not_actuals", "A1", f"「{title}」中有“{word}”")]
    p = problems(r, "not_actuals").iloc[0]
    assert p["message_zh"] == MESSAGE + f"「{title}」中有“{word}”，表中的数不作为统计数导入"
    assert p["fix_zh"] == FIX


def test_a_target_series_refuses_its_year_columns(analyse):
    title = "各县（市、区）R&D经费目标任务（万元）"   # tg16
    r = analyse(("f.xlsx", grid([[title], ["县（市、区）", "2024年", "2025年"], ["清河县", 20014, 22014],
                                 ["威县", 20013, 22013]])), today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("no_values", "", ""), ("not_actuals", "A1", f"「{title}」中有“目标”")]


def test_a_target_sheet_name(analyse):
    r = analyse(("f.xlsx", grid([["邢台市2024年县域科技指标"], HEADER, *ROWS], title="目标任务")), today=TODAY)   # tg10
    assert stored(r) == []
    assert refusals(r) == [("no_values", "", ""), ("not_actuals", "A1", "工作表名「目标任务」中有“目标”")]


def test_a_target_file_name(analyse):
    r = analyse(("2024年目标任务分解.xlsx", grid([["邢台市2024年县域科技指标"], HEADER, *ROWS])), today=TODAY)   # tg11
    assert stored(r) == []
    assert refusals(r) == [("no_values", "", ""), ("not_actuals", "A1", "文件名「2024年目标任务分解」中有“目标”")]


def test_a_csv_target_title(analyse):
    data = csv_bytes([HEADER, *ROWS], encoding="utf-8-sig", header=["邢台市2024年县域科技指标目标任务", "", ""])
    r = analyse(("t.csv", data), today=TODAY)   # tg18
    assert stored(r) == []
    assert refusals(r) == [("no_values", "", ""), ("not_actuals", "A1", "「邢台市2024年县域科技指标目标任务」中有“目标”")]


def test_a_long_form_under_a_plan_title(analyse):
    data = long_form([["130534", "清河县", "RD_EXP", "R&D经费", "2024年", "", 20014, "万元", "", ""]],
                     title="2024年科技工作计划")
    r = analyse(("t.xlsx", data), today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("no_values", "", ""), ("not_actuals", "A1", "「2024年科技工作计划」中有“计划”")]


def test_a_form_under_an_estimate_title(analyse):
    meta = [["科技统计快报表（预计数）"], ["单位名称：清河县科学技术局", None, None, "行政区划代码：130534"],
            ["报告期：2024年度"]]
    r = analyse(("f.xlsx", grid([*meta, ["指标名称", "计量单位", "本期"], ["研究与试验发展(R&D)经费", "万元", 20000]])),
                today=TODAY)
    assert stored(r) == []
    assert refusals(r) == [("no_values", "", ""), ("not_actuals", "A1", "「科技统计快报表（预计数）」中有“预计”")]


def test_a_target_group_over_the_indicators_is_refused(analyse):
    # 2024年目标 over R&D经费 | 高企 was the column's year: the targets stored as the 2024 年报
    r = analyse(("f.xlsx", grid([["邢台市县域科技指标"],
                                 ["县（市、区）", "2024年目标", None, "2024年1-9月"],
                                 [None, "R&D经费（万元）", "高新技术企业数（家）", "R&D经费（万元）"],
                                 ["清河县", 20014, 114, 12305], ["威县", 20013, 113, 8300]])), today=TODAY)
    assert [x for x in stored(r) if x[2] == "2024"] == []
    assert [(p.rule, p.cell) for p in problems(r, "not_actuals").itertuples()] == [("not_actuals", "B3"),
                                                                                   ("not_actuals", "C3")]
    assert problems(r, "not_actuals")["message_zh"].iloc[0] == (
        MESSAGE.rstrip("：") + "：表头「2024年目标」中有“目标”，该列是目标、计划或预计数，不是统计数")


def test_a_flat_target_column_is_refused_as_a_target(analyse):
    # tg02: was unknown_indicator with the fix to rename it (which cannot work)
    r = analyse(("f.xlsx", grid([["邢台市2024年1-9月县域科技指标"],
                                 ["县（市、区）", "R&D经费目标（万元）", "R&D经费（万元）"],
                                 ["清河县", 20000, 12305], ["威县", 20000, 8300]])), today=TODAY)
    assert refusals(r) == [("not_actuals", "B2", "R&D经费目标（万元）")]
    assert stored(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0, "C4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C3")]


def test_a_completion_report_with_a_target_column(analyse):
    # false positive guard: 目标任务完成情况 holds the 完成 figures; only its 目标 column is refused
    r = analyse(("f.xlsx", grid([["邢台市2024年1-9月科技创新目标任务完成情况"],
                                 ["县（市、区）", "全年目标（万元）", "R&D经费（万元）", "完成率（%）"],
                                 ["清河县", 20000, 12305, 61.5], ["威县", 20000, 8300, 41.5]])), today=TODAY)
    assert [x for x in refusals(r) if x[0] == "not_actuals"] == [("not_actuals", "B2", "全年目标（万元）")]
    assert ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C3") in stored(r)


@pytest.mark.parametrize("title", ["邢台市2024年县域科技指标（征求意见稿）", "邢台市2024年省级科技计划项目立项情况",
                                   "邢台市2024年科技工作进展", "邢台市2024年县域科技指标（发展规划科汇总）",
                                   "邢台市2024年县域科技指标 计划财务科", "邢台市2024年县域科技指标（explanation）",
                                   "邢台市2024年县域科技指标及一般公共预算支出"])   # a catalogue indicator's 预算
def test_titles_that_say_no_target_read(analyse, title):
    r = analyse(("f.xlsx", grid([[title], HEADER, *ROWS])), today=TODAY)
    assert problems(r, "not_actuals").empty
    assert ("RD_EXP", "130534", "2024", False, 20014.0, "B3") in stored(r)


def test_a_target_table_stacked_below_the_actuals(analyse):
    # a second table under its own title 二、2024年目标任务 (same columns): its rows are targets, refused naming that title
    r = analyse(("f.xlsx", grid([["邢台市2024年县域科技指标"], HEADER, ["清河县", 12305, 78], ["威县", 8300, 52],
                                 ["二、2024年目标任务"], ["清河县", 20014, 114], ["威县", 20013, 113]])), today=TODAY)
    assert stored(r) == [("HNTE", "130533", "2024", False, 52.0, "C4"), ("HNTE", "130534", "2024", False, 78.0, "C3"),
                         ("RD_EXP", "130533", "2024", False, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024", False, 12305.0, "B3")]
    assert refusals(r) == [("not_actuals", "A5", "「二、2024年目标任务」中有“目标”")]


def test_a_catalogue_indicator_named_with_a_budget_word_is_read(analyse):
    """一般公共预算支出 (FISCAL_EXP) is a statistic: its 预算 is no budget (the bench's city report refused the column)."""
    r = analyse(("f.xlsx", grid([["邢台市2024年县域科技指标"], ["县（市、区）", "一般公共预算支出（万元）", "一般公共预算科学技术支出（万元）"],
                                 ["清河县", 250000, 5600]])), today=TODAY)
    assert problems(r, "not_actuals").empty
    assert stored(r) == [("FISCAL_EXP", "130534", "2024", False, 250000.0, "B3"),
                         ("FISCAL_ST", "130534", "2024", False, 5600.0, "C3")]
