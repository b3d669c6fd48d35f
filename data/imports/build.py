"""From a layout's cells to observations: match regions and indicators, resolve periods, parse numbers,
convert units, check 小计 and 合计 rows. Problems found on the way (per cell) are returned with the
observations; the fate of every value cell (imported, refused, or checked structure) is left on
`layout.value_fates` for the cell accounting (data.imports.accounting).

Rules that refuse rather than guess:
- a percent-formatted number (0.1181 shown as 11.81%) is 11.81 (%), read from the cell's number format;
- a table unit line naming several units ("单位：万元、家"): each column takes the one unit that fits its
  indicator; none fitting, or several that would read different figures (万元、亿元), is an error, while
  several count units (家、个) read a count column alike;
- a date typed where a period was meant is an error (Excel turned "2024-9" into a date);
- a period that has not ended yet (its last day is today or later) is an error naming it and today;
- 小计 rows are checked against their group and never imported: the rows since the previous subtotal, or,
  where the 小计 rows stand above their members (全市合计, 市区小计, 襄都区 …), the rows down to the next
  小计 or 合计; a 合计 row is
  checked against the rows of the units that make up a city's total (data.catalogue.CITY_TOTAL_LEVELS:
  county-level units and development zones listed as rows of their own); a "其中：" row is, by the
  table's own word, a part already inside the total and never added. The 合计 is stored as the city's
  figure only when the table lists every county-level unit of the city and every development zone (or the label
  says 含开发区, or a 其中 row under it names the zone); a 合计 without the zone's row, one equal to the counties
  alone, or one saying 不含开发区 is checked and never the city's figure (_total_is_city). Counts must add up exactly;
  amounts may differ by the rounding of the decimals shown (half a unit of the last place per member).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd

from data.catalogue import CITY_TOTAL_LEVELS
from data.frames import Distinct, apply_distinct, map_distinct
from data.imports import mappings
from data.imports import problems as P
from data.imports.validate import total_tolerance
from data.imports.bounds import col_letter
from data.imports.clean import (DECIMAL_POINT, excel_error, number_style, parse_numbers, separator_doubts,
                                unit_factor)
from data.imports.match import ZONE_EXCLUDED, ZONE_INCLUDED, Matcher, norm, split_unit
from data.imports.periods import BARE_CODE, full_year_span, issue_word, parse_period, parse_ytd_flag, within_part, ytd_said
from data.imports.table_shapes import (NOT_ACTUALS_TEXT, NOTE_MARKERS, UNREAD_UNIT, NOT_MONEY, OTHER_TABLE, PERIOD_CONFLICT,
                                      PERIOD_SUBCOLUMN, PERIOD_UNCLEAR, Layout, note_periods, note_text, note_verdict)
from indicators.conventions import MONEY_UNITS
from data.workflow.periods import has_ended, period_end, today_cst

BARE_PERIOD_CODE = re.compile(rf"^{BARE_CODE}$")  # "2024Q3", "2024M09": codes without 累计/当季 (periods.BARE_CODE)

STATUS = {"快报": "preliminary", "初步": "preliminary", "预计": "estimated", "估算": "estimated", "正式": "final",
          "最终": "final", "修订": "revised", "preliminary": "preliminary", "final": "final", "revised": "revised",
          "estimated": "estimated"}


_TEXT = pd.Series(["imported"]).dtype   # the dtype pandas gives a column of texts (its Arrow strings)
_FATES = pd.array(["refused", "structure", "imported"], dtype=_TEXT)   # a value cell's fate by code 0, 1, 2


def _unclear_zh(said: str) -> str:
    """missing_period's words for a period phrase not understood whole: an issue's or a round's number (第9期, 第三次)
    or 截至目前 leaves the period unsaid; a batch's or a week's figures (第一批, 第36周) are no period's (breaker6 A4)."""
    word = issue_word(said)
    if word and word[-1] in "批周":
        return (f"{said} 中的“{word}”表明这是一批（一周）的数，不是某一期别的统计数，不能按年度或累计数导入；"
                "请上传该期别的统计数，并在标题中写明期别，如“2024年1-9月”“2024年度”")
    if word:
        return (f"{said} 中的“{word}”是期号、调度次数或时点，不是数据所属期别；"
                "请在标题或“报告期”中写明期别，如“2024年1-9月”“2024年三季度”“2024年度”")
    return said + " 中的期别写法无法完整识别，请改为“2024年1-9月”“2024年三季度”“2024年度”这样的写法"


def _remembered_indicator(matcher: Matcher, label: object) -> str | None:
    key = ("indicator", norm(label))
    code = matcher.remembered.get(key)
    if code is not None:
        matcher.used.add(key)
    return code


def _scaled(values: pd.Series, factor: pd.Series) -> pd.Series:
    """Unit conversion without binary noise: 3.26 亿元 is 32600 万元, not 32599.999999999996 (the product is
    rounded to 9 significant digits beyond the figure's own, far below any reported precision)."""
    out = values * factor
    conv = factor.ne(1.0) & out.notna()
    if conv.any():
        out[conv] = [float(f"{v:.12g}") for v in out[conv]]
    return out


def _unit_factor_keyed(pairs: pd.DataFrame) -> pd.Series:
    """unit_factor per row of pairs (u: the file's unit, t: the catalogue unit), keyed by the pair's text
    "u→t" (a missing side makes the key missing): one factor per key, the first row's."""
    fkey = pairs["u"].astype(str) + "→" + pairs["t"].astype(str)
    uniq = pairs.assign(k=fkey).drop_duplicates("k")
    flook = {k: (unit_factor(u, t) if isinstance(t, str) else 1.0) for k, u, t in zip(uniq["k"], uniq["u"], uniq["t"])}
    return fkey.map(flook)


# How a unit_conflict names each of its two sources (table_shapes.row_units / the wide header's units): (zh, en)
# before the cell; a row's 计量单位 cell is named by its reference alone.
_UNIT_SOURCE_WORDS = {"header": ("表头 ", "header "), "label": ("指标名称 ", "indicator name "), "column": ("", ""),
                      "title": ("标题 ", "title "), "unit_line": ("单位行 ", "unit line ")}


def _unit_factors(pairs: pd.DataFrame) -> pd.Series:
    """_unit_factor_keyed, computed on the first row of each distinct (u, t) pair and spread back by integer
    codes. Only when both sides are text or missing (pairs the factorisation merges, 1.0 and True, would
    key apart): otherwise on every row."""
    uc, uu = pd.factorize(pairs["u"], use_na_sentinel=False)
    tc, tu = pd.factorize(pairs["t"], use_na_sentinel=False)
    if not all(pd.api.types.infer_dtype(np.asarray(x, dtype=object), skipna=True) in ("string", "empty")
               for x in (uu, tu)):
        return _unit_factor_keyed(pairs)
    codes, _ = pd.factorize(uc.astype(np.int64) * (len(tu) + 1) + tc)
    _, firsts = np.unique(codes, return_index=True)
    per_pair = _unit_factor_keyed(pairs.iloc[firsts]).to_numpy()
    return pd.Series(per_pair[codes], index=pairs.index)


def _excel_errors(raw: pd.Series) -> pd.Series:
    """Bool Series: the cells holding an Excel error value (clean.excel_error), judged once per distinct text."""
    texts = raw.map(type).eq(str) if len(raw) else pd.Series(False, index=raw.index)
    out = pd.Series(False, index=raw.index)
    if texts.any():
        out[texts] = apply_distinct(raw[texts], lambda v: excel_error(v) is not None).astype(bool)
    return out


def _format_units(cells: pd.DataFrame, unit_cells: dict, judged: pd.Series, probs: list) -> pd.Series:
    """A unit written by a value cell's number format ('0.0000"亿元"': Excel shows 1.2305 as 1.2305亿元) is a unit
    source of that figure like its header, unit row, unit line or name. Where the column or row states no unit the
    figure is read in the format's (cells.unit set to it; converted or refused like any unit); where it states one
    that reads another figure (万元, or 人 against 人次), the cell is unit_conflict naming both. Returns the clash mask."""
    fu = pd.Series([unit_cells.get((r, c)) for r, c in zip(cells["row"], cells["col"])], index=cells.index,
                   dtype=object)
    has = fu.notna() & judged
    out = pd.Series(False, index=cells.index)
    if not has.any():
        return out
    cells["unit"] = cells["unit"].astype(object)
    src = cells["unit"]
    stated = has & src.map(lambda u: isinstance(u, str) and u.strip() != "").astype(bool)
    cells.loc[has & ~stated, "unit"] = fu[has & ~stated]
    if not stated.any():
        return out
    def fits(pair: tuple[str, str]) -> bool:
        listed = [x for x in pair[0].split("|") if x != "__ambiguous__"]
        return any(unit_factor(pair[1], x) == 1.0 for x in listed) or not listed
    pairs = pd.Series(list(zip(src[stated], fu[stated])), index=src[stated].index, dtype=object)
    out[stated] = ~apply_distinct(pairs, fits).astype(bool)
    if out.any():
        c = cells[out].copy()
        c["_fmt"] = fu[out]
        at = c["unit_at"].fillna("") if "unit_at" in c else pd.Series("", index=c.index)
        ind_at = pd.Series(P.cell_refs(c["ind_row"], c["ind_col"]), index=c.index)
        at = at.where(at.ne(""), ind_at)
        here = pd.Series(P.cell_refs(c["row"], c["col"]), index=c.index)
        said = c["unit"].astype(str).str.replace("|", "、")

        def apart(u: str, f: str) -> str:
            k = unit_factor(f, u.split("|")[0])
            return "两种单位计量的不是同一种量" if k is None else f"两种单位读出的数相差 {P.show_value(max(k, 1 / k))} 倍"
        probs.append(P.make("unit_conflict", c, value="_fmt",
                            extra_zh="单位 " + at + " 为“" + said + "”，数字格式 " + here + " 为“" + c["_fmt"].astype(str)
                            + "”（Excel 显示为 " + P.txt(c["raw"]) + c["_fmt"].astype(str) + "），"
                            + pd.Series([apart(u, f) for u, f in zip(c["unit"], c["_fmt"])], index=c.index),
                            extra_en="the unit at " + at + " says " + said + ", the number format of " + here + " says "
                            + c["_fmt"].astype(str)))
    return out


def _label_text(v: object) -> str:
    """A label cell as text: numbers typed as numbers (130534.0) read as "130534"."""
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _separator_unsure(frame: pd.DataFrame, style: str | None, **where: str) -> pd.DataFrame:
    """Rule separator_unsure for the cells of `frame`, saying why the file's other numbers do not settle it."""
    why = ("文件中其他数字用小数点（如 12.5），逗号不会被当作小数点", "the file's other numbers use a decimal point "
           "(12.5), so a comma is not read as one") if style == DECIMAL_POINT else \
        ("文件中的其他数字不能确定小数点用的是逗号还是点", "the file's other numbers do not tell whether the decimal "
         "mark is a comma or a point")
    return P.make("separator_unsure", frame, extra_zh=why[0], extra_en=why[1], **where)


def resolve_unit(unit: object, target: object) -> str | None:
    """"万元|家" (a table unit line naming several units) -> the one that fits the catalogue unit `target`;
    None when none fit, or several fit with different factors (万元、亿元 for a money column). Several that
    read the same figure (家、个 for a count column) are no ambiguity: the catalogue unit when listed.
    A single unit is returned as it is (checked later by unit_factor)."""
    if not isinstance(unit, str) or "|" not in unit:
        return unit
    if not isinstance(target, str):
        return None
    listed = unit.split("|")
    if NOT_MONEY in listed:   # 金额单位：万元 — a column that is no amount keeps its catalogue unit
        listed.remove(NOT_MONEY)
        if target not in MONEY_UNITS:
            return target
    fits = [u for u in listed if unit_factor(u, target) is not None]
    if len({unit_factor(u, target) for u in fits}) != 1:
        return None
    # Several count units (单位：万元、家、个) read the same figure: the column's own unit when listed.
    return target if target in fits else fits[0]


def _merged_over_keys(cells: pd.DataFrame, merged: list) -> pd.Series:
    """Per value cell: the range ("B3:B4") of a merged cell that covers it together with another value cell of a
    different key (region, indicator, period), "" elsewhere. Only the range's first cell holds the figure; the
    others are blank and the figure belongs to none of the keys alone."""
    out = pd.Series("", index=cells.index, dtype=object)
    if not merged or cells.empty:
        return out
    rows, cols = cells["row"].to_numpy(dtype=np.int64), cells["col"].to_numpy(dtype=np.int64)
    vcols = set(np.unique(cols).tolist())
    width = int(cols.max()) + 2
    pos = pd.Index(rows * width + cols)
    if not pos.is_unique:
        pos = pos.drop_duplicates()   # several cells at one position: the first speaks for them
    key = (cells["region_label"].astype(str) + "|" + cells["indicator_label"].astype(str) + "|"
           + cells["period_text"].astype(str) + "|" + cells["ytd_text"].astype(str)).to_numpy(dtype=object)
    first_at = pd.Series(np.arange(len(cells)), index=pd.Index(rows * width + cols)).groupby(level=0).first()
    for r0, c0, r1, c1 in merged:
        if (r0 == r1 and c0 == c1) or not any(c in vcols for c in range(c0, c1 + 1)):
            continue
        rr, cc = np.meshgrid(np.arange(r0, r1 + 1), np.arange(c0, min(c1, width - 2) + 1), indexing="ij")
        at = first_at.reindex(rr.ravel() * width + cc.ravel()).dropna().astype(int).to_numpy()
        if len(at) > 1 and len(set(key[at])) > 1:
            top_left = at[np.argmin(rows[at] * width + cols[at])]
            out.iat[top_left] = f"{col_letter(c0)}{r0 + 1}:{col_letter(c1)}{r1 + 1}"
    return out


def _below_table_unit(footer: tuple[str, tuple[int, int], str], cells: pd.DataFrame, target_unit: pd.Series,
                      live: pd.Series, probs: list) -> pd.Series:
    """The figures a unit stated below the table (`table_shapes._footer_unit`: unit, its cell, the line) may speak
    of: those stating no unit of their own whose catalogue unit is another size of the same kind (亿元 under a 万元
    amount), and those stating another size of it. Refused (unit_below_table, once per column or row, naming the line): the
    line may be the whole table's or one indicator's, and a figure read in either unit could be 10,000 times off.
    Returns the refused cells (bool Series on cells' index)."""
    unit, (r, c), line = footer
    at = f"{col_letter(c)}{r + 1}"
    return _outside_unit((unit, "unit_below_table", f"表格下方 {at}「{line}」", f"{at} below the table", None),
                         cells, target_unit, live, probs)


def _outside_unit(said: tuple[str, str, str, str, str | None], cells: pd.DataFrame, target_unit: pd.Series,
                  live: pd.Series, probs: list) -> pd.Series:
    """The figures a unit stated outside what the table reads may speak of (said: unit, rule, where in zh and en,
    the indicator it is said of or None for any): below the table (unit_below_table), in a hidden row or column
    (unit_hidden), on another sheet (unit_elsewhere). Those stating no unit of their own whose catalogue unit is
    another size of the same kind (亿元 said of a 万元 amount), and those stating another size of it, are refused
    once per column or row, naming where the unit is said. Returns the refused cells (bool Series on cells' index)."""
    unit, rule, where_zh, where_en, of = said
    # read in the catalogue's unit, a figure stating no unit means the same as in the stated one when they are the
    # same size (单位：家 under counts, 单位：万元 under 万元 amounts): only another size is in doubt
    resized = apply_distinct(target_unit, lambda t: isinstance(t, str) and unit_factor(unit, t) not in (None, 1.0)) \
        .astype(bool)
    own = cells["unit"].astype(object)
    stated = apply_distinct(own, lambda u: isinstance(u, str) and bool(u.strip())).astype(bool)
    other = apply_distinct(own, lambda u: isinstance(u, str) and bool(u.strip()) and not u.startswith("?")
                           and "|" not in u and unit_factor(u, unit) not in (None, 1.0)).astype(bool)
    # another sheet's word is general (a glossary, a cover): a header stating its own unit stands against it (br9 u06)
    hit = live & ((~stated & resized) | (other if rule != "unit_elsewhere" else False))
    if of is not None:
        hit &= cells["indicator"].astype(object).eq(of)
    if hit.any():
        o = cells[hit].drop_duplicates(["sheet", "ind_row", "ind_col"])
        probs.append(P.make(rule, o, row="ind_row", col="ind_col", value="indicator_label",
                            extra_zh=f"{where_zh}写明单位为“{unit}”", extra_en=f"{where_en} says the unit is {unit}"))
    return hit


_BARE_YEAR = re.compile(r"(?:(?:19|20)\d{2}|[一二三四五六七八九〇○零]{4})\s*年")
# words of a note explaining a change against the year before (2023年基数较低, 比2023年增长): the year before then is
# the 同比's base, no period of the figures
_BASE_TALK = re.compile(r"基数|同比|上年|去年|增长|增加|下降|减少|增幅|降幅|增速|比|较")
# words by which a note speaks of figures other than those it names (除清河县外均为预计数, 其余为预计数): it may speak of
# any figure of the table
_NOTE_ALL_BUT = re.compile(r"除|以外|之外|其余|其他|其它|另外|各县|各地|全部|所有|均为|都是")


def _period_fits(phrase: str, p: object, label: str, kind: str, ytd: bool, flow: bool) -> bool:
    """Whether a period a note names (`table_shapes.note_periods`: phrase, periods.Period or None) can be a figure's
    own period (label 2024 / 2024Q3 / 2024M08, kind, 累计, a flow): a bare year (2024年) any period of that year; a
    whole year (全年, 2024年度, 截至2024年底) the annual figure; a part of a year (1-9月, 截至6月底, 三季度) the same part
    (for a flow, 累计 alike). A phrase not understood (截至目前, 下半年) fits nothing."""
    if p is None or not isinstance(label, str):
        return False
    year = int(label[:4])
    py = p.year if p.year is not None else (int(p.label[:4]) if p.label else None)
    if py is not None and py != year:
        return False
    if p.kind == "Y":
        return bool(_BARE_YEAR.fullmatch(phrase)) or kind == "Y"
    sub = int(label[5:]) if kind in ("Q", "M") and len(label) > 5 else 0
    return kind == p.kind and sub == p.sub and (not flow or bool(ytd) == bool(p.is_ytd))


def _note_scope(text: str, cells: pd.DataFrame, region: pd.Series, inds: pd.DataFrame, matcher: Matcher
                ) -> tuple[pd.Series, str, str]:
    """The cells a note line below the table may speak of, with what they are in words (zh, en): the figures carrying
    its marker (*为预计数: a value, a region's or an indicator's label holding *), else the regions and indicators it
    names (their labels in the table, or their catalogue names; both when it names both), else — naming none, or
    speaking of the others too (除…外, 其余) — the whole table. Never narrower than the note may mean."""
    t = norm(note_text(text))
    everything = pd.Series(True, index=cells.index)
    whole = (everything, "全表", "the whole table")
    marks = [m for m in NOTE_MARKERS if m in t]
    if marks:
        def marked(v: object) -> bool:
            return isinstance(v, str) and any(m in unicodedata.normalize("NFKC", v) for m in marks)
        hit = pd.Series(False, index=cells.index)
        for col in ("raw", "region_label", "indicator_label", "row_label", "col_label"):
            if col in cells:
                hit |= apply_distinct(cells[col], marked).astype(bool)
        if hit.any():
            return hit, f"带“{marks[0]}”号", f"those marked {marks[0]}"
        return whole
    if _NOTE_ALL_BUT.search(t):
        return whole
    hit = pd.Series(False, index=cells.index)
    names: list[str] = []

    def named(label: object) -> bool:
        base = split_unit(label)[0] if isinstance(label, str) else norm(_label_text(label))
        return len(base) >= 2 and base in t
    for col, codes in (("region_label", region), ("indicator_label", cells["indicator"])):
        said = apply_distinct(cells[col], named).astype(bool)
        by_name = apply_distinct(codes, lambda c: isinstance(c, str) and any(
            len(n) >= 2 and norm(n) in t for n in ((matcher.region_name(c),) if col == "region_label" else
                                                   (inds.at[c, "name_zh"], inds.at[c, "short_zh"]) if c in inds.index
                                                   else ()) if isinstance(n, str))).astype(bool)
        hit |= said | by_name
        names += [str(v) for v in pd.unique(cells.loc[said | by_name, col].astype(object))]
    if not hit.any():
        return whole
    listed = "、".join(dict.fromkeys(names))
    return hit, listed, listed


def _qualifying_notes(layout: Layout, cells: pd.DataFrame, live: pd.Series, period: pd.Series, kind: pd.Series,
                      is_ytd: pd.Series, flow: pd.Series, region: pd.Series, inds: pd.DataFrame, matcher: Matcher,
                      probs: list) -> pd.Series:
    """Notes and 备注 cells that qualify the figures (nt8): a note line below the table (`layout.notes`) or a row's
    备注 / 说明 cell saying the figures it speaks of are estimates, targets or plans (note_not_actuals), of another
    period than their own (note_other_period: 2023年数据 in a 2024 table, 1-9月 under an annual one, 截至6月底) or of
    another scope (note_other_scope: 未含开发区, 口径调整). A row's 备注 speaks of that row's figures, a line below of the
    cells `_note_scope` finds. Those figures are refused, each note named once; never stored as the table's period's
    actuals. Returns the refused cells (bool Series on cells' index)."""
    out = pd.Series(False, index=cells.index)
    fig = live & period.notna()

    def verdict(text: str, scope: pd.Index, periods_too: bool = True) -> tuple[str, str] | None:
        said = note_verdict(text)
        if said is not None or not periods_too:
            return said
        sc = scope[fig[scope].to_numpy(dtype=bool)]
        base_talk = _BASE_TALK.search(note_text(text)) is not None
        for phrase, p in note_periods(text):
            if (base_talk and p is not None and p.year is not None and _BARE_YEAR.fullmatch(phrase)
                    and str(p.year + 1) in {lab[:4] for lab in period[sc]}):
                continue   # 2023年基数较低 beside a 2024 figure explains its 同比 (the template asks for it)
            if not any(_period_fits(phrase, p, lab, k, y, f) for lab, k, y, f in
                       set(zip(period[sc], kind[sc], is_ytd[sc], flow[sc]))):
                return "note_other_period", phrase
        return None

    def refuse(rule: str, word: str, text: str, r: int, c: int, scope_zh: str, scope_en: str, label: str,
               sheet: str | None = None, hidden: bool = False) -> None:
        at = f"{col_letter(c)}{r + 1}"
        if sheet is not None:   # a note on another sheet (说明, 封面): named with its sheet
            at_zh = f"{'隐藏的' if hidden else ''}工作表「{sheet}」{at}"
            at_en = f"{'hidden ' if hidden else ''}sheet {sheet} {at}"
        else:
            at_zh = at_en = at
        what = {"note_not_actuals": ("预计、估算或目标、计划数", "estimates, targets or plans"),
                "note_other_period": ("另一期别的数", "figures of another period"),
                "note_other_scope": ("统计范围（口径）不同的数", "figures of another scope")}[rule]
        probs.append(P.make(rule, pd.DataFrame({"sheet": [sheet or layout.sheet], "row": [r], "col": [c],
                                                "row_label": [label], "col_label": [""], "raw": [text],
                                                "file": [cells["file"].iat[0]]}),
                            extra_zh=f"{at_zh}「{text}」中有“{word}”，说明{scope_zh}是{what[0]}，这些数未导入",
                            extra_en=f"{at_en} \"{text}\" says \"{word}\": {scope_en} are {what[1]}; not imported"))

    # the notes below the table, then those written on another sheet of the workbook (its 说明, 封面: whatever they name
    # of this table's figures, the same words refuse them, naming that sheet's cell)
    for text, (r, c), line_kind, *other in [*layout.notes, *layout.outside_notes]:
        scope, zh, en = _note_scope(text, cells, region, inds, matcher)
        said = verdict(text, cells.index[scope.to_numpy(dtype=bool)], periods_too=line_kind == "note")
        if said is not None and (scope & live).any():
            zh, en = (zh + "的数", "the figures of " + en) if zh != "全表" else ("全表的数", "the whole table's figures")
            if other:   # another sheet's note speaks of this sheet's figures: say which
                zh, en = f"工作表「{layout.sheet}」中{zh}", f"{en} on sheet {layout.sheet}"
            refuse(*said, text, r, c, zh, en, "", *other)
            out |= scope & live
    if "note" in cells and cells["note"].notna().any():
        # only the notes that could qualify anything (once per distinct text): a long form's 备注 of every row is cheap
        has = apply_distinct(cells["note"], lambda v: isinstance(v, str) and bool(v.strip()) and (
            note_verdict(v) is not None or bool(note_periods(v)))).astype(bool) & live
        for (r, text), grp in cells[has].groupby(["row", "note"], sort=True):
            said = verdict(text, grp.index)
            if said is not None:
                c = layout.note_col if layout.note_col is not None else int(grp["region_col"].iat[0])
                label = _label_text(grp["row_label"].iat[0])
                refuse(*said, text, int(r), c, f"第{int(r) + 1}行「{label}」的数", f"the figures of row {int(r) + 1}",
                       label)
                out[grp.index] = True
    # a 合计 / 小计 over figures a note refuses holds them: not stored as the city's figure, nor counted as checked
    tot = cells["row_kind"].isin(["total", "subtotal"]) & live
    if out.any() and tot.any():
        cols = set(zip(cells.loc[out & ~tot, "sheet"], cells.loc[out & ~tot, "col"]))
        out |= tot & pd.Series([k in cols for k in zip(cells["sheet"], cells["col"])], index=cells.index)
    return out


def build(layout: Layout, matcher: Matcher, file_name: str, formula_blanks: set, *,
          percent_cells: set | None = None, today: dt.date | None = None,
          separator: str | None = None, merged: list | None = None,
          scaled_cells: dict | None = None, unit_cells: dict | None = None) -> tuple[pd.DataFrame, list]:
    """Returns (obs with meta columns, list of problem frames). `today` decides which periods have ended
    (the real date when None). `separator`: a CSV's cell separator (read.Sheet.separator); in a ";"-separated
    file the value, base and 同比 cells together decide how commas and points in numbers read
    (clean.number_style: a cell that could be read two ways is refused, rule separator_unsure). `merged`: the
    sheet's merged ranges (read.Sheet.merged); a value merged over cells of different keys is refused.
    `scaled_cells`: cells whose number format shows another figure than the one stored (read.scaling_format,
    cell -> format code): such a value or 上年同期 cell is refused (rule scaled_format), never read as either.
    `unit_cells`: value cells whose number format writes a unit (read.format_unit, cell -> unit): a unit source of
    the figure like its header; one that disagrees with the column's or row's unit is unit_conflict on the cell, and
    where it is the only source the figure is read in it."""
    today = today or today_cst()
    cells = layout.cells.copy(deep=False)  # copy-on-write: what build changes never reaches layout.cells
    cells["file"] = file_name
    if "row_kind" not in cells:
        cells["row_kind"] = "data"
    layout.value_fates = pd.DataFrame(columns=["row", "col", "fate", "kind"])
    probs: list[pd.DataFrame] = []
    for p in layout.problems:
        r, c = p["cell"]
        probs.append(pd.DataFrame([P.one(p["rule"], file=file_name, sheet=layout.sheet,
                                         cell=P.cell_refs([r], [c])[0], row_label=p["row_label"],
                                         col_label=p["col_label"], value=p["value"], message_zh=p["zh"],
                                         message_en=p["en"], fix_zh=p["fix_zh"], fix_en=p["fix_en"])]))
    if cells.empty:
        return cells, probs
    inds = matcher.indicators.set_index("code")
    # A sub-column under a group of firms (高新技术企业 over R&D经费) or a 其中 row that is no part of its parent:
    # refused with its cause (Matcher.part_verdict), never placed by a remembered mapping
    refused_ind = cells["ind_refused"].notna() if "ind_refused" in cells else pd.Series(False, index=cells.index)
    if refused_ind.any():
        cells.loc[refused_ind, "indicator"] = None
        c = cells[refused_ind].drop_duplicates(["sheet", "ind_row", "ind_col"])
        # the layout may name the rule (a 其中 column: sub_column_refused; a long form's 其中 row: sub_item_refused)
        default = "sub_item_refused" if layout.kind == "form" else "group_column_refused"
        rules = c["ind_refused_rule"].fillna(default) if "ind_refused_rule" in c else pd.Series(default, index=c.index)
        where_en = {"sub_item_refused": " under the row above", "group_column_refused": " under its group header",
                    "sub_column_refused": " beside the column on its left",
                    "not_actuals": " holds targets, plans or estimates",
                    "side_without_value": " holds a 上年同期 or 同比 with no value column of its indicator"}
        for rule, part in c.groupby(rules, sort=False):
            probs.append(P.make(rule, part, row="ind_row", col="ind_col", value="indicator_label",
                                extra_zh=part["ind_refused"].astype(str),
                                extra_en=part["indicator_label"].astype(str) + where_en[rule]))
    # Indicators: remembered mappings for labels the catalogue did not know.
    miss = cells["indicator"].isna() & ~refused_ind
    if miss.any():
        mapped = cells.loc[miss, "indicator_label"].map(lambda s: _remembered_indicator(matcher, s))
        cells.loc[miss, "indicator"] = mapped
        unknown_ind = cells["indicator"].isna()
    else:   # the column is as it was
        unknown_ind = miss | refused_ind
    # Numbers (a percent number format shows 0.1181 as 11.81%: the figure is 11.81)
    style = number_style(pd.concat([cells[c] for c in ("raw", "base_raw", "yoy_raw") if c in cells],
                                   ignore_index=True)) if separator == ";" else None
    value, state, pct = parse_numbers(cells["raw"], style)
    fmt_pct = pd.Series(False, index=cells.index)
    if percent_cells:
        fmt_pct = pd.Series(list(zip(cells["row"], cells["col"])), index=cells.index).isin(percent_cells) \
            & state.eq("ok") & ~pct
        value = value.where(~fmt_pct, value * 100)
        pct = pct | fmt_pct
    formula_unknown = pd.Series(False, index=cells.index)
    if formula_blanks:   # a formula saved without its value: the value is unknown (never missing, never 0)
        key = pd.Series(list(zip(cells["row"], cells["col"])), index=cells.index)
        formula_unknown = key.isin(formula_blanks) & state.eq("blank")
        if formula_unknown.any():
            probs.append(P.make("formula_no_value", cells[formula_unknown]))
            state[formula_unknown] = "invalid"
    # an Excel error value (#N/A, #DIV/0! …: an error cell, a formula's cached error, or its text in a CSV): the value
    # is unknown, refused on the cell; never a 缺报 marker, never dropped
    xl_err = _excel_errors(cells["raw"])
    if xl_err.any():
        e = cells[xl_err]
        probs.append(P.make("formula_error", e, extra_zh="单元格显示 " + P.txt(e["raw"]),
                            extra_en="the cell shows " + P.txt(e["raw"])))
    joint_range = _merged_over_keys(cells, merged or [])
    joint = joint_range.ne("")
    if joint.any():   # one figure merged over two regions (or indicators, periods): it cannot be split
        probs.append(P.make("merged_value", cells[joint], extra_zh="合并区域 " + joint_range[joint]
                            + " 跨越了不同的地区、指标或期别", extra_en="the merged range " + joint_range[joint]
                            + " spans different regions, indicators or periods"))
        state[joint] = "invalid"
    blank = state.eq("blank")
    scaled = pd.Series(False, index=cells.index)
    if scaled_cells:
        for r_, c_, v_ in (("row", "col", "raw"), ("base_row", "base_col", "base_raw")):
            fmt = pd.Series([scaled_cells.get((r, c)) for r, c in zip(cells[r_], cells[c_])], index=cells.index,
                            dtype=object)
            hit = fmt.notna() & apply_distinct(cells[v_], lambda v: isinstance(v, (int, float))
                                               and not isinstance(v, bool) and v == v).astype(bool)
            if hit.any():
                h = cells[hit].assign(_fmt=fmt[hit])
                probs.append(P.make("scaled_format", h, row=r_, col=c_, value=v_,
                                    extra_zh="数字格式「" + h["_fmt"].astype(str) + "」，单元格实际存的数是 "
                                    + P.txt(h[v_]), extra_en="number format \"" + h["_fmt"].astype(str)
                                    + "\", the cell holds " + P.txt(h[v_])))
                scaled |= hit
    # Rows/columns remembered as "ignore" (data/imports/mappings.py) leave here, reported as ignored.
    keep, ignored_probs = mappings.drop_ignored(cells, matcher)
    ignored_fates = pd.DataFrame(columns=["row", "col", "fate", "kind"])
    if ignored_probs:
        probs += ignored_probs
        keep = keep.to_numpy()
        gone = cells[~keep & ~blank.to_numpy()]
        ignored_fates = pd.DataFrame({"row": gone["row"].astype(int), "col": gone["col"].astype(int),
                                      "fate": "structure", "kind": "mapping_ignored"})
        cells, value, state, pct, blank, unknown_ind, fmt_pct, formula_unknown, joint, scaled, xl_err = (
            x[keep] for x in (cells, value, state, pct, blank, unknown_ind, fmt_pct, formula_unknown, joint, scaled,
                              xl_err))
    ui = cells[unknown_ind & ~refused_ind.reindex(cells.index, fill_value=False)].drop_duplicates(["sheet", "ind_row", "ind_col"])
    probs.append(P.make("unknown_indicator", ui, row="ind_row", col="ind_col", value="indicator_label"))
    # Periods
    # Parse each distinct period text once; Period objects themselves never go through pandas.
    codes, uniq = pd.factorize(pd.Series(cells["period_text"], dtype=object), use_na_sentinel=False)
    parsed = [None if isinstance(u, str) and u.startswith((PERIOD_CONFLICT, PERIOD_UNCLEAR, PERIOD_SUBCOLUMN, OTHER_TABLE,
                                                                         NOT_ACTUALS_TEXT)) else parse_period(u)
              for u in uniq]
    parsed = [p if (p is not None and p.label) else None for p in parsed]
    if layout.title_part is not None:   # 2023年 under a 1-9月 title: 2023Q3 累计, never the 年报 key
        parsed = [within_part(p, layout.title_part) for p in parsed]

    def per_cell(values, dtype=object):
        if dtype is object and len(codes):
            # the dtype pandas infers from the distinct values is the one it infers from them spread over the rows:
            # texts are spread as its Arrow strings (a take), not converted cell by cell
            distinct = pd.Series(np.array(values, dtype=object))
            if distinct.dtype == _TEXT:
                return pd.Series(distinct.array.take(codes), index=cells.index)
        return pd.Series(np.array(values, dtype=dtype)[codes] if len(codes) else np.array([], dtype=dtype),
                         index=cells.index)
    period = per_cell([p.label if p else None for p in parsed])
    kind = per_cell([p.kind if p else None for p in parsed])
    p_ytd = per_cell([bool(p and p.is_ytd) for p in parsed], dtype=bool)
    is_date = per_cell([isinstance(u, (dt.date, dt.datetime, pd.Timestamp)) for u in uniq], dtype=bool)
    period = period.where(~is_date, None)
    no_period = period.isna() & ~blank
    if (no_period & is_date).any():
        d = cells[no_period & is_date].drop_duplicates(["sheet", "period_row", "period_col"])
        probs.append(P.make("period_is_date", d, row="period_row", col="period_col", value="period_text"))
    if (no_period & ~is_date).any():
        np_cells = cells[no_period & ~is_date].drop_duplicates(["sheet", "period_row", "period_col"])
        stacked = np_cells["period_text"].map(lambda t: isinstance(t, str) and t.startswith(OTHER_TABLE))
        if stacked.any():   # the rows of a second table stacked below, with other columns: never read as this one's
            c = np_cells[stacked]
            probs.append(P.make("stacked_table", c, row="period_row", col="period_col", value=[""] * len(c),
                                extra_zh=c["period_text"].astype(str).str[len(OTHER_TABLE):],
                                extra_en="row " + (c["period_row"].astype(int) + 1).astype(str)
                                + " starts another table with other columns"))
            np_cells = np_cells[~stacked]
        targets = np_cells["period_text"].map(lambda t: isinstance(t, str) and t.startswith(NOT_ACTUALS_TEXT))
        if targets.any():   # a target, plan or forecast table (table_shapes._refuse_not_actuals): no statistics
            c = np_cells[targets].drop_duplicates(["sheet", "period_text"])
            said = c["period_text"].astype(str).str[len(NOT_ACTUALS_TEXT):]
            probs.append(P.make("not_actuals", c, row="period_row", col="period_col", value=said,
                                extra_zh=said + "，表中的数不作为统计数导入",
                                extra_en=said + " says targets, plans or estimates"))
            np_cells = np_cells[~targets]
        conflict = np_cells["period_text"].map(lambda t: isinstance(t, str) and t.startswith(PERIOD_CONFLICT))
        if conflict.any():   # two different periods above the table: neither is taken
            c = np_cells[conflict]
            probs.append(P.make("missing_period", c, row="period_row", col="period_col", value="period_text",
                                extra_zh=c["period_text"].astype(str).map(
                                    lambda t: t if t.endswith("）") else t + "，请只保留正确的一个"),
                                extra_en=c["period_text"].astype(str).str.replace(PERIOD_CONFLICT, "periods differ: ")
                                + "; keep the right one"))
            np_cells = np_cells[~conflict]
        unclear = np_cells["period_text"].map(lambda t: isinstance(t, str) and t.startswith(PERIOD_UNCLEAR))
        if unclear.any():   # a period phrase read only in part: refused, never read as the part understood
            c = np_cells[unclear]
            said = c["period_text"].astype(str).str[len(PERIOD_UNCLEAR):]
            probs.append(P.make("missing_period", c, row="period_row", col="period_col", value="period_text",
                                extra_zh=said.map(_unclear_zh),
                                extra_en="the period in " + said + " is not understood whole; write it as "
                                "2024年1-9月, 2024年三季度 or 2024年度"))
            np_cells = np_cells[~unclear]
        subcol = np_cells["period_text"].map(lambda t: isinstance(t, str) and t.startswith(PERIOD_SUBCOLUMN))
        if subcol.any():   # 本月 in a quarterly or annual table, 本年 in a single month's: which period is unclear
            c = np_cells[subcol]
            head_base = c["period_text"].astype(str).str[len(PERIOD_SUBCOLUMN):].str.rsplit("|", n=1)
            probs.append(P.make("missing_period", c, row="period_row", col="period_col", value="col_label",
                                extra_zh="表头" + head_base.str[0] + "在期别为 " + head_base.str[1]
                                + " 的表中指哪个月（季）不确定，请在表头写明期别，如“2024年9月”“2024年1-9月”",
                                extra_en="the sub-column " + head_base.str[0] + " in a table of period "
                                + head_base.str[1] + " names no certain period; state it in the header"))
            np_cells = np_cells[~subcol]
        yearless = np_cells["period_text"].map(lambda t: isinstance(t, str) and parse_period(t) is not None)
        if yearless.any():   # "截至6月末" with no year in the title, the sheet's or the file's name
            y = np_cells[yearless]
            probs.append(P.make("missing_period", y, row="period_row", col="period_col", value="period_text",
                                extra_zh="「" + y["period_text"].astype(str) + "」没有写年份，标题、工作表名和文件名中也没有",
                                extra_en="\"" + y["period_text"].astype(str) + "\" names no year, nor do the title, "
                                "sheet name or file name"))
        probs.append(P.make("missing_period", np_cells[~yearless], row="period_row", col="period_col",
                            value="period_text"))
    ended = {lab: has_ended(lab, today) for lab in pd.unique(period.dropna())}
    open_period = map_distinct(period, ended).eq(False) & ~blank
    if open_period.any():
        o = cells[open_period].drop_duplicates(["sheet", "period_row", "period_col", "period_text"])
        label = period[o.index].astype(str)
        end = label.map(lambda p: period_end(p).isoformat())
        probs.append(P.make("period_not_ended", o, row="period_row", col="period_col", value="period_text",
                            extra_zh="期别 " + label + " 至 " + end + " 才结束，今天是 " + today.isoformat(),
                            extra_en="period " + label + " ends on " + end + "; today is " + today.isoformat()))
    # Regions: within the expected city and the figure's year (old names depend on it)
    matcher.set_scope(pd.unique(cells["region_label"].astype(object)))
    matcher.judge_zone_aliases(pd.unique(cells["region_label"].astype(object)))
    year = period.str[:4].astype(object).where(period.notna(), None)
    # one verdict per distinct (label, year), spread back with integer codes (no per-row Python)
    lab_codes, lab_uniq = pd.factorize(apply_distinct(cells["region_label"], _label_text), use_na_sentinel=False)
    yr_codes, yr_uniq = pd.factorize(year, use_na_sentinel=False)
    pair_codes, pair_uniq = pd.factorize(lab_codes.astype(np.int64) * (len(yr_uniq) + 1) + yr_codes)
    firsts = pd.Series(np.arange(len(pair_codes))).groupby(pair_codes).first().to_numpy() if len(pair_codes) \
        else np.array([], dtype=int)
    lab_u, yr_u = np.asarray(lab_uniq, dtype=object), np.asarray(yr_uniq, dtype=object)  # no Index lookups per pair
    vlist = matcher.verdicts((lab_u[lab_codes[i]], int(yr_u[yr_codes[i]])
                              if isinstance(yr_u[yr_codes[i]], str) and yr_u[yr_codes[i]] else None)
                             for i in firsts)
    pairs = pd.Series(pair_codes, index=cells.index)
    verdicts = dict(enumerate(vlist))
    region = pd.Series(np.array([v.code for v in vlist], dtype=object)[pair_codes] if len(vlist) else [],
                       index=cells.index, dtype=object)
    vrule = pd.Series(np.array([v.rule for v in vlist], dtype=object)[pair_codes] if len(vlist) else [],
                      index=cells.index, dtype=object)
    is_total_row = cells["row_kind"].isin(["total", "subtotal"])
    region = region.where(~is_total_row, None)
    if "region_conflict" in cells:   # a long form's 地区代码 and 地区 name different units: neither is taken
        clash = cells["region_conflict"].notna()
        if clash.any():
            region = region.where(~clash, None)
            vrule = vrule.where(~clash, "region_conflict")
            c = cells[clash].drop_duplicates(["sheet", "region_row"])
            code_name = c["region_conflict"].astype(str).str.split("|", n=2)   # code|name[|the name's cell]
            name_at = code_name.str[2].fillna("").map(lambda a: f"（{a} 单元格）" if a else "")
            probs.append(P.make("region_conflict", c, row="region_row", col="region_col", value="region_label",
                                extra_zh=pd.Series(np.where(
                                    code_name.str[0].str.fullmatch(r"\d+"),
                                    "代码 " + code_name.str[0] + " 是"
                                    + code_name.str[0].map(lambda x: matcher.region_name(matcher.region(x)))
                                    + "，名称是「" + code_name.str[1] + "」",
                                    # a form whose unit line and title name two units (table_shapes._other_unit_named)
                                    "填报单位是「" + code_name.str[0] + "」，表头另一处写的是「" + code_name.str[1] + "」"),
                                    index=c.index) + name_at,
                                extra_en="code " + code_name.str[0] + " vs name " + code_name.str[1]))
    if "part_of" in cells:   # "其中：开发区" under a county: a part of that county, not a region of its own
        part = cells["part_of"].notna()
        if part.any():
            region = region.where(~part, None)
            vrule = vrule.where(~part, "region_part_of_unit")
            c = cells[part].drop_duplicates(["sheet", "region_row"])
            above = c["part_of"].astype(str).str.split("|", n=1)
            probs.append(P.make("region_part_of_unit", c, row="region_row", col="region_col", value="region_label",
                                extra_zh="「" + P.txt(c["region_label"]) + "」是上一行「" + above.str[0] + "」（"
                                + above.str[1] + "）的其中项，已含在它的数中",
                                extra_en=P.txt(c["region_label"]) + " is a part of " + above.str[0] + " ("
                                + above.str[1] + "), already inside its figure"))
    probs += mappings.applied(cells, region, matcher)  # where remembered mappings placed a label: said so
    unknown_reg = region.isna() & ~is_total_row
    # Unknown labels: report once per label cell (a wide row, a wide column, a long-form cell).
    labelled = apply_distinct(cells["region_label"], lambda v: _label_text(v) != "").astype(bool)
    ur = cells[unknown_reg & labelled & vrule.isna()]
    ur = ur.drop_duplicates(["sheet", "region_row", "region_col"])
    probs.append(P.make("unknown_region", ur, row="region_row", col="region_col", value="region_label"))
    # a figure whose region cell is empty (a long form's row below a label that was not merged down): refused, said
    nolabel = cells[unknown_reg & ~labelled & vrule.isna() & ~blank]
    if len(nolabel):
        probs.append(P.make("region_missing", nolabel.drop_duplicates(["sheet", "region_row", "region_col"]),
                            row="region_row", col="region_col", value="region_label"))
    zone = cells[vrule.eq("zone_alias_not_city") & labelled].drop_duplicates(["sheet", "region_row", "region_col"])
    if len(zone):   # 开发区 in one county's table: maybe the county's own zone, never guessed to be the city's
        probs.append(P.make("unknown_region", zone, row="region_row", col="region_col", value="region_label",
                            texts=P.ZONE_ALIAS_TEXTS, extra_zh=pairs[zone.index].map(lambda pr: verdicts[pr].zh),
                            extra_en=pairs[zone.index].map(lambda pr: verdicts[pr].en)))
    # a verdict's own refusal, with its cause (region_conflict: one cell's code and name, 130534威县; a long form's two
    # columns that disagree were reported above)
    told = cells["region_conflict"].notna() if "region_conflict" in cells else pd.Series(False, index=cells.index)
    for rule in ("region_old_name", "region_outside_city", "region_ambiguous", "region_renamed", "region_below_county",
                 "region_conflict", "region_total_excludes_zone"):
        hit = cells[vrule.eq(rule) & labelled & ~told & ~is_total_row].drop_duplicates(["sheet", "region_row", "region_col"])
        if len(hit):
            probs.append(P.make(rule, hit, row="region_row", col="region_col", value="region_label",
                                extra_zh=pairs[hit.index].map(lambda pr: verdicts[pr].zh),
                                extra_en=pairs[hit.index].map(lambda pr: verdicts[pr].en)))
    flags = apply_distinct(cells["ytd_text"], parse_ytd_flag)
    said = apply_distinct(cells["ytd_text"], lambda x: str(x).strip() != "").astype(bool)  # NaN/None: masked by notna
    no_flag = flags.isna()
    bad_flag = cells["ytd_text"].notna() & said & no_flag
    probs.append(P.make("ytd_flag_unknown", cells[bad_flag & ~blank], value="ytd_text"))
    ytd = flags.where(~no_flag, p_ytd).astype(bool)
    ind = Distinct(cells["indicator"])   # factorised once for the catalogue look-ups below (累计, unit, formula)
    cumulative = ind.map(inds["cumulative"]).fillna(False).astype(bool)
    # "2025年1—4季度" / "2025年1—12月" with 是否累计 = 是 on the row: the 1—4季度 累计 (快报), as the product itself names
    # it (texts.i18n.period_text) and as the annual_ytd_mismatch warning asks it to be sent; never the 年报 figure,
    # which it would replace. Without the flag, or said as the year (全年, 年度), it stays the year.
    full_span = apply_distinct(cells["period_text"], full_year_span).astype(bool) & kind.eq("Y") & cumulative
    said_leiji = apply_distinct(cells["period_text"], lambda x: isinstance(x, str) and "累计" in x).astype(bool)
    # ... and a table's period said so in words ("2024年1—4季度累计" over a wide table): the same 累计
    q4_ytd = full_span & ~flags.eq(False) & ((flags.eq(True) & cells["period_row"].eq(cells["row"])) | said_leiji)
    if q4_ytd.any():
        period = period.where(~q4_ytd, period.astype(object) + "Q4")
        kind = kind.where(~q4_ytd, "Q")
    is_ytd = ytd & cumulative & kind.ne("Y")
    # A flow's 是否累计 flag that contradicts its own period phrase ("2024年1-9月" with 否, "2024年7-9月" with 是):
    # one of the two cells is wrong and the figure differs by the months before the span; neither is taken.
    said_ytd = apply_distinct(cells["period_text"], ytd_said)
    # 1—12月 / 1—4季度 marked 否: the phrase is a 累计 from January, the flag says not (the 年报 or the 快报?)
    said_ytd = said_ytd.where(~(full_span & flags.eq(False)), True)
    ytd_clash = (flags.notna() & said_ytd.notna() & cumulative & ~blank & ~unknown_ind & period.notna()
                 & cells["period_row"].eq(cells["row"]))
    ytd_clash &= flags.astype(object).ne(said_ytd.astype(object))
    if ytd_clash.any():
        o = cells[ytd_clash]
        flag_cell = pd.Series(P.cell_refs(o["row"], o["ytd_col"]) if "ytd_col" in o else "", index=o.index)
        period_cell = pd.Series(P.cell_refs(o["period_row"], o["period_col"]), index=o.index)
        probs.append(P.make("ytd_conflict", o, row="period_row", col="period_col", value="period_text",
                            extra_zh="期别 " + period_cell + "「" + o["period_text"].astype(str) + "」"
                            + said_ytd[o.index].map({True: "是1—N月累计", False: "不是从1月起的累计"})
                            + "，“是否累计” " + flag_cell + " 却填「" + o["ytd_text"].astype(str) + "」",
                            extra_en="period " + period_cell + " \"" + o["period_text"].astype(str) + "\" vs 是否累计 "
                            + flag_cell + " \"" + o["ytd_text"].astype(str) + "\""))
    # A flow (累计 indicator) by quarter or month whose period is a bare code ("2024Q3", "2024M09") and that says
    # neither 累计 nor 当季/当月 (no 是否累计 flag): stored as 1—N月累计 or as the single quarter, the figure differs
    # by a factor of up to four. Refuse rather than guess (the store keeps flow quarters as 累计).
    bare = apply_distinct(cells["period_text"], lambda x: isinstance(x, str) and bool(BARE_PERIOD_CODE.match(x.strip())))
    unsaid = (cumulative & kind.isin(["Q", "M"]) & no_flag & ~p_ytd & bare.astype(bool) & ~blank & ~unknown_ind
              & ~open_period  # a period not yet ended is refused already, with its own message
              & (cells["period_row"].eq(cells["row"])  # the row's own period cell (long forms); a table-level
                 | (cells["period_bare"].fillna(False).astype(bool) if "period_bare" in cells else False)))
    # period (title, 报告期, header) reaches here as a code even when its phrase said 累计 or 当季, so it counts only
    # when the layout says its lines gave the bare code alone (period_bare)
    if unsaid.any():
        o = cells[unsaid].drop_duplicates(["sheet", "period_row", "period_col", "period_text"])
        probs.append(P.make("ytd_unsaid", o, row="period_row", col="period_col", value="period_text"))
    # 1—N月累计 ending on a quarter's last month is that quarter's 累计 (1-9月 → 2024Q3 累计, as 截至9月底), 1-12月
    # the year: one key for one figure, never 2024M09 累计 beside 2024Q3 累计
    month = pd.to_numeric(period.str[5:].where(kind.eq("M") & is_ytd), errors="coerce")
    whole = month.isin([3, 6, 9, 12])
    if whole.any():
        yr = period.str[:4]
        period = period.where(~whole, np.where(month.eq(12), yr, yr + "Q" + (month // 3).astype("Int64").astype(str)))
        kind = kind.where(~whole, np.where(month.eq(12), "Y", "Q"))
        is_ytd = is_ytd & ~(whole & month.eq(12))
    # Units
    target_unit = ind.map(inds["unit"])
    multi = apply_distinct(cells["unit"], lambda u: isinstance(u, str) and "|" in u).astype(bool)
    if multi.any():
        resolved = pd.Series([resolve_unit(u, t) for u, t in zip(cells.loc[multi, "unit"], target_unit[multi])],
                             index=cells.index[multi], dtype=object)
        amb = multi & ~unknown_ind & ~blank
        amb.loc[multi] &= resolved.isna()
        bu = cells[amb].drop_duplicates(["sheet", "ind_row", "ind_col"])
        probs.append(P.make("unit_ambiguous", bu, row="ind_row", col="ind_col", value="unit",
                            extra_zh="单位行列出“" + bu["unit"].astype(str).str.replace("|", "、") + "”，目录单位为“"
                            + target_unit[bu.index].astype(str) + "”",
                            extra_en=bu["unit"].astype(str) + " vs " + target_unit[bu.index].astype(str)))
        cells["unit"] = cells["unit"].astype(object)
        cells.loc[multi, "unit"] = resolved.where(resolved.notna(), "__ambiguous__")
    fmt_clash = pd.Series(False, index=cells.index)
    if unit_cells:
        fmt_clash = _format_units(cells, unit_cells, ~blank & ~scaled & ~unknown_ind & state.eq("ok"), probs)
    pairs = pd.DataFrame({"u": cells["unit"].astype(object), "t": ind.map_object(inds["unit"])})
    factor = _unit_factors(pairs)
    ambiguous_unit = cells["unit"].eq("__ambiguous__")
    bad_unit = factor.isna() & ~unknown_ind & ~blank
    # a unit line not understood (单位：万美元) was reported on the line itself (unit_line_unknown): its columns refused
    unread_line = apply_distinct(cells["unit"], lambda u: isinstance(u, str) and u.startswith(UNREAD_UNIT)).astype(bool)
    bu = cells[bad_unit & ~ambiguous_unit & ~unread_line].drop_duplicates(["sheet", "ind_row", "ind_col", "unit"])
    probs.append(P.make("unit_unknown", bu, row="ind_row", col="ind_col", value="unit",
                        extra_zh=("“" + bu["unit"].astype(str) + "”，目录单位为“" + target_unit[bu.index].astype(str) + "”"),
                        extra_en=(bu["unit"].astype(str) + " vs " + target_unit[bu.index].astype(str))))
    factor = factor.fillna(1.0).astype(float)
    # a 上年同期 column stating its own unit (上年同期 over R&D经费（亿元）) is read in it, never in its value's (br9 s13:
    # 1.1305亿元 stored as a base of 1.1305 万元); one not understood leaves the base unread (a base only checks 同比)
    base_factor = factor
    if "base_unit" in cells and cells["base_unit"].notna().any():
        own = cells["base_unit"].astype(object)
        said = apply_distinct(own, lambda u: isinstance(u, str) and bool(u.strip())).astype(bool)
        bf = _unit_factors(pd.DataFrame({"u": own, "t": ind.map_object(inds["unit"])}))
        base_factor = factor.where(~said, bf)
    # two of a figure's unit sources disagree (本期（亿元） or …经费（亿元） against the row's 计量单位 万元): it could be either
    unit_clash = cells["unit_conflict"].notna() & ~blank if "unit_conflict" in cells else pd.Series(False, index=cells.index)
    if unit_clash.any():
        uc = cells[unit_clash & ~unknown_ind].drop_duplicates(["sheet", "unit_row", "unit_col"])
        both = uc["unit_conflict"].astype(str).str.split("|", n=1)
        first, other = uc["unit_head_kind"].map(_UNIT_SOURCE_WORDS), uc["unit_other_kind"].map(_UNIT_SOURCE_WORDS)
        # the same kind of unit, sized differently (亿元 / 万元): how far apart the two readings are; two kinds
        # (人次 / 人): they count different things
        def apart(b: list[str]) -> str:
            f = unit_factor(b[1], b[0])
            return "两种单位计量的不是同一种量" if f is None else f"两种单位读出的数相差 {P.show_value(max(f, 1 / f))} 倍"
        probs.append(P.make("unit_conflict", uc, row="unit_row", col="unit_col", value=both.str[1],
                            extra_zh=first.str[0] + uc["unit_head_cell"].astype(str) + " 为“" + both.str[0] + "”，"
                            + other.str[0] + uc["unit_other_cell"].astype(str) + " 为“" + both.str[1]
                            + "”，" + both.map(apart),
                            extra_en=first.str[1] + uc["unit_head_cell"].astype(str) + " says " + both.str[0] + ", "
                            + other.str[1] + uc["unit_other_cell"].astype(str) + " says " + both.str[1]))
    unit_clash = unit_clash | fmt_clash
    if layout.footer_unit is not None:
        unit_clash = unit_clash | _below_table_unit(layout.footer_unit, cells, target_unit,
                                                    ~blank & ~unknown_ind & ~unit_clash & ~bad_unit, probs)
    for said in layout.outside_units:   # a hidden row or column, another sheet (service: _hidden_units, _sheet_units)
        unit_clash = unit_clash | _outside_unit(said, cells, target_unit,
                                                ~blank & ~unknown_ind & ~unit_clash & ~bad_unit, probs)
    noted = pd.Series(False, index=cells.index)
    if layout.notes or layout.outside_notes or ("note" in cells and cells["note"].notna().any()):
        noted = _qualifying_notes(layout, cells, ~blank, period, kind, is_ytd, cumulative, region, inds, matcher, probs)
    invalid = state.eq("invalid")
    doubt = separator_doubts(cells["raw"], style)
    marked = noted & invalid & apply_distinct(cells["raw"], lambda v: isinstance(v, str) and any(
        m in unicodedata.normalize("NFKC", v) for m in NOTE_MARKERS)).astype(bool)   # 1234* under 注：*为预计数: said
    probs.append(P.make("not_number", cells[invalid & ~doubt & ~unknown_ind & ~formula_unknown & ~joint & ~xl_err
                                            & ~marked]))
    probs.append(_separator_unsure(cells[invalid & doubt & ~unknown_ind], style))
    is_pct_unit = target_unit.eq("%")
    pct_bad = pct & ~is_pct_unit & ~unknown_ind
    probs.append(P.make("percent_in_amount", cells[pct_bad & ~fmt_pct]))
    fp = cells[pct_bad & fmt_pct]
    shown = value[fp.index].map(P.show_value)
    probs.append(P.make("percent_in_amount", fp, texts=P.PERCENT_FORMAT_IN_AMOUNT,
                        extra_zh="单元格中的数是 " + P.txt(fp["raw"]) + "，Excel 显示为 " + shown + "%",
                        extra_en="the cell holds " + P.txt(fp["raw"]) + ", shown as " + shown + "%"))
    base, base_state, _ = parse_numbers(cells["base_raw"], style)
    yoy, yoy_state, yoy_pct = parse_numbers(cells["yoy_raw"], style)
    if percent_cells:
        yfmt = pd.Series(list(zip(cells["yoy_row"], cells["yoy_col"])), index=cells.index).isin(percent_cells) \
            & yoy_state.eq("ok") & ~yoy_pct
        yoy = yoy.where(~yfmt, yoy * 100)
    for r_, c_, v_, st in (("base_row", "base_col", "base_raw", base_state), ("yoy_row", "yoy_col", "yoy_raw", yoy_state)):
        side_err = _excel_errors(cells[v_]) & ~blank
        if side_err.any():   # an error beside a figure: that cell is not read (said), the figure stands on its own
            e = cells[side_err].drop_duplicates(["sheet", r_, c_])
            probs.append(P.make("formula_error_beside", e, row=r_, col=c_, value=v_,
                                extra_zh="单元格显示 " + P.txt(e[v_]), extra_en="the cell shows " + P.txt(e[v_])))
            st[side_err] = "missing"
    base = base.where(base_state.ne("missing"))
    yoy = yoy.where(yoy_state.ne("missing"))
    base_bad = base_state.eq("invalid") & ~blank
    base_doubt = separator_doubts(cells["base_raw"], style)
    probs.append(P.make("not_number", cells[base_bad & ~base_doubt], row="base_row", col="base_col", value="base_raw"))
    probs.append(_separator_unsure(cells[base_bad & base_doubt], style, row="base_row", col="base_col",
                                   value="base_raw"))
    yoy_bad = yoy_state.eq("invalid") & ~blank
    yoy_doubt = separator_doubts(cells["yoy_raw"], style)
    probs.append(P.make("not_number", cells[yoy_bad & ~yoy_doubt], row="yoy_row", col="yoy_col", value="yoy_raw"))
    probs.append(_separator_unsure(cells[yoy_bad & yoy_doubt], style, row="yoy_row", col="yoy_col", value="yoy_raw"))
    status = apply_distinct(cells["status_raw"], lambda s: STATUS.get(str(s).strip())
                         if isinstance(s, str) and s.strip() else "final")
    bad_status = status.isna() & ~blank
    probs.append(P.make("status_unknown", cells[bad_status], value="status_raw"))
    derived = ind.map(inds["formula"]).notna()
    dv = cells[derived & ~blank].drop_duplicates(["sheet", "ind_row", "ind_col"])
    probs.append(P.make("derived_indicator", dv, row="ind_row", col="ind_col", value="indicator_label"))

    obs = pd.DataFrame({
        "indicator": cells["indicator"], "region": region, "period": period, "period_kind": kind,
        "is_ytd": is_ytd, "value": _scaled(value, factor), "reported_yoy": yoy, "base_value": _scaled(base, base_factor),
        "status": status.fillna("final"), "status_said": apply_distinct(
            cells["status_raw"], lambda s: isinstance(s, str) and bool(s.strip())).astype(bool), "note": cells["note"].where(cells["note"].notna() & apply_distinct(
            cells["note"], lambda v: len(str(v)) > 0).astype(bool)),
        "file": file_name, "sheet": cells["sheet"], "row": cells["row"], "col": cells["col"],
        "row_label": cells["row_label"], "col_label": cells["col_label"], "raw": cells["raw"],
        "state": state, "base_row": cells["base_row"], "base_col": cells["base_col"],
        "yoy_row": cells["yoy_row"], "yoy_col": cells["yoy_col"],
    })
    usable = (~blank & ~invalid & ~pct_bad & ~unknown_ind & ~unknown_reg & period.notna() & ~derived
              & ~bad_unit & ~open_period & ~ytd_clash & ~unit_clash & ~scaled)
    checkable, usable = usable, usable & ~noted   # a figure a note refuses still adds up in its 合计's check
    # 小计 and 合计 rows: checked against their members; a 合计 is the city's figure only for a whole-city table.
    checked = pd.Series("", index=cells.index, dtype=object)
    if is_total_row.any():
        store_total, checked, tprobs = _check_totals(cells, value, checkable & ~is_total_row, region, matcher,
                                                     ~blank & ~invalid)
        probs += tprobs
        obs.loc[store_total, "region"] = matcher.scope_city
        usable = (usable & ~is_total_row) | (store_total & ~blank & ~invalid & ~unknown_ind & period.notna()
                                             & ~derived & ~bad_unit & ~open_period & ~pct_bad & ~ytd_clash
                                             & ~unit_clash & ~scaled & ~noted)
    obs["from_total_row"] = is_total_row.to_numpy()
    nonblank = ~blank
    # the fate texts spread from their three values (a numpy text array is converted to pandas' strings cell by cell)
    # a 合计 cell holding an Excel error is refused (formula_error), never a checked total
    fate = pd.Series(_FATES.take(np.where(usable, 2, np.where(checked.ne("") & ~xl_err & ~noted, 1, 0))),
                     index=cells.index)
    fates = pd.DataFrame({"row": cells["row"].astype(int), "col": cells["col"].astype(int), "fate": fate,
                          "kind": checked.where(checked.ne(""), None)})[nonblank.to_numpy()]
    side = []
    for r_, c_ in (("base_row", "base_col"), ("yoy_row", "yoy_col")):
        has = (cells[c_].astype(int) >= 0) & apply_distinct(cells[r_.replace("_row", "_raw")],
                                                          lambda v: _label_text(v) != "").astype(bool)
        # an Excel error there (formula_error_beside) is not read: refused, said by its warning
        read = usable & ~_excel_errors(cells[r_.replace("_row", "_raw")])
        side.append(pd.DataFrame({"row": cells.loc[has, r_].astype(int), "col": cells.loc[has, c_].astype(int),
                                  "fate": np.where(read[has], "imported", "refused"), "kind": None}))
    layout.value_fates = pd.concat([fates, *side, ignored_fates], ignore_index=True)
    obs = obs[usable.to_numpy()].reset_index(drop=True)
    return obs, probs


def _subtotals_head_their_groups(cells: pd.DataFrame) -> bool:
    """True when the table's 小计 rows stand above their members (全市合计, 市区小计, 襄都区 … as yearbooks
    print them): the first 小计 has no member row between the table's start (or a 合计 row) and itself.
    Otherwise a 小计 closes the rows since the previous 小计, as in the city's summary sheets."""
    rows = cells.drop_duplicates("row").sort_values("row")
    subs = rows.loc[rows["row_kind"].eq("subtotal"), "row"]
    if subs.empty:
        return False
    first = subs.iloc[0]
    before = rows[rows["row"] < first]
    totals = before.loc[before["row_kind"].eq("total"), "row"]
    if not totals.empty:
        before = before[before["row"] > totals.iloc[-1]]
    return not before["row_kind"].eq("data").any()


def _or_blank(v: object) -> object:
    return "" if v is None or (isinstance(v, float) and v != v) else v


def _check_totals(cells: pd.DataFrame, value: pd.Series, member_ok: pd.Series, region: pd.Series,
                  matcher: Matcher, has_value: pd.Series) -> tuple[pd.Series, pd.Series, list]:
    """Check every 小计/合计 cell against its members (per column). Returns (store as the city's figure,
    structure kind for the checked cells, problems)."""
    levels = dict(zip(matcher.regions["code"], matcher.regions["level"]))
    parents = dict(zip(matcher.regions["code"], matcher.regions["parent"]))
    city = matcher.scope_city
    members_all = {c for c, lv in levels.items() if lv == "county" and parents.get(c) == city}
    zones_all = {c for c, lv in levels.items() if lv == "devzone" and parents.get(c) == city}
    counts = dict(zip(matcher.indicators["code"], matcher.indicators["kind"].eq("count")))
    store = pd.Series(False, index=cells.index)
    checked = pd.Series("", index=cells.index, dtype=object)
    probs = []
    # tables side by side (table_shapes._side_by_side): a column's members are those of its sum_col (both halves of
    # one table printed in two blocks), in reading order seq (the left block top to bottom, then the right)
    keyed = cells.assign(_sum=cells["sum_col"] if "sum_col" in cells else cells["col"],
                         _pos=cells["seq"] if "seq" in cells else cells["row"])
    heading = _subtotals_head_their_groups(keyed.assign(row=keyed["_pos"]))
    order = keyed.sort_values(["_sum", "_pos"], kind="stable")
    for col, grp in order.groupby("_sum", sort=False):
        seg_start = None
        bounds = sorted(grp.loc[grp["row_kind"].isin(["subtotal", "total"]), "_pos"])
        for idx, rk in zip(grp.index, grp["row_kind"]):
            if rk not in ("subtotal", "total"):
                continue
            r = keyed.at[idx, "_pos"]
            if rk == "subtotal" and heading:
                hi = next((b for b in bounds if b > r), np.inf)
                m = grp[(grp["_pos"] > r) & (grp["_pos"] < hi)]
            elif rk == "subtotal":
                lo = seg_start if seg_start is not None else -1
                m = grp[(grp["_pos"] > lo) & (grp["_pos"] < r)]
                seg_start = r
            else:
                m = grp
            # members of the same period only (a table with a 年份 column lists each county once per year)
            m = m[m["period_text"].astype(object).fillna("").eq(_or_blank(grp.at[idx, "period_text"]))]
            m = m[m["row_kind"].eq("data") & member_ok[m.index]]
            # a total saying 不含开发区 counts the county-level units only (match.Matcher.zone_word)
            word = matcher.zone_word(cells.at[idx, "region_label"])[1] if rk == "total" else None
            said = word   # the label's own word (a 其中 row's word leaves the check against the counties as it was)
            zone_part = _zone_part_below(grp, r, region, zones_all) if rk == "total" and word is None else None
            if zone_part is not None:
                word = ZONE_INCLUDED   # "其中：经济开发区" under it: by the table's own word the zone is inside
            in_total = ("county",) if word == ZONE_EXCLUDED else CITY_TOTAL_LEVELS
            m = m[region[m.index].map(lambda c: levels.get(c) in in_total)]
            checked[idx] = rk if not m.empty else f"{rk}_unchecked"   # no member known: said, never "checked"
            if not has_value[idx] or m.empty:
                continue
            total, got = float(m.index.map(value).to_series().sum()), float(value[idx])
            vals = np.append(value[m.index].to_numpy(float), got)
            zone_inside = float(value[zone_part]) if zone_part is not None and has_value.get(zone_part, False) \
                and region[zone_part] not in set(region[m.index]) else None
            tol = total_tolerance(vals, len(m), counts.get(cells.at[idx, "indicator"], False))
            if zone_inside is not None and abs(got - total) > tol and abs(got - total - zone_inside) <= tol:
                # the zone's 其中 row may be inside the counties' figures (the 合计 = their sum: the shared case
                # city_subtotal_rows) or beside them (the 合计 = their sum + the zone's, br9 c13): either adds up
                total += zone_inside
            rule = "subtotal_mismatch" if rk == "subtotal" else "total_mismatch"
            keep, warn, kind, explained = False, None, "", False
            if rk == "total":
                keep, warn, kind = _total_is_city(region[m.index].tolist(), value[m.index].to_numpy(float), got, tol,
                                                  word, members_all, zones_all, levels)
                listed_zone = zones_all & set(region[m.index])
                # the zone not listed (or listed, the 合计 equal to the counties): total_not_city says why it differs;
                # a 含开发区 total above its listed counties is what it says
                explained = (warn is not None and warn[0] != "excl") or (
                    said == ZONE_INCLUDED and listed_zone != zones_all and got >= total - tol)
            if abs(got - total) > tol and not explained:
                row = cells.loc[[idx]]
                # the city's 合计 contradicting its complete members (all units and zones listed): one of them is
                # wrong and the file does not say which, so it is not stored as the city's figure (the members are,
                # each as written; the city's total is then their sum, as for a city that reported none)
                dropped = ("；合计行未作为全市数导入", "; the total is not stored as the city's figure") if keep \
                    else ("", "")
                if keep:   # the city's figure by the definition, contradicting all its listed units: none
                    keep, kind = False, "total_contradicted"
                probs.append(P.make(rule, row, extra_zh=f"{P.show_value(got)}，所列各县（市、区）之和为 "
                                    f"{P.show_value(round(total, 6))}{dropped[0]}",
                                    extra_en=f"{P.show_value(got)} vs the sum of the listed units "
                                    f"{P.show_value(round(total, 6))}{dropped[1]}"))
            if rk == "total":
                if keep:
                    store[idx] = True
                    checked[idx] = ""
                elif kind:
                    checked[idx] = kind
                if warn:
                    probs.append(_total_not_city(cells.loc[[idx]], warn, got, zones_all, matcher))
    return store, checked, probs


def _zone_part_below(grp: pd.DataFrame, pos: int, region: pd.Series, zones: set):
    """The cell of a "其中" row right under the 合计 at `pos` (the 其中 rows that follow it) naming a development zone
    of the city: the table's own word that the zone is inside the total (as 全市合计（含开发区） says); None when there
    is none."""
    below = grp[grp["_pos"] > pos].sort_values("_pos")
    for idx, rk in zip(below.index, below["row_kind"]):
        if rk != "part":
            return None
        if region.get(idx) in zones:
            return idx
    return None


def _total_is_city(listed: list, vals: np.ndarray, got: float, tol: float, word: str | None, counties: set,
                   zones: set, levels: dict) -> tuple[bool, tuple | None, str]:
    """Whether a 合计 row is the city's own figure, by the one definition (data.catalogue.CITY_TOTAL_LEVELS: the
    city's county-level units AND its development zones). Returns (store it as the city's figure, the reason it is
    not (a total_not_city warning: (case, sum of the counties, sum of the zones listed)) or None, structure kind).
    - the table lists every county-level unit and every zone of the city: the city's figure (one that does not
      add up is not stored: _check_totals);
      but one equal to the counties alone while a listed zone has a figure is the counties' total, not stored;
    - it lists every county but no row of a zone: a 合计 equal to their sum is the counties' total (it leaves the
      zone out), one above it may or may not hold the zone (the difference is not known to be the zone's): neither
      is stored, each said (a 合计 below the counties' sum is a total_mismatch, as always);
    - a label saying 不含开发区 is a total of the counties only: checked against them, never the city's figure;
      one saying 含开发区 is the city's figure when every county is listed (with no zone row it must not be below
      the counties' sum);
    - a table not listing every county: a check row, as before."""
    is_county = np.array([levels.get(c) == "county" for c in listed], dtype=bool)
    cs, zs = float(vals[is_county].sum()), float(vals[~is_county].sum())
    whole = bool(counties) and counties <= set(listed)
    if word == ZONE_EXCLUDED:
        return False, (("excl", cs, zs) if whole else None), "total_counties"
    if not whole:
        return False, None, ""
    if word == ZONE_INCLUDED or zones <= set(listed):
        if word is None and zones and zs != 0 and abs(got - cs) <= tol and abs(got - cs - zs) > tol:
            return False, ("counties_only", cs, zs), "total"
        return True, None, ""
    if got < cs - tol:
        return False, None, "total"     # below the counties' sum: total_mismatch said it
    return False, (("no_zone_equal" if abs(got - cs) <= tol else "no_zone_above"), cs, zs), "total"


def _total_not_city(row: pd.DataFrame, warn: tuple, got: float, zones: set, matcher: Matcher) -> pd.DataFrame:
    """The warning total_not_city on a 合计 cell that is not the city's figure (_total_is_city), naming the cell's
    figure, the counties' sum and the development zone(s) the definition counts in the city."""
    case, cs, zs = warn
    zn = "、".join(f"{matcher.region_name(z)}（{z}）" for z in sorted(zones)) or "开发区"
    zn_en = ", ".join(sorted(zones)) or "the development zones"
    label = P.txt(row["region_label"]).iat[0]
    zh = {"excl": f"「{label}」按其名称不含开发区，只是各县（市、区）之和（所列各县（市、区）之和为 "
                  f"{P.show_value(round(cs, 6))}），全市数还含{zn}",
          "counties_only": f"{P.show_value(got)} 等于所列各县（市、区）之和 {P.show_value(round(cs, 6))}，不含表中所列{zn}的 "
                           f"{P.show_value(round(zs, 6))}",
          "no_zone_equal": f"{P.show_value(got)} 等于所列各县（市、区）之和，表中没有{zn}一行，合计不含开发区",
          "no_zone_above": f"{P.show_value(got)} 比所列各县（市、区）之和 {P.show_value(round(cs, 6))} 多 "
                           f"{P.show_value(round(got - cs, 6))}，表中没有{zn}一行，无法确定差额是否就是开发区的数"}[case]
    en = {"excl": f"{label} says it leaves out the development zones: {P.show_value(got)} is the counties' sum only",
          "counties_only": f"{P.show_value(got)} equals the counties' sum, without the listed zone {zn_en}",
          "no_zone_equal": f"{P.show_value(got)} equals the counties' sum and the table has no row of {zn_en}",
          "no_zone_above": f"{P.show_value(got)} exceeds the counties' sum {P.show_value(round(cs, 6))} and the table has "
                           f"no row of {zn_en}: whether the difference is the zone's is not known"}[case]
    if case == "excl":
        fix_zh = "各县（市、区）的数已导入；如需导入全市数，请增加" + zn + "一行并填写全市合计（含开发区）"
        fix_en = "The counties' figures are imported; for the city's figure add the zone's row and a total including it"
    else:
        fix_zh = (f"如合计含开发区，请在表中增加“{matcher.region_name(sorted(zones)[0]) if zones else '开发区'}”一行并填写其数"
                  "（或把合计行名称写为“全市合计（含开发区）”）后重新上传；如合计不含开发区，请把合计行名称写为"
                  "“全市合计（不含开发区）”，各县（市、区）的数已导入")
        fix_en = ("If the total includes the zone, add the zone's row with its figure (or name the row 全市合计（含开发区）) "
                  "and upload again; if it does not, name the row 全市合计（不含开发区）")
    return P.make("total_not_city", row, extra_zh=zh, extra_en=en,
                  texts=(P.RULES["total_not_city"][1], P.RULES["total_not_city"][2], fix_zh, fix_en))
