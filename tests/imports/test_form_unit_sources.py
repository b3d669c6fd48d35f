"""br10: where a single unit's form says whose figures it holds.

- A title naming one county (威县科技创新主要指标) over 单位名称：清河县科学技术局 stored the figures as 清河县's, silently: two
  units for one form are now region_conflict naming both (table_shapes._other_unit_named); a title naming the city
  (邢台市县域科技创新主要指标) names no other unit.
- A workbook of one sheet per unit, each named after it (威县 | 临西县) and stating no unit in its header, was refused on
  every sheet: the sheet's name is the unit when it is exactly a unit's name. Nothing named anywhere stays refused,
  never the home county."""
import datetime as dt

import openpyxl
from import_checks import refusals, stored
from workbooks import grid, save

TODAY = dt.date(2026, 11, 30)
BODY = [["指标名称", "计量单位", "本期"], ["研究与试验发展(R&D)经费", "万元", 8300], ["高新技术企业数", "家", 52]]


def test_a_title_naming_another_county_is_a_conflict(analyse):
    r = analyse(("f.xlsx", grid([["威县科技创新主要指标"], ["单位名称：清河县科学技术局", None, "2024年1-9月"], *BODY])),
                today=TODAY)
    assert refusals(r) == [("no_values", "", ""), ("region_conflict", "A2", "清河县")]
    assert "填报单位是「清河县」，表头另一处写的是「威县」（A1 单元格）" in r.errors["message_zh"].iloc[1]


def test_a_title_naming_the_city_is_no_conflict(analyse):
    r = analyse(("f.xlsx", grid([["邢台市县域科技创新主要指标"], ["单位名称：威县科学技术局", None, "2024年1-9月"], *BODY])),
                today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "C5"), ("RD_EXP", "130533", "2024Q3", True, 8300.0, "C4")]


def test_one_sheet_per_unit_named_after_it(analyse):
    wb = openpyxl.Workbook()
    for i, (name, rd, hn) in enumerate((("威县", 8300, 52), ("临西县", 5722, 40))):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = name
        for row in ([["2024年1-9月科技指标"], BODY[0], ["研究与试验发展(R&D)经费", "万元", rd], ["高新技术企业数", "家", hn]]):
            ws.append(row)
    r = analyse(("f.xlsx", save(wb)), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130533", "2024Q3", False, 52.0, "C4"), ("HNTE", "130535", "2024Q3", False, 40.0, "C4"),
                         ("RD_EXP", "130533", "2024Q3", True, 8300.0, "C3"),
                         ("RD_EXP", "130535", "2024Q3", True, 5722.0, "C3")]


def test_no_unit_named_anywhere_is_refused_never_the_home_county(analyse):
    r = analyse(("f.xlsx", grid([["2024年1-9月科技指标"], *BODY], title="报表")), today=TODAY)
    assert refusals(r) == [("no_values", "", ""), ("region_missing", "A1", ""), ("unknown_region", "A1", "")]
    assert stored(r) == []
