"""Recognise the table inside a sheet and turn it into one row per value cell ("cells" frame).

Three layouts:
  long  — 地区代码/地区 | 指标代码/指标 | 期别 | 是否累计 | 数值 | 单位 | 状态 | 备注 (one figure per row)
  wide  — the city's own report: title, 填报单位 line, one- or two-row (merged) headers with indicators
          as columns, county units as rows, a 合计/全市 row, notes and signatures below
  form  — a single unit's report form: 指标名称 | 计量单位 | 代码 | 本期 | 上年同期 | 同比增减%,
          with 单位名称 / 行政区划代码 / 报告期 in the block above
Row and column numbers are kept as in Excel (0-based here) so every problem names its real cell.

Every non-empty cell a shape does not turn into a value is named in `Layout.structure` with its kind
(title, header, unit line, 栏次, 续表, repeated header, note, signature, label column, subtotal, total):
`data.imports.accounting` checks that nothing else is left over.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import datetime as dt
from functools import cache
import re
import unicodedata
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from data.frames import Distinct, apply_distinct
from data.imports.bounds import col_letter
from data.imports.clean import COUNT, FOREIGN_MONEY, MONEY, unit_factor, unit_word, written_unit
from data.imports.match import ACTUALS_SAID, COVERAGE_SAID, NOT_ACTUALS, ZONE_EXCLUDED, Matcher, load_region_history, norm, split_unit, strip_prefix
from data.imports.periods import (BARE_CODE, SUB_PERIOD_WORDS, Period, breakdown_year, full_year_span, issue_word, mentions_period, parse_period,
                                  sub_period)
from indicators.periods import period_label
from data.imports.read import Sheet

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

CELL_COLUMNS = ["sheet", "row", "col", "row_label", "col_label", "region_label", "indicator",
                "indicator_label", "unit", "period_text", "ytd_text", "raw", "base_raw", "base_row", "base_col",
                "yoy_raw", "yoy_row", "yoy_col", "note", "status_raw",
                "region_row", "region_col", "ind_row", "ind_col", "period_row", "period_col"]

ROLE_WORDS = {
    "region_code": ["地区代码", "行政区划代码", "区划代码", "地区编码", "单位代码", "地区编号"],
    "region": ["地区", "地区名称", "县(市、区)", "县(市区)", "县市区", "县(市)区", "单位名称", "区县", "县区",
               "行政区划", "地区/单位", "县(市、区)名称", "市县", "县(市、区、开发区)"],
    "indicator_code": ["指标代码", "指标编码"],
    "indicator": ["指标", "指标名称", "项目", "指标项", "项目名称"],
    "period": ["期别", "报告期", "时期", "统计期", "期间", "年份", "年度", "统计期别", "时间", "统计时间"],
    "ytd": ["是否累计", "累计标识", "累计"],
    "value": ["数值", "本期", "本期数", "本期值", "数据", "值", "本年累计", "本期累计", "本年", "本期实际", "本年实际",
              "本期累计数", "本年累计数", "数值(本期)", "本年数", "今年", "今年累计", "今年数"],
    "unit": ["计量单位", "数值单位", "单位"],
    "status": ["状态", "数据状态", "数据性质"],
    "note": ["备注", "说明", "备注说明", "情况说明", "附注", "注", "注释", "备考"],
    # 同期 / 同期数 is the statistics forms' short 上年同期 (本期数 | 同期数 | 增减%); 上年累计 under a 1-9月 title is
    # last year's 1-9月 累计, under a year's title last year's total: the 上年同期 either way
    "base": ["上年同期", "上年同期数", "上年同期值", "同口径上年同期", "上年同期累计", "上年同期(同口径)", "上年", "上年数",
             "上年实际", "去年", "去年数", "去年实际", "同期", "同期数", "同期值", "同期累计", "同期累计数", "上年累计",
             "上年累计数", "去年累计", "去年累计数", "上年同月", "去年同月", "上年同月数", "上年本月", "上年同季",
             "去年同季", "上年同季度"],
    "yoy": ["同比增减%", "同比增减(%)", "同比增长%", "同比", "同比增长", "增长%", "同比增减", "增速", "增速%",
            "同比增长(%)", "比上年同期增减%", "比上年同期增长%", "增幅%", "增幅"],
    "seq": ["序号", "编号", "行次"],
    # the city a county belongs to, in a column of its own left of the counties (often merged down its rows)
    "parent": ["设区市", "所属市", "所属设区市", "地市", "市别", "所在市"],
    "row_code": ["代码", "栏次", "指标序号"],
}
# Kinds of structure, with the reason shown in the report ("已识别为小计行，已核对").
STRUCTURE_KINDS = {
    "title": ("标题", "title"), "meta": ("表头信息（表号、填报单位、报告期等）", "header block (form number, unit, period)"),
    "unit_line": ("计量单位说明行", "unit line"), "header": ("表头", "column header"),
    "column_numbers": ("栏次行（甲 乙 丙 1 2 3）", "column-number row (栏次)"),
    "continued": ("续表行", "continued-table line (续表)"), "page_number": ("页码行", "page number line"),
    "header_repeat": ("重复的表头（续表）", "repeated header"),
    "note": ("注释、资料来源或说明行", "note or source line"),
    "signature": ("签署栏（负责人、填表人、报出日期）", "signature line"),
    "label": ("行标签（地区、指标、代码、序号、单位、备注）", "row label (region, indicator, code, serial, unit, note)"),
    "rank": ("位次列（位次由系统按已发布数据计算，不导入）", "rank column (the product computes ranks; not imported)"),
    "subtotal": ("小计行，已与所辖各项核对，不导入", "subtotal row, checked against its members, not imported"),
    "total": ("合计行，已与各县（市、区）核对；本表未列全全市，不作为全市数导入",
              "total row, checked against the counties; the table does not list the whole city, so not stored as the city's figure"),
    "total_counties": ("合计行（不含开发区），已与各县（市、区）核对；不是全市数（全市数含开发区），不导入",
                       "total row of the county-level units only (不含开发区), checked against them; not the city's "
                       "figure (which includes the development zones), not imported"),
    "total_contradicted": ("合计行，与所列全部县（市、区）及开发区之和不一致，不作为全市数导入",
                           "total row that differs from the sum of all the units and zones listed; not stored as the "
                           "city's figure"),
    "instructions": ("填报说明或填写示例（其下各行是说明，不导入）",
                     "filling instructions or an example (the rows below them are instructions, not imported)"),
    "subtotal_unchecked": ("小计行，表中没有能识别的所辖县（市、区），无法核对，不导入",
                           "subtotal row: none of its members is a known county-level unit, so it cannot be checked; not imported"),
    "total_unchecked": ("合计行，表中没有能识别的县（市、区），无法核对，不导入",
                        "total row: none of the rows is a known county-level unit, so it cannot be checked; not imported"),
}
CONTINUED = re.compile(r"^[(（]?(续表|续上表|续)[)）]?(\s|$|[:：\d一二三四五六七八九十-])")
# A line opening the form's filling instructions or an example below the table (填报说明：, 例：, 填写示例): the rows
# below it are the instructions' own (an example row 南宫市 | 99999 is no figure, br8 l10), never data
INSTRUCTIONS_LINE = re.compile(r"^(填报说明|填表说明|编制说明|指标解释|填写说明|填写示例|填报示例|示例|样例|举例|例|填报要求|填表要求|"
                               r"填写要求|样表|填报样表|参考样表|填写样例|参考样例)\s*[:：\d一二三四五六七八九十、.（(]?")
SIGNATURE_LINE = re.compile(r"(负责人|填表人|审核人|制表人?|联系电话|报出日期|填报日期|填报时间|统计负责人)")
COLUMN_FORMULA = re.compile(r"(?<=\d)\s*[=＝]\s*[\d\s+\-－*/×÷()（）.%]+$")
COLUMN_NUMBER_WORDS = set("甲乙丙丁戊己庚辛壬癸")
_ROLE = {norm(w): role for role, words in ROLE_WORDS.items() for w in words}
UNIT_WORDS = set(MONEY) | COUNT | {"%", "百分比", "%"}
NOTE_LINE = re.compile(r"^(注|说明|备注|註|說明|備註|附注|附註|填表人|审核人|负责人|单位负责人|统计负责人|填报日期|填报时间|制表|联系电话|资料来源|数据来源|报出日期)")
META_LINE = re.compile(r"(填报单位|报送单位|单位名称|行政区划代码|报告期|填报日期|^单位[:：]|计量单位[:：]|金额单位)")
DEFAULT_UNIT = re.compile(r"(?:^|[\s(（])(?:计量|金额)?单位[:：]\s*([^\s)）]+)")


def table_units(text: str) -> str | None:
    """A table-level unit line: "单位：万元" -> "万元"; "单位：万元、家" -> "万元|家" (each column later takes
    the one unit that fits its indicator; build refuses when none or several fit). The common spellings read as the
    units they are (单位：亿 = 亿元, 人民币万元 = 万元: clean.unit_word); a line naming a unit not understood (万美元,
    千万) is UNREAD_UNIT + the words, never a line without that unit (`unit_line_words`)."""
    m = DEFAULT_UNIT.search(text)
    return _line_units(text, m) if m else None


def _line_units(text: str, m: re.Match) -> str | None:
    units, unknown = unit_line_words(m.group(1))
    if unknown:
        return UNREAD_UNIT + "、".join(unknown)
    if units and "金额单位" in text[max(0, m.start() - 1):m.end()]:
        units.append(NOT_MONEY)   # 金额单位：万元 states the amounts' unit only; counts keep their own
    return "|".join(dict.fromkeys(units)) or None


UNREAD_UNIT = "?单位行无法识别:"   # a table unit "read" from a line naming a unit not understood: refused in build
# a word after 单位： that names no unit but the reporting office (单位：清河县科学技术局): no unit line at all
_NOT_A_UNIT = re.compile(r"(局|委员会|委|办公室|办|公司|政府|中心|院|所|站|县|市|区|镇|乡|街道)$")


def unit_line_words(said: str) -> tuple[list[str], list[str]]:
    """The units a unit line's words name (clean.unit_word), and the words it could not read as units."""
    units, unknown = [], []
    for w in re.split(r"[、，,/／;；]", said):
        w = w.strip().strip("。.：:")
        if not w:
            continue
        if (u := unit_word(w)) is not None:
            units.append(u)
        elif len(w) > 2 and _NOT_A_UNIT.search(w) and not FOREIGN_MONEY.search(w):
            continue
        else:
            unknown.append(w)
    return units, unknown


def _unit_lines(top: pd.DataFrame, h0: int) -> tuple[str | None, dict | None, tuple | None, tuple[int, int] | None]:
    """The table's unit from the unit lines above its header (each 单位：… in a cell of its own, or across a row's
    cells): (unit, problem, conflict, line cell). A line naming a unit not understood is a problem (rule
    unit_line_unknown, naming the line; a foreign currency says so) and the unit is UNREAD_UNIT: no column takes the
    catalogue's unit from it. Two lines naming units of one kind but different size (单位：万元 in A2, 单位：亿元 in C2)
    are a conflict ("a|b", kinds, cells as _header_unit_conflict gives it) for the columns that take the table's unit;
    lines that agree, or name units of different kinds (单位：万元 | 单位：家), read as one line listing them all."""
    lines = []   # (units, unknown words, (row, col), text)
    for r in range(min(h0, len(top))):
        row = [_text(v) for v in top.iloc[r]]
        found = False
        for c, v in enumerate(row):
            for m in DEFAULT_UNIT.finditer(v) if v else ():
                units, unknown = unit_line_words(m.group(1))
                if units or unknown:
                    if "金额单位" in v[max(0, m.start() - 1):m.end()] and units:
                        units.append(NOT_MONEY)
                    lines.append((units, unknown, (r, c), v))
                    found = True
        if not found and (m := DEFAULT_UNIT.search(" ".join(x for x in row if x))):
            units, unknown = unit_line_words(m.group(1))   # "单位：" | "万元" in two cells
            at = next((c for c, v in enumerate(row) if "单位" in v), 0)
            if units or unknown:
                lines.append((units, unknown, (r, at), " ".join(x for x in row if x)))
    if not lines:
        return None, None, None, None
    for units, unknown, (r, c), text in lines:
        if unknown:
            words = "、".join(unknown)
            foreign = FOREIGN_MONEY.search(words) is not None
            why_zh = f"“{words}”是外币，不是人民币单位" if foreign else f"无法识别其中的单位“{words}”"
            fix_zh = ("请把数值换算为人民币（万元）后填写，并把单位行改为“单位：万元”（同时列出其他单位，如“单位：万元、家”）"
                      if foreign else "请把单位行改为指标目录的单位，如“单位：万元”“单位：亿元”或“单位：万元、家”，"
                      "数值按所写单位填写")
            return UNREAD_UNIT + words, {
                "rule": "unit_line_unknown", "cell": (r, c), "row_label": "", "col_label": "", "value": text,
                "zh": f"单位行「{text}」{why_zh}，表中数值的单位无法确定，未导入",
                "en": f"The unit line \"{text}\" names {'a foreign currency' if foreign else 'a unit not understood'}: "
                      f"{words}; the figures' unit is unknown, not imported",
                "fix_zh": fix_zh,
                "fix_en": "Convert the figures to 万元 (RMB) and write the line as 单位：万元" if foreign else
                          "Write the line with the catalogue's units (单位：万元, 单位：亿元, 单位：万元、家)"}, None, (r, c)
    for i, (ua, _x, ca, _t) in enumerate(lines):
        for ub, _y, cb, _u in lines[i + 1:]:
            for a in ua:
                for b in ub:
                    f = unit_factor(b, a) if NOT_MONEY not in (a, b) else None
                    if f is not None and f != 1.0:
                        return None, None, (f"{a}|{b}", "unit_line", "unit_line", _cell_ref(*ca), _cell_ref(*cb),
                                            cb[0], cb[1]), None
    units = [u for ln in lines for u in ln[0]]
    joined = "|".join(dict.fromkeys(units)) or None
    return joined, None, None, lines[0][2]


NOT_MONEY = "非金额按目录单位"   # in a unit list: a column that is no amount takes its catalogue unit


# 同比 and 上年同期 headers as NBS forms and city sheets spell them beyond the listed words: "增减%", "增减（%）",
# "比上年增减%", "较上年同期增长(%)", "增长率%", "同比增减率"; "去年同期", "上年同期累计数". Only these whole shapes;
# a bare 增减 or 增长 (perhaps an absolute change) is none of them.
_YOY_HEADER = re.compile(r"^(?:(?:比上年同期|比上年|较上年同期|较上年|比去年同期|较去年同期|同比)?"
                         r"(?:增减|增长|增速|增幅|增减率|增长率|增减幅度|增长幅度|±)(?:率)?"
                         r"|同比|比上年|比上年同期|比去年同期)(?:\(%\)|%|\(百分比\)|±%|\(±%\))?$")
_LAST_YEAR_PERIOD = re.compile(r"^(?:去年|上年|上一年)(?:同期)?(.+)$")
_BASE_HEADER = re.compile(r"^(?:上年|去年)同期(?:数|值|累计|累计数|实际|实际数)?(?:\(同口径\))?$")


def role_of(cell: object) -> str | None:
    s = norm(cell)
    if not s:
        return None
    if s in _ROLE:
        return _ROLE[s]
    base, _unit = split_unit(s)
    if base in _ROLE:
        return _ROLE[base]
    if (_YOY_HEADER.match(s) or _YOY_HEADER.match(base)) and s not in ("增减", "增长", "±"):
        return "yoy"   # a bare 增减 / 增长 may be an absolute change: only with %, 率 or 同比/比上年
    if _BASE_HEADER.match(s) or _BASE_HEADER.match(base):
        return "base"
    if (m := _LAST_YEAR_PERIOD.match(base)) and parse_period(m.group(1)) is not None:
        return "base"   # 去年1-9月 / 上年同期1-9月: last year's figure of the months named, the 上年同期 (br9 s09)
    if _RANK_HEADER.search(base) and len(base) <= 16:
        return "rank"
    return None


# A rank column (位次, 全市排名, 增速位次, R&D经费位次, 名次): the product ranks the figures itself (figures.ranking),
# so a file's ranks are structure, accounted and never imported (they were unknown indicators whose fix, "rename it
# to a catalogue indicator", cannot work for a rank).
_RANK_HEADER = re.compile(r"(位次|排名|名次|排位|排序)$")


@dataclass
class Layout:
    kind: str
    sheet: str
    header_labels: list[str]
    cells: pd.DataFrame
    period: Period | None = None
    problems: list[dict] = field(default_factory=list)
    unmatched_columns: list[dict] = field(default_factory=list)
    # (row, col, kind): col -1 = the whole row; row -1 = the column within the data rows
    structure: list[tuple[int, int, str]] = field(default_factory=list)
    data_rows: np.ndarray | None = None   # rows whose label-column cells are labels (for column structure)
    # (r0, c0, r1, c1) inclusive: cells of a table that could not be read, refused (a second table beside the first)
    refused_ranges: list[tuple[int, int, int, int]] = field(default_factory=list)
    # the part of a year the lines above the table name (1-9月, 截至9月底, 前三季度): a cell's period naming only a
    # year (2023年) is that part of it (build, `periods.within_part`), never the whole year
    title_part: Period | None = None
    # (unit, (row, col), line) of a unit stated below the table (`_footer_unit`): refused in build where it applies
    footer_unit: tuple[str, tuple[int, int], str] | None = None
    # units stated outside what the table reads (a hidden row or column, another sheet's glossary): (unit, rule,
    # where in zh, where in en, the indicator it is said of or None for any); refused in build where they apply
    outside_units: list[tuple[str, str, str, str, str | None]] = field(default_factory=list)
    # notes below the table that may qualify its figures (`_below_notes`: (text, (row, col)); judged in build,
    # `build._qualifying_notes`) and the column of the rows' 备注 / 说明 cells (`_note_column`), or None
    notes: list[tuple[str, tuple[int, int], str]] = field(default_factory=list)
    note_col: int | None = None
    # notes written on another sheet of the workbook (service._sheet_notes: 说明, 封面, hidden too): (text, (row, col),
    # kind, sheet, hidden); judged in build like the notes below the table, naming the other sheet's cell
    outside_notes: list[tuple[str, tuple[int, int], str, str, bool]] = field(default_factory=list)


def _title_part(texts: list[str]) -> Period | None:
    """The part of a year (a quarter's or a month's Period, with or without its year) that the lines above a table
    name, or None (no period there, a whole year, or a phrase not understood)."""
    # a line pointing elsewhere (（2024年1-9月数据见表2）) names no part of this table's years, and a line saying the
    # table is of whole years (（年度）, 全年) leaves its years whole (breaker7 A2)
    own = [t for t in texts if not re.search(r"见表|详见|参见|另表", t)]
    if any(re.search(r"年度|全年", t) for t in own):
        return None
    above, _said = _above_period(own)
    return above if above is not None and above.kind in ("Q", "M") else None


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if np.isnan(v):
            return ""
        if v.is_integer():
            return str(int(v))
    return str(v).strip()


def detect(sheet: Sheet, matcher: Matcher, file_name: str) -> Layout | None:
    """The sheet's layout and its cells, or None when the sheet holds no recognisable table. A unit stated below
    the table is the layout's `footer_unit` (`_footer_unit`)."""
    layout = _detect(sheet, matcher, file_name)
    if layout is not None and len(layout.cells):
        layout.footer_unit = _footer_unit(sheet.grid, layout.cells)
        layout.notes = _below_notes(sheet.grid, layout.cells)
        layout.note_col = _note_column(sheet.grid, layout)
    return layout


# A note line below a table: 注：…, 注1：…, 说明：…, 备注：…, 附注, their traditional forms, a line opening with a marker
# (*为预计数) or speaking of the table (本表为预估数, 表中带*号的…, 以上数据…)
NOTE_START = re.compile(r"^[(（]?\s*(?:(?:附)?[注註](?:释|釋)?|[说說]明|[备備][注註](?:[说說]明)?)\s*[\d一二三四五六七八九十]*\s*[:：]"
                        r"|^(?:[注註]|[备備][注註])\s*[(（]?\d|^[*＊※△▲☆★]|^(?:本表|表中|上表|以上|全表|表内)")
SOURCE_START = re.compile(r"^(?:资料|数据|資料|數據)?(?:来源|來源)\s*[:：]")   # judged for estimates only
NOTE_MARKERS = "*＊※△▲☆★"
_CLAUSE = re.compile(r"[，,。；;！!？?\n]")
# parts of a note that say nothing of the figures: a document's title (《邢台统计年鉴2024》, 《…规划》), a filer, a phone
# number, a filing date
_NOTE_ASIDE = re.compile(r"《[^》]*》|〈[^〉]*〉|(?:填表人|制表人?|审核人|负责人|联系人|联系电话|电话)[:：]\s*\S*")
# a period a note names: a year, a part of a year (1-9月, 截至6月底, 三季度, 上半年), or both; 截至目前 is as of a day
# unsaid. `note_periods` reads each with periods.parse_period.
_NOTE_YEAR = r"(?:(?:19|20)\d{2}|[一二三四五六七八九〇○零]{4})\s*年(?:度)?"
_NOTE_PART = (r"(?:(?:截至|截止到?|至|到)\s*)?(?:\d{1,2}\s*[-—–~～至到]\s*\d{1,2}\s*月份?|\d{1,2}\s*月(?:份|底|末)?"
              r"|第?[1-4一二三四]\s*季度(?:末|底)?|前三季度|[上下]半年|全年|年底|年末)")
_NOTE_PERIOD = re.compile(rf"(?:{_NOTE_YEAR})?\s*{_NOTE_PART}|{_NOTE_YEAR}|[截至止]{{2}}(?:目前|当前|今)|至今")


# A clause telling how to fill the form in (请按万元填写, 预计数不得填报, 可留空): an instruction, no statement about the
# figures (nt9: a 填报说明 sheet's lines are read as notes)
_INSTRUCTS = re.compile(r"(?<!申)请(?!示)|须|务必|不要|不得|切勿|勿|应当|一律|如实|可留空")
# ... or a case it applies to (如为预计数，请在备注中注明; 若未报…; 凡…): a condition, no statement
_CONDITION = re.compile(r"^(?:如果|假如|若|凡|如(?!实|下|上|图|表))")
# a clause that instructs and yet states what figures are (清河县数据为预计数请以正式数为准) is judged
_STATES_FIGURES = re.compile(r"(?:为|系)(?!准|单位|主)|是(?!否)")
# A clause speaking of the target ahead, not of the figures (预计全年可完成目标, 全年有望完成, 预计年底可达到目标, 力争全年
# 完成任务, 已完成全年目标的80%): its 全年 / 年底 is the target's period and its 预计 / 力争 a forecast of reaching it, while
# the figures beside it are actuals (nt9: a 备注 预计全年可完成目标 refused 1-9月 figures as note_other_period)
_AHEAD = re.compile(r"有望|可望|力争|争取|确保|(?:可|能|将|会)(?:以|够)?(?:完成|达到|实现|突破|超额|超过|达标)"
                    r"|(?:预计|预期)(?=.*(?:全年|年底|年末|年内|今年|明年|下半年|四季度))")
_ATTAINED = r"(?:完成|达到|实现|突破|超额|超过|达标)(?!数|值|额|量|的数)"
_TARGET_WORD = r"(?:目标|任务)(?!数|值|额)"
_TARGET_PROGRESS = re.compile(rf"(?:完成|达到|实现|超额完成)了?(?:全年|年度|本年|今年)的?{_TARGET_WORD}")
# ... unless it names a figure that is an estimate or a forecast (全年预计完成数, 力争数, 预计达到数): that is the figure
_FIGURE_OF_FORECAST = re.compile(r"(?:预计|预估|预期|估算|测算|推算|力争|完成|达到)(?:的)?(?:数|值)")


LINE_NUMBER = re.compile(r"^\s*[(（]?\d{1,2}\s*[)）.．、]\s*")   # a line's or clause's own number (1. , （2）, 3、)


def _instructs_or_looks_ahead(clause: str) -> bool:
    """Whether a note's clause instructs how to fill the form in (`_INSTRUCTS`) or speaks of the target ahead rather
    than of the figures (`_AHEAD` with a verb of reaching or a target, `_TARGET_PROGRESS`), naming no estimated figure
    (`_FIGURE_OF_FORECAST`)."""
    c = clause.replace(" ", "")
    if not c:
        return False
    if _CONDITION.search(c) or (_INSTRUCTS.search(c) and not _STATES_FIGURES.search(c)):
        return True
    if _FIGURE_OF_FORECAST.search(c):
        return False
    return bool(_TARGET_PROGRESS.search(c)) or bool(_AHEAD.search(c) and re.search(f"{_ATTAINED}|{_TARGET_WORD}", c))


def note_text(text: object) -> str:
    """A note's text as judged (NFKC, without document titles, filers, phone numbers and filing dates, and without the
    clauses that instruct how to fill the form in or speak of the target ahead: `_instructs_or_looks_ahead`)."""
    t = unicodedata.normalize("NFKC", str(text or ""))
    t = _DATE_FIELD.sub("", _NOTE_ASIDE.sub("", t)).strip()
    parts = re.split(r"([，,。；;！!？?\n:：()（）])", t)
    if len(parts) == 1 and not _instructs_or_looks_ahead(t):
        return t
    kept = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)
            if not _instructs_or_looks_ahead(LINE_NUMBER.sub("", parts[i]))]
    return "".join(kept).strip()


# A note saying a figure is last year's, carried over (南宫市未报，沿用上年数据; 按上年数填列; a 备注 cell 上年数): another
# period's figure, whatever the table's (br9 n30, n41, n42); a comparison (比上年增长, 上年基数较低) is no such word
_LAST_YEARS_USED = re.compile(r"(?:沿用|参照|采用|借用|暂用|暂按|按照|按)(?:上年|去年|上一年)(?:同期)?(?:的)?(?:数据|数值|数)"
                              r"|(?:沿用|暂用)(?:上年|去年|上一年)"
                              r"|^(?:上年|去年|上一年)(?:同期)?(?:的)?(?:数据|数|数值)$")


_NOT_PLANS_OF_FIGURES = re.compile(r"(?:不含|未含|不包括|未包括)[^，,；;。]*|规划(?=建设|中)|计划(?=建设|中)")
_COMPARISON_TALK = re.compile(r"基数|相比|比较|对比|增长|增加|下降|减少|增幅|降幅|增速|倍")


def note_verdict(text: object) -> tuple[str, str] | None:
    """What a note line or a row's 备注 cell says of figures, whatever their period: ("note_not_actuals", word) when a
    clause of it says targets, plans or estimates (not_actuals_word: 预计, 预估, 测算, 估算, 推算 …; a clause saying
    they were done says none, and `note_text` has left out the clauses that instruct or speak of the target ahead,
    预计全年可完成目标), ("note_other_scope", word) when it says they cover another scope
    (match.COVERAGE_SAID: 不含/未含 …, 口径调整). None otherwise; the periods it names are judged in build against the
    figures' own (`note_periods`)."""
    t = note_text(text)
    if not t:
        return None
    for clause in _CLAUSE.split(t):
        # what a note says is left out (不含规划建设) or still being built (含规划建设中的平台) says nothing of the
        # figures being plans (breaker7 na03, na12)
        if (word := not_actuals_word(_NOT_PLANS_OF_FIGURES.sub("", clause))):
            return "note_not_actuals", word
    for clause in _CLAUSE.split(t.replace(" ", "")):
        # 沿用上年数据, 按上年数填列, a 备注 上年数: last year's figure (br9); never in a clause comparing with last year
        # (因为上年基数较低, 同上年相比增长20%: review)
        if (m := _LAST_YEARS_USED.search(clause)) and not _COMPARISON_TALK.search(clause):
            return "note_other_period", m.group(0)
    if (m := COVERAGE_SAID.search(t.replace(" ", ""))):
        return "note_other_scope", m.group(0)
    return None


def note_periods(text: object) -> list[tuple[str, Period | None]]:
    """The periods a note names, each (phrase, Period or None when not understood: 截至目前, 下半年)."""
    out = []
    for m in _NOTE_PERIOD.finditer(note_text(text)):
        phrase = m.group(0).strip()
        if re.fullmatch(r"全年|年底|年末", phrase):
            out.append((phrase, Period(None, "Y", False)))
            continue
        p = parse_period(phrase)
        out.append((phrase, p if p is not None and (p.label or p.kind in ("Q", "M", "Y")) else None))
    return out


def _below_notes(grid: pd.DataFrame, cells: pd.DataFrame) -> list[tuple[str, tuple[int, int], str]]:
    """The note lines below the table's first figure (rows holding none of its cells, text only): each line's text
    (its cells joined), its first cell and its kind: "note" when it opens as a note (NOTE_START), "source" for a
    资料来源 / 数据来源 line (it says where figures come from: judged for estimates, not for the periods it names)."""
    rows = pd.to_numeric(cells["row"], errors="coerce").dropna().astype(int)
    if rows.empty:
        return []
    below = np.setdiff1d(np.arange(int(rows.min()) + 1, len(grid)), rows.unique())
    g = _cells(grid)
    out = []
    for r in below:
        vals = [(c, _text(v)) for c, v in enumerate(g[r]) if _text(v)]
        if not vals or any(isinstance(g[r][c], (int, float)) and not isinstance(g[r][c], bool) for c, _ in vals):
            continue
        first = unicodedata.normalize("NFKC", vals[0][1])
        if NOTE_START.search(first) or SOURCE_START.search(first):
            out.append((" ".join(v for _, v in vals), (int(r), vals[0][0]),
                        "note" if NOTE_START.search(first) else "source"))
        elif out and out[-1][2] == "note" and out[-1][1][0] == r - 1 - _blank_run(g, r):
            # a note's next line (注： over "1.清河县数据为预计数；", br9 n34): the same note's, judged alike
            out.append((" ".join(v for _, v in vals), (int(r), vals[0][0]), "note"))
    return out


def _blank_run(g: np.ndarray, r: int) -> int:
    """How many blank rows stand right above row r."""
    n = 0
    while r - 1 - n >= 0 and not any(_text(v) for v in g[r - 1 - n]):
        n += 1
    return n


def _note_column(grid: pd.DataFrame, layout: Layout) -> int | None:
    """The column whose header cell is 备注 / 说明 (role note) in the layout's header rows, or None."""
    g = _cells(grid)
    for r in sorted({r for r, c, kind in layout.structure if kind == "header" and 0 <= r < len(g)}):
        for c, v in enumerate(g[r]):
            if role_of(_text(v)) == "note":
                return c
    return None


# A unit stated in a line below the table: 单位：亿元, 注：R&D经费单位为亿元, 说明：以上金额均为亿元, 以万元计
_BELOW_UNIT = re.compile(r"(?:(?:计量|金额)?单位\s*(?:[:：]|为|是|均为)|均为|均以|以)\s*"
                         r"([十百千万亿元个家项户人所座件名次%％美欧港日英镑韩卢布币民澳台新金]{1,8})")


def _footer_unit(grid: pd.DataFrame, cells: pd.DataFrame) -> tuple[str, tuple[int, int], str] | None:
    """(unit, its cell, the line) of the first text-only row below the table's first figure that holds no figure
    of the table and states a unit (`_BELOW_UNIT`, read by clean.unit_word; a foreign currency or bare magnitude as
    written). Such a unit may be the whole table's or one indicator's (注：R&D经费单位为亿元): build refuses the
    figures of its kind that state no unit of their own, or another one (unit_below_table), rather than guess
    which it covers. Before, the line was counted as understood and the figures read in the catalogue's unit."""
    rows = pd.to_numeric(cells["row"], errors="coerce").dropna().astype(int)
    if rows.empty:
        return None
    first = int(rows.min())
    below = np.setdiff1d(np.arange(first + 1, len(grid)), rows.unique())
    g = _cells(grid)
    for r in below:
        for c, v in enumerate(g[r]):
            text = _text(v)
            if not text or isinstance(v, (int, float)):
                continue
            for m in _BELOW_UNIT.finditer(text):
                word = re.sub(r"(计|为单位|为准)$", "", m.group(1))
                unit = written_unit(word)
                if unit is not None:
                    return unit, (int(r), c), text
    return None


def _detect(sheet: Sheet, matcher: Matcher, file_name: str) -> Layout | None:
    grid = sheet.grid
    if grid.empty:
        return None
    top = grid.iloc[:40].map(_text)
    for r in range(len(top)):
        roles = {}
        for c, v in enumerate(top.iloc[r]):
            role = role_of(v)
            if role and role not in roles.values():
                roles[c] = role
            elif role == "unit" and "region" not in roles.values():
                pass
        found = set(roles.values())
        has_region = bool(found & {"region", "region_code"})
        has_ind = bool(found & {"indicator", "indicator_code"})
        if has_ind and "value" in found and has_region:
            return _refuse_not_actuals(_long(sheet, matcher, file_name, r, roles, top), top, sheet, file_name)
        if has_ind and "value" in found and not has_region and len(periods := _period_columns(top.iloc[r])) > 1:
            # a monthly 快报 form: 本月 | 1-本月累计 | 上年同期累计 | 同比 — each period column read as its own period
            return _refuse_not_actuals(_periods_form(sheet, matcher, file_name, r, roles, top, periods), top, sheet,
                                       file_name)
        if has_ind and not has_region and "value" not in found and (periods := _period_columns(top.iloc[r])):
            return _refuse_not_actuals(_periods_form(sheet, matcher, file_name, r, roles, top, periods), top, sheet,
                                       file_name)
        if has_ind and "value" in found:
            return _refuse_not_actuals(_form(sheet, matcher, file_name, r, roles, top), top, sheet, file_name)
        if has_ind and not has_region and r + 1 < len(top) and (two := _second_header_row(top, r, roles)):
            return _refuse_not_actuals(_form(sheet, matcher, file_name, r + 1, two, top, header_top=r), top, sheet,
                                       file_name)
    layout = _wide(sheet, matcher, file_name, top)
    return None if layout is None else _refuse_not_actuals(layout, top, sheet, file_name)


# Parts of a line that say nothing of its figures: an office or a filer (填报单位：发展规划科), a project kind (科技计划项目
# is the projects of S&T plans, counted as actuals)
_NOT_ABOUT_FIGURES = re.compile(r"(?:填报单位|单位名称|报送单位|填表人|制表人|负责人|联系人|审核人)[:：]\s*\S*|计划项目|计划单列"
                                r"|(?:发展)?(?:规划|计划)(?:财务)?(?:科|处|股|办)")   # an office (发展规划科), no plan


@cache
def _catalogue_names_with_plan_words() -> tuple[str, ...]:
    """The catalogue's indicator names (Chinese and English, longest first) that hold a word of match.NOT_ACTUALS:
    一般公共预算支出, General public budget spending. Such a name in a text is the indicator, no plan or budget."""
    from data.catalogue import load_indicators

    names = {unicodedata.normalize("NFKC", str(n)) for r in load_indicators().itertuples()
             for n in (r.name_zh, r.short_zh, *r.aliases, r.name_en) if isinstance(n, str) and n}
    hits = {n for n in names if NOT_ACTUALS.search(n) or NOT_ACTUALS.search(n.replace(" ", ""))}
    # a name's stem before its own last word (一般公共预算 of 一般公共预算支出) says the same in a header cell
    hits |= {re.sub(r"(科学技术支出|支出合计|支出)$", "", n) for n in hits if re.search(r"支出(合计)?$", n)}
    return tuple(sorted(hits, key=len, reverse=True))


def not_actuals_word(text: object) -> str | None:
    """The word of a title, sheet name, file name or column header saying its figures are targets, plans, forecasts or
    estimates (目标, 任务分解, 计划, 预计, 预测, 考核指标, 测算, 规划: match.NOT_ACTUALS), or None; None too where the same
    text says it reports what was done (目标任务完成情况, 计划执行情况: match.ACTUALS_SAID). Rule of breaker6 A2: a
    目标任务分解表 holds no statistics; the product's targets are entered on its 目标任务 page (data.store.set_target)."""
    if text is None:
        return None
    spaced = _NOT_ABOUT_FIGURES.sub("", unicodedata.normalize("NFKC", str(text)))
    for name in _catalogue_names_with_plan_words():   # 一般公共预算支出 is a statistic, its 预算 no budget
        spaced = spaced.replace(name, "|")
    s = _NOT_ABOUT_FIGURES.sub("", spaced.replace(" ", ""))
    m = NOT_ACTUALS.search(s) or NOT_ACTUALS.search(spaced)   # English words keep their spaces (targets 2024)
    if m is None or ACTUALS_SAID.search(s):
        return None
    return m.group(0)


def _refuse_not_actuals(layout: Layout, top: pd.DataFrame, sheet: Sheet, file_name: str) -> Layout:
    """A table whose title or header block (the lines above its header), sheet name or file name says it holds
    targets, plans, forecasts or estimates (not_actuals_word) is refused as a whole: every value cell's period is
    NOT_ACTUALS naming that text and its cell (the rule not_actuals in build), never read as the year's figures, in
    every layout (breaker6 A2: 邢台市2024年县域科技指标目标任务分解表 stored RD_EXP 2024 = 20014)."""
    heads = [r for r, c, kind in layout.structure if kind == "header" and r >= 0]
    h0 = min(heads) if heads else 0
    found = None
    for r in range(min(h0, len(top))):
        for c, v in enumerate(top.iloc[r]):
            if v and (word := not_actuals_word(v)):
                found = (word, f"「{v}」", (r, c))
                break
        if found:
            break
    if found is None:
        for name, where in ((sheet.name, "工作表名"), (file_name.rsplit(".", 1)[0], "文件名")):
            if (word := not_actuals_word(name)):
                found = (word, f"{where}「{name}」", (0, 0))
                break
    if found is None or layout.cells.empty:
        return layout
    word, said, (r, c) = found
    layout.cells["period_text"] = NOT_ACTUALS_TEXT + f"{said}中有“{word}”"
    layout.cells["period_row"], layout.cells["period_col"] = r, c
    layout.period = None
    return layout


def _period_columns(header: pd.Series) -> list[int]:
    """The columns of a form's header row headed by a word naming a period within the report's (本月, 当季, 本年累计,
    1-本月累计: periods.SUB_PERIOD_WORDS), left to right."""
    def sub_word(v: object) -> bool:
        return strip_prefix(split_unit(norm(v))[0]) in SUB_PERIOD_WORDS

    cols = [c for c, v in enumerate(header) if v and role_of(v) in (None, "value", "ytd") and (
        sub_word(v) or parse_period(v) is not None)]
    # a bare 累计 (the 是否累计 column's word) heads a period column only beside another one (本月 | 累计, br9 m07)
    cols = cols if len(cols) > 1 else [c for c in cols if role_of(header.iloc[c]) != "ytd"]
    # periods across a unit's form (Ⅰ季度 | Ⅱ季度 | Ⅲ季度, 2022年 | 2023年) are no 快报 form: they need a word of the
    # report's own periods (本月, 1-本月累计) among them, or stand alone (今年1-9月 beside its 去年1-9月)
    return cols if len(cols) <= 1 or any(sub_word(header.iloc[c]) for c in cols) else []


def _periods_form(sheet: Sheet, matcher: Matcher, file_name: str, h: int, roles: dict, top: pd.DataFrame,
                  periods: list[int]) -> Layout:
    """A single unit's form with a value column per period (本月 | 1-本月累计 | 上年同期累计 | 同比增长%, the statistics
    bureaus' monthly 快报, br8 m01): each period column read as a form of its own period (_form: 本月 of 2024年9月 is
    9月 alone, 1-本月累计 its 1—9月 累计), the 上年同期 and 同比 columns beside the nearest period column on their left
    only. One layout: the cells of every period column, the structure and problems of all."""
    others = {c: role for c, role in roles.items() if role != "value" and c not in periods}
    # every 上年同期 / 同比 column of the header (上年同月 beside 本月, 上年同期累计 beside 1-本月累计, br9 m12)
    sides = [(c, role) for c, v in enumerate(top.iloc[h]) if (role := role_of(v)) in ("base", "yoy") and c not in periods]
    parts = []
    for k, vc in enumerate(periods):
        own = {c: role for c, role in others.items() if role not in ("base", "yoy")}
        own[vc] = "value"
        nxt = periods[k + 1] if k + 1 < len(periods) else 1 << 30
        for c, role in sides:
            if vc < c < nxt and role not in own.values():
                own[c] = role
        parts.append(_form(sheet, matcher, file_name, h, own, top, period_header=True))
    out = parts[-1]
    out.cells = pd.concat([p.cells for p in parts], ignore_index=True)
    seen, structure = set(), []
    for p in parts:
        for x in p.structure:
            if x not in seen:
                seen.add(x)
                structure.append(x)
    out.structure = [x for x in structure if not (x[0] == -1 and x[1] in periods and x[2] == "label")]
    out.problems = [q for p in parts for q in p.problems]
    out.problems = [q for i, q in enumerate(out.problems) if q not in out.problems[:i]]
    out.period = next((p.period for p in parts if p.period is not None and p.period.is_ytd), out.period)
    return out


def _second_header_row(top: pd.DataFrame, r: int, roles: dict) -> dict | None:
    """A form's header over two rows (指标名称 | 计量单位 | 代码 | 指标值 merged over 本年 | 上年): the roles of
    both rows, the lower row naming the columns the upper one leaves blank or groups; None unless that
    gives the form its 本期 column."""
    out = dict(roles)
    for c, v in enumerate(top.iloc[r + 1]):
        role = role_of(v)
        if role and c not in out and role not in out.values() and role_of(top.iat[r, c]) is None:
            out[c] = role
    return out if "value" in out.values() and "value" not in roles.values() else None


# dates above a table that are no report period (填报日期：2025年10月12日, 有效期至：2027年1月, a bare 日期 or a
# deadline 截止日期：…)
_DATE_FIELD = re.compile(r"(?:填报|填表|报出|报送|上报|制表|打印|编制|生成|导出|更新)(?:日期|时间)[:：]?\s*\S*"
                         r"|(?<![据计告止至])(?:截止)?日期[:：]?\s*\S*|有效期至[:：]?\s*\S*|批准文号[:：]?\s*\S*")
# a label of the period itself (统计时间：1-9月, 时间：截至2024年9月底, 数据截止时间：2024年9月30日): its text is the
# period; a date there (数据截止时间：2024年9月30日, 统计时间：2024年9月30日) is the as-of date (a month's last day)
_PERIOD_FIELD = re.compile(r"(?:数据|统计|报告|资料)?(截止|截至)?(?:时间|日期|时点)[:：]\s*(?=(\S*?\d{1,2}\s*月\s*\d{1,2}\s*日)?)")


def _period_field(t: str) -> str:
    """A line above the table with its filing dates left out and a period label (统计时间：) reduced to its text."""
    t = _DATE_FIELD.sub("", t)
    return _PERIOD_FIELD.sub(lambda m: "截至" if m.group(1) or m.group(2) else "", t)
PERIOD_CONFLICT = "期别不一致："
PERIOD_UNCLEAR = "期别写法无法识别："
PERIOD_SUBCOLUMN = "分栏期别不明："
NOT_ACTUALS_TEXT = "非统计数："   # a table's "period" when its title, sheet or file name says targets or plans
OTHER_TABLE = "另一表格："   # a row's "period" when it belongs to a second table stacked below with other columns


def _period_line(texts: set[str]) -> bool:
    """A row's one text right of the labels is a period phrase (1-9月, （截至9月底）, 时间：1-9月, 2024年1-9月), read
    or not: a line of the table's context, never a group header over the one column below it."""
    t = _period_field(next(iter(texts))) if len(texts) == 1 else ""
    return bool(t) and (parse_period(t) is not None or mentions_period(t))


def _above_period(texts: list[str]) -> tuple[Period | None, str]:
    """The period the lines above the table name, with the phrase it was read from. A year ("2025年县域科技
    指标") and a period of that year ("报告期：2025年1-9月") are that period; two different periods are a
    conflict, a period phrase the reader does not understand whole is unclear (kinds "conflict", "unclear")."""
    full, partial = [], None
    for t in texts:
        tt = _period_field(t)
        p = parse_period(tt)
        if p is None:
            if mentions_period(tt):
                return Period(None, "unclear", False), t
            continue
        if p.label and p.label not in [q.label for q, _ in full]:
            full.append((p, t))
        elif p.label is None and partial is None:
            partial = (p, t)
    if len(full) > 1:
        sub = [(p, t) for p, t in full if p.kind != "Y"]
        if len(sub) == 1 and len({p.year for p, _ in full}) == 1 and not any(p.said_year for p, _ in full):
            return sub[0]
        return Period(None, "conflict", False), "与".join(f"「{t}」" for _, t in full[:2])
    if full and partial:   # "2024年科技指标" and "1-9月" on another line: that period of that year
        (y, ty), (p, tp) = full[0], partial
        if y.kind == "Y" and not y.said_year:
            return Period(period_label(y.year, p.sub, p.kind), p.kind, p.is_ytd, y.year, p.sub), tp
        if not _agree(y, p):
            return Period(None, "conflict", False), f"「{ty}」与「{tp}」"
    return (full[0] if full else partial) or (None, "")


def _agree(a: Period, b: Period) -> bool:
    """Two sources' periods name the same one: the same year where both give one, and the same part of the
    year (and 累计) unless one of them gives only the year."""
    if a.year is not None and b.year is not None and a.year != b.year:
        return False
    if (a.kind == "Y") != (b.kind == "Y") and (a.said_year or b.said_year):
        return False   # 2024年度 (the whole year) and 1-9月
    if a.kind != "Y" and (a.kind, a.sub) == (b.kind, b.sub) == (a.kind, 1):
        return True   # 一季度 is 1-3月 累计, 1月 is 1月 累计: the same figures
    return a.kind == "Y" or b.kind == "Y" or (a.kind, a.sub, a.is_ytd) == (b.kind, b.sub, b.is_ytd)


_MONTH_RANGE = re.compile(r"[\d一二三四五六七八九十〇]\s*月?\s*[-—–~～至到]\s*[\d一二三四五六七八九十〇]")


def _same_end(above: Period, name: Period, name_text: str) -> bool:
    """The phrase above the table and a sheet's or file's name that names one month or quarter ending in the same
    month of the same year: a file named "科技指标2026年10月" (or "2024年三季度") holds the report of that month, and
    the 报告期 "2026年1-10月（累计）" (or "1-9月") above the table says which figures; the phrase decides (break pass
    of stop 25: the bureau's own file names refused every figure). Never between two names (sheet "2024年9月" and
    file "2024年1-9月" stay a conflict), never for a name that is itself a 累计 or a span ("7-9月"), and years must
    agree."""
    def end(p: Period) -> int | None:
        return {"M": p.sub, "Q": 3 * p.sub}.get(p.kind)
    if name.is_ytd or _MONTH_RANGE.search(name_text) or end(above) is None or end(above) != end(name):
        return False
    return above.year is None or name.year is None or above.year == name.year


def _context_period(texts: list[str], sheet: Sheet, file_name: str) -> Period | None:
    """The period of a table from the lines above it (title, 报告期), the sheet's name and the file's name. Where
    several of them name a period they must agree (a year in one and a part of that year in another combine);
    otherwise a Period without a label, kind "conflict" (or "unclear" for a phrase not understood), which
    _context_problem explains."""
    return _context(texts, sheet, file_name)[0]


def _context(texts: list[str], sheet: Sheet, file_name: str) -> tuple[Period | None, str]:
    above, said = _above_period(texts)
    if above is not None and above.kind in ("conflict", "unclear"):
        return above, said
    sources = [(above, f"「{said}」")] if above is not None else []
    for name, where in ((sheet.name, "工作表名"), (file_name.rsplit(".", 1)[0], "文件名")):
        p = parse_period(name)
        if p is None and mentions_period(name) and (above is None or above.kind == "Y"):
            return Period(None, "unclear", False), f"{where}「{name}」"
        if p is not None:
            sources.append((p, f"{where}「{name}」"))
    if not sources:
        return None, ""
    for i, (a, ta) in enumerate(sources):
        for b, tb in sources[i + 1:]:   # b is always a sheet's or a file's name
            if not _agree(a, b) and not (i == 0 and above is not None and _same_end(a, b, tb)):
                return Period(None, "conflict", False), f"{ta}与{tb}"
    sub = next((p for p, _ in sources if p.kind != "Y"), sources[0][0])
    year = next((p.year for p, _ in sources if p.year is not None), None)
    if sub.kind == "Y":
        # an issue, batch or week number (科技简报（第9期）) or 截至目前 in a line without a year, with the year from
        # another source (a sheet's or file's name "2024年"): still one issue's, never the year's (breaker6 A4)
        for t, where in [(t, None) for t in texts] + [(sheet.name, "工作表名"), (file_name.rsplit(".", 1)[0], "文件名")]:
            if issue_word(_period_field(t) if where is None else t):
                return Period(None, "unclear", False), (t if where is None else f"{where}「{t}」")
    if year is None:
        return sub, sources[0][1]
    return Period(period_label(year, sub.sub, sub.kind), sub.kind, sub.is_ytd, year, sub.sub), sources[0][1]


def _context_problem(texts: list[str], sheet: Sheet, file_name: str) -> str:
    """The period_text that carries a conflict or an unclear phrase above the table to the report."""
    p, said = _context(texts, sheet, file_name)
    if p is not None and p.kind == "unclear":
        return PERIOD_UNCLEAR + (said if said.startswith(("工作表名", "文件名")) else f"「{said}」")
    return PERIOD_CONFLICT + said


def _period_cell(top: pd.DataFrame, h0: int, texts: list[str], sheet: Sheet, file_name: str) -> tuple[int, int]:
    """The cell above the header holding the phrase a conflict or an unclear period names ((0, 0) if none)."""
    said = _context(texts, sheet, file_name)[1]
    for r in range(min(h0, len(top))):
        for c, v in enumerate(top.iloc[r]):
            if v and (v in said or said.strip("「」") in v):
                return r, c
    return 0, 0


def _texts(values: Iterable[object]) -> pd.Series:
    """_text over a column, computed once per distinct value (columns repeat a few labels many times)."""
    return apply_distinct(values, _text)


def _blank(col: np.ndarray) -> np.ndarray:
    """Vectorised "cell is empty" for an object column (None, NaN or whitespace-only text)."""
    col = np.asarray(col, dtype=object)
    if not len(col):
        return np.zeros(0, dtype=bool)
    # once per distinct value: label columns repeat a few texts, value columns hold floats
    codes, uniq = pd.factorize(col, use_na_sentinel=True)
    blank_u = np.fromiter((isinstance(u, str) and not u.strip() for u in uniq), dtype=bool, count=len(uniq))
    if not len(uniq):
        return np.ones(len(col), dtype=bool)
    return (codes < 0) | blank_u[np.maximum(codes, 0)] & (codes >= 0)


def _cells(grid: pd.DataFrame | np.ndarray) -> np.ndarray:
    """The grid as an object array (a caller holding one already passes it: no second copy)."""
    return grid if isinstance(grid, np.ndarray) else grid.to_numpy(dtype=object)


def _footer_rows(grid: pd.DataFrame | np.ndarray, rows: np.ndarray) -> int | None:
    """Position (in `rows`) of the first note/signature line: its first non-empty cell reads 注：/填表人：…"""
    if len(rows) == 0:
        return None
    g = _cells(grid)[rows]
    before_blank = np.ones(len(rows), dtype=bool)
    hit = np.zeros(len(rows), dtype=bool)
    for c in range(g.shape[1]):
        idx = np.flatnonzero(before_blank)
        if not len(idx):
            break
        col = g[idx, c]
        # once per distinct cell, then as str.match would on each cell's text
        note = apply_distinct(col, lambda u: bool(NOTE_LINE.match(_text(u)))).to_numpy(dtype=bool)
        hit[idx] |= note
        before_blank[idx] = _blank(col)
    found = np.flatnonzero(hit)
    return int(found[0]) if len(found) else None


_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)}
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}
# words a 栏次 row may carry beside its markers: the row's own name (栏次, 行次, 列次), the 代码 column's heading
# repeated, and a dash in a column that has no number (计量单位 —)
_COLUMN_NUMBER_NAMES = {"栏次", "行次", "列次", "栏号", "代码"}
_DASH = re.compile(r"^[-—–－―一~/／、]+$")


def _column_marker(v: str) -> tuple[str, int] | None:
    """One cell of a 栏次 row as (series, position): 甲 乙 丙 ("word"), A B C ("letter"), 1 2 3, (1) (2),
    ①②, 一 二 三 ("number"); a dash or the row's name is ("filler", 0); anything else None."""
    v = COLUMN_FORMULA.sub("", v.strip())
    if not v:
        return None
    n = norm(v)
    if n in _COLUMN_NUMBER_NAMES or (_DASH.match(n) and n != "一"):
        return ("filler", 0)
    if n in COLUMN_NUMBER_WORDS:
        return ("word", "甲乙丙丁戊己庚辛壬癸".index(n))
    if re.fullmatch(r"[A-Z]", n):
        return ("letter", ord(n) - ord("A"))
    m = re.fullmatch(r"\(?(\d{1,2})\)?", n)
    if m and (n[0] == "(") == (n[-1] == ")"):
        return ("number", int(m.group(1)))
    if n in _CIRCLED or v in _CIRCLED:
        return ("number", _CIRCLED.get(n) or _CIRCLED[v])
    if n in _CN_DIGITS:
        return ("number", _CN_DIGITS[n])
    return None


def is_column_numbers(values: Iterable[object]) -> bool:
    """A 栏次 row: every cell a column marker (_column_marker: 甲 乙 丙, A B C, 1 2 3, (1) (2), ①②, 一 二 三,
    a dash, the words 栏次 / 行次 / 代码), each series in sequence (letters and numbers rising by one), at least
    two markers and no other text. A column computed from others carries its formula as NBS forms print it
    ("3=1/2-1", "4=(1-2)/2×100"): its number counts. A row of figures is none: a figure beside a region or
    indicator name is not a marker, and the callers only look right under a header."""
    vals = [_text(v) for v in values]
    marks = [_column_marker(v) for v in vals if v]
    if len(marks) < 2 or any(m is None for m in marks):
        return False
    series: dict[str, list[int]] = {}
    for kind, pos in marks:
        if kind != "filler":
            series.setdefault(kind, []).append(pos)
    for kind in ("letter", "number"):
        got = series.get(kind, [])
        if got != list(range(got[0], got[0] + len(got))) if got else False:
            return False
    n_marks = sum(len(v) for v in series.values())
    named = any(norm(v) in ("栏次", "列次", "栏号") for v in vals if v)
    # a lone number or letter is no sequence; with 甲 乙 or the word 栏次 beside it, it is
    return bool(series.get("word")) or n_marks >= 2 or (named and n_marks == 1)


def footer_kind(text: str) -> str:
    return "signature" if SIGNATURE_LINE.search(text) else "note"


def _structure_above(top: pd.DataFrame, h0: int, kinds_default: str = "title") -> list[tuple[int, int, str]]:
    """The rows above a table's header: title, header block (META_LINE) or unit lines."""
    out = []
    for r in range(min(h0, len(top))):
        line = " ".join(x for x in top.iloc[r] if x)
        if not line:
            continue
        if re.search(r"(?:^|[\s(（])(?:计量|金额)?单位[:：]", line) and not re.search(r"(单位名称|填报单位|报送单位)", line):
            kind = "unit_line"
        elif META_LINE.search(line) or re.search(r"(表号|制定机关|批准文号|有效期至|机关名称)", line):
            kind = "meta"
        else:
            kind = kinds_default
        out.append((r, -1, kind))
    return out


def _footer_structure(grid: pd.DataFrame | np.ndarray, rows: np.ndarray) -> list[tuple[int, int, str]]:
    """Rows at and after the first note/signature line: note or signature when they hold text only;
    a row there holding numbers stays unaccounted (so it is reported, never dropped silently)."""
    out = []
    g = _cells(grid)
    for r in rows:
        vals = [v for v in g[r] if _text(v)]
        if not vals:
            continue
        if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
            continue
        out.append((int(r), -1, footer_kind(" ".join(_text(v) for v in vals))))
    return out


def _nonblank_rows(grid: pd.DataFrame | np.ndarray, rows: np.ndarray) -> np.ndarray:
    g = _cells(grid)[rows]
    any_value = np.zeros(len(rows), dtype=bool)
    for c in range(g.shape[1]):
        idx = np.flatnonzero(~any_value)
        if not len(idx):
            break
        any_value[idx] = ~_blank(g[idx, c])
    return any_value


def header_unit(header: object) -> str | None:
    """The unit a value column's header names in brackets ("本期（亿元）" -> "亿元"), when it is a known unit."""
    _base, u = split_unit(header)
    return u if u in UNIT_WORDS else None


def label_unit(label: object) -> str | None:
    """The unit an indicator's own name states in closing brackets ("研究与试验发展(R&D)经费（亿元）" -> "亿元",
    "技术合同登记额(千元)" -> "千元"), when it is a known unit: a unit source of that row like its 计量单位."""
    return header_unit(label) if label else None


# Pairs of a row's unit sources compared, in this order; the first that disagrees is the conflict, reported on the
# second one's cell (the row's 计量单位, else the indicator's name).
_UNIT_PAIRS = (("header", "column"), ("label", "column"), ("header", "label"))


def _row_unit(column: str | None, label: str | None, head: str | None) -> tuple[str | None, str | None, str | None]:
    """One row's unit from its 计量单位 cell, its indicator name's brackets and the value header's brackets: the
    计量单位 where given, else the name's, else the header's. Returns (unit, conflict "a|b", pair "first|second"): two
    sources naming units of one kind but different size (亿元 and 万元) are a conflict, the figure could be either.
    A unit that cannot be the other's at all (家 under 本期（万元）) is no conflict: it speaks of another kind of row."""
    given = {"header": head or None, "label": label or None, "column": column or None}
    for a, b in _UNIT_PAIRS:
        ua, ub = given[a], given[b]
        if ua and ub:
            f = unit_factor(ub, ua)
            # the row's own name and its 计量单位 speak of the same figure: units of two kinds there (人次 and 人)
            # are a conflict too (the header's may speak of other rows)
            if (f is not None and f != 1.0) or (f is None and (a, b) == ("label", "column") and ua != ub):
                return column or label or head, f"{ua}|{ub}", f"{a}|{b}"
    return column or label or head, None, None


def row_units(col_units: pd.Series, labels: pd.Series, head: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's unit where a unit column (计量单位, texts), the indicator's name (labels: its brackets,
    "…经费（亿元）") and the value column's header ("本期（亿元）", `head`) may each say one (`_row_unit`).
    Returns (units, conflicts "a|b", pairs "first|second" of the sources that disagree), one per row, judged once
    per distinct (unit cell, name) pair."""
    n = len(col_units)
    name_units = apply_distinct(labels, label_unit).to_numpy(dtype=object) if n else np.array([], dtype=object)
    cu = col_units.to_numpy(dtype=object)
    if head is None and not any(u for u in name_units):
        return cu.copy(), np.full(n, None, dtype=object), np.full(n, None, dtype=object)
    c_codes, c_uniq = pd.factorize(cu, use_na_sentinel=False)
    l_codes, l_uniq = pd.factorize(name_units, use_na_sentinel=False)
    key = c_codes.astype(np.int64) * (len(l_uniq) + 1) + l_codes
    uniq, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    judged = [_row_unit(cu[i], name_units[i], head) for i in first]
    out = [np.array([j[k] for j in judged], dtype=object)[inverse.reshape(-1)] for k in range(3)]
    return out[0], out[1], out[2]


# ---- long form ----------------------------------------------------------------------------------

def _fill_label_merges(g: np.ndarray, merged: Iterable[tuple[int, int, int, int]], h: int, cols: list[int]) -> np.ndarray:
    """A long form's region or indicator cell merged down over several rows (巨鹿县 over its two indicator rows)
    labels each of them, as Excel shows it; only ranges below the header, within one label column."""
    out = None
    for a, b, c, d in merged:
        if a > h and b == d and b in cols and c > a and c < len(g):
            out = g.copy() if out is None else out
            out[a + 1:c + 1, b] = g[a, b]
    return g if out is None else out


def _long(sheet: Sheet, matcher: Matcher, file_name: str, h: int, roles: dict, top: pd.DataFrame) -> Layout:
    grid = sheet.grid
    # "单位" next to a 地区 column is the unit; a 数值 column is mandatory.
    col = {role: c for c, role in roles.items()}
    rows = np.arange(h + 1, len(grid))
    structure = _structure_above(top, h) + [(h, -1, "header")]
    g = _fill_label_merges(grid.to_numpy(dtype=object), sheet.merged, h,
                           [c for c, role in roles.items() if role in ("region", "region_code", "indicator", "indicator_code")])
    stop = _footer_rows(g, rows)
    if stop is not None:
        structure += _footer_structure(g, rows[stop:])
        rows = rows[:stop]
    rows = rows[_nonblank_rows(g, rows)]
    if len(rows) and is_column_numbers(grid.iloc[rows[0]].tolist()):
        structure.append((int(rows[0]), -1, "column_numbers"))
        rows = rows[1:]
    structure += [(-1, c, "rank" if role == "rank" else "label") for c, role in roles.items()
                  if role not in ("value", "base", "yoy")]
    texts = [" ".join(x for x in top.iloc[r] if x) for r in range(h)]
    period = _context_period(texts, sheet, file_name)

    columns: dict[str, pd.Series] = {}
    texts_of: dict[str, pd.Series] = {}

    def column(role):
        """The role's cells of the data rows (object Series), built once per role (callers never modify it)."""
        if role not in columns:
            c = col.get(role)
            columns[role] = pd.Series(g[rows, c], dtype=object) if c is not None else \
                pd.Series([None] * len(rows), dtype=object)
        return columns[role]

    def text(role):
        """_texts of the role's column, once per role; "" for every row when the table has no such column."""
        if role not in texts_of:
            texts_of[role] = _texts(column(role)) if role in col else pd.Series([""] * len(rows), dtype=object)
        return texts_of[role]

    def prefer(first: str, second: str):
        """Per row: the first column's text when present, else the second's (and which column it was)."""
        a, b = text(first), text(second)
        use_a = (a != "") | (second not in col)
        where = np.where(use_a, col.get(first, -1), col.get(second, -1))
        return a.where(use_a, b), where

    region_label, region_col = prefer("region_code", "region")
    conflict = _code_name_conflicts(matcher, text("region_code"), text("region"), period) \
        if "region_code" in col and "region" in col else np.zeros(len(rows), dtype=bool)
    ind_label, ind_col = prefer("indicator", "indicator_code")
    ind_code = text("indicator_code") if "indicator_code" in col else ind_label
    # each distinct text asked of the matcher once, codes' first (in the order the rows first give them)
    code_d = Distinct(ind_code)
    label_d = code_d if ind_code is ind_label else Distinct(ind_label)
    uniq = dict.fromkeys([*(code_d.uniq if code_d.uniq is not None else ()),
                          *(label_d.uniq if label_d.uniq is not None else ())])
    lookup = {u: matcher.indicator(u) for u in uniq}
    indicator = code_d.map(lookup)
    by_code = indicator.notna() if "indicator_code" in col else pd.Series(False, index=indicator.index)
    indicator = indicator.where(indicator.notna(), label_d.map(lookup))
    vc = col["value"]
    long_units, unit_clash, unit_pairs = row_units(text("unit"), text("indicator"), header_unit(_text(g[h, vc])))
    sub_refused = _long_sub_items(matcher, text("indicator"), region_label, text("period"), indicator, by_code,
                                  long_units, rows, col.get("indicator", -1))
    cells = pd.DataFrame({
        "sheet": sheet.name, "row": rows, "col": vc,
        "row_label": (region_label + " / " + ind_label).to_numpy(),
        "col_label": _text(g[h, vc]),
        "region_label": region_label.to_numpy(), "indicator": indicator.to_numpy(),
        "indicator_label": ind_label.to_numpy(),
        "unit": long_units,
        "period_text": column("period").to_numpy(), "ytd_text": column("ytd").to_numpy(),
        "raw": g[rows, vc],
        "base_raw": column("base").to_numpy(), "base_row": rows, "base_col": col.get("base", -1),
        "yoy_raw": column("yoy").to_numpy(), "yoy_row": rows, "yoy_col": col.get("yoy", -1),
        "note": text("note").to_numpy(), "status_raw": text("status").to_numpy(),
        "region_row": rows, "region_col": region_col,
        "ind_row": rows, "ind_col": ind_col,
        "period_row": rows if "period" in col else h, "period_col": col.get("period", 0),
    }, columns=CELL_COLUMNS, dtype=object)
    region_conflict = np.full(len(rows), None, dtype=object)
    if conflict.any():
        region_conflict[conflict] = (text("region_code")[conflict] + "|" + text("region")[conflict]).to_numpy()
    cells["region_conflict"] = region_conflict
    if sub_refused is not None:
        cells["ind_refused"] = sub_refused   # refused in build (rule sub_item_refused)
        cells["ind_refused_rule"] = np.where(pd.notna(sub_refused), "sub_item_refused", None)
    _unit_conflict_columns(cells, unit_clash, unit_pairs, (h, vc), col.get("unit", -1), col.get("indicator", -1))
    cells["unit_at"] = _unit_at(text("unit"), text("indicator"), rows, col.get("unit", -1), ind_col, (h, vc), g)
    line_problems = _apply_unit_line(cells, top, h, text("unit"), text("indicator"), (h, vc), col.get("unit", -1),
                                     ind_col, structure)
    cells["ytd_col"] = col.get("ytd", -1)
    if "period" not in col and period is not None and period.kind in ("conflict", "unclear"):
        cells["period_text"] = _context_problem(texts, sheet, file_name)   # reported per cell, with the cause
        cells["period_row"], cells["period_col"] = _period_cell(top, h, texts, sheet, file_name)
        period = None
    if "period" not in col and period is not None:
        cells["period_text"] = period.label
        cells["ytd_text"] = cells["ytd_text"].where(cells["ytd_text"].notna(), "是" if period.is_ytd else None)
    labels = [_text(v) for v in grid.iloc[h]]
    return Layout("long", sheet.name, labels, cells, period, structure=structure, data_rows=rows,
                  problems=line_problems, title_part=_title_part(texts))


def _long_sub_items(matcher: Matcher, names: pd.Series, regions: pd.Series, periods: pd.Series,
                    indicator: pd.Series, by_code: pd.Series, units: np.ndarray, rows: np.ndarray,
                    ic: int) -> np.ndarray | None:
    """A long form's 其中/# rows ("其中：规上工业企业" in the 指标 column): each is a part of the nearest row above
    it that is no 其中 row, when that row is the same region's and period's; read under it (Matcher.part_verdict:
    the parent's catalogue child or the pair, R&D经费 + 其中：规上工业企业 = IND_RD_EXP), and without a unit of its
    own in the parent's unit; else refused with the cause (never by its own name: 规上工业企业 = IND_FIRMS would
    store 万元 as 家). `indicator` and `units` are updated in place; returns the refusal per row (None: none). A row
    whose 指标代码 names its indicator (`by_code`) keeps it."""
    marked = apply_distinct(names, lambda v: bool(v) and bool(_ITEM_MARK.match(str(v).lstrip(" \u3000")))) \
        .astype(bool).to_numpy()
    if not marked.any():
        return None
    refused = np.full(len(names), None, dtype=object)
    parent = -1
    for i in range(len(names)):
        if not marked[i]:
            parent = i
            continue
        if by_code.iat[i]:
            continue
        if parent < 0 or regions.iat[parent] != regions.iat[i] or periods.iat[parent] != periods.iat[i]:
            indicator.iat[i] = None
            refused[i] = f"「{names.iat[i]}」是其中项，但上一行不是同一地区、同一期别的指标，无法确定它属于哪个指标"
            continue
        code, why = matcher.part_verdict([names.iat[parent], names.iat[i]], sub_item=True)
        indicator.iat[i] = code
        if why:
            refused[i] = f"{why}（上一行 {col_letter(ic)}{rows[parent] + 1}）"
        elif code is not None and not units[i]:
            units[i] = units[parent]   # a part is in its whole's unit unless its row states one
    return refused


def _apply_unit_line(cells: pd.DataFrame, top: pd.DataFrame, h0: int, unit_texts: pd.Series, labels: pd.Series,
                     head_cell: tuple[int, int], uc: int, label_col: np.ndarray | int,
                     structure: list[tuple[int, int, str]]) -> list[dict]:
    """A long form's or a single unit's form's unit lines above its header (单位：亿元, 金额单位：万元), read as in a
    wide table (`_unit_lines`): a row stating no unit of its own (计量单位 cell, name's brackets, value header's)
    takes the line's (a list "万元|家" resolved per indicator in build; a line not understood refuses it); a row's
    own unit of the line's kind but another size (计量单位 亿元 under 单位：万元) is unit_conflict on the row's unit
    cell, naming the line. Before, these layouts ignored the line: 1.2305 under 单位：亿元 was stored as 1.2305 万元.
    Updates cells (unit, unit_at, the unit_conflict columns) and structure in place; returns the line's problem
    (unit_line_unknown), if any."""
    default_unit, line_problem, line_conflict, line_at = _unit_lines(top, h0)
    if default_unit is None and line_problem is None and line_conflict is None:
        return []
    n = len(cells)
    own = cells["unit"].map(lambda u: isinstance(u, str) and bool(u.strip())).to_numpy(dtype=bool) if n \
        else np.zeros(0, dtype=bool)
    rows = cells["row"].to_numpy()
    names = ["unit_conflict", "unit_head_kind", "unit_other_kind", "unit_head_cell", "unit_other_cell", "unit_row",
             "unit_col"]
    conflict = {k: (cells[k].to_numpy(dtype=object).copy() if k in cells else np.full(n, None, dtype=object))
                for k in names}
    touched = False
    if default_unit is not None and (~own).any():
        cells["unit"] = np.where(own, cells["unit"].to_numpy(dtype=object), default_unit)
        if line_at is not None:
            cells["unit_at"] = np.where(own, cells["unit_at"].to_numpy(dtype=object), _cell_ref(*line_at))
    if line_conflict is not None and (~own).any():
        for k, name in enumerate(names):
            conflict[name][~own] = line_conflict[k]
        touched = True
    listed = [u for u in (default_unit or "").split("|") if u and u != NOT_MONEY and not u.startswith(UNREAD_UNIT)]
    if listed and own.any() and line_at is not None:
        has_col = unit_texts.map(lambda u: bool(u)).to_numpy(dtype=bool) & (uc >= 0)
        named = apply_distinct(labels, lambda v: bool(v) and label_unit(v) is not None).astype(bool).to_numpy()
        label_cols = np.broadcast_to(np.asarray(label_col, dtype=object), rows.shape)
        for i in np.flatnonzero(own & pd.isna(conflict["unit_conflict"])):
            u = cells["unit"].iat[i]
            sizes = [unit_factor(u, x) for x in listed]
            if any(f is not None for f in sizes) and not any(f == 1.0 for f in sizes):
                line_unit = listed[next(k for k, f in enumerate(sizes) if f is not None)]
                kind, at = ("column", (rows[i], uc)) if has_col[i] else ("label", (rows[i], label_cols[i])) \
                    if named[i] else ("header", head_cell)
                vals = (f"{line_unit}|{u}", "unit_line", kind, _cell_ref(*line_at), _cell_ref(*at), at[0], at[1])
                for name, v in zip(names, vals):
                    conflict[name][i] = v
                touched = True
    if touched:
        for name in names:
            cells[name] = conflict[name]
    if line_problem is None:
        return []
    lr, lcol = line_problem["cell"]   # a unit line not understood is no structure: its cell is refused by the problem
    structure[:] = [x for x in structure if x[0] != lr] + [
        (lr, c, "unit_line") for c, v in enumerate(top.iloc[lr]) if c != lcol and _text(v)]
    return [line_problem]


def _unit_at(unit_texts: pd.Series, labels: pd.Series, rows: np.ndarray, uc: int, label_col: object,
             head_cell: tuple[int, int], g: np.ndarray) -> np.ndarray:
    """Per row, the cell its unit came from (`_row_unit`'s order: the 计量单位 cell, the name's brackets, the value
    header's), as a reference ("B5"); None where none states one. Names a unit source in a later conflict."""
    head = _cell_ref(*head_cell) if header_unit(_text(g[head_cell])) else None
    n = len(rows)
    if not n:
        return np.array([], dtype=object)
    line = pd.Series(np.asarray(rows, dtype=np.int64) + 1).astype(str)
    lc = pd.Series(np.broadcast_to(np.asarray(label_col, dtype=object), (n,)))
    has_unit = unit_texts.astype(object).fillna("").astype(bool).to_numpy() & (uc >= 0)
    named = apply_distinct(labels, lambda v: bool(v) and label_unit(v) is not None).astype(bool).to_numpy() \
        & lc.map(lambda c: c is not None and int(c) >= 0).to_numpy(dtype=bool)
    at_unit = (col_letter(uc) + line).to_numpy(dtype=object) if uc >= 0 else np.full(n, None, dtype=object)
    at_label = (apply_distinct(lc, lambda c: col_letter(int(c)) if c is not None and int(c) >= 0 else "")
                + line).to_numpy(dtype=object)
    return np.where(has_unit, at_unit, np.where(named, at_label, np.full(n, head, dtype=object)))


def _unit_conflict_columns(cells: pd.DataFrame, clash: np.ndarray, pairs: np.ndarray, head_cell: tuple[int, int],
                           uc: int, label_col: np.ndarray | int) -> None:
    """Where two of a row's unit sources name different units (`row_units`): "first|second" units in
    cells.unit_conflict, the sources' kinds (header, label, column) in unit_head_kind / unit_other_kind and their
    cells in unit_head_cell / unit_other_cell; the problem is reported on the second one's cell (unit_row,
    unit_col). `head_cell`: the value header's (row, col); `uc`: the 计量单位 column; `label_col`: the indicator
    name's column (per row in a long form). Only when there is a conflict."""
    if not any(c is not None for c in clash):
        return
    rows = cells["row"].to_numpy()
    label_cols = np.broadcast_to(np.asarray(label_col, dtype=object), rows.shape)
    where = {"header": lambda _i: head_cell, "column": lambda i: (rows[i], uc), "label": lambda i: (rows[i], label_cols[i])}
    first_kind, other_kind, first_cell, other_cell, at_row, at_col = ([None] * len(rows) for _ in range(6))
    for i, pair in enumerate(pairs):
        if pair is None:
            continue
        a, b = pair.split("|")
        ra, rb = where[a](i), where[b](i)
        first_kind[i], other_kind[i] = a, b
        first_cell[i], other_cell[i] = _cell_ref(*ra), _cell_ref(*rb)
        at_row[i], at_col[i] = rb
    cells["unit_conflict"] = clash
    cells["unit_head_kind"], cells["unit_other_kind"] = first_kind, other_kind
    cells["unit_head_cell"], cells["unit_other_cell"] = first_cell, other_cell
    cells["unit_row"], cells["unit_col"] = at_row, at_col


def _header_unit_conflict(sources: list[tuple[str, str, tuple[int, int]]]) -> tuple | None:
    """The first two of a wide column's unit sources (kind, unit, (row, col)) naming units of one kind but different
    size (the header's R&D经费（亿元） and a unit row's 万元 under it; a title's （亿元） and 单位：万元): (conflict
    "a|b", first kind, second kind, first cell, second cell, row, col of the second, where it is reported). None
    when they agree or speak of different kinds (家 beside 万元)."""
    for i, (ka, ua, ca) in enumerate(sources):
        for kb, ub, cb in sources[i + 1:]:
            f = unit_factor(ub, ua)
            if f is not None and f != 1.0:
                return f"{ua}|{ub}", ka, kb, _cell_ref(*ca), _cell_ref(*cb), cb[0], cb[1]
    return None


def _title_units(top: pd.DataFrame, h0: int) -> list[tuple[str, tuple[int, int]]]:
    """The units the cells above a table's header state in their closing brackets after other words ("…研究与试验
    发展(R&D)经费（亿元）": a title naming an indicator and its unit), with each cell (row, col)."""
    out = []
    for r in range(min(h0, len(top))):
        for c, v in enumerate(top.iloc[r]):
            base, u = split_unit(v) if v else ("", None)
            if u in UNIT_WORDS and base.strip() and not table_units(v):
                out.append((u, (r, c)))
    return out


def _unit_line_cell(top: pd.DataFrame, h0: int) -> tuple[int, int] | None:
    """The cell above a table's header holding its unit line (单位：万元), if one does."""
    return next(((r, c) for r in range(min(h0, len(top))) for c, v in enumerate(top.iloc[r]) if v and table_units(v)),
                None)


def _cell_ref(r: int, c: int) -> str:
    """An Excel reference ("C4") of a 0-based cell."""
    return f"{col_letter(c)}{r + 1}"


def _code_name_conflicts(matcher: Matcher, codes: pd.Series, names: pd.Series, period: Period | None) -> np.ndarray:
    """Rows of a long form whose 地区代码 and 地区 both name a unit, but not the same one (130534 | 威县):
    the row contradicts itself, so neither is taken (refused in build, rule region_conflict). `codes` and
    `names` are the two columns' texts (_texts, "" for an empty cell); each distinct (code, name) pair is asked of
    the matcher once, in the order the rows first give it."""
    year = period.year if period is not None and period.label else None
    c_codes, c_uniq = pd.factorize(codes.to_numpy(dtype=object), use_na_sentinel=False)
    n_codes, n_uniq = pd.factorize(names.to_numpy(dtype=object), use_na_sentinel=False)
    pair, firsts = np.unique(c_codes.astype(np.int64) * (len(n_uniq) + 1) + n_codes, return_index=True)
    verdict = np.zeros(len(pair), dtype=bool)
    for k in np.argsort(firsts, kind="stable"):
        c, n = c_uniq[c_codes[firsts[k]]], n_uniq[n_codes[firsts[k]]]
        if not c or not n:
            continue
        # a name saying it leaves the zones out (邢台市（不含开发区）) beside the city's code names no unit the code
        # does: the counties' total is no unit's figure, whatever the code says (breaker7 A5)
        verdict[k] = matcher.names_other_unit(c, n, year) or matcher.zone_word(n)[1] == ZONE_EXCLUDED
    return verdict[np.searchsorted(pair, c_codes.astype(np.int64) * (len(n_uniq) + 1) + n_codes)] if len(pair) \
        else np.zeros(len(codes), dtype=bool)


# ---- single-unit form ---------------------------------------------------------------------------

_META = {
    "region_code": re.compile(r"(?:行政区划代码|区划代码|地区代码)[:：]?\s*(\d{6,12})"),
    # the label may carry a bracketed remark before its colon: 综合机关名称（盖章）：, 填报单位(公章)：
    "region_name": re.compile(r"(?:单位名称|填报单位|报送单位|(?:综合)?机关名称|地区)(?:[（(][^）)]{0,6}[）)])?[:：]"
                              r"\s*([^\s:：]+)"),
    "period": re.compile(r"(?:报告期|统计期|时期)[:：]?\s*([^\s]+)"),
}


# Lines of an NBS form's header block that name the form's designer or its dates, never the reporting unit:
# 制定机关：邢台市统计局 is who made the form, not whose figures it holds (br10).
FORM_AUTHORITY_LINE = re.compile(r"表\s*号|制定机关|批准机关|批准文号|有效期至|报出日期|填报日期")
_LEVEL_RANK = {"county": 0, "devzone": 0, "city": 1, "province": 2}


def _other_unit_named(matcher: Matcher, label: str, said: str, texts: list[str], top: pd.DataFrame) -> str | None:
    """"name|other name|its cell" when a header line other than the unit's own (单位名称：清河县科学技术局) names another
    county-level unit (a title 威县科技创新主要指标): two units for one form, refused as region_conflict, never one of
    them taken (br10). A city or province in the title (邢台市县域科技创新主要指标) names no other unit."""
    own = matcher.region(label)
    if own is None:
        return None
    levels = dict(zip(matcher.regions["code"], matcher.regions["level"]))
    for t in texts:
        if said in t or FORM_AUTHORITY_LINE.search(t):
            continue
        other = find_region_in_text(matcher, t)
        code = matcher.region(other) if other else None
        if code is not None and code != own and levels.get(code) in ("county", "devzone"):
            where = next((f"{col_letter(c)}{r + 1}" for r in range(len(top)) for c, v in enumerate(top.iloc[r])
                          if v and other in v), "")
            return f"{label}|{other}|{where}"
    return None


def _names_no_unit(name_m: re.Match, meta: str, matcher: Matcher) -> bool:
    """Whether what follows a blank 单位名称：/填报单位： in the header lines is no unit's name but the next cell's text:
    another label (行政区划代码：…) or a period (2024年1-9月) naming no region."""
    said = name_m.group(1)
    return meta[name_m.end():name_m.end() + 1] in (":", "：") or (
        mentions_period(said) and find_region_in_text(matcher, said) is None)


def find_region_in_text(matcher: Matcher, text: str) -> str | None:
    """"清河县科学技术局" -> "清河县": the most specific region name (current, or old in the GB/T 2260 history)
    contained in the text — a county-level name before its city's or province's ("河北省清河县科学技术局" ->
    "清河县"), then the longest — returned as a label so the one region rule (Matcher.verdict: within the
    expected city and period, old names refused) decides, never a guess across cities."""
    direct = matcher.region(text)
    if direct:
        return direct
    best, best_key = None, None
    names = [(n, _LEVEL_RANK.get(r.level, 0)) for r in matcher.regions.itertuples()
             for n in (r.name, *[a for a in r.aliases if len(a) >= 3])]
    names += [(n, 0) for n in load_region_history()["name"]]
    for n, rank in names:
        if len(n) >= 2 and n in text and (best_key is None or (rank, -len(n)) < best_key):
            best, best_key = n, (rank, -len(n))
    return best



_ITEM_MARK = re.compile(r"^(其中[:：]?|#|＃)")


def _item_depth(label: object) -> tuple[int, bool]:
    """(depth, marked) of a form's item label: its leading spaces (a full-width space counts two), one more when it
    starts with 其中/# (then `marked`). A row sits under the nearest row above of smaller depth (an unmarked one never
    under a marked one): "其中：规上工业企业" indented under an indented "研究与试验发展(R&D)经费" under "一、科技投入"
    belongs to the R&D row, never the heading."""
    text = str(label or "")
    body = text.lstrip(" \u3000")
    lead = text[:len(text) - len(body)]
    marked = bool(_ITEM_MARK.match(body))
    return len(lead) + lead.count("\u3000") + int(marked), marked

def _form(sheet: Sheet, matcher: Matcher, file_name: str, h: int, roles: dict, top: pd.DataFrame, *,
          header_top: int | None = None, period_header: bool = False) -> Layout:
    """A single unit's report form whose header ends on row `h` (and starts on `header_top`, when it
    takes two rows). period_header: the value column's header may be a period phrase (1-9月累计, a column of
    _periods_form): the period it names within the report's, refused when it is another."""
    grid = sheet.grid
    col = {role: c for c, role in roles.items()}
    h0 = h if header_top is None else header_top
    texts = [" ".join(x for x in top.iloc[r] if x) for r in range(h0)]
    meta = " ".join(texts)
    region_label, region_cell = "", None
    name_m = _META["region_name"].search(meta)
    if name_m and _names_no_unit(name_m, meta, matcher):
        name_m = None   # 单位名称： left blank: the text after it is the next cell's (a period, another label), br10
    conflict = None   # "code|name|name cell": the header names the unit by code and by name, and they disagree
    if (m := _META["region_code"].search(meta)):
        region_label = m.group(1)
        named = (find_region_in_text(matcher, name_m.group(1)) or name_m.group(1)) if name_m else None
        if named and matcher.names_other_unit(region_label, named):
            where = next((f"{col_letter(c)}{r + 1}" for r in range(h0) for c, v in enumerate(top.iloc[r])
                          if v and name_m.group(1) in v), "")
            conflict = f"{region_label}|{name_m.group(1)}|{where}"
    elif name_m:
        code = find_region_in_text(matcher, name_m.group(1))
        region_label = code or name_m.group(1)
        conflict = _other_unit_named(matcher, region_label, name_m.group(1), texts, top)
    else:
        for t in texts:
            if FORM_AUTHORITY_LINE.search(t):
                continue
            code = find_region_in_text(matcher, t)
            if code:
                region_label = code
                break
        if not region_label and matcher.region(sheet.name):
            region_label = sheet.name   # one sheet per unit, named after it (威县 | 临西县 …), br10
    for r in range(h0):  # the cell naming the unit, for the report
        for c, v in enumerate(top.iloc[r]):
            if region_label and region_label in v or (v and "单位名称" in v):
                region_cell = (r, c)
                break
        if region_cell:
            break
    if conflict:   # the problem names the code's cell (and the name's in its message)
        region_cell = next(((r, c) for r in range(h0) for c, v in enumerate(top.iloc[r]) if v and region_label in v),
                           region_cell)
    pm = _META["period"].search(meta)
    period = _context_period(([pm.group(1)] if pm else []) + texts, sheet, file_name)
    period_text = period.label if period else None
    period_at = (0, 0)
    if period is not None and period.kind in ("conflict", "unclear"):
        period_texts = ([pm.group(1)] if pm else []) + texts
        period_text = _context_problem(period_texts, sheet, file_name)
        period_at = _period_cell(top, h0, period_texts, sheet, file_name)
        period = None
    if (typed := _date_period_cell(grid, h0)) is not None:
        period_text, period_at = typed
        period = None
    value_header = _text(grid.iat[h, col["value"]])
    ytd_hint = "累计" in value_header or (period is not None and period.is_ytd)
    word = strip_prefix(split_unit(value_header)[0])
    if word in SUB_PERIOD_WORDS and period is not None and period.label:
        # the value column 本年累计 / 本月 names its own period within the report's (本年累计 of 2024年9月: 1-9月 累计)
        own = sub_period(word, period)
        if own is not None and own.kind == "Y" and period.kind in ("Q", "M"):
            # 1-本月累计 of 2024年12月 is the 快报's 1—12月 累计 (2024Q4 累计), as the product names it, never the 年报
            # figure nor, under the title's 12月, December alone (br9 m09)
            own = Period(period_label(own.year, 4, "Q"), "Q", True, own.year, 4)
        if own is None:
            period_text, period_at = PERIOD_SUBCOLUMN + f"「{value_header}」|{period.label}", (h, col["value"])
        else:
            period_text, ytd_hint = own.label, own.is_ytd
        period = own
    elif period_header and period is not None and period.label and \
            (said := parse_period(value_header, default_year=period.year)) is not None and said.label:
        # 1-9月累计 under 2024年9月: the same months, its 累计; 1-8月累计 under it: another period, refused
        ends = [12 if p.kind == "Y" else p.sub * 3 if p.kind == "Q" else p.sub for p in (said, period)]
        if said.year == period.year and (ends[0] == ends[1] or period.kind == "Y"):
            # the same months; or, under a whole year's title (清河县2024年科技指标), the part of it the header names
            period_text, ytd_hint, period = said.label, said.is_ytd, said
        else:
            above = next((t for t in ([pm.group(1)] if pm else []) + texts if t and parse_period(t) is not None),
                         period.label)
            period_text = PERIOD_CONFLICT + f"表头「{value_header}」与表头上方的「{above}」不是同一期（请把不同期别的数分开填报）"
            period_at, period = (h, col["value"]), None
    rows = np.arange(h + 1, len(grid))
    structure = _structure_above(top, h0, "meta") + [(r, -1, "header") for r in range(h0, h + 1)]
    stop = _footer_rows(grid, rows)
    if stop is not None:
        structure += _footer_structure(grid, rows[stop:])
        rows = rows[:stop]
    g = grid.to_numpy(dtype=object)
    ic = col["indicator"] if "indicator" in col else col["indicator_code"]
    numbers = [r for r in rows[:2] if is_column_numbers(g[r])]
    structure += [(int(r), -1, "column_numbers") for r in numbers]
    rows = np.array([r for r in rows if r not in numbers], dtype=int)
    labels = _texts(g[rows, ic])
    keep = (labels != "").to_numpy()
    rows, labels = rows[keep], labels[keep].reset_index(drop=True)
    structure += [(-1, c, "rank" if role == "rank" else "label") for c, role in roles.items()
                  if role not in ("value", "base", "yoy")]

    def column(role):
        c = col.get(role)
        return pd.Series(g[rows, c], dtype=object) if c is not None else pd.Series([None] * len(rows), dtype=object)

    lookup = {u: matcher.indicator(u) for u in pd.unique(labels)}
    indicator = labels.map(lookup)
    # A sub-item ("其中：", "#", indented) is read under the item above it (Matcher.part_verdict): the parent's
    # catalogue child or the pair (R&D经费 + 其中：规上工业企业 = IND_RD_EXP), else refused naming the parent row,
    # never by its own name alone (规上工业企业 = IND_FIRMS would store 万元 as 家); under a heading that is no
    # indicator (一、科技投入) by its own name. Read under its parent, a sub-item without a unit has the parent's.
    raw_labels = g[rows, ic]
    sub_refused = np.full(len(rows), None, dtype=object)
    parent_of = np.full(len(rows), -1, dtype=int)
    above: list[tuple[int, int, bool]] = []   # (depth, row, marked) of the rows a later row may sit under
    for i, lab in enumerate(labels):
        depth, marked = _item_depth(raw_labels[i])
        # a row sits under the nearest shallower row; an unmarked row never under a 其中/# row: indented below
        # "其中：重点实验室", "    院士工作站" is its sibling (the NBS forms align the next items under the text)
        while above and (above[-1][0] >= depth or (not marked and above[-1][2])):
            above.pop()
        parent = above[-1][1] if above else None
        above.append((depth, i, marked))
        if parent is None:
            continue
        code, why = matcher.part_verdict([labels.iat[parent], lab], sub_item=True)
        if not marked and indicator.iat[i] is not None and not code and not matcher.population(labels.iat[parent])[0]:
            continue   # only indented, no 其中/#, under an indicator: its own catalogue name stands, as before (under
            #            a population heading, 高新技术企业 over "  R&D经费", it is that population's figure)
        indicator.iat[i] = code
        parent_of[i] = parent
        if why:
            sub_refused[i] = f"{why}（上一行 {col_letter(ic)}{rows[parent] + 1}）"
    if "indicator_code" in col:
        by_code = _texts(column("indicator_code")).map(lambda s: matcher.indicator(s) if s else None)
        indicator = by_code.where(by_code.notna(), indicator)
    vc = col["value"]
    form_units, unit_clash, unit_pairs = row_units(_texts(column("unit")), labels, header_unit(value_header))
    for i in np.flatnonzero(parent_of >= 0):
        if not form_units[i] and indicator.iat[i] is not None:
            form_units[i] = form_units[parent_of[i]]
    cells = pd.DataFrame({
        "sheet": sheet.name, "row": rows, "col": vc, "row_label": labels.to_numpy(), "col_label": value_header,
        "region_label": region_label, "indicator": indicator.to_numpy(), "indicator_label": labels.to_numpy(),
        "unit": form_units,
        "period_text": period_text, "ytd_text": "是" if ytd_hint else None,
        "raw": g[rows, vc],
        "base_raw": column("base").to_numpy(), "base_row": rows, "base_col": col.get("base", -1),
        "yoy_raw": column("yoy").to_numpy(), "yoy_row": rows, "yoy_col": col.get("yoy", -1),
        "note": _texts(column("note")).to_numpy(), "status_raw": None,
        "region_row": (region_cell or (0, 0))[0], "region_col": (region_cell or (0, 0))[1],
        "ind_row": rows, "ind_col": ic, "period_row": period_at[0], "period_col": period_at[1],
    }, columns=CELL_COLUMNS, dtype=object)
    cells["region_conflict"] = conflict   # refused in build (rule region_conflict), as in the long form
    if any(x is not None for x in sub_refused):
        cells["ind_refused"] = sub_refused   # refused in build (rule sub_item_unknown)
    _unit_conflict_columns(cells, unit_clash, unit_pairs, (h, vc), col.get("unit", -1), ic)
    cells["unit_at"] = _unit_at(_texts(column("unit")), labels, rows, col.get("unit", -1), ic, (h, vc), g)
    line_problems = _apply_unit_line(cells, top, h0, _texts(column("unit")), labels, (h, vc), col.get("unit", -1), ic,
                                     structure)
    layout = Layout("form", sheet.name, [_text(v) for v in grid.iloc[h]], cells, period, structure=structure,
                    data_rows=rows, problems=line_problems, title_part=_title_part(texts))
    if not region_label:
        layout.problems.append({"severity": "error", "rule": "unknown_region", "cell": (region_cell or (0, 0)),
                                "row_label": "", "col_label": "单位名称", "value": "",
                                "zh": "表头未写明填报单位（单位名称或行政区划代码）",
                                "en": "The form does not name its reporting unit",
                                "fix_zh": "请在表头填写“单位名称：××县”或“行政区划代码：130534”",
                                "fix_en": "Add 单位名称 or 行政区划代码 above the table"})
    return layout


# ---- wide city report ---------------------------------------------------------------------------

def _fill_merged(block: np.ndarray, merged: Iterable[tuple[int, int, int, int]], r0: int, r1: int, c_max: int) -> np.ndarray:
    """Spread each merged header cell's value over its range (rows r0..r1 of the grid)."""
    out = block.copy()
    for a, b, c, d in merged:
        if c < r0 or a > r1:
            continue
        value = out[a - r0, b] if r0 <= a <= r1 and b < c_max else None
        if value in (None, ""):
            continue
        for rr in range(max(a, r0), min(c, r1) + 1):
            for cc in range(b, min(d, c_max - 1) + 1):
                if out[rr - r0, cc] in (None, ""):
                    out[rr - r0, cc] = value
    return out


PAGE_NUMBER = re.compile(r"^(第\s*\d+\s*页(\s*[,，、]?\s*共\s*\d+\s*页)?|[-—–－]+\s*\d+\s*[-—–－]+|[·•・]\s*\d+\s*[·•・]"
                         r"|\d+\s*/\s*\d+)$")
CONTINUED_SUFFIX = re.compile(r"[(（]\s*(续|续表|续上表)\s*\d*\s*[)）]$|续表\s*\d*$")


def _page_break_kind(line: list[str], header_rows: list[list[str]], titles: set[str]) -> str | None:
    """What a text-only row inside a table split over pages is, wherever its text stands (续表 typed in the
    last column, the title repeated with "（续）", a page number "— 12 —", the unit line or any row of a
    multi-row header repeated): its structure kind, or None when it is none of these."""
    texts = [t for t in line if t]
    if not texts:
        return None
    if len(texts) == 1:
        t = texts[0]
        if CONTINUED.match(t) or norm(t) in ("续表", "续上表") or CONTINUED_SUFFIX.search(t):
            return "continued"
        if table_units(t):
            return "unit_line"
        if norm(t) in titles:
            return "continued"
        if PAGE_NUMBER.match(t):
            return "page_number"
    cells = [norm(t) for t in line]
    for h in header_rows:
        same = [a for a, b in zip(cells, h) if a]
        if same and all(a == b for a, b in zip(cells, h) if a):
            return "header_repeat"
    return None


def _unheaded_serial_columns(g: np.ndarray, rows: np.ndarray, lc: int, taken: set[int]) -> set[int]:
    """Columns left of the region labels with no header whose cells count 1, 2, 3 … down the table's rows
    (a 序号 column whose header cell was left blank or lost in a merge): row labels. A column holding
    anything else, or numbers out of that order, is not one (its cells stay unread and are reported)."""
    out = set()
    for c in range(lc):
        if c in taken:
            continue
        vals = [_text(v) for v in g[rows, c]]
        vals = [v for v in vals if v]
        if len(vals) >= 2 and vals == [str(i) for i in range(1, len(vals) + 1)]:
            out.add(c)
    return out


_LEAD_WORD = re.compile(r"^(本年|本期|今年|上年同期|去年同期|上年|去年)(?=.)")
# R&D经费（本期）, R&D经费（同期数）, R&D经费本期数: the words a one-row header puts after the name (with 数 or 值
# only when unbracketed: a bare trailing 本期 / 上年 may belong to a name)
_TAIL_WORD = re.compile(r"(?:\((本年|本期|今年|上年同期|去年同期|上年|去年|同期)(?:数|值)?\)"
                        r"|(本年数|本期数|今年数|上年同期数|去年同期数|上年数|去年数|同期数|本年|今年|上年|去年|本期))$")
_THIS_PERIOD_WORDS = ("本年", "本期", "今年")


def _period_lead(parts: list[str], matcher: Matcher) -> tuple[str | None, list[str]]:
    """(role, the parts naming the indicator) of a wide column whose header says which of 本期 and 上年同期 it
    holds around the indicator's name: a group 本期 / 上年同期 / 同比 over the indicators (role of that group), or a
    one-row header 本年R&D经费 / 上年R&D经费（万元） / R&D经费（上年） / R&D经费同期数 / R&D经费同比增长%. The 上年 figure is the indicator's 上年同期 (the
    base of its 同比, checked against the value beside it), never a second value of the same key (it was a
    duplicate_conflict, or an unknown indicator). (None, parts) for anything else; a one-row header only when the
    rest is a catalogue indicator."""
    if len(parts) > 1:
        role = role_of(parts[0])
        return (role, parts[1:]) if role in ("value", "base", "yoy") else (None, parts)
    base, unit = split_unit(parts[0])
    tail = f"({unit})" if unit else ""
    m = _LEAD_WORD.match(base)
    if m and matcher.indicator(base[m.end():]):
        return ("value" if m.group(1) in _THIS_PERIOD_WORDS else "base"), [base[m.end():] + tail]
    m = _TAIL_WORD.search(base)
    if m and matcher.indicator(base[:m.start()]) and not matcher.catalogue_indicator(base):
        word = m.group(1) or m.group(2)
        return ("value" if word.startswith(_THIS_PERIOD_WORDS) else "base"), [base[:m.start()] + tail]
    for k in range(1, len(base)):   # R&D经费同比增长（%）, R&D经费增速: the indicator's 同比 (the longest such tail)
        if role_of(base[k:]) == "yoy" and not matcher.catalogue_indicator(base) and matcher.indicator(base[:k]):
            return "yoy", [base[:k]]
    return None, parts


_BRACKETED_TAIL = re.compile(r"^(?P<name>.+?)\s*[（(](?P<said>[^（）()]+)[）)]\s*(?P<unit>[（(][^（）()]*[）)])?\s*$")


def _period_in_name(v: str, matcher: Matcher) -> tuple[Period, str] | None:
    """(the period, the header without it) of a header cell naming a period and a catalogue indicator at once: the
    period first (2024年1-9月R&D经费（万元）, 2024年前三季度R&D经费, 2024年9月末高新技术企业数) or in brackets after the name
    (R&D经费（2024年1-9月）（万元））. Only a period with its year and a rest that is an indicator of the catalogue (or
    remembered); None for anything else (本年R&D经费 and 上年同期 stay _period_lead's)."""
    if not isinstance(v, str) or not _YEAR_IN_TEXT.search(v):
        return None
    base, unit = split_unit(v)
    tail = f"（{unit}）" if unit else ""
    for k in range(2, len(base) - 1):
        head, rest = base[:k], base[k:]
        if head[-1] not in "年月度季末底计" or not matcher.indicator(rest):
            continue
        p = parse_period(head)
        if p is not None and p.label:
            return p, rest + tail
    m = _BRACKETED_TAIL.match(v)
    if m and matcher.indicator(m.group("name")):
        p = parse_period(m.group("said"))
        if p is not None and p.label:
            return p, m.group("name") + (m.group("unit") or "")
    return None


_YEAR_IN_TEXT = re.compile(r"(?:19|20)\d{2}")


_BARE_CODE_IN_TEXT = re.compile(rf"(?<![0-9A-Za-z]){BARE_CODE}(?![0-9A-Za-z])")   # periods.BARE_CODE within a line


def _bare_code_said(texts: list[str]) -> bool:
    """The lines above a table (and its sheet's and file's names) state its period only as a code (2024Q3, 2024年Q3,
    2024-Q3, 2024M09): no other period phrase (br8 p26, br9 p02–p04)."""
    said = [t for t in texts if _BARE_CODE_IN_TEXT.search(t)]
    return bool(said) and not any(mentions_period(_BARE_CODE_IN_TEXT.sub(" ", t)) for t in texts)


def cell_unit(text: object, with_name: bool = True) -> str | None:
    """The one unit a cell states: a unit word alone (亿元, 亿, （万元）, 家), a unit line (单位：亿元, 金额单位：元) or, with
    with_name, a name's closing brackets (R&D经费（亿元）); None for none, several or one not understood. The one
    reading of a unit-stating cell: a header's unit row (_wide_table) and the sheets outside a table
    (service._sheet_units, _hidden_units)."""
    if not isinstance(text, str) or not text.strip():
        return None
    if (u := unit_word(norm(text))) in UNIT_WORDS:
        return u
    if (line := cell_unit_line(text)):   # 单位：亿元, 金额单位：亿元 (br9 u10)
        return line
    base, u = split_unit(text)
    return u if u in UNIT_WORDS and (with_name or not base) else None


def cell_unit_line(text: str) -> str | None:
    """The one unit a cell states as a unit line of its own (单位：元, 金额单位：亿元, 计量单位：家), or None; a name
    with its unit in brackets (R&D经费（单位：亿元）) is no unit line (its name stays the header's)."""
    if not isinstance(text, str) or not re.match(r"^\s*[(（]?\s*(?:计量|金额)?单位\s*[:：]", text):
        return None
    units = (table_units(text) or "").split("|")
    units = [u for u in units if u and u != NOT_MONEY]
    return units[0] if len(units) == 1 and units[0] in UNIT_WORDS else None


def _item_part(parts: list[str]) -> int | None:
    """The position of the header part marked as a 其中 item (其中：规上工业企业, #本地) in a column's header parts,
    when it is the column's last part naming anything (a role word such as 本期 may follow it); else None."""
    named = [i for i, x in enumerate(parts) if role_of(x) is None]
    if named and _ITEM_MARK.match(parts[named[-1]].lstrip(" \u3000")):
        return named[-1]
    return None


def _refuse_sides_alone(colinfo: list[dict]) -> None:
    """A 上年同期 or 同比 column of an indicator the table has no value column of (上年同期R&D经费 alone, a group
    同期数 over the indicators with no 本期数 group) holds no figure of the table's period: its cells are refused
    (rule side_without_value, on the header cell), never left as unread cells with no reason, nor read as that
    period's figures. Changes colinfo in place: each such column becomes a refused value column."""
    has_value = {ci["indicator"] for ci in colinfo if ci.get("role") == "value" and ci.get("indicator")}
    for ci in colinfo:
        if ci.get("role") in ("base", "yoy") and ci.get("indicator") and ci["indicator"] not in has_value:
            what = "上年同期数" if ci["role"] == "base" else "同比增速"
            ci.update(role="value", indicator=None, refused_rule="side_without_value",
                      refused=f"「{ci['label']}」列是{what}，表中没有该指标本期数的列")


def _side_owner(colinfo: list[dict], c: int, role: str) -> str | None:
    """The indicator of the value column standing right before column `c` (with at most the other side
    column, 上年同期 or 同比, between them); None when there is none or it already has this side column."""
    for ci in reversed(colinfo):
        if ci["col"] < c - 2:
            break
        if ci.get("role") == role:
            return None
        if ci.get("role") == "value":
            return ci["indicator"] if ci["col"] >= c - 2 else None
    return None


def _yearless_period_cell(top: pd.DataFrame, h0: int) -> tuple[str | None, tuple[int, int]]:
    """The text and cell of a period phrase above the header that names no year ("截至6月末", "1-9月"), so
    that missing_period names the cell and what it lacks; (None, (0, 0)) when there is none."""
    for r in range(min(h0, len(top))):
        for c, v in enumerate(top.iloc[r]):
            p = parse_period(v) if v else None
            if p is not None and p.label is None:
                return v, (r, c)
    return None, (0, 0)


def _column_period(ci: dict, base: Period | None, yearless: object, ytd_sheet: bool) -> tuple[object, str | None, bool]:
    """(period text, 是否累计 text, refused here) of a wide table's value column. A sub-column 本月 / 本季 / 本年累计
    under its indicator names its own period within the table's (periods.sub_period); where that is not certain
    the column is refused naming its header (never read as the table's period, nor as 累计 for 本月)."""
    if isinstance(yearless, str) and yearless.startswith(PERIOD_UNCLEAR):
        # the lines above say something of the period not understood (2024年第2期, 第一批, 截至目前): a column's own
        # year (2023年 | 2024年) says which year, not which part of it; refused as the table is (breaker6 A4)
        return yearless, None, False
    word = ci.get("sub_word")
    if word and base is not None and base.label:
        p = sub_period(word, base)
        if p is None:
            return (PERIOD_SUBCOLUMN + f"「{ci['label']}」|{base.label}", None, True)
        return p.label, "是" if p.is_ytd else "否", False
    label = base.label if base is not None and base.label else yearless
    if base is not None and base.label and base.kind == "Y" and base.said_year:
        label = f"{base.year}年度"   # said as the whole year (2023年全年, 2023年度, 1-12月): never a part of it under a
        #                              1-9月 title (periods.within_part reads a bare "2023" as that part)
    return label, "是" if (base is not None and base.is_ytd) or ytd_sheet or "累计" in ci["label"] else None, False


_PERIOD_LINE = re.compile(r"报告期|统计期|报表期|所属期|期别|统计时段")


def _date_period_cell(grid: pd.DataFrame, h0: int) -> tuple[object, tuple[int, int]] | None:
    """An Excel date typed on the 报告期 line above the header ("报告期：" | 2024-09-30): the date and its cell, so that
    the period is refused there as a date (period_is_date: month, quarter or 累计 is unclear), never taken from
    the sheet's or file's name instead."""
    for r in range(min(h0, len(grid))):
        row = grid.iloc[r].tolist()
        if not _PERIOD_LINE.search(" ".join(_text(v) for v in row if not isinstance(v, (dt.date, pd.Timestamp)))):
            continue
        for c, v in enumerate(row):
            if isinstance(v, (dt.date, pd.Timestamp)):
                return v, (r, c)
    return None


def _codes_only(hits: list[str]) -> bool:
    """Region labels that are all codes: six (or twelve) digits."""
    return bool(hits) and all(re.fullmatch(r"\d{6}(\d{6})?", t) for t in hits)


def _is_region_label(matcher: Matcher, text: str) -> bool:
    if not text or (text.isdigit() and len(text) not in (6, 12)):
        return False
    if text.isdigit() and len(text) == 12:   # a town's code is a region label too (its row is refused in build)
        text = text[:6]
    return bool(matcher.region_candidates(text)) or matcher.is_old_name(text) or \
        matcher.is_town_name(text) or \
        matcher.is_qualified_name(text)   # 邢台市清河县, 130534清河县: a unit's name with what places it


def _group_label(merged: Iterable[tuple[int, int, int, int]], r: int, lc: int, below: int, top: pd.DataFrame) -> bool:
    """Row r's one text right of the label column is a merged group label over the header row below it (R&D经费
    merged over 本期 | 上年同期 | 同比增长): a header row, not a title. A range reaching the label column is a title."""
    for a, b, c, d in merged:
        if a <= r <= c and c < below and b > lc and d > b and r < len(top) and top.iat[r, b] \
                and below < len(top) and all(top.iat[below, k] for k in range(b, min(d, top.shape[1] - 1) + 1)):
            return True
    return False


def _is_figure(v: object) -> bool:
    """A cell holding a figure: a number, or text that is only a number ("1,200", "12.5", "3%")."""
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float, np.integer, np.floating)):
        return v == v
    return isinstance(v, str) and bool(re.fullmatch(r"[-+]?\d[\d,，]*(\.\d+)?%?", v.strip()))


def _unknown_data_row(grid: pd.DataFrame, r: int, d0: int, lc: int) -> bool:
    """Row r, right above the first row of a known unit (d0), is a data row and not a header row: its label cell
    holds text that is no column heading, no note, title or 栏次, and every cell right of the labels is a figure
    standing under a figure of row d0 (the numeric cells sit under numeric columns). A header of years
    (乡镇 | 2023 | 2024) is none: figures that are all years rising by one stay a header."""
    lab = _text(grid.iat[r, lc])
    if not lab or _is_figure(lab) or role_of(lab) or NOTE_LINE.match(lab) or META_LINE.search(lab) \
            or CONTINUED.match(lab) or is_column_numbers(grid.iloc[r].tolist()):
        return False
    right = [(c, grid.iat[r, c]) for c in range(lc + 1, grid.shape[1]) if _text(grid.iat[r, c])]
    if not right or not all(_is_figure(v) and _is_figure(grid.iat[d0, c]) for c, v in right):
        return False
    nums = [v for _, v in right if isinstance(v, (int, float)) and not isinstance(v, bool)]
    years = [int(v) for v in nums if float(v).is_integer() and 1949 <= v <= 2100]
    return not (len(years) == len(right) >= 2 and years == list(range(years[0], years[0] + len(years))))


def _total_left_of_labels(matcher: Matcher, left: list[str]) -> str | None:
    """The 合计/小计 label of a row whose region cell is blank and whose one text left of it (the 序号 column, or a
    range merged over 序号 and 地区) is a 合计/总计/全市 or 小计: the row's label. Anything else: None."""
    texts = [v for v in left if v]
    if len(texts) != 1:
        return None
    t = norm(texts[0])
    return texts[0] if matcher.region_candidates(t) == {"TOTAL"} or re.fullmatch(r"(\S{0,12})小计", t) else None


# 市区合计, 各县（市）合计, 县(市)小计, 市直合计, 全市合计数, 全市总计: a row closing (or heading) a group of rows
_GROUP_TOTAL = re.compile(r"^(.{0,16}?)(?:小计|合计|合计数|总计|总计数|共计|汇总)$")
# a group of the city's units named without 合计/小计 (市区 between the districts and the counties, 县（市）): its
# subtotal all the same, never an unknown region a mapping could turn into the city's figure (br10)
_GROUP_BARE = re.compile(r"^(?:市区|各?县\(市\)|县市)$")
_WHOLE_CITY = re.compile(r"^(?:全市|全部|总|全市范围|全市各县\(市、?区\)|全市县\(市、?区\))?$")


def group_total_kind(label: str) -> str | None:
    """A row label that totals a group of rows, by its shape: "total" when it totals the whole table (全市合计数,
    全市总计, 合 计), "subtotal" for a named part (市区合计, 各县(市)合计, 县(市)小计, 市直合计, and 市区 / 县(市) alone); None for any other
    label. `label` is norm()ed (spaces gone, full-width brackets half-width)."""
    if _GROUP_BARE.match(label):
        return "subtotal"
    m = _GROUP_TOTAL.match(label)
    if not m:
        return None
    return "total" if _WHOLE_CITY.match(m.group(1)) and not label.endswith("小计") else "subtotal"


def _zone_worded_total(matcher: Matcher, label: str, own_city_row: "Callable[[str, int | None], bool]",
                       period: "Period | None") -> bool:
    """A total whose label says whether the development zones are inside it (全市合计（不含开发区）, 合计（含经济开发区）,
    邢台市（含开发区）): a 合计 row, its definition read from the label in build._check_totals. Only a whole-table
    total: 市区合计（含开发区） or 襄都区（含开发区） stays a label not understood."""
    core, word = matcher.zone_word(label)
    if word is None:
        return False
    return matcher.region_candidates(core) == {"TOTAL"} or group_total_kind(core) == "total" \
        or own_city_row(core, period.year if period is not None else None)


def _own_city_row(matcher: Matcher, labels: list[object]):
    """A row naming the table's own city (邢台市, 邢台) among rows of its county-level units is the table's 合计 by
    another name: checked against the listed units and stored as the city's figure only when the table lists the
    whole city, like any 合计. Not in a table of several cities, and not in a table without the city's units."""
    city = matcher.scope_city
    parents = dict(zip(matcher.regions["code"], matcher.regions["parent"]))
    def unit_of(lab: object) -> str | None:
        c = matcher.region_candidates(lab)
        if len(c) == 1:
            return next(iter(c))
        return matcher.region(lab) if matcher.is_qualified_name(lab) else None   # 邢台市襄都区: breaker7 A5
    units = sum(1 for lab in labels if (u := unit_of(lab)) is not None and parents.get(u) == city)
    if city is None or matcher.multi_city or not units:
        return lambda core, year: False
    names = matcher.city_names()   # the catalogue's own names (a remembered 市本级 → the city is no name of it)
    # 邢台 in a table of 2020 or before may be the former 邢台县: no 合计 then, the region verdict refuses it
    return lambda core, year: norm(core) in names and not matcher.city_short_name_was_a_county(norm(core), city, year)


P_SIDE_ZH = "工作表中并排放着两个表格"
P_SIDE_EN = "Two tables side by side on the sheet"
_BEFORE_NUMBERS = ("header_repeat", "continued", "page_number", "unit_line", "column_numbers")


_SIDE_SCAN_COLS = 64   # columns searched for a second table's region labels to the right of the first


def _header_role(top: pd.DataFrame, c: int, below: int) -> set[str]:
    """The roles of column c's texts above row `below` (its header cells)."""
    if c >= top.shape[1]:
        return set()
    return {role_of(top.iat[r, c]) for r in range(min(below, len(top))) if top.iat[r, c]} - {None}


def _figure_column(grid: pd.DataFrame, top: pd.DataFrame, c: int, rows: list[int]) -> bool:
    """Column c holds a figure on one of `rows` and is no 序号/代码 column: a value column of a table."""
    if not rows or _header_role(top, c, min(rows)) & {"seq", "row_code", "region_code", "region"}:
        return False
    return any(_is_figure(grid.iat[r, c]) for r in rows)


def _side_by_side_blocks(grid: pd.DataFrame, top: pd.DataFrame, hits: dict[int, list[int]],
                         hit_texts: dict[int, list[str]], lc: int, codes_col: int | None) -> list[dict] | None:
    """Two (or more) tables printed side by side (县 | figures || 县 | figures: a yearbook page in two halves, or
    one indicator's table beside another's): a column of region labels right of the first table's value columns
    starts a table of its own. Returns each block's columns [c0, c1), its label and codes columns and the first
    row of their labels; None for a single table. A column of labels is one with labels on two rows, or on one
    under a 地区 heading; labels with no figure column between them (代码 | 地区) are one block's."""
    cands = sorted({c for c, rows in hits.items() if len(rows) >= 2 or (rows and _header_role(top, c, rows[0])
                                                                          & {"region", "region_code"})}
                   | {lc} | ({codes_col} if codes_col is not None else set()))
    groups: list[list[int]] = []
    for c in cands:
        rows = sorted({r for k in (groups[-1] if groups else []) + [c] for r in hits[k]})
        if groups and not any(_figure_column(grid, top, k, rows) for k in range(groups[-1][-1] + 1, c)):
            groups[-1].append(c)
        else:
            groups.append([c])
    # a column repeating the labels of the block before it row by row, with no figures right of it, is that
    # block's labels printed again at the right edge (as wide yearbook tables do): no table of its own
    while len(groups) > 1:
        last, prev = groups[-1], groups[-2]
        rows = sorted({r for k in last for r in hits[k]})
        same = any([norm(_text(grid.iat[r, k])) for r in rows] == [norm(_text(grid.iat[r, j])) for r in rows]
                   for k in last for j in prev)
        if same and not any(_figure_column(grid, top, k, rows) for k in range(last[-1] + 1, grid.shape[1])):
            groups.pop()
        else:
            break
    if len(groups) < 2:
        return None
    blocks = []
    for i, grp in enumerate(groups):
        blc, bcodes = _pick_label_column({c: len(hits[c]) for c in grp}, hit_texts)
        c0 = 0 if i == 0 else grp[0]
        if i:
            first = min(hits[blc])
            while c0 - 1 > groups[i - 1][-1] and _header_role(top, c0 - 1, first) & {"seq", "row_code"}:
                c0 -= 1   # the block's own 序号 column
        blocks.append({"c0": c0, "lc": blc, "codes": bcodes,
                       "first_row": {c: hits[c][0] for c in (blc, bcodes) if c is not None}})
    for b, nxt in zip(blocks, blocks[1:] + [None]):
        b["c1"] = nxt["c0"] if nxt else grid.shape[1]
    return blocks


def _side_by_side(sheet: Sheet, matcher: Matcher, file_name: str, blocks: list[dict],
                  hits: dict[int, list[int]], hit_texts: dict[int, list[str]]) -> Layout | None:
    """Each block of tables side by side read as a table of its own: its figures belong to the region labels of
    its own label column. Above the first label, a row whose cells lie in one block only (the page's title, a
    unit line) is read by every block; a row with cells in several (表1 … | 表2 …, the headers) is split. When
    the blocks repeat the same columns (one table printed in two halves) a 合计/小计 checks the members of both
    halves (cells' sum_col, seq). A block that cannot be read as a table refuses its cells (rule side_by_side)."""
    grid = sheet.grid
    g = grid.to_numpy(dtype=object)
    nr, nc = g.shape
    blank = np.vectorize(lambda v: _text(v) == "", otypes=[bool])(g) if g.size else np.zeros(g.shape, bool)
    first = min(r for b in blocks for r in b["first_row"].values())
    owners = [{i for i, b in enumerate(blocks) if not blank[r, b["c0"]:b["c1"]].all()} for r in range(first)]
    shared = [r for r in range(first) if len(owners[r]) <= 1]
    labels = [t for b in blocks for c in (b["lc"], b["codes"]) if c is not None for t in hit_texts[c]]
    layouts: list[Layout | None] = []
    for b in blocks:
        keep = np.zeros(g.shape, dtype=bool)
        keep[:, b["c0"]:b["c1"]] = True
        keep[shared, :] = True
        sub = pd.DataFrame(np.where(keep, g, None), index=grid.index, columns=grid.columns)
        sub_sheet = replace(sheet, grid=sub, nonblank=None)
        lay = _wide_table(sub_sheet, matcher, file_name, sub.iloc[:40].map(_text), b["lc"], b["codes"], labels,
                          b["first_row"])
        ok = lay is not None and len(lay.cells) and lay.cells["indicator"].notna().any() | \
            lay.cells["raw"].map(_is_figure).any()
        layouts.append(lay if ok else None)
    matcher.set_scope(labels)
    read = [(b, lay) for b, lay in zip(blocks, layouts) if lay is not None]
    if not read:
        return None
    # one table in two halves: every block has the same columns (地区 | 高新技术企业数 | 技术合同成交额, twice)
    heads = [[norm(x) for x in lay.header_labels] for _, lay in read]
    halves = len(read) == len(blocks) and all(h == heads[0] and h for h in heads)
    cols0 = sorted(pd.unique(read[0][1].cells["col"]).tolist()) if halves else []
    frames, structure, header_labels, unmatched, problems, data_rows = [], [], [], [], [], []
    whole: dict[int, list[str | None]] = {}
    for i, (b, lay) in enumerate(read):
        cells = lay.cells.copy()
        cols = sorted(pd.unique(cells["col"]).tolist())
        to0 = dict(zip(cols, cols0)) if halves and len(cols) == len(cols0) else {}
        cells["sum_col"] = cells["col"].map(lambda c, to0=to0: to0.get(c, c)).astype(object)
        cells["seq"] = (cells["row"].astype(int) + i * 10 ** 7).astype(object)
        frames.append(cells)
        rows = np.asarray(lay.data_rows if lay.data_rows is not None else [], dtype=int)
        data_rows.append(rows)
        for r, c, k in lay.structure:
            if c < 0 and r >= 0:
                whole.setdefault(r, [None] * len(read))[i] = k
            elif r < 0:
                structure += [(int(x), c, k) for x in rows]
            else:
                structure.append((r, c, k))
        header_labels += lay.header_labels
        unmatched += lay.unmatched_columns
        problems += lay.problems
    for r, kinds in whole.items():
        unread = any(lay is None and not blank[r, b["c0"]:b["c1"]].all() for b, lay in zip(blocks, layouts))
        mine = [i for i, (b, _) in enumerate(read) if not blank[r, b["c0"]:b["c1"]].all()]
        if r in shared or (not unread and all(kinds[i] is not None for i in mine)):
            structure.append((r, -1, next(k for k in kinds if k is not None)))
        else:
            structure += [(r, c, k) for i, k in enumerate(kinds) if k is not None
                          for c in range(read[i][0]["c0"], read[i][0]["c1"])]
    refused = []
    for b, lay in zip(blocks, layouts):
        if lay is not None:
            continue
        head = max((r for r in range(b["first_row"][b["lc"]]) if _text(g[r, b["lc"]])), default=b["first_row"][b["lc"]])
        ref = _cell_ref(head, b["lc"])
        problems.append({"rule": "side_by_side", "cell": (head, b["lc"]), "row_label": "", "col_label": "",
                         "value": _text(g[head, b["lc"]]),
                         "zh": f"{P_SIDE_ZH}：{ref} 单元格所在的 {col_letter(b['lc'])} 列是第二列地区名称，右侧的数值无法确定属于哪个地区",
                         "en": f"{P_SIDE_EN}: column {col_letter(b['lc'])} ({ref}) is a second column of region "
                               "names; its figures cannot be placed",
                         "fix_zh": f"请把从 {col_letter(b['c0'])} 列起的右侧表格剪切到单独的工作表（保留标题和表头）后重新上传",
                         "fix_en": f"Move the table from column {col_letter(b['c0'])} on to a sheet of its own "
                                   "(with its title and header) and upload again"})
        refused.append((0, b["c0"], nr - 1, b["c1"] - 1))
    cells = pd.concat(frames, ignore_index=True)
    layout = Layout("wide", sheet.name, header_labels, cells, read[0][1].period, problems=problems,
                    unmatched_columns=unmatched, structure=structure,
                    data_rows=np.unique(np.concatenate(data_rows)) if data_rows else None,
                    title_part=read[0][1].title_part)
    layout.refused_ranges = refused
    return layout


def _region_hits(grid: pd.DataFrame, matcher: Matcher, width: int) -> tuple[dict[int, list[int]], dict[int, list[str]]]:
    """Per column of the first `width` columns: the rows (of the first 80) holding a region label, and their texts."""
    scan = grid.iloc[:80, :width].map(_text)
    seen: dict[str, bool] = {}
    hits, texts = {}, {}
    for c in scan.columns:
        col = scan[c]
        rows = [r for r in scan.index if (t := col.at[r]) and (seen[t] if t in seen else
                                                                 seen.setdefault(t, _is_region_label(matcher, t)))]
        hits[c], texts[c] = rows, [col.at[r] for r in rows]
    return hits, texts


def _pick_label_column(counts: dict[int, int], hit_texts: dict[int, list[str]]) -> tuple[int, int | None]:
    """(label column, codes column or None) among columns with region hits: the most hits (the leftmost on a
    tie); a column of codes only beside a column of names is the codes column."""
    lc = max(counts, key=lambda c: (counts[c], -c))
    codes_col = None
    if _codes_only(hit_texts[lc]):
        # a 地区代码 column beside the 地区 column: the names head the rows (小计, 合计 have no code), each row's
        # code is its region where given, and a code that names another unit than the name is a conflict
        names = [c for c in counts if c != lc and counts[c] and not _codes_only(hit_texts[c])]
        if names:
            codes_col, lc = lc, max(names, key=lambda c: (counts[c], -c))
    else:
        codes = [c for c in counts if c != lc and counts[c] and _codes_only(hit_texts[c])]
        codes_col = max(codes, key=lambda c: (counts[c], -c)) if codes else None
    return lc, codes_col


def _wide(sheet: Sheet, matcher: Matcher, file_name: str, top: pd.DataFrame) -> Layout | None:
    grid = sheet.grid
    hits, hit_texts = _region_hits(grid, matcher, min(grid.shape[1], _SIDE_SCAN_COLS))
    first6 = [c for c in list(hits)[:6] if hits[c]]
    if not first6:
        return None
    lc, codes_col = _pick_label_column({c: len(hits[c]) for c in first6}, hit_texts)
    blocks = _side_by_side_blocks(grid, top, hits, hit_texts, lc, codes_col)
    if blocks is not None:
        return _side_by_side(sheet, matcher, file_name, blocks, hits, hit_texts)
    all_labels = [t for c in list(hits)[:6] for t in hit_texts[c]]
    first_row = {c: hits[c][0] for c in first6}
    return _wide_table(sheet, matcher, file_name, top, lc, codes_col, all_labels, first_row)


def _wide_table(sheet: Sheet, matcher: Matcher, file_name: str, top: pd.DataFrame, lc: int, codes_col: int | None,
                all_labels: list[str], first_row: dict[int, int]) -> Layout | None:
    """One wide table whose region labels stand in column lc (and its codes in codes_col); first_row: the
    first row of a region label in each of those columns."""
    grid = sheet.grid
    matcher.set_scope(all_labels)
    own_city_row = _own_city_row(matcher, all_labels)
    d0 = first_row[lc] if codes_col is None else min(first_row[lc], first_row[codes_col])  # a coded row first
    while d0 > 0 and lc > 0 and not _text(grid.iat[d0 - 1, lc]) and \
            _total_left_of_labels(matcher, [_text(v) for v in grid.iloc[d0 - 1, :lc]]):
        d0 -= 1   # a 合计 under 序号 above the first unit is the table's first row, not a header row
    while d0 > 0 and _unknown_data_row(grid, d0 - 1, d0, lc):
        d0 -= 1   # a row of figures under an unknown label (市直单位, a town) above the first unit is a data row
    # Header block: the non-empty rows right above the first data row, stopping at title/meta lines.
    hdr = []
    r = d0 - 1
    hidden_blank = {h for h in sheet.hidden_rows if h < len(grid) and not any(_text(v) for v in grid.iloc[h])}
    while r in hidden_blank:
        r -= 1   # hidden (or filtered-out) rows under the header, blanked before reading: not a gap in the table
    numbers_rows = []
    while r >= 0 and is_column_numbers(grid.iloc[r].tolist()) and not hdr:
        numbers_rows.append(r)   # a 栏次 row between the header and the data
        r -= 1
    while r >= 0 and len(hdr) < 3:
        vals = [v for v in top.iloc[r, lc + 1:]] if r < len(top) else []
        distinct = {v for v in vals if v}
        line = " ".join(x for x in top.iloc[r] if x) if r < len(top) else ""
        if hdr and DEFAULT_UNIT.search(line):
            break   # a unit line ("（截至2025年6月末）  单位：万元、家") is context above the header, never a header row
        if not distinct or META_LINE.search(line) or (len(distinct) == 1 and len(vals) > 2 and not hdr):
            if hdr or not distinct:
                break
        if len(distinct) <= 1 and hdr and (_period_line(distinct)
                                           or (len(vals) > 2 and not _group_label(sheet.merged, r, lc, hdr[0], top))):
            # one text over the header is context: a title, or a period line (（截至9月底）, 1-9月 at the right, or
            # merged over the columns below it), the table's period combined with the title's year, never a header
            # read without that year
            break
        hdr.insert(0, r)
        r -= 1
    if not hdr:
        return None
    h0, h1 = hdr[0], hdr[-1]
    ncols = grid.shape[1]
    block = grid.iloc[h0:h1 + 1].map(_text).to_numpy(dtype=object)
    block = _fill_merged(block, sheet.merged, h0, h1, ncols)
    # Without merge info (CSV, some .xls): a group label heads the sub-columns to its right.
    for i in range(len(block) - 1):
        for c in range(1, ncols):
            if block[i, c] == "" and block[i + 1, c] != "" and block[i, c - 1] != "" and block[i + 1, c - 1] != "" \
                    and c - 1 != lc and role_of(block[i, c - 1]) in (None, "value", "base", "yoy"):
                # (本期 | 上年同期 over the indicators head theirs too: _period_lead)
                block[i, c] = block[i, c - 1]
    texts = [" ".join(x for x in top.iloc[r] if x) for r in range(min(h0, len(top)))]
    period = _context_period(texts, sheet, file_name)
    yearless, period_at = _yearless_period_cell(top, h0) if period is None or period.label is None else (None, (0, 0))
    if period is not None and period.kind in ("conflict", "unclear"):
        yearless, period_at = _context_problem(texts, sheet, file_name), _period_cell(top, h0, texts, sheet, file_name)
        period = None
    if (typed := _date_period_cell(grid, h0)) is not None:
        yearless, period_at = typed
        period = None
    default_unit, line_problem, line_conflict, line_at = _unit_lines(top, h0)
    ytd_sheet = any("累计" in t for t in texts)
    # Column roles
    colinfo = []
    unmatched = []
    label_cols: set[int] = set()
    rank_cols: set[int] = set()
    row_period_col = None   # a 年份 / 时间 column: each row's own period (县 | 年份 | R&D经费 | 高企, a row per year)
    period_only = []   # columns headed by a period alone (2023年 | 2024年): the title names their indicator
    table_year = period.year if period is not None and period.label else None
    if period is None:   # 2024年各月R&D经费 over 1-9月 | 9月: the columns are that year's (br10)
        table_year = next((y for t in texts if (y := breakdown_year(t)) is not None), None)
    sub_owner = None   # the last value column a later 其中 column can be a part of
    for c in range(ncols):
        if c == lc:
            continue
        parts, unit, cperiod = [], None, None
        stated = []   # (unit, header row) of each unit the column's header cells state: a name's brackets, a unit row
        for i in range(len(block)):
            v = block[i, c]
            if not v or (parts and parts[-1] == v):
                continue
            if (said := _period_in_name(v, matcher)) is not None:
                # one cell saying the period and the indicator (2024年1-9月R&D经费（万元）, R&D经费（2024年1-9月）): read
                # as a period header over the indicator's, by the same rules (br10)
                cell_period, v = said
                if cperiod is None:
                    cperiod = cell_period
            base, u = split_unit(v)
            if (alone := cell_unit(v, with_name=False)):
                unit = alone   # a unit row's cell: 万元, 亿, （万元）, 金额单位：元 (br8 u08: an unknown indicator)
                stated.append((unit, h0 + i))
                continue
            if u in UNIT_WORDS:
                stated.append((u, h0 + i))
            p = parse_period(v)
            if p is None and table_year is not None:
                # a header the title's year completes: 全年 over its column beside 上半年 | 前三季度 (br10)
                p = parse_period(v, table_year)
            if p is not None and p.label is None and p.kind != "Y" and table_year is not None:
                # a group header naming a part of the year without the year ("1-9月" over its columns, the title
                # "邢台市2024年县域科技指标"): that part of the table's year, never dropped for the year itself
                p = Period(period_label(table_year, p.sub, p.kind), p.kind, p.is_ytd, table_year, p.sub)
            if p is not None and p.label and len(norm(base)) <= 12 and not matcher.catalogue_indicator(base):
                cperiod = p
                continue
            unit = u or unit
            parts.append(v)
        # a header cell saying targets, plans or estimates (目标任务（万元）, 2024年目标 over R&D经费, 全年计划): the
        # column holds no statistics, refused naming that cell (never read as its indicator or as a year's column)
        target = next(((i, w) for i in range(len(block)) if (w := not_actuals_word(block[i, c]))), None)
        not_actual = target and {"refused_rule": "not_actuals", "refused": f"表头「{block[target[0], c]}」中有“{target[1]}”，"
                                 "该列是目标、计划或预计数，不是统计数"}
        if not parts:
            if cperiod is not None:
                header_row = max(i for i in range(len(block)) if block[i, c]) + h0
                period_only.append({"col": c, "label": _text(block[header_row - h0, c]), "unit": unit or default_unit,
                                    "period": cperiod, "hrow": header_row, "role": "value", "indicator": None,
                                    "stated": stated, **(not_actual or {})})
            continue
        role = role_of(parts[-1])
        if role == "period" and row_period_col is None and c != lc:
            row_period_col = c
            label_cols.add(c)
            continue
        if role == "rank":   # 位次 / R&D经费 over 位次: the product ranks itself; structure, never a figure
            rank_cols.add(c)
            continue
        label = " / ".join(parts)
        lead, parts = _period_lead(parts, matcher)   # 本期 | 上年同期 over the indicators, 上年R&D经费, R&D经费（上年）
        header_row = max(i for i in range(len(block)) if block[i, c]) + h0
        info = {"col": c, "label": label, "unit": unit or default_unit, "period": cperiod, "hrow": header_row,
                "unit_conflict": _header_unit_conflict([("header", u, (r, c)) for u, r in stated])
                or (line_conflict if not unit else None),
                "unit_at": _cell_ref(stated[-1][1], c) if unit and stated else _cell_ref(*line_at) if line_at else None}
        if role in ("seq", "row_code", "region", "region_code", "unit") or (role == "parent" and c < lc):
            label_cols.add(c)
            continue
        if lead in ("base", "yoy"):
            info["role"], info["indicator"] = lead, matcher.indicator_from_parts(parts)
        elif role == "note":
            info["role"] = "note"
        elif role in ("yoy", "base") and len(parts) > 1:
            info["role"], info["indicator"] = role, matcher.indicator_from_parts(parts[:-1])
        elif role in ("yoy", "base") and (owner := _side_owner(colinfo, c, role)):
            # "R&D经费（万元） | 同比增长 | 高新技术企业数 | 同比增长": a bare 同比/上年同期 column belongs to the
            # indicator right before it, as in a merged header (never read as an indicator of its own)
            info["role"], info["indicator"] = role, owner
        elif (mark := _item_part(parts)) is not None and not any(matcher.indicator(x) for x in parts[:mark]):
            # a one-row header's "其中：规上工业企业" / "#本地" column is a part of the indicator column left of it
            # (R&D经费 | 其中：规上工业企业 = IND_RD_EXP; 技术合同成交额 | 其中：本地 = TECH_CONTRACT_LOCAL), read as
            # a form's 其中 row is (Matcher.part_verdict), never by its own name alone (规上工业企业 = IND_FIRMS
            # would store 万元 as 家); refused when it is no catalogue part of that column or there is none
            # under a group (研发投入 over R&D经费 | 其中：规上工业企业, br8 h3_04) the same: a part of the value column
            # left of it under the same group heads, never its own name's indicator
            owner = sub_owner if sub_owner is not None and sub_owner.get("indicator") \
                and sub_owner["parts"][:mark] == parts[:mark] else None
            if owner is None:
                code, why = None, f"「{parts[mark]}」是其中项，但它左侧没有它所属的指标列"
            else:
                whole = [x for x in owner["parts"] if role_of(x) is None]
                code, why = matcher.part_verdict([*whole, parts[mark]], sub_item=True)
                why = why and f"{why}（左侧 {col_letter(owner['col'])}列）"
                if not stated:
                    info["unit"] = owner["unit"]   # a part is in its whole's unit unless its header says otherwise
            info["role"], info["indicator"] = "value", code
            if why:
                info["refused"], info["refused_rule"] = why, "sub_column_refused"
                # named on the cell saying 其中 (a role word such as 本期 may stand below it)
                info["hrow"] = h0 + next((i for i in range(len(block)) if block[i, c] == parts[mark]), header_row - h0)
        else:
            code, why = matcher.part_verdict(parts)
            info["role"], info["indicator"] = "value", code
            if why:   # a sub-column under a population of firms (高新技术企业 over R&D经费): theirs, refused in build
                info["refused"] = why
            sub_owner = {**info, "parts": parts}
            sub_word = strip_prefix(split_unit(parts[-1])[0]) if len(parts) > 1 else ""
            if sub_word in SUB_PERIOD_WORDS:
                info["sub_word"] = sub_word   # 本月 / 本季 / 本年累计 under the group: a period of its own
        if not_actual and info.get("role") == "value":
            info.update(not_actual, indicator=None)
        colinfo.append(info)
    if period_only and not any(ci["role"] == "value" for ci in colinfo):
        # a yearbook series ("邢台市各县（市、区）高新技术企业数" over 县 | 2023年 | 2024年): the one indicator the
        # title names (Matcher.indicator_in_title), else each column is an unknown indicator the user can map
        code = matcher.indicator_in_title(texts)
        # the title's own brackets (…研究与试验发展(R&D)经费（亿元）) state the unit of the indicator it names, like a
        # unit line; the column's own unit row first, and two of them naming different units are a conflict
        said = [("title", u, cell) for u, cell in _title_units(top, h0)] if code else []
        line = _unit_line_cell(top, h0) if default_unit and "|" not in default_unit else None
        said += [("unit_line", default_unit, line)] if line else []
        for ci in period_only:
            ci["indicator"] = None if ci.get("refused") else code or matcher.indicator(ci["label"])   # or as mapped
            own = [("header", u, (r, ci["col"])) for u, r in ci.pop("stated")]
            ci["unit_conflict"] = _header_unit_conflict(said + own)
            ci["unit"] = next((u for _k, u, _c in own), None) or next((u for k, u, _c in said if k == "title"), None) \
                or ci["unit"]
        colinfo = sorted(colinfo + period_only, key=lambda ci: ci["col"])
    _refuse_sides_alone(colinfo)
    # Data rows: each row is a county (data), a part of the row above/of the total (其中), a subtotal,
    # the total, or structure (续表, repeated header, 栏次, a note line in the middle of the table).
    structure = _structure_above(top, h0) + [(r, -1, "header") for r in range(h0, h1 + 1)] \
        + [(r, -1, "column_numbers") for r in numbers_rows]
    if line_problem is not None:   # a unit line not understood is no structure: its cell is refused by the problem
        lr, lcol = line_problem["cell"]
        structure = [x for x in structure if x[0] != lr] + [
            (lr, c, "unit_line") for c, v in enumerate(top.iloc[lr]) if c != lcol and _text(v)]
    rows = np.arange(d0, len(grid))
    labels = grid.iloc[rows, lc].map(_text).reset_index(drop=True)
    for a, b, c, d in sheet.merged:
        # a region cell merged down over its rows (清河县 over its 2024年1-9月 and 2023年1-9月 rows) labels each of
        # them, as Excel shows it (br10; a long form alike: _fill_label_merges)
        if b == d == lc and d0 <= a < c and labels.iat[a - d0]:
            labels.iloc[a - d0 + 1:min(c, len(grid) - 1) - d0 + 1] = labels.iat[a - d0]
    stop = _footer_rows(grid, rows)
    if stop is not None:
        structure += _footer_structure(grid, rows[stop:])
        rows, labels = rows[:stop], labels.iloc[:stop]
    header_norm = [norm(x) for x in block[-1]]
    header_rows = [[norm(_text(v)) for v in grid.iloc[h]] for h in range(h0, h1 + 1)]
    titles = {norm(t) for t in texts if t}
    row_kinds = []
    row_section: list = []   # per kept row: None, or (period text, cell) of a stacked table's own title above it
    section = None
    keep = np.zeros(len(rows), dtype=bool)
    clean_labels = labels.copy()
    under_header = True   # the row stands right under the header or a repeated header (where a 栏次 row may)
    instructions = False  # below a 填报说明 / 例： line (INSTRUCTIONS_LINE): the rest is instructions
    for i, (r, lab) in enumerate(zip(rows, labels)):
        line = [_text(v) for v in grid.iloc[r]]
        n_structure = len(structure)
        was_under_header = under_header
        if not lab and codes_col is not None and _text(grid.iat[r, codes_col]):
            lab = clean_labels.iat[i] = _text(grid.iat[r, codes_col])   # a code without its name
        if not lab and (left := _total_left_of_labels(matcher, line[:lc])):
            lab = clean_labels.iat[i] = left   # "合计" written under 序号 (often merged over 序号 and 地区)
        if not lab:
            kind = _page_break_kind(line, header_rows, titles)
            if kind:
                structure.append((int(r), -1, kind))
            elif any(line) and was_under_header and is_column_numbers(line):
                structure.append((int(r), -1, "column_numbers"))
            if any(line):
                under_header = len(structure) > n_structure and structure[-1][2] in _BEFORE_NUMBERS
            continue
        n = norm(lab)
        page_break = _page_break_kind(line, header_rows, titles) if not any(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in grid.iloc[r].tolist()[lc + 1:]) else None
        if CONTINUED.match(lab) or n in ("续表", "续上表"):
            structure.append((int(r), -1, "continued"))
        elif page_break in ("continued", "page_number", "unit_line"):
            structure.append((int(r), -1, page_break))
        elif role_of(lab) in ("region", "region_code", "seq") or \
                sum(1 for a, b in zip((norm(x) for x in line), header_norm) if a and a == b) >= 2:
            heads = [norm(x) for x in line]
            if any(all(not a or k <= lc or (k < len(h) and a == h[k]) for k, a in enumerate(heads))
                   for h in header_rows):
                structure.append((int(r), -1, "header_repeat"))
            else:
                # the header of a second table stacked below, naming other columns: its rows are refused (never
                # read under this table's indicators), naming this row
                structure.append((int(r), -1, "header"))
                others = "、".join(x for x in line[lc + 1:] if x)
                section = (OTHER_TABLE + f"第 {r + 1} 行起是另一个表格，表头「{others}」与上面的表格不同", (int(r), lc))
        elif was_under_header and is_column_numbers(line):
            structure.append((int(r), -1, "column_numbers"))
        elif instructions or (INSTRUCTIONS_LINE.match(lab) and any(keep)):
            # this line (an example's own figures too: 例：南宫市 | 99999) and every row below it, below the table's
            # first data row only
            instructions = True
            structure.append((int(r), -1, "instructions"))
        elif NOTE_LINE.match(lab) and not any(isinstance(v, (int, float)) and not isinstance(v, bool)
                                              for v in grid.iloc[r].tolist()[lc + 1:]):
            structure.append((int(r), -1, footer_kind(" ".join(x for x in line if x))))
        elif sum(1 for x in line if x) == 1 and not matcher.region_candidates(strip_prefix(n)) \
                and (parse_period(lab) is not None or mentions_period(lab)):
            # the title of a second table stacked below ("二、2023年1-9月各县R&D经费"): its rows are of its period;
            # one that differs from the table's (or is not understood) refuses them, naming this title
            structure.append((int(r), -1, "title"))
            sp = parse_period(lab)
            same = sp is not None and period is not None and period.label is not None and _agree(sp, period) \
                and (sp.kind == "Y" or (sp.kind, sp.sub, sp.is_ytd) == (period.kind, period.sub, period.is_ytd))
            first = next((t for t in texts if t), period.label if period is not None else "")
            section = None if same else (PERIOD_CONFLICT + f"「{first}」与下方另一表格的标题「{lab}」"
                                         "（请把第二个表格放到单独的工作表）", (int(r), lc))
            if (word := not_actuals_word(lab)):   # 二、2024年目标任务 below the actuals: its rows are targets
                section = (NOT_ACTUALS_TEXT + f"「{lab}」中有“{word}”", (int(r), lc))
        else:
            row_section.append(section)
            keep[i] = True
            part = bool(re.match(r"^(其中|#|＃)", n))
            core = strip_prefix(n) if part else n
            if "小计" in core:
                row_kinds.append("subtotal")
            elif matcher.region_candidates(core) == {"TOTAL"} or (not part and own_city_row(core, period.year if period is not None else None)):
                row_kinds.append("total")
            elif not part and _zone_worded_total(matcher, core, own_city_row, period):
                row_kinds.append("total")   # 全市合计（不含开发区）: a total saying its own definition (build._check_totals)
            elif (group := group_total_kind(core)):
                row_kinds.append(group)
            else:
                row_kinds.append("part" if part else "data")
            clean_labels.iat[i] = core if part else lab
        under_header = len(structure) > n_structure and structure[-1][2] in _BEFORE_NUMBERS
    rows, labels = rows[keep], clean_labels[keep].reset_index(drop=True)
    row_kinds = np.array(row_kinds, dtype=object)
    # A "其中" row is a part of the row above it (the nearest row that is not itself a part). Under the city's
    # total it is the city's own part (其中：经济开发区 = the city's zone); under a county (a data row) it is a
    # part of that county, never a region of its own: refused in build (rule region_part_of_unit).
    part_of = np.full(len(rows), None, dtype=object)
    above = None
    for i, kind in enumerate(row_kinds):
        if kind != "part":
            above = i
        elif above is not None and row_kinds[above] == "data":
            part_of[i] = f"{labels.iat[above]}|{col_letter(lc)}{rows[above] + 1}"
    g = grid.to_numpy(dtype=object)
    label_cols |= _unheaded_serial_columns(g, rows, lc, label_cols | {ci["col"] for ci in colinfo})
    structure += [(-1, c, "label") for c in sorted(label_cols | {lc})] + [(-1, c, "rank") for c in sorted(rank_cols)]
    value_cols = [ci for ci in colinfo if ci["role"] == "value"]
    # A column whose data cells are all blank is decoration, not an unmatched indicator.
    def has_data(c):
        return any(_text(x) for x in g[rows, c]) if len(rows) else False
    value_cols = [ci for ci in value_cols if ci["indicator"] or has_data(ci["col"])]
    for ci in value_cols:
        if not ci["indicator"]:
            unmatched.append({"label": ci["label"], "row": ci["hrow"], "col": ci["col"]})
    notes_col = next((ci["col"] for ci in colinfo if ci["role"] == "note"), None)
    side = {(ci["role"], ci["indicator"]): ci["col"] for ci in colinfo if ci["role"] in ("yoy", "base") and ci["indicator"]}
    nr, nc = len(rows), len(value_cols)
    vcols = np.array([ci["col"] for ci in value_cols], dtype=int)
    rr = np.repeat(rows, nc)
    cc = np.tile(vcols, nr)
    inds = np.tile(np.array([ci["indicator"] for ci in value_cols], dtype=object), nr)
    base_cols = np.tile(np.array([side.get(("base", ci["indicator"]), -1) for ci in value_cols], dtype=int), nr)
    yoy_cols = np.tile(np.array([side.get(("yoy", ci["indicator"]), -1) for ci in value_cols], dtype=int), nr)
    col_periods = [_column_period(ci, ci["period"] or period, yearless, ytd_sheet) for ci in value_cols]
    if period is not None and period.kind == "Y" and period.label and \
            any(full_year_span(x) and "累计" in x for x in texts):
        # "2024年1—4季度累计" above the table: the Q4 累计 (快报) of its flows, as in a long form (build)
        said = f"{period.label}年1—4季度累计"
        col_periods = [(said if cp[0] == period.label else cp[0], *cp[1:]) for cp in col_periods]
    period_texts = np.tile(np.array([cp[0] for cp in col_periods], dtype=object), nr)
    ytd = np.tile(np.array([cp[1] for cp in col_periods], dtype=object), nr)
    period_rows = np.tile(np.array([ci["hrow"] if cp[2] else period_at[0] for ci, cp in zip(value_cols, col_periods)],
                                   dtype=int), nr)
    period_cols = np.tile(np.array([ci["col"] if cp[2] else period_at[1] for ci, cp in zip(value_cols, col_periods)],
                                   dtype=int), nr)

    if row_period_col is not None and nr:
        # each row's period from its own cell (a blank one: no period, refused on that cell); the title's year
        # lends itself to a yearless cell ("1-9月" under "2024年…") as it does to a header
        own = np.array([_text(x) for x in g[rows, row_period_col]], dtype=object)
        if period is not None and period.year:
            read = [parse_period(t) if t else None for t in own]
            own = np.array([f"{period.year}年{t}" if p is not None and not p.year else t for t, p in zip(own, read)],
                           dtype=object)
        period_texts = np.repeat(own, nc)
        period_rows, period_cols = np.repeat(rows, nc).astype(int), np.full(nr * nc, row_period_col, dtype=int)

    def pick(cols):
        out = np.full(len(rr), None, dtype=object)
        ok = cols >= 0
        out[ok] = g[rr[ok], cols[ok]]
        return out

    notes = np.repeat(np.array([_text(x) for x in (g[rows, notes_col] if notes_col is not None else [""] * nr)],
                               dtype=object), nc)
    for i, sec in enumerate(row_section):
        if sec is not None and nc:
            period_texts[i * nc:(i + 1) * nc] = sec[0]
            period_rows[i * nc:(i + 1) * nc], period_cols[i * nc:(i + 1) * nc] = sec[1]
    cells = pd.DataFrame({
        "sheet": sheet.name, "row": rr, "col": cc,
        "row_label": np.repeat(labels.to_numpy(dtype=object), nc),
        "col_label": np.tile(np.array([ci["label"] for ci in value_cols], dtype=object), nr),
        "region_label": np.repeat(labels.to_numpy(dtype=object), nc),
        "indicator": inds,
        "indicator_label": np.tile(np.array([ci["label"] for ci in value_cols], dtype=object), nr),
        "unit": np.tile(np.array([ci["unit"] for ci in value_cols], dtype=object), nr),
        "period_text": period_texts, "ytd_text": ytd,
        "raw": g[rr, cc] if nc and nr else np.array([], dtype=object),
        "base_raw": pick(base_cols), "base_row": rr, "base_col": base_cols,
        "yoy_raw": pick(yoy_cols), "yoy_row": rr, "yoy_col": yoy_cols,
        "note": notes, "status_raw": None, "row_kind": np.repeat(row_kinds, nc),
        "region_row": rr, "region_col": lc,
        "ind_row": np.tile(np.array([ci["hrow"] for ci in value_cols], dtype=int), nr), "ind_col": cc,
        "period_row": period_rows, "period_col": period_cols,
    }, columns=[*CELL_COLUMNS, "row_kind"], dtype=object)
    if any(p is not None for p in part_of):
        cells["part_of"] = np.repeat(part_of, nc)
    if nr and any(ci.get("refused") for ci in value_cols):
        cells["ind_refused"] = np.tile(np.array([ci.get("refused") for ci in value_cols], dtype=object), nr)
        cells["ind_refused_rule"] = np.tile(np.array([ci.get("refused_rule") for ci in value_cols], dtype=object), nr)
    side_units = {ci["indicator"]: ci.get("unit") for ci in colinfo if ci.get("role") == "base" and ci.get("indicator")
                  and ci.get("unit") and ci.get("unit") != default_unit}
    if nr and side_units:   # a 上年同期 column stating its own unit (build reads the base in it)
        cells["base_unit"] = np.tile(np.array([side_units.get(ci["indicator"]) for ci in value_cols], dtype=object), nr)
    if nr and period is not None and period.kind in ("Q", "M") and not period.is_ytd and \
            _bare_code_said([*texts, sheet.name, re.sub(r"\.[A-Za-z]+$", "", file_name or "")]):
        # the title says only a code (邢台市县域科技指标 2024Q3): neither 累计 nor 当季, as a long form's bare period
        # cell; build refuses its flows (ytd_unsaid) on the title's cell (br8 p26), never the single quarter
        cells["period_bare"] = np.tile(np.array([not cp[2] for cp in col_periods], dtype=bool), nr)
    if nr and any(ci.get("unit_conflict") for ci in value_cols):
        # a column whose header cells (or title and unit line) state two different units: refused in build
        # (rule unit_conflict), reported on the second source's cell, naming both
        per_col = [ci.get("unit_conflict") or (None,) * 7 for ci in value_cols]
        for k, name in enumerate(("unit_conflict", "unit_head_kind", "unit_other_kind", "unit_head_cell",
                                  "unit_other_cell", "unit_row", "unit_col")):
            cells[name] = np.tile(np.array([x[k] for x in per_col], dtype=object), nr)
    if codes_col is not None and nr:
        code_texts = pd.Series([_text(v) for v in g[rows, codes_col]], dtype=object)
        name_texts = pd.Series(labels.to_numpy(dtype=object), dtype=object)
        data_row = pd.Series(row_kinds == "data")
        name_texts = name_texts.where(name_texts.ne(code_texts), "")
        conflict = _code_name_conflicts(matcher, code_texts.where(data_row, ""), name_texts.where(data_row, ""), period)
        use_code = (code_texts.ne("") & data_row).to_numpy()
        cells["region_label"] = np.repeat(np.where(use_code, code_texts.to_numpy(dtype=object),
                                                   labels.to_numpy(dtype=object)), nc)
        cells["region_col"] = np.repeat(np.where(use_code, codes_col, lc), nc)
        cells["region_conflict"] = np.repeat(np.array([f"{c}|{n}" if bad else None for c, n, bad in
                                                       zip(code_texts, name_texts, conflict)], dtype=object), nc)
    header_labels = [ci["label"] for ci in colinfo]
    structure += [(-1, ci["col"], "label") for ci in colinfo if ci["role"] == "note"]
    if nr and "unit_at" not in cells:
        cells["unit_at"] = np.tile(np.array([ci.get("unit_at") for ci in value_cols], dtype=object), nr)
    layout = Layout("wide", sheet.name, header_labels, cells, period, unmatched_columns=unmatched,
                    structure=structure, data_rows=rows, problems=[line_problem] if line_problem else [],
                    title_part=_title_part(texts))
    return layout
