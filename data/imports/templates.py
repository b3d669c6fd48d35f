"""Downloadable import templates generated from the catalogues (XlsxWriter: fast, supports validation
and protection). Headers carry units; regions, indicators and periods come from dropdown lists kept
on a hidden sheet; header rows are protected, data cells are not (no password: protection guards
against accidental edits only)."""
from __future__ import annotations

import io
from datetime import date

import xlsxwriter

from data.catalogue import load_indicators, load_regions
from data.frames import STATUS_ZH

LONG_HEADER = ["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"]
DATA_ROWS = 2000


def _periods(today: date | None = None) -> list[str]:
    """The 期别 choices of the long template: years and quarters of the last six years that have ended by `today`
    (the bureau's date by default), by the importer's own rule (data.workflow.periods.has_ended): every path
    refuses a period that has not ended, so the list never offers one."""
    from data.workflow.periods import has_ended, today_cst

    today = today or today_cst()
    out = []
    for y in range(today.year, today.year - 6, -1):
        out += [p for p in (f"{y}", *[f"{y}Q{q}" for q in range(4, 0, -1)]) if has_ended(p, today)]
    return out


def _importable():
    inds = load_indicators()
    return inds[inds["formula"].isna()]


def _regions(city: str):
    regs = load_regions()
    return regs[(regs["code"] == city) | (regs["parent"] == city)]


def _lists(wb, regions, inds, periods):
    ws = wb.add_worksheet("选项")
    cols = {"地区": [f"{r.code} {r.name}" for r in regions.itertuples()], "地区代码": list(regions["code"]),
            "地区名称": list(regions["name"]), "指标": list(inds["name_zh"]), "指标代码": list(inds["code"]),
            "期别": periods, "是否累计": ["是", "否"], "状态": list(STATUS_ZH.values())}
    refs = {}
    for j, (name, values) in enumerate(cols.items()):
        ws.write(0, j, name)
        for i, v in enumerate(values):
            ws.write_string(i + 1, j, str(v))
        col = xlsxwriter.utility.xl_col_to_name(j)
        refs[name] = f"='选项'!${col}$2:${col}${len(values) + 1}"
    ws.hide()
    return refs


def _instructions(wb, lines):
    ws = wb.add_worksheet("填写说明")
    ws.set_column(0, 0, 110)
    bold = wb.add_format({"bold": True, "font_size": 14})
    ws.write(0, 0, "填写说明", bold)
    for i, line in enumerate(lines, start=2):
        ws.write_string(i, 0, line)
    return ws


COMMON_NOTES = [
    "数值请填写纯数字，可带千分位逗号；不要填写公式、文字或单位。",
    "缺报或不适用的数据请填“—”（系统按缺报处理，不会当作 0）；空白单元格表示本次不更新。",
    "同比变化超过 ±50% 的数据，请在“备注”中说明原因。",
    "上传后系统会逐格校验并生成预览，经审核人发布后才会在看板中显示。",
]
LONG_NOTES = [
    "金额单位以“单位”列为准（默认万元）；按“元”或“亿元”填报时请在“单位”列写明，系统会自动换算。",
    "期别：年度填 2024，季度填 2024Q2；累计数（如1-6月）请在“是否累计”填“是”，当季数填“否”。"
    "存量指标（如高新技术企业数）填期末数，“是否累计”可留空。",
]
WIDE_NOTES = [
    "期别只在第2行“报告期”中填写（F2 下拉选择），标题不必再写期别：",
    "“2024年1-6月（累计）”= 流量指标为1—6月累计数、存量指标（如高新技术企业数）为6月末数；"
    "“2024年第二季度（当季）”= 流量指标为4—6月当季数；“2024年度”= 全年数。",
    "金额单位以列名括号中的单位为准（万元）；按“亿元”填报时请把该列列名中的单位改为“亿元”，系统会自动换算。",
    "“全市合计”行可选填：全市数 = 各县（市、区）+ 开发区（开发区单列一行）；系统把它与表中各县（市、区）和开发区之和比对，"
    "作为全市数导入；只含各县（市、区）、不含开发区的合计不作为全市数导入。",
]


LONG_INTRO = "本表每行填写一个数值（一个地区、一个指标、一个期别）。"
WIDE_INTRO = "本表每行是一个县（市、区），每列是一个指标。"


def _numbered(lines):
    return [f"{i}. {line}" for i, line in enumerate(lines, start=1)]


def instruction_lines() -> frozenset[str]:
    """The lines the templates' 填写说明 sheets write (NFKC, without their numbers): instructions, never a note about
    the figures (service._sheet_notes leaves them out; “2024年度”= 全年数 there names no period of the figures)."""
    import unicodedata

    return frozenset(unicodedata.normalize("NFKC", x) for x in
                     ("填写说明", LONG_INTRO, WIDE_INTRO, *LONG_NOTES, *WIDE_NOTES, *COMMON_NOTES))


def wide_periods(today: date | None = None) -> list[str]:
    """The 报告期 choices of the wide template: each says whether its figures are 累计 (ended periods only)."""
    from data.workflow.periods import has_ended, today_cst

    today = today or today_cst()
    out = []
    for y in range(today.year, today.year - 6, -1):
        if has_ended(f"{y}", today):
            out.append(f"{y}年度")
        for q in range(4, 0, -1):
            if has_ended(f"{y}Q{q}", today):
                out += [f"{y}年1-{3 * q}月（累计）", f"{y}年第{'一二三四'[q - 1]}季度（当季）"]
    return out


def long_template(city: str = "130500", today: date | None = None) -> bytes:
    """One figure per row: 地区代码/地区/指标代码/指标/期别/是否累计/数值/单位/状态/备注; 期别 offers the periods
    ended by `today` (`_periods`)."""
    inds, regions, periods = _importable(), _regions(city), _periods(today)
    bio = io.BytesIO()
    wb = xlsxwriter.Workbook(bio, {"in_memory": True})
    ws = wb.add_worksheet("数据")
    _instructions(wb, [LONG_INTRO, *_numbered([*LONG_NOTES, *COMMON_NOTES])])
    refs = _lists(wb, regions, inds, periods)
    head = wb.add_format({"bold": True, "bg_color": "#FDE9E7", "border": 1, "locked": True, "align": "center"})
    unlocked = wb.add_format({"locked": False})
    for j, h in enumerate(LONG_HEADER):
        ws.write(0, j, h, head)
    ws.set_column(0, len(LONG_HEADER) - 1, 14, unlocked)
    ws.set_column(3, 3, 30, unlocked)
    last = DATA_ROWS
    ws.data_validation(1, 0, last, 0, {"validate": "list", "source": refs["地区代码"]})
    ws.data_validation(1, 1, last, 1, {"validate": "list", "source": refs["地区名称"]})
    ws.data_validation(1, 2, last, 2, {"validate": "list", "source": refs["指标代码"]})
    ws.data_validation(1, 3, last, 3, {"validate": "list", "source": refs["指标"]})
    ws.data_validation(1, 4, last, 4, {"validate": "list", "source": refs["期别"]})
    ws.data_validation(1, 5, last, 5, {"validate": "list", "source": refs["是否累计"]})
    ws.data_validation(1, 8, last, 8, {"validate": "list", "source": refs["状态"]})
    units = wb.add_worksheet("指标目录")
    for j, h in enumerate(["指标代码", "指标", "单位", "是否累计指标", "定义"]):
        units.write(0, j, h, head)
    for i, r in enumerate(inds.itertuples(), start=1):
        units.write_row(i, 0, [r.code, r.name_zh, r.unit, "是" if r.cumulative else "否", r.definition_zh or ""])
    units.set_column(0, 0, 26)
    units.set_column(1, 1, 34)
    units.set_column(4, 4, 60)
    ws.freeze_panes(1, 0)
    ws.protect("", {"insert_rows": True, "delete_rows": True, "sort": True, "autofilter": True,
                    "format_columns": True})
    ws.activate()
    wb.close()
    return bio.getvalue()


def wide_template(city: str = "130500", period: str | None = None, today: date | None = None) -> bytes:
    """The city layout: rows = county-level units (and 全市合计), columns = indicators with units.

    The period is stated once, in 报告期 (F2), as a phrase that says whether the figures are 累计
    ("2024年1-6月（累计）", "2024年第二季度（当季）", "2024年度"); `period` pre-fills it."""
    inds, regions = _importable(), _regions(city)
    regs = load_regions().set_index("code")
    city_name = regs.loc[city, "name"] if city in regs.index else city
    bio = io.BytesIO()
    wb = xlsxwriter.Workbook(bio, {"in_memory": True})
    ws = wb.add_worksheet("数据")
    _instructions(wb, [WIDE_INTRO, *_numbered([*WIDE_NOTES, *COMMON_NOTES])])
    refs = _lists(wb, regions, inds, wide_periods(today))
    title = wb.add_format({"bold": True, "font_size": 16, "align": "center", "locked": False})
    head = wb.add_format({"bold": True, "bg_color": "#FDE9E7", "border": 1, "text_wrap": True, "locked": True,
                          "align": "center", "valign": "vcenter"})
    locked = wb.add_format({"locked": True, "border": 1})
    unlocked = wb.add_format({"locked": False, "border": 1, "num_format": "#,##0.##"})
    ncols = 2 + len(inds) + 1
    ws.merge_range(0, 0, 0, ncols - 1, f"{city_name}县域科技创新主要指标", title)
    ws.write(1, 0, f"填报单位：{city_name}科学技术局")
    ws.write(1, 4, "报告期：")
    ws.write(1, 5, period or "", wb.add_format({"locked": False}))
    ws.data_validation(1, 5, 1, 5, {"validate": "list", "source": refs["期别"]})
    ws.write_row(2, 0, ["序号", "县（市、区）"], head)
    for j, r in enumerate(inds.itertuples(), start=2):
        ws.write(2, j, f"{r.name_zh}（{r.unit}）", head)
    ws.write(2, ncols - 1, "备注", head)
    ws.set_row(2, 48)
    ws.set_column(1, 1, 16)
    ws.set_column(2, ncols - 2, 14, unlocked)
    ws.set_column(ncols - 1, ncols - 1, 24, unlocked)
    units = [r for r in regions.itertuples() if r.code != city] + [r for r in regions.itertuples() if r.code == city]
    for i, r in enumerate(units, start=3):
        ws.write(i, 0, i - 2 if r.code != city else "", locked)
        ws.write(i, 1, r.name if r.code != city else "全市合计", locked)
    end = 3 + len(units)
    ws.write(end + 1, 0, "注：")
    ws.write(end + 2, 0, "填表人：")
    ws.write(end + 2, 4, "审核人：")
    ws.write(end + 2, 8, "填报日期：")
    ws.freeze_panes(3, 2)
    ws.protect("", {"format_columns": True, "format_rows": True})
    ws.activate()
    wb.close()
    return bio.getvalue()
