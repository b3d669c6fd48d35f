"""Period labels: "2023" (Y), "2023Q3" (Q), "2023M09" (M).

A period is (year, sub, kind) with sub = quarter or month number (0 for a year).
Within one kind, `index = year * periods_per_year + sub - 1` is a dense integer
time axis, so "one year earlier" is index - periods_per_year and "previous period"
is index - 1, whatever periods are missing in the data.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import re

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

PERIODS_PER_YEAR = {"Y": 1, "Q": 4, "M": 12}
MONTHS_PER_PERIOD = {"Y": 12, "Q": 3, "M": 1}
_PATTERN = re.compile(r"^([0-9]{4})(?:([QM])([0-9]{1,2}))?$")   # ASCII digits only: \d would read ２０２５ as 2025


def parse_period(period: str) -> tuple[int, int, str]:
    """"2023Q3" -> (2023, 3, "Q"); "2023" -> (2023, 0, "Y"); "2023M09" -> (2023, 9, "M")."""
    m = _PATTERN.match(str(period).strip())
    if not m:
        raise ValueError(f"bad period label: {period!r}")
    year, kind, sub = int(m.group(1)), m.group(2) or "Y", int(m.group(3) or 0)
    if (kind == "Q" and not 1 <= sub <= 4) or (kind == "M" and not 1 <= sub <= 12):
        raise ValueError(f"bad period label: {period!r}")
    return year, sub, kind


def period_label(year: int, sub: int, kind: str) -> str:
    """Inverse of parse_period."""
    if kind == "Y":
        return f"{year:04d}"
    if kind == "Q":
        return f"{year:04d}Q{sub}"
    return f"{year:04d}M{sub:02d}"


def period_index(year: int, sub: int, kind: str) -> int:
    """Dense integer position on the kind's own time axis."""
    return year * PERIODS_PER_YEAR[kind] + max(sub, 1) - 1


def from_index(index: int, kind: str) -> tuple[int, int]:
    ppy = PERIODS_PER_YEAR[kind]
    year, rem = divmod(int(index), ppy)
    return year, (0 if kind == "Y" else rem + 1)


def months_elapsed(period: str) -> int:
    """Months of the year covered by the end of the period: Q1 -> 3, M05 -> 5, Y -> 12."""
    year, sub, kind = parse_period(period)
    return 12 if kind == "Y" else sub * MONTHS_PER_PERIOD[kind]


def shift_years(period: str, years: int = -1) -> str:
    """Same period `years` later (negative = earlier): "2023Q3", -1 -> "2022Q3"."""
    year, sub, kind = parse_period(period)
    return period_label(year + years, sub, kind)


def previous_period(period: str) -> str:
    """The period just before: 2023Q1 -> 2022Q4, 2023M01 -> 2022M12, 2023 -> 2022."""
    year, sub, kind = parse_period(period)
    return period_label(*from_index(period_index(year, sub, kind) - 1, kind), kind)


def start_end_months(year: ArrayLike, sub: ArrayLike, kind: str, is_ytd: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Half-open month span [start, end) covered by a period, in months since year 0.

    A 累计 (YTD) figure covers the year from January to the period end.
    """
    year = np.asarray(year, dtype=np.int64)
    sub = np.asarray(sub, dtype=np.int64)
    mpp = MONTHS_PER_PERIOD[kind]
    end = year * 12 + (12 if kind == "Y" else sub * mpp)
    start = np.where(np.asarray(is_ytd, dtype=bool) | (kind == "Y"), year * 12, end - mpp)
    return start, end


def parse_many(periods: ArrayLike) -> pd.DataFrame:
    """Vectorised parse: a frame (year, sub, kind) aligned with `periods`.

    Parses only the distinct labels, so millions of rows cost one factorize.
    """
    codes, uniques = pd.factorize(pd.Series(periods, dtype="string"), use_na_sentinel=True)
    if (codes < 0).any():
        raise ValueError("missing period label")
    parsed = [parse_period(u) for u in uniques]
    years = np.array([p[0] for p in parsed], dtype=np.int64)
    subs = np.array([p[1] for p in parsed], dtype=np.int64)
    kinds = np.array([p[2] for p in parsed], dtype=object)
    return pd.DataFrame({"year": years[codes], "sub": subs[codes], "kind": kinds[codes]})


def year_of(period: str) -> int:
    return parse_period(period)[0]
