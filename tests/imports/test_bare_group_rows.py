"""br10: a group's subtotal row named without 小计/合计 (市区 between the districts and the counties, 县（市）).

Xingtai's summaries often put a bare "市区" row under the four districts. It was unknown_region with the fix "map it to a
region on the page", where mapping it to 邢台市 would store the districts' sum as the city's figure. It is the
districts' subtotal (table_shapes.group_total_kind): checked against its rows like 市区小计, never stored."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 11, 30)
ROWS = [["襄都区", 100, 1], ["信都区", 200, 2]]


@pytest.mark.parametrize("label", ["市区", "县（市）", "各县（市）"])
def test_a_bare_group_row_is_a_subtotal(analyse, label):
    r = analyse(("f.xlsx", grid([["邢台市2018年县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"], *ROWS,
                                 [label, 310, 3], ["清河县", 500, 5]])), today=TODAY)
    assert refusals(r) == []
    assert [(p.rule, p.cell) for p in r.warnings.itertuples() if p.rule.startswith("subtotal")] == \
        [("subtotal_mismatch", "B5")]
    assert stored(r) == [("HNTE", "130502", "2018", False, 1.0, "C3"), ("HNTE", "130503", "2018", False, 2.0, "C4"),
                         ("HNTE", "130534", "2018", False, 5.0, "C6"),
                         ("RD_EXP", "130502", "2018", False, 100.0, "B3"), ("RD_EXP", "130503", "2018", False, 200.0, "B4"),
                         ("RD_EXP", "130534", "2018", False, 500.0, "B6")]
    assert r.counts()["cells"]["structure_kinds"].get("subtotal", 0) >= 1
