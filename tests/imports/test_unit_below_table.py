"""A3 (breaker6): a unit stated below the table (单位：亿元 under the last row, 注：R&D经费单位为亿元, 说明：以上金额均为亿元,
a form's 注：本表金额单位为亿元) was counted as an understood line and ignored: 1.2305 (亿元) was stored as 1.2305 万元.
Such a line may speak of the whole table or of one indicator, so the figures it may speak of are refused
(unit_below_table, naming the line): those stating no unit whose catalogue unit is another size of its kind, and
those stating another size (R&D经费（万元） under 注：…亿元). Figures it cannot change (counts, or 万元 under 单位：万元)
are read."""
import datetime as dt

import pytest
from import_checks import problems, refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 1, 10)
HNTE = [("HNTE", "130533", "2024Q3", False, 52.0, "C4"), ("HNTE", "130534", "2024Q3", False, 78.0, "C3")]


def table(rd_header, note):
    return ("f.xlsx", grid([["邢台市2024年1-9月县域科技指标"], ["县（市、区）", rd_header, "高新技术企业数（家）"],
                            ["清河县", 1.2305, 78], ["威县", 0.83, 52], note]))


@pytest.mark.parametrize(("rd_header", "note", "said"), [
    ("R&D经费", ["单位：亿元"], "单位：亿元"),
    ("R&D经费", [None, None, "单位：亿元"], "单位：亿元"),
    ("R&D经费", ["注：R&D经费单位为亿元。"], "注：R&D经费单位为亿元。"),
    ("R&D经费", ["说明：以上金额均为亿元。"], "说明：以上金额均为亿元。"),
    ("R&D经费（万元）", ["注：R&D经费单位为亿元。"], "注：R&D经费单位为亿元。"),   # against the header's own unit
])
def test_a_unit_below_the_table_refuses_the_figures_it_may_speak_of(analyse, rd_header, note, said):
    r = analyse(table(rd_header, note), today=TODAY)
    assert refusals(r) == [("unit_below_table", "B2", rd_header)]
    at = "C5" if note[0] is None else "A5"
    assert f"表格下方 {at}「{said}」写明单位为“亿元”" in problems(r, "unit_below_table")["message_zh"].iloc[0]
    assert stored(r) == HNTE


@pytest.mark.parametrize(("rd_header", "note"), [("R&D经费（亿元）", ["注：R&D经费单位为亿元。"]),
                                                 ("R&D经费", ["单位：万元、家"]), ("R&D经费", ["单位：家"])])
def test_a_unit_below_that_changes_nothing_is_read(analyse, rd_header, note):
    """The header says the same unit, or the line names the catalogue's own: the figures are read as written."""
    r = analyse(table(rd_header, note), today=TODAY)
    assert refusals(r) == []
    rd = 12305.0 if "亿元" in rd_header else 1.2305
    assert stored(r) == [*HNTE, ("RD_EXP", "130533", "2024Q3", True, round(rd * 0.83 / 1.2305, 4), "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, rd, "B3")]


def test_a_forms_note_below_names_the_amounts_unit(analyse):
    meta = [["科技统计快报表"], ["单位名称：清河县科学技术局", None, None, "行政区划代码：130534"], ["报告期：2024年1-9月"]]
    r = analyse(("f.xlsx", grid([*meta, ["指标名称", "代码", "本期"], ["研究与试验发展(R&D)经费", "01", 1.2305],
                                 ["高新技术企业数", "02", 78], ["注：本表金额单位为亿元。"]])), today=TODAY)
    assert refusals(r) == [("unit_below_table", "A5", "研究与试验发展(R&D)经费")]
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "C6")]
