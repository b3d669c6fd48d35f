"""De-cumulating 累计 (year-to-date) figures into single quarters / months, and back.

Rule: single(first period of the year) = YTD(first); single(n) = YTD(n) - YTD(n-1), with
YTD(n-1) of the same year found by key. Empty results carry a reason:
  no_base       YTD(n-1) row absent
  missing_value YTD(n) or YTD(n-1) is NaN
  ytd_decrease  YTD(n) < YTD(n-1): the 累计 series fell within the year; never a negative single
Only indicators with catalogue `cumulative` true are de-cumulated.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import kernels as K
from . import reasons as R
from .cube import Axis, Layout, frame_keys
from .periods import parse_many

SINGLE_COLUMNS = ["indicator", "region", "period", "period_kind", "is_ytd", "value", "value_reason"]


def decumulate_cube(cube: np.ndarray, present: np.ndarray, layout: Layout, cumulative: np.ndarray):
    """Single-period values for every 累计 cell of cumulative indicators.

    Returns (src_cells, dst_cells, values, reason_codes): flat cells of the 累计 source, the
    matching single-period destination, and the de-cumulated value with its reason.
    """
    s = layout.slot
    ytd_slots = np.flatnonzero(s["ytd"] & (s["single"] >= 0))
    ind_sel = np.flatnonzero(cumulative)
    if not len(ytd_slots) or not len(ind_sel):
        z = np.zeros(0, np.int64)
        return z, z, np.zeros(0), np.zeros(0, np.int8)
    args = (cube, present, ind_sel.astype(np.int64), ytd_slots.astype(np.int64), s["ytd_prev"][ytd_slots],
            s["ytd_first"][ytd_slots], s["single"][ytd_slots])
    n = K.decumulate_cells(*args, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0, np.int8))
    src, dst, single, reason = np.empty(n, np.int64), np.empty(n, np.int64), np.empty(n), np.empty(n, np.int8)
    K.decumulate_cells(*args, src, dst, single, reason)
    return src, dst, single, reason


def decumulate(obs: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Single-period rows from the 累计 rows of cumulative indicators.

    Input: long frame (indicator, region, period, is_ytd, value); indicators: catalogue
    (code, cumulative). Output columns SINGLE_COLUMNS: one row per 累计 Q/M row, is_ytd
    False, value NaN where value_reason says why. Sorted by indicator, region, period.
    """
    if not len(obs):
        return _empty()
    ind_axis, reg_axis = Axis(), Axis()
    keys = frame_keys(obs, ind_axis, reg_axis)
    layout = Layout.from_keys([keys], ind_axis, reg_axis)
    cube = np.full(layout.shape, np.nan)
    present = np.zeros(layout.shape, dtype=bool)
    flat = layout.flat(keys)
    cube.reshape(-1)[flat] = obs["value"].to_numpy(dtype=float, na_value=np.nan)
    present.reshape(-1)[flat] = True
    cum = dict(zip(indicators["code"].astype(str), indicators["cumulative"].astype(bool)))
    src, dst, values, reason = decumulate_cube(
        cube, present, layout, np.array([cum.get(c, False) for c in layout.indicators]))
    ind, reg, slot = layout.unflat(dst)
    out = pd.DataFrame({
        "indicator": np.array(layout.indicators, dtype=object)[ind],
        "region": np.array(layout.regions, dtype=object)[reg],
        "period": layout.slot["label"][slot],
        "period_kind": np.array(["Y", "Q", "M"], dtype=object)[layout.slot["kind"][slot]],
        "is_ytd": False,
        "value": values,
        "value_reason": R.to_categorical(reason),
    })
    return _typed(out).sort_values(["indicator", "region", "period"], kind="stable").reset_index(drop=True)


def cumulate(single: pd.DataFrame) -> pd.DataFrame:
    """Inverse of decumulate: 累计 = running sum of single periods within each year.

    Input: (indicator, region, period, value) single-period Q/M rows. Output: same keys with
    is_ytd True and the running value; NaN propagates to later periods of that year.
    """
    if not len(single):
        return _empty().drop(columns="value_reason")
    df = single[["indicator", "region", "period", "value"]].reset_index(drop=True).copy()
    parts = parse_many(df["period"])
    df["_year"], df["_sub"] = parts["year"].to_numpy(), parts["sub"].to_numpy()
    df["period_kind"] = parts["kind"].to_numpy()
    df = df.sort_values(["indicator", "region", "period_kind", "_year", "_sub"], kind="stable")
    # NaN must poison the rest of the year, so sum with skipna=False semantics
    df["value"] = df.groupby(["indicator", "region", "period_kind", "_year"], sort=False)["value"].cumsum(skipna=False)
    df["is_ytd"] = True
    out = df[["indicator", "region", "period", "period_kind", "is_ytd", "value"]]
    return _typed(out).reset_index(drop=True)


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in ("indicator", "region", "period", "period_kind"):
        out[c] = out[c].astype("string")
    out["is_ytd"] = out["is_ytd"].astype(bool)
    out["value"] = out["value"].astype(float)
    return out


def _empty() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator": pd.Series(dtype="string"), "region": pd.Series(dtype="string"),
        "period": pd.Series(dtype="string"), "period_kind": pd.Series(dtype="string"),
        "is_ytd": pd.Series(dtype=bool), "value": pd.Series(dtype=float),
        "value_reason": pd.Series(pd.Categorical([], dtype=R.REASON_DTYPE)),
    })


