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
                   "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "N/A", "NA", "nan", "NaN"}
_FULL = str.maketrans("０１２３４５６７８９．，－＋％　−", "0123456789.,-+% -")
_CLEAN = re.compile(r"[,\s\u00a0\u3000'’]")
_SEP = re.compile(r"[,\s\u00a0\u3000'’]")
# Digit grouping is read only when every group after the first has three digits ("1,234.5", "12 345"):
# "1 234,5" (a decimal comma) or "12,34" would otherwise lose or move the decimal point without a word.
_GROUPED = r"\(?[+-]?[0-9]{1,3}(?:[,\s\u00a0\u3000'’][0-9]{3})+(?:\.[0-9]*)?\)?"

# Amounts relative to 万元 (indicators.conventions has the units); counts are interchangeable.
MONEY = {unit: size / MONEY_IN_YUAN["万元"] for unit, size in MONEY_IN_YUAN.items()}
COUNT = {"个", "家", "项", "户", "人", "所", "座", "件", "名", "人次"}


def parse_numbers(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Returns (value float64, state, is_percent) for an object Series of cells."""
    raw = raw.astype(object)
    n = len(raw)
    value = np.full(n, np.nan)
    state = np.full(n, "ok", dtype=object)
    percent = np.zeros(n, dtype=bool)
    types = raw.map(type)
    is_num = types.isin([int, float]).to_numpy()
    nums = pd.to_numeric(raw[is_num], errors="coerce").to_numpy(dtype=float) if is_num.any() else np.array([])
    value[is_num] = nums
    # NaN floats come from blanks in CSV/pandas; calamine gives "" instead.
    num_nan = np.zeros(n, dtype=bool)
    num_nan[is_num] = np.isnan(nums)
    state[num_nan] = "blank"
    is_str = types.map(lambda k: k is str).to_numpy(dtype=bool)
    other = ~is_num & ~is_str & raw.notna().to_numpy()
    state[raw.isna().to_numpy()] = "blank"
    state[other] = "invalid"  # dates, booleans, times
    if is_str.any():
        s = raw[is_str].astype(str).str.translate(_FULL).str.strip()
        s_state = np.full(len(s), "ok", dtype=object)
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
    index = raw.index
    return pd.Series(value, index=index), pd.Series(state, index=index), pd.Series(percent, index=index)


def unit_factor(source_unit: object, target_unit: str) -> float | None:
    """Multiplier from the file's unit to the catalogue unit; None when they cannot be converted."""
    if source_unit is None or (isinstance(source_unit, float) and np.isnan(source_unit)) or str(source_unit).strip() == "":
        return 1.0
    src = str(source_unit).strip().replace("（", "").replace("）", "").replace("(", "").replace(")", "")
    src = src.replace("单位：", "").replace("单位:", "")
    if src == target_unit:
        return 1.0
    if src in MONEY and target_unit in MONEY:
        return MONEY[src] / MONEY[target_unit]
    if src in COUNT and target_unit in COUNT:
        return 1.0
    if src in ("%", "百分比", "％") and target_unit == "%":
        return 1.0
    return None


def text_or_none(v: object) -> str | None:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    s = str(v).strip()
    return s or None
