"""nt9: a statement about the workbook's figures written on a sheet other than the table's — a 说明 / 备注 / 注释 / 填报说明
sheet, a cover (封面) before the data, a notes sheet hidden or shown — was not read: 数据 holding 清河县 12305 | 78 beside a
sheet 说明 saying 清河县数据为预计数 stored both figures as actuals, silently. Such a sheet's lines are now judged like a
note under the table (service._sheet_notes → build._qualifying_notes → table_shapes.note_verdict, the one classifier):
a line naming a region refuses its row, naming an indicator its column, naming neither every figure of the workbook's
tables; the refusal names the other sheet's cell. A hidden notes sheet still speaks of the figures (its refusal says it
is hidden). Lines that only instruct, give a source, a filer or a date, the templates' own 填写说明, a sheet of figures'
own notes, glossaries and sample sheets (样表 | 南宫市 99999) refuse nothing, and an example is never stored."""
import datetime as dt

import openpyxl
import pytest
from import_checks import problems, stored
from workbooks import save

TODAY = dt.date(2026, 1, 10)
TITLE = "邢台市2024年1-9月县域科技指标"
DATA = [[TITLE], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"], ["清河县", 12305, 78], ["威县", 8300, 52],
        ["南宫市", 9817, 66]]
QH = [("HNTE", "130534", "2024Q3", False, 78.0, "C3"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]
WX = [("HNTE", "130533", "2024Q3", False, 52.0, "C4"), ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4")]
NG = [("HNTE", "130581", "2024Q3", False, 66.0, "C5"), ("RD_EXP", "130581", "2024Q3", True, 9817.0, "B5")]
ALL = [WX[0], QH[0], NG[0], WX[1], QH[1], NG[1]]   # stored() order: indicator, region (130533 威县 first), cell
HNTE = [WX[0], QH[0], NG[0]]
FIX = ("本系统只导入统计数，预计、估算等估计数不入库：请在实际数出来后上传实际数；目标任务请由管理员在“目标任务”页面录入；"
       "如这些数确为实际完成数，请改正或删去该注释（备注）后重新上传")


def book(*sheets, data=DATA):
    """A workbook of sheet 数据 (`data`) and further sheets, each (name, rows[, "first" | "hidden"])."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    for row in data:
        ws.append(row)
    for name, rows, *how in sheets:
        other = wb.create_sheet(name, 0 if how == ["first"] else None)
        for row in rows:
            other.append(row)
        if how == ["hidden"]:
            other.sheet_state = "hidden"
    return "f.xlsx", save(wb)


def errors(r):
    """The errors as (rule, sheet, cell, value), sorted, without no_values (checked: said exactly when nothing is stored)."""
    out = sorted((p.rule, p.sheet, p.cell, p.value) for p in r.errors.itertuples())
    assert (("no_values", "", "", "") in out) == r.obs.empty
    return [e for e in out if e[0] != "no_values"]


def said(r, rule):
    """What the refusal says after the rule's own sentence."""
    return problems(r, rule)["message_zh"].iloc[0].split("未导入：", 1)[1]


def test_the_failing_file_a_note_sheet_saying_a_regions_figures_are_estimates(analyse):
    note = "清河县数据为预计数，待统计局反馈后更新。"
    r = analyse(book(("说明", [["填报说明"], [note]])), today=TODAY)
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "C4"), ("HNTE", "130581", "2024Q3", False, 66.0, "C5"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130581", "2024Q3", True, 9817.0, "B5")]
    assert errors(r) == [("note_not_actuals", "说明", "A2", note)]
    assert said(r, "note_not_actuals") == (f"工作表「说明」A2「{note}」中有“预计”，说明工作表「数据」中清河县的数是预计、估算或"
                                           "目标、计划数，这些数未导入")
    assert problems(r, "note_not_actuals")["fix_zh"].iloc[0] == FIX
    assert r.preview["cells"]["refused"] == 2


@pytest.mark.parametrize(("sheet", "lines", "expected", "left"), [
    # a region named: its row; an indicator named: its column; nothing named: every figure
    ("备注", [["R&D经费为估算数"]], ("note_not_actuals", "A1", "R&D经费为估算数"), HNTE),
    ("注释", [["注释"], ["全部数据为测算数"]], ("note_not_actuals", "A2", "全部数据为测算数"), []),
    ("说明", [["说明："], ["1. 威县数据为预计数；"], ["2. 资料来源：市统计局"]], ("note_not_actuals", "A2", "1. 威县数据为预计数；"),
     [QH[0], NG[0], QH[1], NG[1]]),
    ("说明", [["序号", "说明"], [1, "威县数据为预计数"], [2, "数据来源：市统计局"]], ("note_not_actuals", "B2", "威县数据为预计数"),
     [QH[0], NG[0], QH[1], NG[1]]),
    # another period
    ("填报说明", [["填报说明"], ["威县为1-8月数据"]], ("note_other_period", "A2", "威县为1-8月数据"),
     [QH[0], NG[0], QH[1], NG[1]]),
    ("说明", [["清河县未报，沿用上年数据"]], ("note_other_period", "A1", "清河县未报，沿用上年数据"),
     [WX[0], NG[0], WX[1], NG[1]]),
    ("说明", [["说明"], ["以上数据截至8月底"]], ("note_other_period", "A2", "以上数据截至8月底"), []),
    # another scope
    ("说明", [["南宫市数据未含开发区"]], ("note_other_scope", "A1", "南宫市数据未含开发区"), [WX[0], QH[0], WX[1], QH[1]]),
])
def test_a_note_sheets_line_refuses_the_figures_it_may_speak_of(analyse, sheet, lines, expected, left):
    r = analyse(book((sheet, lines)), today=TODAY)
    rule, cell, text = expected
    assert errors(r) == [(rule, sheet, cell, text)]
    assert said(r, rule).startswith(f"工作表「{sheet}」{cell}「{text}」中有")
    assert stored(r) == left


def test_a_cover_before_the_data_its_note_and_its_title_and_date(analyse):
    cover = [[TITLE], ["填报单位：邢台市科学技术局"], ["注：R&D经费为预计数"], ["2024年10月"]]
    r = analyse(book(("封面", cover, "first")), today=TODAY)
    assert errors(r) == [("note_not_actuals", "封面", "A3", "注：R&D经费为预计数")]
    assert said(r, "note_not_actuals") == ("工作表「封面」A3「注：R&D经费为预计数」中有“预计”，说明工作表「数据」中"
                                           "R&D经费（万元）的数是预计、估算或目标、计划数，这些数未导入")
    assert stored(r) == HNTE
    # the cover's title, filer and date alone refuse nothing
    r = analyse(book(("封面", [cover[0], cover[1], cover[3]], "first")), today=TODAY)
    assert errors(r) == [] and stored(r) == ALL


def test_a_hidden_note_sheet_still_speaks_of_the_figures(analyse):
    """Decided (nt9): a note on a hidden sheet is still a statement about the figures: it refuses them like a shown one,
    its refusal saying the sheet is hidden (the sheet's own hidden_data warning stays)."""
    note = "清河县数据为预计数，待统计局反馈后更新。"
    r = analyse(book(("说明", [["填报说明"], [note]], "hidden")), today=TODAY)
    assert errors(r) == [("note_not_actuals", "说明", "A2", note)]
    assert said(r, "note_not_actuals").startswith(f"隐藏的工作表「说明」A2「{note}」中有“预计”")
    assert stored(r) == [WX[0], NG[0], WX[1], NG[1]]
    # a hidden sheet not named as a helper keeps its hidden_data warning; read (include_hidden) or not, its note applies
    for include in (False, True):
        r = analyse(book(("备注", [["本表不含规模以下企业"]], "hidden")), today=TODAY, include_hidden=include)
        assert errors(r) == [("note_other_scope", "备注", "A1", "本表不含规模以下企业")]
        assert said(r, "note_other_scope").startswith("隐藏的工作表「备注」A1「本表不含规模以下企业」中有“不含”")
        assert [(p.rule, p.sheet) for p in r.warnings.itertuples()] == [
            ("hidden_included" if include else "hidden_data", "备注")]
        assert stored(r) == []


@pytest.mark.parametrize(("sheet", "line"), [
    ("说明", "资料来源：《邢台统计年鉴2024》"),
    ("说明", "数据来源：各县（市、区）科技局"),
    ("说明", "联系人：张三  联系电话：0319-1234567"),
    ("说明", "以上数据为正式数"),
    ("填报说明", "请按以下格式填写"),
    ("填报说明", "1. 数值请填写纯数字，不要填写公式"),
    ("填报说明", "预计数请勿填报"),
    ("填报说明", "如为预计数，请在备注中注明"),
    ("填报说明", "金额单位：万元"),
    ("封面", "报告期：2024年1-9月"),
    ("封面", "二〇二四年十月"),
    ("说明", "清河县预计全年可完成目标"),
    ("指标解释", "高新技术企业数：有效期内的高新技术企业，不含已被取消资格的企业"),   # a glossary defines, says nothing
])
def test_note_sheet_lines_that_say_nothing_of_the_figures_refuse_nothing(analyse, sheet, line):
    r = analyse(book((sheet, [[sheet], [line]])), today=TODAY)
    assert errors(r) == [] and stored(r) == ALL


def test_the_templates_own_instructions_sheet_refuses_nothing(analyse):
    """The templates' 填写说明 (“2024年度”= 全年数, “2024年1-6月（累计）”= … 高新技术企业数 … 为6月末数) instructs."""
    from data.imports import templates

    lines = [["填写说明"], [], [templates.WIDE_INTRO],
             *[[x] for x in templates._numbered([*templates.WIDE_NOTES, *templates.COMMON_NOTES])]]
    r = analyse(book(("填写说明", lines)), today=TODAY)
    assert errors(r) == [] and stored(r) == ALL


@pytest.mark.parametrize(("sheet", "rows"), [
    ("样表", [["样表"], ["县（市、区）", "R&D经费（万元）"], ["南宫市", 99999], ["注：南宫市数据为预计数"]]),
    ("填报说明", [["填报说明"], ["请按以下格式填写"], ["例："], ["县（市、区）", "R&D经费（万元）"], ["南宫市", 99999],
                  ["南宫市数据为预计数"]]),
    ("说明", [["请按以下格式填写："], ["示例表"], ["县（市、区）", "R&D经费（万元）"], ["南宫市", 99999]]),
])
def test_an_instructions_or_sample_sheet_stays_skipped_and_its_example_is_never_stored(analyse, sheet, rows):
    r = analyse(book((sheet, rows)), today=TODAY)
    assert errors(r) == []
    assert stored(r) == ALL   # 南宫市 9817 from 数据, never the example's 99999


def test_a_sheet_of_figures_notes_speak_of_its_own_table_only(analyse):
    other = [["邢台市2024年1-9月县域科技指标（二）"], ["县（市、区）", "R&D经费（万元）"], ["临西县", 6100], ["注：本表为预计数"]]
    r = analyse(book(("续表", other)), today=TODAY)
    assert errors(r) == [("note_not_actuals", "续表", "A4", "注：本表为预计数")]
    assert stored(r) == ALL


def test_a_workbook_note_speaks_of_every_table(analyse):
    other = [["邢台市2024年1-9月县域科技指标（二）"], ["县（市、区）", "R&D经费（万元）"], ["临西县", 6100]]
    r = analyse(book(("续表", other), ("说明", [["说明"], ["全部数据均为估算数"]])), today=TODAY)
    assert errors(r) == [("note_not_actuals", "说明", "A2", "全部数据均为估算数"),
                         ("note_not_actuals", "说明", "A2", "全部数据均为估算数")]
    assert sorted(p.message_zh.split("说明工作表", 1)[1][:6] for p in r.errors.itertuples() if p.rule != "no_values") \
        == ["「数据」中全", "「续表」中全"]
    assert stored(r) == []
