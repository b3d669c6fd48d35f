"""Column contracts for the long-form frames passed between the store and indicators/.

Every frame that leaves the store for the engine has exactly these columns,
so indicator functions can rely on names and dtypes without importing the store.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

# One observation: a figure for (indicator, region, period, is_ytd).
#   period       "2023" (Y), "2023Q3" (Q), "2023M09" (M)
#   period_kind  "Y" | "Q" | "M"
#   is_ytd       True when the figure is 累计 (year to date); always False for "Y"
#   value        float; NaN means reported as missing (never zero)
#   reported_yoy officially reported 同比 in % (NaN when the source gives none)
#   base_value   restated 同口径 prior-year base (NaN when not given)
#   status       "preliminary" 快报 | "final" 正式 | "revised" 修订 | "estimated" 估算
OBS_COLUMNS = {
    "indicator": "string",
    "region": "string",
    "period": "string",
    "period_kind": "string",
    "is_ytd": "bool",
    "value": "float64",
    "reported_yoy": "float64",
    "base_value": "float64",
    "status": "string",
    "note": "string",
    "revision_id": "Int64",
}

# Annotations such as a 口径调整 series break. region NaN/None = every region.
ANNOTATION_COLUMNS = {
    "indicator": "string",
    "region": "string",
    "period": "string",
    "kind": "string",  # "series_break" | "note"
    "text": "string",
}

STATUSES = ("preliminary", "final", "revised", "estimated")
STATUS_ZH = {"preliminary": "快报", "final": "正式", "revised": "修订", "estimated": "估算"}


def empty(columns: dict[str, str]) -> pd.DataFrame:
    """An empty frame with the given column dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def conform(df: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """Return df with exactly `columns`, in order, cast to their dtypes (missing ones filled with NA)."""
    out = pd.DataFrame(index=df.index)
    for col, dtype in columns.items():
        s = df[col] if col in df.columns else pd.Series(None, index=df.index, dtype=object)
        if dtype == "bool":
            s = s.astype(object).where(s.notna(), False).astype(bool)
        elif dtype == "float64":
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        else:
            s = s.astype(dtype)
        out[col] = s
    return out.reset_index(drop=True)


def factorize_keep_na(values: pd.Series | np.ndarray) -> tuple[np.ndarray, pd.Index | np.ndarray]:
    """pd.factorize(values, use_na_sentinel=False) (codes, uniques in order of first appearance, a missing value
    coded like any other), equal to it in every case. The plain factorisation runs first: it skips the
    separate missing-value pass (a third of the time on an object column of 100k texts), and the NA-keeping
    one runs only when it found a missing value."""
    codes, uniq = pd.factorize(values)
    if len(codes) and codes.min() < 0:
        return pd.factorize(values, use_na_sentinel=False)
    return codes, uniq


class Distinct:
    """A column's distinct values and integer codes (factorize_keep_na), worked out once for several look-ups by
    the same column (an import's indicator codes: their kind, unit, 累计 flag, decimals …).
    `Distinct(keys).map(m)` equals `map_distinct(keys, m)`; `codes` (one per row) index `uniq`."""

    def __init__(self, keys: pd.Series):
        self.keys = keys
        self.codes, self.uniq = factorize_keep_na(keys) if len(keys) else (np.zeros(0, dtype=np.intp), None)

    def values(self) -> pd.Series:
        """The distinct values as a Series of keys' dtype (position = code)."""
        return pd.Series(self.uniq, dtype=self.keys.dtype) if self.uniq is not None else self.keys.iloc[:0]

    def map(self, mapper: pd.Series | dict) -> pd.Series:
        """keys.map(mapper): values, dtype, index and name as Series.map gives them."""
        if len(self.keys) == 0:
            return self.keys.map(mapper)
        mapped = self.values().map(mapper)
        return pd.Series(mapped.array.take(self.codes), index=self.keys.index, name=self.keys.name,
                         dtype=mapped.dtype, copy=False)


    def map_object(self, mapper: pd.Series | dict) -> pd.Series:
        """map(mapper).astype(object), without the round trip of a text result through pandas' Arrow strings:
        the distinct results are made objects, then spread by the codes."""
        if len(self.keys) == 0:
            return self.map(mapper).astype(object)
        mapped = self.values().map(mapper).astype(object).to_numpy()
        return pd.Series(mapped[self.codes], index=self.keys.index, name=self.keys.name, dtype=object, copy=False)


def map_distinct(keys: pd.Series, mapper: pd.Series | dict) -> pd.Series:
    """keys.map(mapper), looked up once per distinct key and spread back by integer codes: equal to
    Series.map (values, dtype, index, name), several times faster on a long column of few keys (an
    import's indicator codes)."""
    return Distinct(keys).map(mapper)


def apply_distinct(values: Iterable[object] | pd.Series, fn: Callable[[object], object]) -> pd.Series:
    """fn(value) once per distinct value of `values` (object cells: labels, texts, numbers mixed), spread back
    by integer codes; returns an object Series on values' index (a fresh RangeIndex for a plain iterable).
    Missing values (None, NaN) are passed to fn like any other value. No per-row Python, no dtype inference."""
    s = pd.Series(values, dtype=object)
    codes, uniq = factorize_keep_na(s)
    out = np.empty(len(uniq), dtype=object)
    out[:] = [fn(u) for u in uniq]
    return pd.Series(out[codes] if len(codes) else out[:0], index=s.index, dtype=object)


def per_distinct(keys: pd.Series, fn: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """fn(keys) for an element-wise fn (pandas string and arithmetic operations), computed on the distinct
    keys only (a Series of keys' dtype) and spread back by integer codes; index and name are keys'."""
    if len(keys) == 0:
        return fn(keys)
    codes, uniq = factorize_keep_na(keys)
    out = fn(pd.Series(uniq, dtype=keys.dtype)).take(codes)
    out.index = keys.index
    out.name = keys.name
    return out
