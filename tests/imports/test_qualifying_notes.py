"""Notes and 备注 cells that qualify figures (nt8). A note below the table or a row's 备注 / 说明 cell saying that figures
are estimates (预计, 预估, 估算, 测算, 推算 …: `note_not_actuals`), of another period (2023年数据 in a 2024 table,
1-9月 under an annual table, 截至6月底: `note_other_period`) or of another scope (未含开发区, 口径调整:
`note_other_scope`) refuses the figures it may speak of, naming the note; before, they were stored as the table's
period's actuals. Notes that qualify nothing (快报数据, 数据来源, 同比按可比口径计算, “—”表示无数据) stay structure."""
import datetime as dt

import pytest
from import_checks import problems, refusals, stored
from workbooks import grid, long_form

TODAY = dt.date(2026, 1, 10)
QH_RD = ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")
WX_RD = ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4")
QH_HN = ("HNTE", "130534", "2024Q3", False, 78.0, "C3")
WX_HN = ("HNTE", "130533", "2024Q3", False, 52.0, "C4")
ALL = [WX_HN, QH_HN, WX_RD, QH_RD]   # stored() order: indicator, region (130533 威县 first), cell


def table(*below, title="邢台市2024年1-9月县域科技指标", qh=12305, note_col=None):
    head = ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"]
    rows = [["清河县", qh, 78], ["威县", 8300, 52]]
    if note_col is not None:
        head.append(note_col[0])
        rows = [r + [n] for r, n in zip(rows, note_col[1:])]
    return ("f.xlsx", grid([[title], head, *rows, *[list(b) for b in below]]))


def errors(r):
    """The errors without no_values (said, besides, when nothing at all is stored)."""
    out = refusals(r)
    assert (("no_values", "", "") in out) == r.obs.empty
    return [e for e in out if e[0] != "no_values"]


def cells(r):
    c = r.preview["cells"]
    return c["imported"], c["refused"]


# --- notes below the table ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("note", "word", "left"), [
    ("注：本表为预估数", "预估", []),
    ("注:本表数据为预计数。", "预计", []),
    ("註：本表為預估數", "預估", []),                     # traditional
    ("说明：表中数据为测算数", "测算", []),
    ("注：以上均为推算数", "推算", []),
    ("注：清河县数据为预计数", "预计", [WX_HN, WX_RD]),        # one region named: its row
    ("注：清河县、威县数据为估算数", "估算", []),
    ("注：R&D经费为预计数", "预计", [WX_HN, QH_HN]),          # one indicator named: its column
    ("注：除清河县外均为预计数", "预计", []),                  # the others too: the whole table
    ("注：清河为预计数", "预计", []),                         # a name not the table's label: never guessed narrower
    ("注：清河县为预计数，其余为实际数", "预计", []),
])
def test_a_note_saying_estimates_refuses_the_figures_it_may_speak_of(analyse, note, word, left):
    r = analyse(table([note]), today=TODAY)
    assert errors(r) == [("note_not_actuals", "A5", note)]
    msg = problems(r, "note_not_actuals")["message_zh"].iloc[0]
    assert f"A5「{note}」中有“{word}”" in msg, msg
    assert stored(r) == left
    assert cells(r) == (len(left), 4 - len(left))   # the figures refused; the note itself stays a note line


@pytest.mark.parametrize(("note", "word", "left"), [
    ("注：R&D经费为2023年数据", "2023年", [WX_HN, QH_HN]),
    ("说明：威县数据截至6月底", "截至6月底", [QH_HN, QH_RD]),
    ("注：清河县为1-8月数据", "1-8月", [WX_HN, WX_RD]),
    ("注：本表数据截至目前", "截至目前", []),
    ("注：清河县为全年数据", "全年", [WX_HN, WX_RD]),
])
def test_a_note_naming_another_period_refuses_the_figures_it_may_speak_of(analyse, note, word, left):
    r = analyse(table([note]), today=TODAY)
    assert errors(r) == [("note_other_period", "A5", note)]
    assert f"中有“{word}”" in problems(r, "note_other_period")["message_zh"].iloc[0]
    assert stored(r) == left


def test_a_note_naming_part_of_the_year_under_an_annual_table(analyse):
    r = analyse(table(["注：2024年为1-9月数据"], title="邢台市2024年县域科技指标"), today=TODAY)
    assert errors(r) == [("note_other_period", "A5", "注：2024年为1-9月数据")]
    assert stored(r) == []
    # under the 1-9月 table the same note says the table's own period: read
    r = analyse(table(["注：2024年为1-9月数据"]), today=TODAY)
    assert errors(r) == [] and stored(r) == ALL


@pytest.mark.parametrize(("note", "word", "left"), [
    ("注：威县数据未含开发区", "未含", [QH_HN, QH_RD]),
    ("注：R&D经费统计口径调整", "口径调整", [WX_HN, QH_HN]),
    ("注：本表不包括规模以下企业", "不包括", []),
])
def test_a_note_naming_another_scope_refuses_the_figures_it_may_speak_of(analyse, note, word, left):
    r = analyse(table([note]), today=TODAY)
    assert errors(r) == [("note_other_scope", "A5", note)]
    assert f"中有“{word}”" in problems(r, "note_other_scope")["message_zh"].iloc[0]
    assert stored(r) == left


def test_a_marker_tied_to_a_note_refuses_the_marked_figures_by_the_note(analyse):
    r = analyse(table(["注：*为预计数"], qh="12305*"), today=TODAY)
    assert errors(r) == [("note_not_actuals", "A5", "注：*为预计数")]   # no more not_number on B3: the note says why
    assert "带“*”号" in problems(r, "note_not_actuals")["message_zh"].iloc[0]
    assert stored(r) == [WX_HN, QH_HN, WX_RD]
    # a marker the table does not hold: the note may mean any figure
    r = analyse(table(["备注：带*号的为测算数"]), today=TODAY)
    assert errors(r) == [("note_not_actuals", "A5", "备注：带*号的为测算数")] and stored(r) == []


@pytest.mark.parametrize("note", [
    "注：快报数据。", "注：本表为快报数", "数据来源：市统计局", "资料来源：《邢台统计年鉴2024》",
    "注：同比增速按可比口径计算", "注：“—”表示无数据", "注：全市合计含开发区", "注：研发费用加计扣除额按税务口径",
    "填表人：张三  审核人：李四  联系电话：0319-1234567", "注：科技计划项目数据由计划科提供", "— 1 —",
    "注：2024年数据为快报数", "说明：截至9月底",
    # breaker7 na03, na12: what is still being built, or left out as not yet built, is no plan and no other scope
    "注：平台数含规划建设中的平台", "说明：平台数为已建成（不含规划建设）",
])
def test_notes_that_qualify_nothing_stay_structure(analyse, note):
    r = analyse(table([note]), today=TODAY)
    assert errors(r) == [] and stored(r) == ALL
    assert cells(r) == (4, 0)


# --- a row's 备注 / 说明 cell ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(("said", "rule"), [
    ("预计数", "note_not_actuals"), ("预估", "note_not_actuals"), ("测算", "note_not_actuals"),
    ("估算數", "note_not_actuals"), ("1-8月数据", "note_other_period"), ("2023年数据", "note_other_period"),
    ("截至6月", "note_other_period"), ("未含开发区", "note_other_scope"), ("口径调整", "note_other_scope"),
])
def test_a_rows_note_cell_refuses_that_rows_figures(analyse, said, rule):
    r = analyse(table(note_col=("备注", said, "")), today=TODAY)
    assert errors(r) == [(rule, "D3", said)]
    assert "第3行「清河县」的数" in problems(r, rule)["message_zh"].iloc[0]
    assert stored(r) == [WX_HN, WX_RD]
    r = analyse(table(note_col=("说明", "", said)), today=TODAY)   # under 说明, on the other row
    assert errors(r) == [(rule, "D4", said)] and stored(r) == [QH_HN, QH_RD]


@pytest.mark.parametrize("said", ["快报", "已核实", "新增企业3家，增长较快", "1-9月", "2024年数据", "含2家新认定企业",
                                  "2023年基数较低", "比2023年同期增长较快",   # the year before: the 同比's base
                                  # review: comparisons with last year, and how a growth rate is computed
                                  "因为上年基数较低，增速较高", "主要因为去年同期基数小", "同上年相比增长20%",
                                  "增幅为上年同期的2倍", "用上年同期数据对比增长明显", "增速已扣除价格因素", "已扣除重复统计"])
def test_a_rows_note_cell_that_qualifies_nothing_is_read(analyse, said):
    r = analyse(table(note_col=("备注", said, "")), today=TODAY)
    assert errors(r) == [] and stored(r) == ALL


def test_a_long_forms_note_refuses_its_rows_figure(analyse):
    data = long_form([["130534", "清河县", "RD_EXP", "R&D经费", "2024年", "", 12305, "万元", "正式", "预计数"],
                      ["130533", "威县", "RD_EXP", "R&D经费", "2024年", "", 8300, "万元", "正式", "2023年数据"],
                      ["130535", "临西县", "RD_EXP", "R&D经费", "2024年", "", 6100, "万元", "正式", "快报"],
                      ["130535", "临西县", "HNTE", "高新技术企业数", "2023年", "", 40, "家", "正式", "2023年数据"]])
    r = analyse(("t.xlsx", data), today=TODAY)
    assert errors(r) == [("note_not_actuals", "J2", "预计数"), ("note_other_period", "J3", "2023年数据")]
    assert stored(r) == [("HNTE", "130535", "2023", False, 40.0, "G5"), ("RD_EXP", "130535", "2024", False, 6100.0, "G4")]


def test_a_forms_note_below_refuses_the_form(analyse):
    meta = [["科技统计快报表"], ["单位名称：清河县科学技术局", None, None, "行政区划代码：130534"], ["报告期：2024年1-9月"]]
    r = analyse(("f.xlsx", grid([*meta, ["指标名称", "代码", "本期"], ["研究与试验发展(R&D)经费", "01", 12305],
                                 ["高新技术企业数", "02", 78], ["注：研究与试验发展(R&D)经费为预计数。"]])), today=TODAY)
    assert errors(r) == [("note_not_actuals", "A7", "注：研究与试验发展(R&D)经费为预计数。")]
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C6")]


# --- br9: last year's figure carried over, a note over two lines, a 附注 column ---------------------------------------
@pytest.mark.parametrize(("below", "note_col", "expected", "left"), [
    ([["注：清河县未报，沿用上年数据"]], None, [("note_other_period", "A5", "注：清河县未报，沿用上年数据")], [WX_HN, WX_RD]),
    ([], ("备注", "上年数", ""), [("note_other_period", "D3", "上年数")], [WX_HN, WX_RD]),
    ([], ("备注", "未报，按上年数填列", ""), [("note_other_period", "D3", "未报，按上年数填列")], [WX_HN, WX_RD]),
    ([["注："], ["1.清河县数据为预计数；"]], None, [("note_not_actuals", "A6", "1.清河县数据为预计数；")], [WX_HN, WX_RD]),
    ([], ("附注", "预计", ""), [("note_not_actuals", "D3", "预计")], [WX_HN, WX_RD]),
    # comparisons with last year are no carried-over figure
    ([], ("备注", "比上年增长较快", ""), [], ALL),
])
def test_br9_notes_saying_last_years_figure_or_over_two_lines(analyse, below, note_col, expected, left):
    r = analyse(table(*below, note_col=note_col), today=TODAY)
    assert errors(r) == expected
    assert stored(r) == left


# --- nt9: a remark on the target ahead, or an instruction, says nothing of the figures -------------------------------
@pytest.mark.parametrize("said", ["预计全年可完成目标", "全年有望完成目标任务", "预计年底可达到目标", "力争全年完成目标任务",
                                  "已完成全年目标的80%", "力争年底前突破2万万元", "争取全年超额完成任务"])
def test_a_remark_on_the_target_ahead_is_read(analyse, said):
    """A 备注 预计全年可完成目标 beside 1-9月 figures refused them as note_other_period (全年): its 全年 is the target's,
    its 预计 a forecast of reaching it; the figures are actuals (table_shapes._instructs_or_looks_ahead)."""
    r = analyse(table(note_col=("备注", said, "")), today=TODAY)
    assert errors(r) == [] and stored(r) == ALL
    r = analyse(table([f"注：清河县{said}"]), today=TODAY)
    assert errors(r) == [] and stored(r) == ALL


@pytest.mark.parametrize(("said", "rule", "word"), [
    ("为全年预计数", "note_not_actuals", "预计"), ("全年数", "note_other_period", "全年"), ("预计数", "note_not_actuals", "预计"),
    ("全年预计完成数", "note_not_actuals", "预计"), ("预计年底数", "note_not_actuals", "预计"),
    ("力争数", "note_not_actuals", "力争"), ("预计全年可完成目标，本数为预计数", "note_not_actuals", "预计"),
    ("预计达到12305万元", "note_not_actuals", "预计"), ("请注意：为预计数", "note_not_actuals", "预计"),
    ("为预计数（请以正式数为准）", "note_not_actuals", "预计"),
])
def test_a_figure_said_to_be_an_estimate_or_the_years_still_refuses(analyse, said, rule, word):
    r = analyse(table(note_col=("备注", said, "")), today=TODAY)
    assert errors(r) == [(rule, "D3", said)]
    assert f"D3「{said}」中有“{word}”" in problems(r, rule)["message_zh"].iloc[0]
    assert stored(r) == [WX_HN, WX_RD]


@pytest.mark.parametrize("note", ["注：预计数请勿填入本表", "注：如为预计数，请在备注中注明", "说明：请按万元填写，不要填写公式"])
def test_a_note_that_only_instructs_refuses_nothing(analyse, note):
    r = analyse(table([note]), today=TODAY)
    assert errors(r) == [] and stored(r) == ALL


@pytest.mark.parametrize("said", ["预计完成数", "全年预计完成数", "预估完成"])
def test_an_estimated_completion_is_no_actual_under_an_annual_table(analyse, said):
    """nt9: 预计完成数 beside an annual table's figure was read (its 完成 said the figures were done): stored silently."""
    r = analyse(table(note_col=("备注", said, ""), title="邢台市2024年县域科技指标"), today=TODAY)
    assert errors(r) == [("note_not_actuals", "D3", said)]
    assert stored(r) == [("HNTE", "130533", "2024", False, 52.0, "C4"), ("RD_EXP", "130533", "2024", False, 8300.0, "B4")]
