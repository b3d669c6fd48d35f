"""Turn raw cells into numbers, vectorised. Missing markers stay missing (NaN), never zero.

state per cell: "ok" | "blank" (empty cell: not imported) | "missing" (—, /, 无 …: imported as NaN)
| "invalid" (text that is not a number: an error in the report).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from indicators.conventions import MONEY_IN_YUAN

MISSING_MARKERS = {"—", "——", "-", "--", "/", "／", "…", "……", "...", "无", "空", "－", "–", "x", "X", "×",
                   "N/A", "NA", "nan", "NaN"}
# Excel's error values: a formula whose result is an error has an unknown value, never a 缺报 marker. A workbook
# holds them as error cells (read.py writes their text into the grid), a CSV saved from Excel as this text: one road.
EXCEL_ERRORS = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"})


def excel_error(v: object) -> str | None:
    """The Excel error value a cell holds ("#N/A", "#DIV/0!" …, also typed in a CSV), or None."""
    if isinstance(v, str) and v[:1] in "#＃" and (t := v.strip().replace("＃", "#").upper()) in EXCEL_ERRORS:
        return t
    return None
_FULL = str.maketrans("０１２３４５６７８９．，－＋％　−", "0123456789.,-+% -")
_CLEAN = re.compile(r"[,\s\u00a0\u3000'’]")
_SEP = re.compile(r"[,\s\u00a0\u3000'’]")
# Digit grouping is read only when every group after the first has three digits ("1,234.5", "12 345"):
# "1 234,5" (a decimal comma) or "12,34" would otherwise lose or move the decimal point without a word.
_GROUPED = r"\(?[+-]?[0-9]{1,3}(?:[,\s\u00a0\u3000'’][0-9]{3})+(?:\.[0-9]*)?\)?"

# Amounts relative to 万元 (indicators.conventions has the units); counts are interchangeable.
MONEY = {unit: size / MONEY_IN_YUAN["万元"] for unit, size in MONEY_IN_YUAN.items()}
COUNT = {"个", "家", "项", "户", "人", "所", "座", "件", "名", "人次"}
# Count units that read the same figure: units (firms, platforms, bases: 家 = 个 = 户 = 所 = 座) and people
# (人 = 名). 人次 counts visits or person-times (one 特派员 serving twice is 2 人次), 项 and 件 count items
# (projects, contracts, patents): none of them is the count of the catalogue's 家/个/人 indicators.
COUNT_ALIKE = ({"个", "家", "户", "所", "座"}, {"人", "名"}, {"人次"}, {"项"}, {"件"})


# ---- decimal commas (issue 12: refuse rather than guess) ------------------------------------------------------
# Excel writes CSV with ";" between the cells where the locale's decimal mark is a comma (de, fr, ru ...): there
# "12,5" is twelve and a half and "1.234,5" groups thousands with points. In such a file a comma inside a number is
# a decimal comma or ambiguous, never silently a thousands separator. The file's cells decide its style:
#   DECIMAL_COMMA  some number reads only with a decimal comma ("12,5", "1.234,5", "1.234.567") and none only with
#                  a decimal point: every number is read so ("1,234" is 1.234, "1.234" is 1234);
#   DECIMAL_POINT  some number reads only with a decimal point ("12.5", "0.123") and none only with a comma: a
#                  comma in a number is refused ("1,234" and "1,234.5" alike), the rest is read as usual;
#   UNSURE         both kinds or neither: a comma in a number and a point that may group thousands ("1.234") are
#                  refused; numbers that read the same either way ("1234", "12.5") are read as usual.
# Refused cells are "invalid" for parse_numbers and reported by build as rule separator_unsure (`separator_doubts`).
DECIMAL_COMMA, DECIMAL_POINT, UNSURE = "decimal_comma", "decimal_point", "unsure"
_GROUP = r"[\s\u00a0\u3000'’]"
# one number with a decimal point (grouping by comma, space or apostrophe) / with a decimal comma (grouping by point,
# space or apostrophe); a first group of three digits at most that does not start with 0
_POINT_NUMBER = re.compile(r"(?:\d+|[1-9]\d{0,2}(?:([," + _GROUP[1:-1] + r"])\d{3})(?:\1\d{3})*)(?:\.\d+)?|\.\d+")
_COMMA_NUMBER = re.compile(r"(?:\d+|[1-9]\d{0,2}(?:([." + _GROUP[1:-1] + r"])\d{3})(?:\1\d{3})*)(?:,\d+)?|,\d+")
_SIGNS = re.compile(r"^\(?\s*[+-]?\s*|\s*\)?$")


def _number_core(s: pd.Series) -> pd.Series:
    """The digits and marks of each text cell (full-width folded; sign, brackets and % taken off)."""
    s = s.astype(str).str.translate(_FULL).str.strip().str.rstrip("%").str.strip()
    return s.str.replace(_SIGNS, "", regex=True)


def _readings(core: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(reads with a decimal point, reads with a decimal comma, the two readings differ) per core text."""
    point = core.str.fullmatch(_POINT_NUMBER).fillna(False).to_numpy(dtype=bool)
    comma = core.str.fullmatch(_COMMA_NUMBER).fillna(False).to_numpy(dtype=bool)
    as_point = pd.to_numeric(core.str.replace(r"[," + _GROUP[1:-1] + r"]", "", regex=True).where(point),
                             errors="coerce").to_numpy(dtype=float)
    as_comma = pd.to_numeric(core.str.replace(r"[." + _GROUP[1:-1] + r"]", "", regex=True).str.replace(",", ".")
                             .where(comma), errors="coerce").to_numpy(dtype=float)
    differ = point & comma & ~np.isclose(as_point, as_comma, rtol=0, atol=0, equal_nan=True)
    return point, comma, differ


def number_style(cells: pd.Series) -> str:
    """DECIMAL_COMMA, DECIMAL_POINT or UNSURE for the number cells of one ";"-separated CSV file (object Series:
    every value, base and 同比 cell of the file; non-text cells are ignored). See the rules above."""
    text = cells[cells.map(lambda v: isinstance(v, str))]
    if not len(text):
        return UNSURE
    point, comma, _ = _readings(_number_core(text))
    only_comma, only_point = bool((comma & ~point).any()), bool((point & ~comma).any())
    if only_comma and not only_point:
        return DECIMAL_COMMA
    if only_point and not only_comma:
        return DECIMAL_POINT
    return UNSURE


def separator_doubts(raw: pd.Series, style: str | None) -> pd.Series:
    """Bool Series: the cells of `raw` that a file of number `style` (None: not a ";"-separated CSV) refuses because
    their comma or point may be a decimal mark or a thousands separator (rule separator_unsure)."""
    raw = raw.astype(object)
    out = pd.Series(False, index=raw.index)
    if style not in (DECIMAL_POINT, UNSURE):
        return out
    is_str = raw.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    if not is_str.any():
        return out
    core = _number_core(raw[is_str])
    point, comma, differ = _readings(core)
    has_comma = core.str.contains(",", regex=False).to_numpy(dtype=bool) & (point | comma)
    doubt = has_comma | (differ if style == UNSURE else np.zeros(len(core), dtype=bool))
    out[is_str] = doubt
    return out


def _comma_to_point(raw: pd.Series) -> pd.Series:
    """Text cells written with a decimal comma rewritten with a decimal point and no grouping ("1.234,5" ->
    "1234.5", "-12,5%" -> "-12.5%"); other cells as they are."""
    raw = raw.astype(object)
    is_str = raw.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
    if not is_str.any():
        return raw
    s = raw[is_str].astype(str).str.translate(_FULL).str.strip()
    core = _number_core(s)
    _, comma, _ = _readings(core)
    plain = core.str.replace(r"[." + _GROUP[1:-1] + r"]", "", regex=True).str.replace(",", ".", regex=False)
    rewritten = pd.Series([t.replace(c, p, 1) if ok else t for t, c, p, ok in zip(s, core, plain, comma)],
                          index=s.index, dtype=object)
    out = raw.copy()
    out[is_str] = rewritten
    return out


_TEXT = pd.Series(["ok"]).dtype   # the dtype pandas gives a Series made of texts (the state Series below)


def _texts(n: int, text: str) -> np.ndarray:
    """An object array of n cells holding `text`: np.full(n, text, dtype=object) without converting the text
    to a numpy string and back for every cell (a tenth of the time)."""
    out = np.empty(n, dtype=object)
    out.fill(text)
    return out


def parse_numbers(raw: pd.Series, style: str | None = None) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Returns (value float64, state, is_percent) for an object Series of cells. `style`: the number style of a
    ";"-separated CSV (`number_style`), None for every other file; cells it refuses are "invalid"."""
    n = len(raw)
    if n and raw.isna().all():  # an absent column (None, NaN): every cell blank, as the general path finds
        return (pd.Series(np.full(n, np.nan), index=raw.index), pd.Series("blank", index=raw.index, dtype=_TEXT),
                pd.Series(np.zeros(n, dtype=bool), index=raw.index))
    doubts = separator_doubts(raw, style).to_numpy(dtype=bool)
    raw = _comma_to_point(raw) if style == DECIMAL_COMMA else raw.astype(object)
    n = len(raw)
    value = np.full(n, np.nan)
    state = _texts(n, "ok")
    percent = np.zeros(n, dtype=bool)
    types = raw.map(type)
    is_num = types.isin([int, float]).to_numpy()
    nums = pd.to_numeric(raw[is_num], errors="coerce").to_numpy(dtype=float) if is_num.any() else np.array([])
    value[is_num] = nums
    # NaN floats come from blanks in CSV/pandas; calamine gives "" instead.
    num_nan = np.zeros(n, dtype=bool)
    num_nan[is_num] = np.isnan(nums)
    state[num_nan] = "blank"
    is_str = types.isin([str]).to_numpy(dtype=bool)  # the type itself (a subclass of str is "other")
    other = ~is_num & ~is_str & raw.notna().to_numpy()
    state[raw.isna().to_numpy()] = "blank"
    state[other] = "invalid"  # dates, booleans, times
    if is_str.any():
        s = raw[is_str].astype(str).str.translate(_FULL).str.strip()
        s_state = _texts(len(s), "ok")
        blank = (s == "").to_numpy()
        marker = s.isin(MISSING_MARKERS).to_numpy()
        pct = s.str.endswith("%").to_numpy()
        core = s.str.rstrip("%").str.strip().str.replace(r"^([+-])\s+", r"\1", regex=True)
        bad_group = (core.str.contains(_SEP.pattern, regex=True).fillna(False)
                     & ~core.str.fullmatch(_GROUPED).fillna(False)).to_numpy(dtype=bool)
        body = s.str.replace(_CLEAN, "", regex=True).str.rstrip("%")
        # (123) accounting negatives
        paren = body.str.fullmatch(r"\(\d[\d.]*\)").fillna(False).to_numpy()
        body = body.where(~paren, "-" + body.str.strip("()"))
        ok_shape = body.str.fullmatch(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?").fillna(False).to_numpy()
        ok_shape = ok_shape & ~bad_group
        parsed = pd.to_numeric(body.where(ok_shape), errors="coerce").to_numpy(dtype=float, copy=True)
        ok_shape = ok_shape & np.isfinite(parsed)   # 1e400 overflows: not a figure
        s_state[blank] = "blank"
        s_state[marker & ~blank] = "missing"
        bad = ~blank & ~marker & ~ok_shape
        s_state[bad] = "invalid"
        parsed[~ok_shape] = np.nan
        value[is_str] = parsed
        state[is_str] = s_state
        percent[is_str] = pct & ok_shape
    value[~np.isfinite(value)] = np.nan
    value[doubts] = np.nan
    state[doubts] = "invalid"
    percent[doubts] = False
    index = raw.index
    return pd.Series(value, index=index), pd.Series(state, index=index), pd.Series(percent, index=index)


# Foreign currencies: a figure in them is no 人民币 amount at any factor (a unit line, a number format naming one is
# refused, never read in the catalogue's 万元).
FOREIGN_MONEY = re.compile(r"美元|美金|港元|港币|澳元|澳门元|台币|新台币|欧元|日元|英镑|韩元|卢布|外币|USD|HKD|EUR|JPY|GBP|\$",
                           re.IGNORECASE)


def unit_word(word: object) -> str | None:
    """A written unit as the unit it is: the known units as they are ("万元", "家", "%"), and the common spellings of
    a money unit: 亿 = 亿元, 人民币万元 = 万元人民币 = 万元 (亿元人民币 = 亿元 …). None for anything else (万美元, 千万,
    万): such a word is not understood, never dropped."""
    if not isinstance(word, str):
        return None
    w = re.sub(r"[\s()（）]", "", word).replace("％", "%")
    if w in MONEY or w in COUNT or w in ("%", "百分比"):
        return w
    core = w.removeprefix("人民币").removesuffix("人民币")
    if core != w and core in MONEY:
        return core
    if core == "亿":
        return "亿元"
    return None


_BARE_MAGNITUDE = re.compile(r"[十百千万亿]+元?")   # 万, 千万: a magnitude without its unit (万元? 万人?)


def written_unit(word: object) -> str | None:
    """A word written where a unit goes (a header's closing brackets, a line below the table) as the unit it states:
    `unit_word`'s reading where it has one; a foreign currency or a bare magnitude (万美元, 万, 千万) as written, a unit
    not understood that unit_factor then refuses (never dropped, never read in the catalogue's unit); None for a word
    that is no unit at all (入库)."""
    unit = unit_word(word)
    if unit is None and isinstance(word, str) and (FOREIGN_MONEY.search(word) or _BARE_MAGNITUDE.fullmatch(word)):
        return word
    return unit


def unit_factor(source_unit: object, target_unit: str) -> float | None:
    """Multiplier from the file's unit to the catalogue unit; None when they cannot be converted. The file's unit is
    read by `unit_word` first (a 计量单位 cell "亿" is 亿元, as a unit line's is)."""
    if source_unit is None or (isinstance(source_unit, float) and np.isnan(source_unit)) or str(source_unit).strip() == "":
        return 1.0
    src = str(source_unit).strip().replace("（", "").replace("）", "").replace("(", "").replace(")", "")
    src = src.replace("单位：", "").replace("单位:", "")
    src = unit_word(src) or src   # the written spellings (亿, 亿 元, 万元（人民币）) as the units they are: one road
    if src == target_unit:
        return 1.0
    if src in MONEY and target_unit in MONEY:
        return MONEY[src] / MONEY[target_unit]
    if any(src in alike and target_unit in alike for alike in COUNT_ALIKE):
        return 1.0
    if src in ("%", "百分比", "％") and target_unit == "%":
        return 1.0
    return None


def text_or_none(v: object) -> str | None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    s = str(v).strip()
    return s or None


_FIGURE_WITH_WORD = re.compile(r"^(.*?[0-9.%)])\s*([^0-9.,%\s()+-][^0-9]*)$")


def parse_figure(text: object) -> tuple[float, str, str | None]:
    """One figure typed by hand (the 目标任务 form), read by `parse_numbers`' own rules — full-width digits and
    marks folded, thousands commas only in groups of three, 1e400 refused — with a unit word written after it
    ("5亿", "５亿元", "50,000万元", "0.9%"). Returns (value, state, word): state as parse_numbers' ("ok", "blank",
    "missing", "invalid"; value NaN unless "ok"), word the text after the number as written (None without one;
    `unit_word` reads it; "%" when the figure ends with a per cent sign)."""
    s = str(text if text is not None else "").translate(_FULL).strip()
    m = _FIGURE_WITH_WORD.match(s)
    word = None
    if m and s not in MISSING_MARKERS:
        s, word = m.group(1).strip(), m.group(2).strip()
    value, state, pct = parse_numbers(pd.Series([s], dtype=object))
    if bool(pct.iloc[0]) and word is None:
        word = "%"
    return float(value.iloc[0]), str(state.iloc[0]), word
