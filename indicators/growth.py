"""同比 / 环比 growth, series breaks and CAGR.

Rules (reason codes in reasons.py travel with every empty result):
- 同比 compares (region, indicator, same period one year earlier, same is_ytd), found by key.
- Preference: officially reported 同比 (`reported_yoy`) > computed against a restated 同口径
  base (`base_value`) > computed against the prior-year value. The own computation
  (`yoy_computed_pct`, against base_value if given else the prior-year value) is kept beside
  it and `yoy_flag_mismatch` is set where |reported - computed| > tolerance (pct points).
- Ratio indicators (catalogue kind "ratio") change in 百分点: `yoy_pp` = value - base, each 四舍五入 to the
  2 decimals shown first (indicators.kernels.hundredths: the difference of the two published figures), and
  yoy_pct stays NaN by design; yoy_reason then explains yoy_pp. reported_yoy is ignored for
  ratios (it is not clear whether a source meant % or 百分点).
- Reasons, first that applies: missing current value -> missing_value; no base row and no
  base_value -> no_base; base NaN -> missing_value; 口径调整 between the periods and no
  base_value -> series_break; base <= 0 (% only) -> base_nonpositive. Never inf.
- 环比 (qoq) applies to single-period quarterly/monthly rows only (not annual, not 累计):
  elsewhere qoq_reason = not_applicable.
- A series_break annotation at period P (indicator, region or NA = all) means the series
  breaks at the start of P. A change is suppressed when the break falls inside the compared
  span: for a row covering months [start, end) the 同比 span is (start-12, end); so an
  annual break at 2023 suppresses 2023 and every 2023 quarter, and a break at 2023Q3
  suppresses 2023Q3..2024Q2 quarters, 2023 and 2024 annual figures.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import kernels as K
from . import reasons as R
from .derived import propagate_breaks
from .cube import Axis, Layout, frame_keys
from .periods import MONTHS_PER_PERIOD, parse_period

SOURCES = ("reported", "restated_base", "prior_value")
SOURCE_DTYPE = pd.CategoricalDtype(list(SOURCES))
DEFAULT_TOLERANCE_PP = 0.05




def change_kernel(v, pv, prev_present, brk, ratio, reported=None, base=None, tolerance=DEFAULT_TOLERANCE_PP):
    """Change of v against its base, row by row (the rule in this module's docstring; compiled:
    kernels.change_rows). All arguments are row-aligned arrays (brk None: no break anywhere; reported / base
    None: nothing reported / no restated base).

    Returns dict: pct, computed_pct, pp (float64), source (int8; 0 none, i+1 = SOURCES[i]),
    reason (int8 reason code), mismatch (bool).
    """
    v = np.ascontiguousarray(v, dtype=float)
    n = len(v)
    out = {"pct": np.empty(n), "computed_pct": np.empty(n), "pp": np.empty(n), "source": np.empty(n, np.int8),
           "reason": np.empty(n, np.int8), "mismatch": np.empty(n, bool)}

    def given(arr: np.ndarray | None, dtype: type) -> np.ndarray:
        return _EMPTY[dtype] if arr is None else np.ascontiguousarray(np.broadcast_to(arr, n), dtype=dtype)

    K.run_rows(K.change_rows, n, 1, v, np.ascontiguousarray(pv, dtype=float),
               np.ascontiguousarray(np.broadcast_to(prev_present, n), dtype=bool), given(brk, bool),
               np.ascontiguousarray(np.broadcast_to(ratio, n), dtype=bool), given(reported, float),
               given(base, float), float(tolerance), out["pct"], out["computed_pct"], out["pp"], out["source"],
               out["reason"], out["mismatch"])
    return out


_EMPTY = {bool: np.zeros(0, bool), float: np.zeros(0)}




def break_cubes(annotations: pd.DataFrame | None, layout: Layout, ind_pos: dict, reg_pos: dict):
    """Boolean cubes (yoy_break, qoq_break) marking cells whose compared span holds a series break."""
    shape = layout.shape
    yoy = np.zeros(shape, dtype=bool)
    qoq = np.zeros(shape, dtype=bool)
    if annotations is None or not len(annotations):
        return yoy, qoq
    s = layout.slot
    mpp = np.array([MONTHS_PER_PERIOD[k] for k in ("Y", "Q", "M")])[s["kind"]]
    yoy_lo = s["start"] - 12
    qoq_lo = np.where(s["qoq_prev"] >= 0, s["start"] - mpp, np.iinfo(np.int64).max)
    breaks = annotations[annotations["kind"].astype("string") == "series_break"]
    for ind, reg, period in zip(breaks["indicator"], breaks["region"], breaks["period"]):
        i = ind_pos.get(str(ind))
        if i is None:
            continue
        year, sub, kind = parse_period(period)
        b = year * 12 + (0 if kind == "Y" else (sub - 1) * MONTHS_PER_PERIOD[kind])
        ymask = (yoy_lo < b) & (b < s["end"])
        qmask = (qoq_lo < b) & (b < s["end"])
        if reg is None or pd.isna(reg):
            yoy[i][:, ymask] = True
            qoq[i][:, qmask] = True
        elif str(reg) in reg_pos:
            r = reg_pos[str(reg)]
            yoy[i, r, ymask] = True
            qoq[i, r, qmask] = True
    return yoy, qoq


def _kind_of(indicators: pd.DataFrame, codes: list[str]) -> np.ndarray:
    kinds = dict(zip(indicators["code"].astype(str), indicators["kind"].astype(str)))
    return np.array([kinds.get(c) == "ratio" for c in codes], dtype=bool)


def year_on_year(obs: pd.DataFrame, indicators: pd.DataFrame, annotations: pd.DataFrame | None = None,
                 tolerance: float = DEFAULT_TOLERANCE_PP) -> pd.DataFrame:
    """同比 and 环比 for every row of a long observation frame.

    Input: OBS_COLUMNS (at least indicator, region, period, is_ytd, value; reported_yoy and
    base_value optional); indicators: catalogue (code, kind); annotations: ANNOTATION_COLUMNS.
    Output: the input rows in input order plus value_prev (prior-year value), yoy_pct,
    yoy_computed_pct, yoy_pp, yoy_source (reported|restated_base|prior_value), yoy_reason,
    yoy_flag_mismatch, qoq_pct, qoq_pp, qoq_reason.
    """
    out = obs.reset_index(drop=True).copy()
    ind_axis, reg_axis = Axis(), Axis()
    keys = frame_keys(out, ind_axis, reg_axis)
    layout = Layout.from_keys([keys], ind_axis, reg_axis, single_families=False)
    flat = layout.flat(keys) if len(out) else np.zeros(0, np.int64)
    value = out["value"].to_numpy(dtype=float, na_value=np.nan)
    cube = np.full(layout.shape, np.nan)
    present = np.zeros(layout.shape, dtype=bool)
    cube.reshape(-1)[flat] = value
    present.reshape(-1)[flat] = True
    if present.sum() != len(out):
        raise ValueError("duplicate (indicator, region, period, is_ytd) keys")
    ybrk, qbrk = break_cubes(propagate_breaks(annotations, indicators), layout, ind_axis.pos, reg_axis.pos)
    cols = growth_columns(flat, value, cube, present, ybrk, qbrk, _kind_of(indicators, layout.indicators), layout,
                          _col(out, "reported_yoy"), _col(out, "base_value"), tolerance)
    for name, col in cols.items():
        out[name] = col
    return out


def _col(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame:
        return np.full(len(frame), np.nan)
    return frame[name].to_numpy(dtype=float, na_value=np.nan)


def growth_columns(flat: np.ndarray | None, value: np.ndarray, cube: np.ndarray, present: np.ndarray,
                   ybrk: np.ndarray, qbrk: np.ndarray, ratio_ind: np.ndarray, layout: Layout,
                   reported: np.ndarray | None, base: np.ndarray | None, tolerance: float,
                   prev: np.ndarray | None = None, threads: int = 1, alias: bool = False,
                   ind: np.ndarray | None = None, slot: np.ndarray | None = None,
                   reg: np.ndarray | None = None) -> dict:
    """Row-aligned growth columns for cells `flat` (shared by year_on_year and the pipeline; ratio_ind: per
    indicator of the layout, the catalogue kind is "ratio"): value_prev,
    yoy_pct, yoy_computed_pct, yoy_pp (float64), yoy_source, yoy_reason (Categorical), yoy_flag_mismatch (bool),
    qoq_pct, qoq_pp (float64), qoq_reason (Categorical). Compiled (kernels.growth_rows) over `threads` row
    ranges. ind / reg / slot: the cells' axis positions when known (else worked out from flat; flat may then
    be None).
    value is cube.flat[flat] (unused: read from the cube); prev is accepted for the callers that know
    it (the kernel finds the prior-year cell by key itself). With `alias`, when nothing is reported, yoy_pct is
    the yoy_computed_pct array itself (equal by the rule; the caller puts it in a frame so that pandas' copy on
    write knows, e.g. DataFrame.insert of the other column).
    """
    if ind is None or reg is None or slot is None:
        ind, reg, slot = layout.unflat(np.asarray(flat, dtype=np.int64))
    n = len(ind)
    empty_f, empty_b = _EMPTY[float], _EMPTY[bool]
    if reported is not None and not np.isfinite(reported).any():
        reported = None
    if base is not None and not np.isfinite(base).any():
        base = None
    s = layout.slot
    # per slot: the 环比 reason where there is no previous period (first slot of a single-period range: no base)
    q_first = (s["qoq_prev"] < 0) & (s["kind"] != 0) & ~s["ytd"]
    q_none = np.where(q_first, R.CODE[R.NO_BASE], R.CODE[R.NOT_APPLICABLE]).astype(np.int8)
    ybrk_f, qbrk_f = ybrk.reshape(-1), qbrk.reshape(-1)
    computed = np.empty(n)
    out = {"value_prev": np.empty(n), "yoy_computed_pct": computed,
           "yoy_pct": computed if reported is None and alias else np.empty(n), "yoy_pp": np.empty(n),
           "qoq_pct": np.empty(n), "qoq_pp": np.empty(n)}
    source, reason, qreason, mismatch = (np.empty(n, np.int8), np.empty(n, np.int8), np.empty(n, np.int8),
                                         np.empty(n, bool))
    K.run_rows(K.growth_rows, n, threads, np.ascontiguousarray(ind), np.ascontiguousarray(reg),
               np.ascontiguousarray(slot), layout.shape[1], np.asarray(ratio_ind, dtype=bool),
               cube.reshape(-1), present.reshape(-1), ybrk_f if ybrk_f.any() else empty_b,
               qbrk_f if qbrk_f.any() else empty_b, s["yoy_prev"], s["qoq_prev"], q_none,
               empty_f if reported is None else np.ascontiguousarray(reported, dtype=float),
               empty_f if base is None else np.ascontiguousarray(base, dtype=float), float(tolerance),
               out["value_prev"], out["yoy_pct"], computed, out["yoy_pp"], source, reason, mismatch,
               out["qoq_pct"], out["qoq_pp"], qreason)
    return {
        "value_prev": out["value_prev"],
        "yoy_pct": out["yoy_pct"],
        "yoy_computed_pct": computed,
        "yoy_pp": out["yoy_pp"],
        "yoy_source": pd.Categorical.from_codes(source, dtype=SOURCE_DTYPE),
        "yoy_reason": pd.Categorical.from_codes(reason, dtype=R.REASON_DTYPE),
        "yoy_flag_mismatch": mismatch,
        "qoq_pct": out["qoq_pct"],
        "qoq_pp": out["qoq_pp"],
        "qoq_reason": pd.Categorical.from_codes(qreason, dtype=R.REASON_DTYPE),
    }


def cagr(frame: pd.DataFrame, start: str, end: str, breaks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compound annual growth rate between two periods of the same kind (e.g. "2018", "2023").

    Input: long frame with indicator, region, period, value (is_ytd must agree between the two
    periods when present); breaks: annotations (indicator, region — empty for every region —, period,
    kind) whose "series_break" rows mark a 口径调整. Output: one row per (indicator, region) seen in either
    period with columns indicator, region, start, end, years, value_start, value_end, cagr_pct, cagr_reason.
    cagr_pct = ((end / start) ** (1 / years) - 1) * 100. Reasons: no_base (no start row),
    missing_value, base_nonpositive (start <= 0 or end < 0), series_break (a 口径调整 after the start year
    and up to the end year: the two ends are not comparable, so no rate — shown as "—" with the reason).
    """
    y0, s0, k0 = parse_period(start)
    y1, s1, k1 = parse_period(end)
    if k0 != k1 or s0 != s1 or y1 <= y0:
        raise ValueError("CAGR needs the same period kind, a later end and whole years between")
    years = y1 - y0
    keys = ["indicator", "region"]
    a = frame.loc[frame["period"] == start, keys + ["value"]].rename(columns={"value": "value_start"})
    b = frame.loc[frame["period"] == end, keys + ["value"]].rename(columns={"value": "value_end"})
    m = a.merge(b, on=keys, how="outer", indicator=True)
    v0 = m["value_start"].to_numpy(dtype=float, na_value=np.nan)
    v1 = m["value_end"].to_numpy(dtype=float, na_value=np.nan)
    broken = np.zeros(len(m), dtype=bool)
    if breaks is not None and len(breaks):
        b = breaks[breaks["kind"].astype(str) == "series_break"]
        b_year = np.array([parse_period(str(p))[0] for p in b["period"]], dtype=int)
        b = b[(b_year > y0) & (b_year <= y1)]
        for ind, reg in zip(b["indicator"].astype(str), b["region"].astype(object)):
            hit = m["indicator"].astype(str).to_numpy() == ind
            if isinstance(reg, str) and reg:
                hit &= m["region"].astype(str).to_numpy() == reg
            broken |= hit
    reason = np.select(
        [m["_merge"].to_numpy() == "right_only", ~np.isfinite(v0) | ~np.isfinite(v1), broken, (v0 <= 0) | (v1 < 0)],
        [R.CODE[R.NO_BASE], R.CODE[R.MISSING_VALUE], R.CODE[R.SERIES_BREAK], R.CODE[R.BASE_NONPOSITIVE]], 0)
    ok = reason == 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        rate = np.where(ok, (np.power(np.where(ok, v1 / v0, 1.0), 1.0 / years) - 1.0) * 100.0, np.nan)
    out = m[keys].copy()
    out["start"], out["end"], out["years"] = start, end, years
    out["value_start"], out["value_end"] = v0, v1
    out["cagr_pct"] = np.where(np.isfinite(rate), rate, np.nan)
    out["cagr_reason"] = R.to_categorical(reason)
    return out.sort_values(keys, kind="stable").reset_index(drop=True)
