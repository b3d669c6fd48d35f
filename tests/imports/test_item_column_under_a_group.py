"""br8 h3_04: a 其中 column under a group that names no indicator (研发投入 merged over R&D经费 | 同比% | 其中：规上工业企业,
本期 under each) stored the 规上工业企业's R&D (9800 万元) as IND_FIRMS, a count of firms, and 同比% was an unknown
indicator. The 其中 column is a part of the value column left of it under the same group heads (here IND_RD_EXP), as
in a one-row header (table_shapes._item_part); 同比% / 同比(%) / 同比±% are the column's 同比."""
import datetime as dt

import openpyxl
import pytest
from import_checks import refusals, stored
from workbooks import save

from data.imports.table_shapes import role_of

TODAY = dt.date(2026, 1, 10)


def three_rows(sub: str, yoy: str = "同比%") -> tuple[str, bytes]:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["邢台市2024年1-9月县域科技指标"], ["序号", "县（市、区）", "研发投入", None, None],
                [None, None, "R&D经费", None, sub], [None, None, "本期", yoy, "本期"],
                [1, "清河县", 12305, 83.66, 9800], [2, "威县", 8300, 5.06, 7620.5]):
        ws.append(row)
    for rng in ("A2:A4", "B2:B4", "C2:E2", "C3:D3"):
        ws.merge_cells(rng)
    return "g.xlsx", save(wb)


@pytest.mark.parametrize("yoy", ["同比%", "同比(%)", "同比±%", "比上年±%"])
def test_an_item_column_under_a_group_is_a_part_of_the_column_on_its_left(analyse, yoy):
    r = analyse(three_rows("其中：规上工业企业", yoy), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("IND_RD_EXP", "130533", "2024Q3", True, 7620.5, "E6"),
                         ("IND_RD_EXP", "130534", "2024Q3", True, 9800.0, "E5"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "C6"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "C5")]
    o = r.obs[r.obs["indicator"] == "RD_EXP"].sort_values("region")
    assert o["reported_yoy"].tolist() == [5.06, 83.66]


def test_an_item_that_is_no_part_of_the_column_on_its_left_is_refused(analyse):
    r = analyse(three_rows("其中：高新技术企业数"), today=TODAY)
    assert [x[:2] for x in refusals(r)] == [("sub_column_refused", "E3")]
    assert [s[0] for s in stored(r)] == ["RD_EXP", "RD_EXP"]


@pytest.mark.parametrize("word, role", [("同比%", "yoy"), ("同比(%)", "yoy"), ("同比±%", "yoy"), ("比上年±%", "yoy"),
                                        ("增减", None), ("增长", None), ("±", None), ("上年", "base")])
def test_the_growth_words(word, role):
    assert role_of(word) == role
