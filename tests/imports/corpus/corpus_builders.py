"""The import corpus: small workbooks built in code, in the shapes city and county offices exchange,
each with its literal expected outcome.

Every entry of CORPUS is a Case: a file name, a builder returning the file's bytes, the expected table
(indicator, region, period, 累计, value) of what will be imported, and the exact sorted lists of error
and warning rules. `options` go to service.analyse (include_hidden). All cases are analysed with
TODAY = 2026-11-30, so 2026Q4 and 2026 have not ended yet.
"""
from __future__ import annotations

import codecs
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Callable

import openpyxl

TODAY = dt.date(2026, 11, 30)
XT = [("襄都区", "130502"), ("信都区", "130503"), ("任泽区", "130505"), ("南和区", "130506"), ("临城县", "130522"),
      ("内丘县", "130523"), ("柏乡县", "130524"), ("隆尧县", "130525"), ("宁晋县", "130528"), ("巨鹿县", "130529"),
      ("新河县", "130530"), ("广宗县", "130531"), ("平乡县", "130532"), ("威县", "130533"), ("清河县", "130534"),
      ("临西县", "130535"), ("南宫市", "130581"), ("沙河市", "130582")]


@dataclass
class Case:
    name: str
    build: Callable[[], bytes]
    table: list[tuple]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    options: dict = field(default_factory=dict)
    message: str | None = None      # a text the first error's message_zh must contain


def _save(wb) -> bytes:
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


def _wide(title, header, rows, *, unit_line=None, after=None, edit=None) -> Callable[[], bytes]:
    def build():
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "报表"
        ws.append([title])
        if unit_line:
            ws.append([None] * (len(header) - 1) + [unit_line])
        ws.append(header)
        for r in rows:
            ws.append(list(r))
        for r in after or []:
            ws.append(list(r))
        if edit:
            edit(ws)
        return _save(wb)
    return build


def _long(rows, header=("地区代码", "地区", "指标", "期别", "是否累计", "数值", "单位"), edit=None):
    def build():
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "数据"
        ws.append(list(header))
        for r in rows:
            ws.append(list(r))
        if edit:
            edit(ws)
        return _save(wb)
    return build


def _form(period_line, rows, *, numbers=("甲", "乙", "丙", "1", "2", "3"), yoy_fmt=None):
    def build():
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "季报"
        ws.append(["县域科技活动情况季报"])
        ws.append(["表号：科统季1表", None, None, "制定机关：市科学技术局"])
        ws.append(["综合机关名称：清河县科学技术局", None, None, "行政区划代码：130534"])
        ws.append([period_line])
        ws.append(["指标名称", "代码", "计量单位", "本期", "上年同期", "同比增减%"])
        if numbers:
            ws.append(list(numbers))
        for r in rows:
            ws.append(list(r))
            if yoy_fmt:
                ws.cell(ws.max_row, 6).number_format = yoy_fmt
        ws.append([])
        ws.append(["单位负责人：赵一", None, "填表人：孙三", None, "报出日期：2024年10月12日"])
        return _save(wb)
    return build


def _grid(rows, *, merges=(), formats=None, sheet="报表", hidden_rows=()) -> Callable[[], bytes]:
    """A sheet written cell by cell as an office sends it: rows as lists (None = empty cell), merged ranges,
    number formats by cell ("F7": "0.00%"), hidden rows (Excel's numbers)."""
    def build():
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = sheet
        for r in rows:
            ws.append(list(r))
        for m in merges:
            ws.merge_cells(m)
        for cell, fmt in (formats or {}).items():
            ws[cell].number_format = fmt
        for r in hidden_rows:
            ws.row_dimensions[r].hidden = True
        return _save(wb)
    return build


def _csv(text: str, encoding: str, bom: bytes = b"") -> Callable[[], bytes]:
    return lambda: bom + text.encode(encoding)


H2 = ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"]
THREE = [("清河县", 12305, 78), ("威县", 8300, 52), ("临西县", 5722, 40)]


def _t3(period, ytd=True, rd=(12305, 8300, 5722), hn=(78, 52, 40)):
    codes = ["130534", "130533", "130535"]
    return sorted([("HNTE", c, period, False, float(h)) for c, h in zip(codes, hn)]
                  + [("RD_EXP", c, period, ytd and len(period) > 4, float(v)) for c, v in zip(codes, rd)])


def _hide_row(r):
    def edit(ws):
        ws.row_dimensions[r].hidden = True
    return edit


def _hide_col(c):
    def edit(ws):
        ws.column_dimensions[c].hidden = True
    return edit


def _filtered(ws):
    ws.auto_filter.ref = f"A2:C{ws.max_row}"
    ws.row_dimensions[4].hidden = True


def _percent(ws):
    for r in range(7, ws.max_row + 1):
        if isinstance(ws.cell(r, 6).value, float):
            ws.cell(r, 6).number_format = "0.00%"


def _city_rows(with_zone=True, total=None):
    rows = [(n, 1000 + i, 10 + i) for i, (n, _c) in enumerate(XT)]
    t = (sum(r[1] for r in rows), sum(r[2] for r in rows))
    rows.append(("全市合计", *(total or t)))
    if with_zone:
        rows.append(("  其中：经济开发区", 500, 5))
    return rows


def _city_table(period, total=None, with_zone=True):
    out = [("HNTE", c, period, False, float(10 + i)) for i, (_n, c) in enumerate(XT)]
    out += [("RD_EXP", c, period, True, float(1000 + i)) for i, (_n, c) in enumerate(XT)]
    t = total or (sum(1000 + i for i in range(18)), sum(10 + i for i in range(18)))
    out += [("HNTE", "130500", period, False, float(t[1])), ("RD_EXP", "130500", period, True, float(t[0]))]
    if with_zone:
        out += [("HNTE", "130571", period, False, 5.0), ("RD_EXP", "130571", period, True, 500.0)]
    return sorted(out)


LONG_ROWS = [("130534", "清河县", "R&D经费", "2024Q3", "是", 12305, "万元"),
             ("130533", "威县", "R&D经费", "2024Q3", "是", 8300, "万元")]
LONG_TABLE = [("RD_EXP", "130533", "2024Q3", True, 8300.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]
CSV_TEXT = "地区代码,地区,指标,期别,是否累计,数值,单位\n130534,清河县,R&D经费,2024Q3,是,12305,万元\n" \
           "130533,威县,R&D经费,2024Q3,是,8300,万元\n"
TSV_TEXT = CSV_TEXT.replace(",", "\t")
FORM_ROWS = [("研究与试验发展(R&D)经费", "01", "万元", 15400, 8383, 0.8371),
             ("  其中：规模以上工业企业R&D经费", "02", "万元", 13000, 7000, 0.8571),
             ("技术合同登记额", "03", "亿元", 3.26, 2.78, 0.1727),
             ("  #吸纳京津技术合同额", "04", "万元", 7365, 6000, 0.2275),
             ("高新技术企业数", "05", "家", 69, 61, 0.1311)]
FORM_TABLE = [("HNTE", "130534", "2024Q2", False, 69.0), ("IND_RD_EXP", "130534", "2024Q2", True, 13000.0),
              ("RD_EXP", "130534", "2024Q2", True, 15400.0), ("TECH_CONTRACT", "130534", "2024Q2", True, 32600.0),
              ("TECH_CONTRACT_JINGJIN", "130534", "2024Q2", True, 7365.0)]

CORPUS: list[Case] = [
    # ---- wide tables and period phrases
    Case("wide_1_9.xlsx", _wide("邢台市2024年1—9月县域科技指标", H2, THREE), _t3("2024Q3")),
    Case("wide_first_three_quarters.xlsx", _wide("2024年前三季度各县科技指标", H2, THREE), _t3("2024Q3")),
    Case("wide_first_half.xlsx", _wide("2024年上半年各县科技指标", H2, THREE), _t3("2024Q2")),
    Case("wide_whole_year.xlsx", _wide("2024年全年各县科技指标", H2, THREE), _t3("2024", ytd=False)),
    Case("wide_as_of_june_end.xlsx", _wide("各县科技指标（截至2024年6月末）", H2, THREE), _t3("2024Q2")),
    Case("wide_as_of_august_end.xlsx", _wide("各县科技指标（截至2024年8月底）", H2, THREE), _t3("2024M08")),
    Case("wide_second_half_unknown.xlsx", _wide("2024年下半年各县科技指标", H2, THREE), [],
         errors=["missing_period", "no_values"]),
    Case("wide_period_not_ended.xlsx", _wide("2026年1-12月各县科技指标", H2, THREE), [],
         errors=["no_values", "period_not_ended"], message="今天是 2026-11-30"),
    Case("wide_quarter_not_ended.xlsx", _wide("2026年第四季度各县科技指标", H2, THREE), [],
         errors=["no_values", "period_not_ended"]),
    Case("wide_numbers_as_text.xlsx",
         _wide("2024年1-9月", H2, [("清河县", "12,305", "78"), ("威县", "8300", " 52 "), ("临西县", "5722.0", "40")]),
         _t3("2024Q3")),
    # ---- units
    Case("wide_unit_line_yi.xlsx", _wide("2024年1-9月", ["县（市、区）", "R&D经费"],
                                         [("清河县", 1.2305), ("威县", 0.83)], unit_line="单位：亿元"),
         [("RD_EXP", "130533", "2024Q3", True, 8300.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]),
    Case("wide_unit_line_ambiguous.xlsx", _wide("2024年1-9月", ["县（市、区）", "R&D经费", "技术合同登记额"],
                                                [("清河县", 12305, 29311)], unit_line="单位：万元、亿元"),
         [], errors=["no_values", "unit_ambiguous", "unit_ambiguous"]),
    Case("wide_unit_line_count_and_money.xlsx",
         _wide("2024年1-9月", ["县（市、区）", "高新技术企业数", "R&D经费"], [("清河县", 78, 12305)],
               unit_line="单位：家、万元"),
         [("HNTE", "130534", "2024Q3", False, 78.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]),
    # ---- totals, subtotals, development zones
    # the 18 counties and a 全市合计 equal to their sum, no zone: their total, never the city's (the city counts its
    # development zone too: data.catalogue.CITY_TOTAL_LEVELS; tests/imports/test_city_totals.py)
    Case("city_total_whole_city.xlsx", _wide("邢台市2024年1-9月", H2, _city_rows(with_zone=False)),
         [t for t in _city_table("2024Q3", with_zone=False) if t[1] != "130500"],
         warnings=["total_not_city", "total_not_city"]),
    Case("city_total_with_zone.xlsx", _wide("邢台市2024年1-9月", H2, _city_rows()), _city_table("2024Q3")),
    # a development zone on a row of its own is a member of the 合计 (data.catalogue.CITY_TOTAL_LEVELS)
    Case("city_total_zone_as_member.xlsx",
         _wide("邢台市2024年1-9月", H2, [*_city_rows(with_zone=False)[:-1], ("河北邢台经济开发区", 500, 5),
                                         ("全市合计", sum(1000 + i for i in range(18)) + 500,
                                          sum(10 + i for i in range(18)) + 5)]),
         _city_table("2024Q3", total=(sum(1000 + i for i in range(18)) + 500, sum(10 + i for i in range(18)) + 5))),
    # a 合计 contradicting all its units (the zone inside by its 其中 row): not stored as the city's figure (br8)
    Case("city_total_mismatch.xlsx", _wide("邢台市2024年1-9月", H2, _city_rows(total=(99999, 400))),
         [t for t in _city_table("2024Q3") if t[1] != "130500"], warnings=["total_mismatch", "total_mismatch"]),
    Case("partial_total_first.xlsx", _wide("2024年1-9月", H2, [("合计", 26327, 170), *THREE]), _t3("2024Q3")),
    Case("subtotal_rows.xlsx",
         _wide("2024年1-9月", H2, [("清河县", 12305, 78), ("威县", 8300, 52), ("小计", 20605, 130),
                                   ("临西县", 5722, 40), ("小计", 5722, 41)]),
         _t3("2024Q3"), warnings=["subtotal_mismatch"]),
    # ---- structure: 续表, notes, signatures, 栏次, 序号
    Case("yearbook_continued.xlsx",
         _wide("表2-3 各县科技指标（2024年）", H2, [THREE[0], ("续表",), H2, *THREE[1:]],
               after=[("资料来源：市科技局。",)]),
         _t3("2024", ytd=False)),
    Case("wide_notes_and_signatures.xlsx",
         _wide("2024年1-9月", H2, THREE, after=[(), ("注：R&D经费为快报数。",), ("填表人：张三", None, "审核人：李四")]),
         _t3("2024Q3")),
    Case("wide_serial_and_column_numbers.xlsx",
         _wide("2024年1-9月", ["序号", *H2], [("甲", "乙", 1, 2), *[(i + 1, *r) for i, r in enumerate(THREE)]]),
         _t3("2024Q3")),
    Case("wide_stray_cell.xlsx", _wide("2024年1-9月", H2, THREE, edit=lambda ws: ws.cell(4, 6, 999)),
         _t3("2024Q3"), errors=["unread_cell"]),
    # ---- hidden and filtered content
    Case("hidden_row.xlsx", _wide("2024年1-9月", H2, [*THREE, ("清河县", 1, 1)], edit=_hide_row(6)), _t3("2024Q3"),
         warnings=["hidden_data"]),
    Case("hidden_row_included.xlsx", _wide("2024年1-9月", H2, [*THREE[:2], ("临西县", 5722, 40)], edit=_hide_row(5)),
         _t3("2024Q3"), warnings=["hidden_included"], options={"include_hidden": True}),
    Case("filtered_rows.xlsx", _wide("2024年1-9月", H2, [*THREE, ("南宫市", 9817, 66)], edit=_filtered),
         sorted([r for r in _t3("2024Q3") if r[1] != "130533"]
                + [("HNTE", "130581", "2024Q3", False, 66.0), ("RD_EXP", "130581", "2024Q3", True, 9817.0)]),
         warnings=["hidden_data"]),
    Case("hidden_column.xlsx", _wide("2024年1-9月", [*H2, "技术合同登记额（万元）"],
                                     [(*r, 1) for r in THREE], edit=_hide_col("D")),
         _t3("2024Q3"), warnings=["hidden_data"]),
    # ---- regions over time and shared names
    Case("old_name_renamed_before_change.xlsx",
         _wide("2019年各县科技指标", H2, [("任县", 500, 5), ("清河县", 600, 6)]),
         [("HNTE", "130505", "2019", False, 5.0), ("HNTE", "130534", "2019", False, 6.0),
          ("RD_EXP", "130505", "2019", False, 500.0), ("RD_EXP", "130534", "2019", False, 600.0)],
         warnings=["region_renamed"]),
    Case("old_name_after_change.xlsx", _wide("2024年1-9月", H2, [("任县", 500, 5), *THREE]), _t3("2024Q3"),
         errors=["region_old_name"], message="任泽区"),
    Case("old_district_merged.xlsx", _wide("2019年各县科技指标", H2, [("桥东区", 500, 5), ("清河县", 600, 6)]),
         [("HNTE", "130534", "2019", False, 6.0), ("RD_EXP", "130534", "2019", False, 600.0)],
         errors=["region_old_name"], message="襄都区"),
    Case("old_county_never_its_city.xlsx", _wide("2019年各县科技指标", H2, [("邢台县", 500, 5), ("清河县", 600, 6)]),
         [("HNTE", "130534", "2019", False, 6.0), ("RD_EXP", "130534", "2019", False, 600.0)],
         errors=["region_old_name"], message="信都区"),
    Case("shared_name_other_city.xlsx", _wide("2024年1-9月", H2, [*THREE, ("长安区", 1, 1)]), _t3("2024Q3"),
         errors=["region_outside_city"], message="石家庄市长安区"),
    # ---- long form, dates and percent formats
    Case("long_numeric_codes.xlsx", _long([(int(a), *rest) for a, *rest in LONG_ROWS]), LONG_TABLE),
    Case("long_period_typed_as_date.xlsx",
         _long([(a, b, c, dt.datetime(2024, 9, 1), *rest) for a, b, c, _d, *rest in LONG_ROWS]), [],
         errors=["no_values", "period_is_date", "period_is_date"]),
    Case("form_nbs_percent_yoy.xlsx", _form("2024年1-6月", FORM_ROWS, yoy_fmt="0.00%"), FORM_TABLE,
         warnings=["yoy_swing", "yoy_swing"]),
    Case("form_nbs_yoy_wrong.xlsx",
         _form("2024年上半年", [*FORM_ROWS[:4], ("高新技术企业数", "05", "家", 69, 61, 0.5)], yoy_fmt="0.00%"),
         FORM_TABLE, warnings=["yoy_inconsistent", "yoy_swing", "yoy_swing"]),
    Case("form_column_numbers_digits.xlsx", _form("2024年1-6月", FORM_ROWS, numbers=("", "", "", "1", "2", "3")),
         FORM_TABLE, warnings=["yoy_inconsistent"] * 5 + ["yoy_swing", "yoy_swing"]),
    # ---- CSV
    Case("long_utf8.csv", _csv(CSV_TEXT, "utf-8", codecs.BOM_UTF8), LONG_TABLE),
    Case("long_gb18030.csv", _csv(CSV_TEXT, "gb18030"), LONG_TABLE),
    Case("long_unicode_text.txt", _csv(TSV_TEXT, "utf-16-le", codecs.BOM_UTF16_LE), LONG_TABLE),
    Case("long_unbalanced_quote.csv", _csv(CSV_TEXT.replace("清河县,R&D", '"清河县,R&D'), "utf-8"), [],
         errors=["bad_file"], message="第 2 行"),
    # ---- variants of ../shared/cases/imports: same kinds, other offices' shapes
    # a unit line naming three units (万元、家、个): 家 and 个 read a count column alike, no ambiguity
    Case("unit_line_three_units.xlsx",
         _grid([["邢台市2025年1-9月县域科技指标"], [None, None, None, "单位：万元、家、个"],
                ["县（市、区）", "R&D经费", "高新技术企业数", "省级以上科技创新平台数"],
                ["南宫市", 9817, 66, 12], ["沙河市", 20580, 90, 15]]),
         [("HNTE", "130581", "2025Q3", False, 66.0), ("HNTE", "130582", "2025Q3", False, 90.0),
          ("PLATFORMS", "130581", "2025Q3", False, 12.0), ("PLATFORMS", "130582", "2025Q3", False, 15.0),
          ("RD_EXP", "130581", "2025Q3", True, 9817.0), ("RD_EXP", "130582", "2025Q3", True, 20580.0)]),
    Case("unit_line_two_count_units_first_column.xlsx",
         _grid([["邢台市2025年1-9月县域科技指标"], ["单位：家，个"],
                ["县（市、区）", "科技型中小企业数", "省级以上科技创新平台数"], ["内丘县", 70, 11], ["临城县", 61, 9]]),
         [("PLATFORMS", "130522", "2025Q3", False, 9.0), ("PLATFORMS", "130523", "2025Q3", False, 11.0),
          ("TSME", "130522", "2025Q3", False, 61.0), ("TSME", "130523", "2025Q3", False, 70.0)]),
    # the column's own unit wins over the line; 亿元 converted
    Case("unit_line_column_unit_wins.xlsx",
         _grid([["邢台市2025年1-9月县域科技指标"], [None, None, "单位：万元、家"],
                ["县（市、区）", "R&D经费（亿元）", "高新技术企业数"], ["宁晋县", 3.1411, 143], ["新河县", 0.2256, 14]]),
         [("HNTE", "130528", "2025Q3", False, 143.0), ("HNTE", "130530", "2025Q3", False, 14.0),
          ("RD_EXP", "130528", "2025Q3", True, 31411.0), ("RD_EXP", "130530", "2025Q3", True, 2256.0)]),
    # a count column under a line naming only money units is still refused
    Case("unit_line_money_only_count_column.xlsx",
         _grid([["邢台市2025年1-9月县域科技指标"], [None, None, "单位：万元、亿元"],
                ["县（市、区）", "R&D经费（万元）", "高新技术企业数"], ["宁晋县", 31411, 143]]),
         [("RD_EXP", "130528", "2025Q3", True, 31411.0)], errors=["unit_ambiguous"]),
]


def _grouped_city(order, *, district_subtotal_delta=0):
    """邢台市's 18 units in two groups (市区: the four districts; 县（市）: the rest) with 小计 rows placed as
    `order` says ("total", "sd", "D", "sc", "C"), R&D 1000+i and HNTE 10+i; 市区小计's R&D off by the delta."""
    vals = {n: (1000 + i, 10 + i) for i, (n, _c) in enumerate(XT)}
    groups = {"D": [n for n, _ in XT[:4]], "C": [n for n, _ in XT[4:]]}
    sums = {k: (sum(vals[n][0] for n in g), sum(vals[n][1] for n in g)) for k, g in groups.items()}
    rows = [["邢台市2025年1-6月县域科技指标汇总表"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"]]
    for item in order:
        if item == "total":
            rows.append(["全市合计", sums["D"][0] + sums["C"][0], sums["D"][1] + sums["C"][1]])
        elif item == "sd":
            rows.append(["市区小计", sums["D"][0] + district_subtotal_delta, sums["D"][1]])
        elif item == "sc":
            rows.append(["县（市）小计", *sums["C"]])
        else:
            rows += [[n, *vals[n]] for n in groups[item]]
    return _grid(rows)


# the 全市合计 of these tables is the 18 counties' sum without a zone row: checked, never the city's (total_not_city)
GROUPED_TABLE = [t for t in _city_table("2025Q2", with_zone=False) if t[1] != "130500"]
NOT_CITY = ["total_not_city", "total_not_city"]
CORPUS += [
    # 小计 rows above their members (全市合计, 市区小计, 襄都区 …): each is checked against the rows below it
    Case("subtotals_heading_their_groups.xlsx", _grouped_city(["total", "sd", "D", "sc", "C"]), GROUPED_TABLE,
         warnings=NOT_CITY),
    Case("subtotals_heading_one_wrong.xlsx", _grouped_city(["total", "sd", "D", "sc", "C"], district_subtotal_delta=100),
         GROUPED_TABLE, warnings=["subtotal_mismatch", *NOT_CITY]),
    # 合计 first, then each group closed by its 小计
    Case("subtotals_closing_total_first.xlsx", _grouped_city(["total", "D", "sd", "C", "sc"]), GROUPED_TABLE,
         warnings=NOT_CITY),
    Case("subtotals_closing_total_last_wrong.xlsx", _grouped_city(["D", "sd", "C", "sc", "total"], district_subtotal_delta=-7),
         GROUPED_TABLE, warnings=["subtotal_mismatch", *NOT_CITY]),
]


YB_HEADER = ["县（市、区）", "高新技术企业数（家）", "技术合同成交额（万元）"]
YB_ROWS = [[n, 10 + i, 1000 + i] for i, (n, _c) in enumerate(XT)]
YB_TABLE = sorted([("HNTE", c, "2025", False, float(10 + i)) for i, (_n, c) in enumerate(XT)]
                  + [("TECH_CONTRACT", c, "2025", False, float(1000 + i)) for i, (_n, c) in enumerate(XT)])


def _yearbook(pages, page_break, *, header=(YB_HEADER,), title="表3-7  各县（市、区）科技创新情况（2025年）"):
    """邢台市's 18 units split over `pages` pages; `page_break(k)` gives the rows printed at the top of page k
    (k ≥ 1) before the repeated header rows."""
    rows = [[title], [None, None, "单位：家、万元"], *header]
    size = -(-len(YB_ROWS) // pages)
    for k in range(pages):
        if k:
            rows += [*page_break(k), *header]
        rows += YB_ROWS[k * size:(k + 1) * size]
    rows.append(["资料来源：市科技局、市技术市场管理办公室。"])
    return _grid(rows)


CORPUS += [
    # 续表 over three pages, numbered
    Case("yearbook_three_pages_numbered.xlsx", _yearbook(3, lambda k: [[f"续表{k}"]]), YB_TABLE),
    # "（续表）" typed in the last column, where the printer right-aligns it
    Case("yearbook_continued_in_last_column.xlsx", _yearbook(2, lambda k: [[None, None, "（续表）"]]), YB_TABLE),
    # a PDF turned into Excel: the page number line, then 续上表
    Case("yearbook_page_numbers.xlsx", _yearbook(3, lambda k: [[None, f"— {k + 11} —"], ["续上表"]]), YB_TABLE),
    # the title printed again with （续） and a two-row header repeated, then the unit line again
    Case("yearbook_title_repeated_two_row_header.xlsx",
         _yearbook(2, lambda k: [["表3-7  各县（市、区）科技创新情况（2025年）（续）"], [None, None, "单位：家、万元"]],
                   header=(["县（市、区）", "高新技术企业", "技术合同"], [None, "（家）", "成交额（万元）"])),
         YB_TABLE),
    # a number on the page-break line is not structure: refused, never dropped
    Case("yearbook_number_in_break_line.xlsx", _yearbook(2, lambda k: [[None, 12, "（续表）"]]), YB_TABLE,
         errors=["unread_cell", "unread_cell"]),
]

FORM_NBS = [["新河县科技统计半年报"], ["单位名称：新河县科学技术局", None, None, "行政区划代码：130530.0"],
            ["2025年1-6月"], ["指标名称", "计量单位", "本期", "上年同期", "增长%"]]
FORM_NBS_ROWS = [["研究与试验发展(R&D)经费", "万元", 1200, 1000, 20.0], ["技术合同登记额", "万元", 4500, 5000, -10.0],
                 ["高新技术企业数", "家", 14, 12, 16.67]]
FORM_NBS_TABLE = [("HNTE", "130530", "2025Q2", False, 14.0), ("RD_EXP", "130530", "2025Q2", True, 1200.0),
                  ("TECH_CONTRACT", "130530", "2025Q2", True, 4500.0)]
CORPUS += [
    # a 栏次 row whose computed column carries its formula ("3=1/2-1"), the label columns left blank
    Case("form_column_numbers_with_formula.xlsx", _grid([*FORM_NBS, [None, None, "1", "2", "3=1/2-1"], *FORM_NBS_ROWS]),
         FORM_NBS_TABLE),
    Case("form_column_numbers_jia_yi_formula.xlsx",
         _grid([*FORM_NBS, ["甲", "乙", 1, 2, "3＝（1-2）/2×100"], *FORM_NBS_ROWS]), FORM_NBS_TABLE),
    # a text that only looks like a formula is no 栏次
    Case("form_column_numbers_not_a_formula.xlsx", _grid([*FORM_NBS, [None, None, "1", "2", "3=见说明"], *FORM_NBS_ROWS]),
         FORM_NBS_TABLE, errors=["unread_cell"] * 3),
]

SIX = [("临城县", "130522", 61), ("内丘县", "130523", 70), ("柏乡县", "130524", 38), ("威县", "130533", 93),
       ("清河县", "130534", 118), ("临西县", "130535", 88)]
SIX_TABLE = sorted(("TSME", c, "2025", False, float(v)) for _n, c, v in SIX)
CORPUS += [
    # 合计 of part of the city: counts add up exactly (470 against 468 is a fault, not rounding)
    Case("partial_total_count_off_by_two.xlsx",
         _grid([["2025年各县科技型中小企业入库情况"], ["县（市、区）", "科技型中小企业数（家）"], ["合计", 470],
                *[[n, v] for n, _c, v in SIX]]), SIX_TABLE, warnings=["total_mismatch"]),
    Case("partial_total_count_exact_at_bottom.xlsx",
         _grid([["2025年各县科技型中小企业入库情况"], ["县（市、区）", "科技型中小企业数（家）"],
                *[[n, v] for n, _c, v in SIX], ["合  计", 468]]), SIX_TABLE),
    # amounts in 亿元 to two decimals: 3.39 against 1.1 + 2.2 is 900万元 apart; 3.3 is the sum (no binary noise)
    Case("partial_total_yi_off.xlsx",
         _grid([["2025年1-9月部分县技术合同登记额"], [None, "单位：亿元"], ["县（市、区）", "技术合同登记额"],
                ["合计", 3.39], ["新河县", 1.1], ["广宗县", 2.2]]),
         [("TECH_CONTRACT", "130530", "2025Q3", True, 11000.0), ("TECH_CONTRACT", "130531", "2025Q3", True, 22000.0)],
         warnings=["total_mismatch"]),
    Case("partial_total_yi_exact.xlsx",
         _grid([["2025年1-9月部分县技术合同登记额"], [None, "单位：亿元"], ["县（市、区）", "技术合同登记额"],
                ["合计", 3.3], ["新河县", 1.1], ["广宗县", 2.2]]),
         [("TECH_CONTRACT", "130530", "2025Q3", True, 11000.0), ("TECH_CONTRACT", "130531", "2025Q3", True, 22000.0)]),
    # whole 万元, each rounded where published: 1 apart over four members is rounding
    Case("partial_total_wan_rounding.xlsx",
         _grid([["2025年1-9月部分县R&D经费"], ["县（市、区）", "R&D经费（万元）"], ["合计", 12346], ["新河县", 2256],
                ["广宗县", 2662], ["平乡县", 4594], ["威县", 2833]]),
         sorted([("RD_EXP", "130530", "2025Q3", True, 2256.0), ("RD_EXP", "130531", "2025Q3", True, 2662.0),
                 ("RD_EXP", "130532", "2025Q3", True, 4594.0), ("RD_EXP", "130533", "2025Q3", True, 2833.0)])),
]
CORPUS += [
    # a form's header over two rows: 指标值 merged over 本年 | 上年, then a 栏次 row
    Case("form_two_row_header.xlsx",
         _grid([["广宗县科技创新指标年报"], ["填报单位：广宗县科学技术局", None, None, "2025年"],
                ["指标名称", "计量单位", "代码", "指标值", None], [None, None, None, "本年", "上年"],
                ["甲", "乙", "丙", 1, 2],
                ["高新技术企业数", "家", "01", 15, 13], ["科技型中小企业数", "家", "02", 44, 40],
                ["技术合同登记额", "万元", "03", 10065, 9000], ["  其中：吸纳京津技术合同额", "万元", "04", 2100, 1800]],
               merges=["A3:A4", "B3:B4", "C3:C4", "D3:E3"]),
         [("HNTE", "130531", "2025", False, 15.0), ("TECH_CONTRACT", "130531", "2025", False, 10065.0),
          ("TECH_CONTRACT_JINGJIN", "130531", "2025", False, 2100.0), ("TSME", "130531", "2025", False, 44.0)]),
    # the same without merges (as a CSV keeps it), 本期 | 上年同期 under the group label, 1-9月
    Case("form_two_row_header_unmerged.xlsx",
         _grid([["柏乡县科技活动情况"], ["单位名称：柏乡县科学技术局"], ["报告期：2025年1-9月"],
                ["指标名称", "计量单位", "指标值", None], [None, None, "本期", "上年同期"],
                ["研究与试验发展(R&D)经费", "万元", 3300, 3000], ["高新技术企业数", "家", 18, 16]]),
         [("HNTE", "130524", "2025Q3", False, 18.0), ("RD_EXP", "130524", "2025Q3", True, 3300.0)]),
]
CORPUS += [
    # the period and the unit line on one row right above the header, the table starting in column B
    Case("as_of_period_beside_unit_line.xlsx",
         _grid([[None, "邢台市县域科技指标"], [None, "（截至2025年6月末）", None, "单位：万元、家"],
                [None, "县（市、区）", "R&D经费", "高新技术企业数"], [None, "南宫市", 5000, 66], [None, "沙河市", 11000, 90]]),
         [("HNTE", "130581", "2025Q2", False, 66.0), ("HNTE", "130582", "2025Q2", False, 90.0),
          ("RD_EXP", "130581", "2025Q2", True, 5000.0), ("RD_EXP", "130582", "2025Q2", True, 11000.0)]),
    # "截至6月末" without a year: the sheet's name gives it; 亿元 on the unit line
    Case("as_of_june_year_from_sheet.xlsx",
         _grid([["县域科技指标"], ["截至6月末", None, "单位：亿元"], ["县（市、区）", "技术合同登记额"],
                ["巨鹿县", 2.3014], ["平乡县", 1.3589]], sheet="2025年"),
         [("TECH_CONTRACT", "130529", "2025Q2", True, 23014.0), ("TECH_CONTRACT", "130532", "2025Q2", True, 13589.0)]),
    # without a year anywhere: refused, naming what is missing
    Case("as_of_june_no_year.xlsx",
         _grid([["县域科技指标"], ["截至6月末", None, "单位：亿元"], ["县（市、区）", "技术合同登记额"], ["巨鹿县", 2.3014]]),
         [], errors=["missing_period", "no_values"], message="「截至6月末」没有写年份"),
]
CORPUS += [
    # a 序号 column whose header cell is blank: 1, 2, 3 down the rows are row labels
    Case("serial_column_without_header.xlsx",
         _grid([["邢台市2025年上半年县域科技指标"], [None, "县（市、区）", "高新技术企业数（家）"],
                [1, "平乡县", 30], [2, "威县", 52], [3, "清河县", 78]]),
         [("HNTE", "130532", "2025Q2", False, 30.0), ("HNTE", "130533", "2025Q2", False, 52.0),
          ("HNTE", "130534", "2025Q2", False, 78.0)]),
    Case("serial_column_without_header_total_row.xlsx",
         _grid([["邢台市2025年县域科技指标"], [None, "县（市、区）", "科技型中小企业数（家）"], [None, "合计", 130],
                ["1", "南宫市", 70], ["2", "沙河市", 60]]),
         [("TSME", "130581", "2025", False, 70.0), ("TSME", "130582", "2025", False, 60.0)]),
    # numbers out of that order under a blank header are not a 序号: refused cell by cell
    Case("unheaded_numbers_not_a_serial.xlsx",
         _grid([["邢台市2025年上半年县域科技指标"], [None, "县（市、区）", "高新技术企业数（家）"],
                [5, "平乡县", 30], [9, "威县", 52]]),
         [("HNTE", "130532", "2025Q2", False, 30.0), ("HNTE", "130533", "2025Q2", False, 52.0)],
         errors=["unread_cell", "unread_cell"]),
]

CITY_HNTE = [[n, 10 + i] for i, (n, _c) in enumerate(XT)]
# the whole city: the 18 counties and the development zone (data.catalogue.CITY_TOTAL_LEVELS)
CITY_HNTE_ROWS = [["邢台市2025年县域科技指标"], ["县（市、区）", "高新技术企业数（家）"], *CITY_HNTE,
                  ["河北邢台经济开发区", 5], ["全市合计", 338]]
CITY_HNTE_TABLE = [("HNTE", c, "2025", False, float(10 + i)) for i, (_n, c) in enumerate(XT)] + \
    [("HNTE", "130571", "2025", False, 5.0)]
CORPUS += [
    # the whole city with 信都区's row hidden: left out with a warning, and the 合计 check says the hidden row
    # is not in its sum; the 合计 is not stored as the city's figure (the table as read lacks a unit)
    Case("whole_city_one_row_hidden.xlsx", _grid(CITY_HNTE_ROWS, hidden_rows=[4]),
         [t for t in CITY_HNTE_TABLE if t[1] != "130503"], warnings=["hidden_data", "total_mismatch"]),
    Case("whole_city_one_row_hidden_included.xlsx", _grid(CITY_HNTE_ROWS, hidden_rows=[4]),
         sorted([*CITY_HNTE_TABLE, ("HNTE", "130500", "2025", False, 338.0)]), warnings=["hidden_included"],
         options={"include_hidden": True}),
]
CORPUS += [
    # a long form whose 地区代码 and 地区 name different units: the row contradicts itself and is refused
    Case("long_code_and_name_disagree.xlsx",
         _long([(130534.0, "威县", "R&D经费", "2025Q2", "是", 1800, "万元"),
                ("130522.0", "临城县", "R&D经费", "2025Q2", "是", 1200, "万元")]),
         [("RD_EXP", "130522", "2025Q2", True, 1200.0)], errors=["region_conflict"],
         message="代码 130534 是清河县，名称是「威县」"),
    # the same unit under its code typed as a number and its name: no conflict
    Case("long_code_float_and_name_agree.xlsx",
         _long([(130582.0, "沙河市", "高新技术企业数", "2025Q2", "否", 90, "家"),
                (130581.0, "南宫市", "高新技术企业数", "2025Q2", "否", 66, "家")]),
         [("HNTE", "130581", "2025Q2", False, 66.0), ("HNTE", "130582", "2025Q2", False, 90.0)]),
]
CORPUS += [
    # a one-row header (as a CSV saved from Excel keeps it) with a bare 同比增长 column after each indicator:
    # each belongs to the indicator before it ("11.81%" typed as text is 11.81); never an indicator of its own
    Case("wide_bare_yoy_columns.csv",
         _csv("邢台市2025年1-9月县域科技指标\r\n县（市、区）,R&D经费（万元）,同比增长,高新技术企业数（家）,上年同期,同比增长\r\n"
              "南宫市,9817,11.81%,66,60,10%\r\n沙河市,20580,-3.5%,90,90,0%\r\n", "gb18030"),
         [("HNTE", "130581", "2025Q3", False, 66.0), ("HNTE", "130582", "2025Q3", False, 90.0),
          ("RD_EXP", "130581", "2025Q3", True, 9817.0), ("RD_EXP", "130582", "2025Q3", True, 20580.0)]),
    # two bare 同比 columns in a row: the second belongs to nothing and is refused
    Case("wide_two_bare_yoy_columns.xlsx",
         _grid([["邢台市2025年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", "同比增长", "同比增长"],
                ["南宫市", 9817, 11.81, 11.81]]),
         [("RD_EXP", "130581", "2025Q3", True, 9817.0)], errors=["unknown_indicator"]),
]

LONG_CITY = [(c, n, "高新技术企业数", "2025Q2", "否", 10 + i, "家") for i, (n, c) in enumerate(XT)]
LONG_CITY_TABLE = [("HNTE", c, "2025Q2", False, float(10 + i)) for i, (_n, c) in enumerate(XT)]
CORPUS += [
    # a long form's own 邢台市 row: a count must equal its units' sum (333 + 3 was within the old tolerance of 9)
    Case("long_city_row_count_off_by_three.xlsx",
         _long([*LONG_CITY, ("130500", "邢台市", "高新技术企业数", "2025Q2", "否", 336, "家")]),
         sorted([*LONG_CITY_TABLE, ("HNTE", "130500", "2025Q2", False, 336.0)]), warnings=["total_mismatch"]),
    Case("long_city_row_count_exact.xlsx",
         _long([*LONG_CITY, ("130500", "邢台市", "高新技术企业数", "2025Q2", "否", 333, "家")]),
         sorted([*LONG_CITY_TABLE, ("HNTE", "130500", "2025Q2", False, 333.0)])),
]

NANGONG_FORM = [["科技活动情况季报"], ["表号：科统季1表", None, None, None, "制定机关：邢台市科学技术局"],
                ["综合机关名称：南宫市科学技术局", None, None, None, "行政区划代码：130581"],
                ["2025年1-6月"], ["指标名称", "计量单位", "代码", "本期", "上年同期", "增减%"],
                ["甲", "乙", "丙", 1, 2, 3],
                ["研究与试验发展(R&D)经费", "万元", "01", 5200, 4800, 8.33],
                ["  #规模以上工业企业R&D经费", "万元", "02", 4700, 4300, 9.30],
                ["技术合同登记额", "亿元", "03", 1.25, 1.0, 25.0],
                ["  其中：吸纳京津技术合同额", "万元", "04", 3000, 2500, 20.0],
                ["科技型中小企业数", "家", "05", 80, 70, 14.29],
                [], ["单位负责人：王五", None, "统计负责人：李六", None, "填表人：赵七"]]
CORPUS += [
    # 同比 spelled "增减%" (and 比上年增减%, 增长率%, 去年同期 …): the 同比 column of the row's figure, never an
    # unread column; a bare 增减 (perhaps an absolute change) stays refused
    Case("form_yoy_header_zengjian_percent.xlsx", _grid(NANGONG_FORM),
         [("IND_RD_EXP", "130581", "2025Q2", True, 4700.0), ("RD_EXP", "130581", "2025Q2", True, 5200.0),
          ("TECH_CONTRACT", "130581", "2025Q2", True, 12500.0),
          ("TECH_CONTRACT_JINGJIN", "130581", "2025Q2", True, 3000.0), ("TSME", "130581", "2025Q2", False, 80.0)]),
    Case("form_bare_zengjian_not_yoy.xlsx",
         _grid([["科技活动情况"], ["单位名称：临西县科学技术局", None, None, None, "行政区划代码：130535"], ["2025年1-6月"],
                ["指标名称", "计量单位", "本期", "上年同期", "增减"],
                ["研究与试验发展(R&D)经费", "万元", 5200, 4800, 400], ["高新技术企业数", "家", 40, 38, 2]]),
         [("HNTE", "130535", "2025Q2", False, 40.0), ("RD_EXP", "130535", "2025Q2", True, 5200.0)],
         errors=["unread_cell", "unread_cell"]),
]
CORPUS += [
    # an indicator merged over three sub-columns (本期 | 去年同期 | 比上年增长（%）): a group label of the header,
    # not a title line above it
    Case("wide_indicator_merged_over_three_columns.xlsx",
         _grid([["邢台市2025年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", None, None],
                [None, "本期", "去年同期", "比上年增长（%）"], ["宁晋县", 31411, 28100, 11.78], ["新河县", 2256, 2338, -3.51]],
               merges=["A2:A3", "B2:D2"]),
         [("RD_EXP", "130528", "2025Q3", True, 31411.0), ("RD_EXP", "130530", "2025Q3", True, 2256.0)]),
    Case("wide_two_indicators_merged_over_three_columns.xlsx",
         _grid([["邢台市2025年1-9月县域科技指标"],
                ["县（市、区）", "R&D经费（万元）", None, None, "技术合同成交额（万元）", None, None],
                [None, "本期", "上年同期", "同比增长%", "本期", "上年同期", "同比增长%"],
                ["宁晋县", 31411, 28100, 11.78, 9000, 10000, -10.0], ["新河县", 2256, 2338, -3.51, 1500, 1200, 25.0]],
               merges=["A2:A3", "B2:D2", "E2:G2"]),
         [("RD_EXP", "130528", "2025Q3", True, 31411.0), ("RD_EXP", "130530", "2025Q3", True, 2256.0),
          ("TECH_CONTRACT", "130528", "2025Q3", True, 9000.0), ("TECH_CONTRACT", "130530", "2025Q3", True, 1500.0)]),
]

OWN_CITY_H = ["县（市、区）", "科技型中小企业数（家）"]
CORPUS += [
    # a row naming the table's own city (邢台市, or 邢台) among part of its units is the 合计 by another name: checked,
    # never stored as the city's figure (it was stored unchecked, 60 against the listed 50)
    Case("own_city_row_partial_table.xlsx",
         _grid([["2025年各县科技指标"], OWN_CITY_H, ["南宫市", 20], ["沙河市", 30], ["邢台市", 60]]),
         [("TSME", "130581", "2025", False, 20.0), ("TSME", "130582", "2025", False, 30.0)], warnings=["total_mismatch"]),
    Case("own_city_short_name_first_partial_table.xlsx",
         _grid([["2025年各县科技指标"], OWN_CITY_H, ["邢台", 50], ["南宫", 20], ["沙河", 30]]),
         [("TSME", "130581", "2025", False, 20.0), ("TSME", "130582", "2025", False, 30.0)]),
    # the whole city listed: the city's own row is its figure, as a 合计 would be
    Case("own_city_row_whole_city.xlsx",
         _grid([["2025年各县科技指标"], OWN_CITY_H, *[[n, 10 + i] for i, (n, _c) in enumerate(XT)],
                ["河北邢台经济开发区", 5], ["邢台市", 338]]),
         sorted([("TSME", c, "2025", False, float(10 + i)) for i, (_n, c) in enumerate(XT)]
                + [("TSME", "130571", "2025", False, 5.0), ("TSME", "130500", "2025", False, 338.0)])),
]

SERIAL_H = ["序号", "县（市、区）", "科技型中小企业数（家）"]
CORPUS += [
    # "合计" written under 序号, the region cell blank (or one range merged over both): the table's 合计, checked
    Case("total_in_serial_column_merged.xlsx",
         _grid([["2025年各县科技指标"], SERIAL_H, [1, "巨鹿县", 40], [2, "广宗县", 33], ["合计", None, 73]], merges=["A5:B5"]),
         [("TSME", "130529", "2025", False, 40.0), ("TSME", "130531", "2025", False, 33.0)]),
    Case("total_in_serial_column_wrong.xlsx",
         _grid([["2025年各县科技指标"], SERIAL_H, ["合  计", None, 80], [1, "巨鹿县", 40], [2, "广宗县", 33]]),
         [("TSME", "130529", "2025", False, 40.0), ("TSME", "130531", "2025", False, 33.0)], warnings=["total_mismatch"]),
    Case("total_in_serial_column_whole_city.xlsx",
         _grid([["2025年各县科技指标"], SERIAL_H, *[[i + 1, n, 10 + i] for i, (n, _c) in enumerate(XT)],
                [len(XT) + 1, "河北邢台经济开发区", 5], ["全市合计", None, 338]],
               merges=[f"A{len(XT) + 4}:B{len(XT) + 4}"]),
         sorted([("TSME", c, "2025", False, float(10 + i)) for i, (_n, c) in enumerate(XT)]
                + [("TSME", "130571", "2025", False, 5.0), ("TSME", "130500", "2025", False, 338.0)])),
    # 小计 under 序号, closing its group
    Case("subtotal_in_serial_column.xlsx",
         _grid([["2025年各县科技指标"], SERIAL_H, [1, "巨鹿县", 40], [2, "广宗县", 33], ["小计", None, 74], [3, "平乡县", 47]]),
         [("TSME", "130529", "2025", False, 40.0), ("TSME", "130531", "2025", False, 33.0),
          ("TSME", "130532", "2025", False, 47.0)], warnings=["subtotal_mismatch"]),
    # any other text under 序号 with the region cell blank stays refused
    Case("other_text_in_serial_column.xlsx",
         _grid([["2025年各县科技指标"], SERIAL_H, [1, "巨鹿县", 40], ["平均", None, 36.5]]),
         [("TSME", "130529", "2025", False, 40.0)], errors=["unread_cell", "unread_cell"]),
]

REGION_ROWS = [["2025年各县科技指标"], ["县（市、区）", "指标", "数值"], ["巨鹿县", "高新技术企业数", 40],
               [None, "科技型中小企业数", 33], ["广宗县", "高新技术企业数", 20], [None, "科技型中小企业数", 25]]
CORPUS += [
    # a long form's region merged down over its indicator rows labels each of them
    Case("long_region_merged_down.xlsx", _grid(REGION_ROWS, merges=["A3:A4", "A5:A6"]),
         [("HNTE", "130529", "2025", False, 40.0), ("HNTE", "130531", "2025", False, 20.0),
          ("TSME", "130529", "2025", False, 33.0), ("TSME", "130531", "2025", False, 25.0)]),
    # the same left blank, unmerged: each figure without a region is refused with an error naming its region cell
    # (they were dropped without a word)
    Case("long_region_left_blank.xlsx", _grid(REGION_ROWS),
         [("HNTE", "130529", "2025", False, 40.0), ("HNTE", "130531", "2025", False, 20.0)],
         errors=["region_missing", "region_missing"], message="地区单元格为空"),
    Case("long_indicator_merged_down.xlsx",
         _grid([["2025年各县科技指标"], ["指标", "县（市、区）", "数值"], ["高新技术企业数", "巨鹿县", 40], [None, "广宗县", 33]],
               merges=["A3:A4"]),
         [("HNTE", "130529", "2025", False, 40.0), ("HNTE", "130531", "2025", False, 33.0)]),
]

CN_YEAR_H = ["县（市、区）", "R&D经费（万元）", "技术合同成交额（万元）"]
CN_YEAR_ROWS = [["隆尧县", 4100, 3500], ["巨鹿县", 2900, 1800]]


def _cn_year_table(period, ytd):
    return sorted([("RD_EXP", "130525", period, ytd, 4100.0), ("RD_EXP", "130529", period, ytd, 2900.0),
                   ("TECH_CONTRACT", "130525", period, ytd, 3500.0), ("TECH_CONTRACT", "130529", period, ytd, 1800.0)])


CORPUS += [
    # a year in Chinese numerals, digit by digit (二〇二五年, or with ○): the year, not a missing period
    Case("period_chinese_numeral_year.xlsx", _grid([["二〇二五年各县科技指标"], CN_YEAR_H, *CN_YEAR_ROWS]),
         _cn_year_table("2025", False)),
    Case("period_chinese_numeral_year_1_9.xlsx", _grid([["二○二五年一至九月各县科技指标"], CN_YEAR_H, *CN_YEAR_ROWS]),
         _cn_year_table("2025Q3", True)),
    Case("period_chinese_numeral_year_not_ended.xlsx", _grid([["二〇二六年各县科技指标"], CN_YEAR_H, *CN_YEAR_ROWS]),
         [], errors=["no_values", "period_not_ended"]),
]

CODE_H = ["地区代码", "地区", "科技型中小企业数（家）"]
CORPUS += [
    # a wide table with a 地区代码 column beside the names: a code and a name of different units contradict each
    # other and the row is refused (130534 was stored for 威县's figure without a word)
    Case("wide_code_and_name_disagree.xlsx",
         _grid([["2025年各县科技型中小企业"], CODE_H, [130534, "威县", 50], [130529, "巨鹿县", 40]]),
         [("TSME", "130529", "2025", False, 40.0)], errors=["region_conflict"], message="代码 130534 是清河县，名称是「威县」"),
    # a province table: each row's code places it (沧州's counties too), 小计 rows per city (no code) are checked
    Case("wide_province_codes_city_subtotals.xlsx",
         _grid([["2025年全省部分县科技型中小企业"], CODE_H,
                [130529, "巨鹿县", 40], [130531, "广宗县", 33], [None, "邢台市小计", 75],
                [130921, "沧县", 50], [130922, "青县", 45], [None, "沧州市小计", 95], [None, "合计", 170]]),
         [("TSME", "130529", "2025", False, 40.0), ("TSME", "130531", "2025", False, 33.0),
          ("TSME", "130921", "2025", False, 50.0), ("TSME", "130922", "2025", False, 45.0)],
         warnings=["subtotal_mismatch", "total_mismatch"]),
    Case("wide_codes_plain_subtotal.xlsx",
         _grid([["2025年各县"], CODE_H, [130529, "巨鹿县", 40], [130531, "广宗县", 33], [None, "小计", 73]]),
         [("TSME", "130529", "2025", False, 40.0), ("TSME", "130531", "2025", False, 33.0)]),
]
CORPUS += [
    # a 设区市 column left of the counties, merged down over them: a label column, not an unknown indicator
    Case("wide_city_column_merged_down.xlsx",
         _grid([["2025年各县科技指标"], ["设区市", "县（市、区）", "科技型中小企业数（家）"], ["邢台市", "巨鹿县", 40],
                [None, "广宗县", 33], [None, "平乡县", 47]], merges=["A3:A5"]),
         [("TSME", "130529", "2025", False, 40.0), ("TSME", "130531", "2025", False, 33.0),
          ("TSME", "130532", "2025", False, 47.0)]),
]
CORPUS += [
    # a year in the title and a period of that year on the 报告期 line: that period (stored as the year before)
    Case("period_year_title_and_report_period.xlsx",
         _grid([["2025年各县科技指标"], ["报告期：2025年1-9月"], CN_YEAR_H, *CN_YEAR_ROWS]), _cn_year_table("2025Q3", True)),
    Case("period_year_title_and_months_line.xlsx",
         _grid([["2025年县域科技指标统计季报"], ["2025年1-9月", None, "单位：万元"], CN_YEAR_H, *CN_YEAR_ROWS]),
         _cn_year_table("2025Q3", True)),
    # two different periods above the table: refused, naming both
    Case("period_title_and_report_period_disagree.xlsx",
         _grid([["2025年1-6月各县科技指标"], ["报告期：2025年1-9月"], CN_YEAR_H, *CN_YEAR_ROWS]), [],
         errors=["missing_period", "no_values"], message="期别不一致"),
    # a 填报日期 above the table is no period
    Case("period_with_fill_in_date_line.xlsx",
         _grid([["邢台市2025年1-9月科技指标"], ["填报日期：2025年10月12日"], CN_YEAR_H, *CN_YEAR_ROWS]),
         _cn_year_table("2025Q3", True)),
]

LINXI_FORM_ROWS = [["指标名称", "计量单位", "本期", "上年同期"], ["研究与试验发展(R&D)经费", "万元", 5200, 4800],
                   ["高新技术企业数", "家", 40, 38]]
CORPUS += [
    # a form titled with the year only, its period on the next line: that period, not the year
    Case("form_year_title_period_line.xlsx",
         _grid([["2025年科技活动情况季报"], ["单位名称：临西县科学技术局", None, None, "行政区划代码：130535"], ["2025年1-9月"],
                *LINXI_FORM_ROWS]),
         [("HNTE", "130535", "2025Q3", False, 40.0), ("RD_EXP", "130535", "2025Q3", True, 5200.0)]),
    Case("form_two_periods_disagree.xlsx",
         _grid([["2025年1-6月科技活动情况"], ["单位名称：临西县科学技术局", None, None, "行政区划代码：130535"], ["2025年1-9月"],
                *LINXI_FORM_ROWS]),
         [], errors=["missing_period", "no_values"], message="期别不一致"),
]
CORPUS += [
    # "邢台" among counties in 2020 or before may be the former 邢台县 as well as the city: refused, naming both
    Case("short_city_name_before_county_abolished.xlsx",
         _grid([["2019年各县科技指标"], ["县（市、区）", "科技型中小企业数（家）"], ["邢台", 5], ["清河县", 7]]),
         [("TSME", "130534", "2019", False, 7.0)], errors=["region_ambiguous"], message="已撤销的邢台县"),
    Case("short_city_name_before_county_abolished_long.xlsx",
         _grid([["地区", "指标", "期别", "数值"], ["邢台", "高新技术企业数", "2019", 20], ["清河县", "高新技术企业数", "2019", 25]]),
         [("HNTE", "130534", "2019", False, 25.0)], errors=["region_ambiguous"]),
]
