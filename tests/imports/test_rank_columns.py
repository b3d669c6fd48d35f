"""C4 (breaker6): a file's rank columns (位次, 全市排名, R&D经费 over 位次, a long form's 位次) were unknown indicators
with the fix "rename it to a catalogue indicator", which cannot work for a rank. The product ranks the published
figures itself (figures.ranking): a rank column is structure (kind "rank"), accounted and never imported."""
import datetime as dt

from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 1, 10)
TITLE = ["邢台市2024年1-9月县域科技指标"]


def test_flat_and_grouped_rank_columns_are_structure(analyse):
    r = analyse(("f.xlsx", grid([TITLE, ["县（市、区）", "R&D经费（万元）", "全市排名", "高新技术企业数（家）", "增速位次"],
                                 ["清河县", 12305, 3, 78, 5], ["威县", 8300, 6, 52, 9]])), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "D4"), ("HNTE", "130534", "2024Q3", False, 78.0, "D3"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "B4"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B3")]
    cells = r.counts()["cells"]
    assert (cells["imported"], cells["refused"], cells["structure_kinds"]["rank"]) == (4, 0, 4)   # + 2 header cells


def test_a_rank_sub_column_under_its_indicator_and_a_long_forms_rank_column(analyse):
    g = grid([TITLE, ["县（市、区）", "R&D经费（万元）", None], [None, "数值", "位次"], ["清河县", 12305, 3], ["威县", 8300, 6]])
    r = analyse(("f.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0, "B5"), ("RD_EXP", "130534", "2024Q3", True, 12305.0, "B4")]
    long = grid([["地区", "指标", "期别", "数值", "位次"], ["清河县", "高新技术企业数", "2024年1-9月", 78, 3]])
    r = analyse(("l.xlsx", long), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "D2")]
    assert r.counts()["cells"]["structure_kinds"]["rank"] == 1
