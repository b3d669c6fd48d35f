"""Rows of the analysis snapshot for API filters, joined with catalogue names and units.

Shared by the API and the table exports so both answer the same question the same way.
The numbers come from the engine's analysis frame untouched (no rounding here); the ranks (rank, 并列, rank change,
n_ranked) are the ones the pages publish, from figures.ranking.row_ranks, never the analysis frame's own.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.catalogue import load_indicators

if TYPE_CHECKING:
    from collections.abc import Iterable

    from data.snapshot import Snapshot

# Output columns of an observation row, in order.
OBSERVATION_FIELDS = [
    "indicator", "indicator_name", "indicator_name_en", "region", "region_name", "region_name_en", "period", "period_kind", "is_ytd",
    "value", "unit", "yoy_pct", "yoy_pp", "yoy_reason", "rank", "group_size", "n_ranked", "tied",
    "rank_change", "share_pct", "group", "is_derived", "derived_from_ytd", "status", "note", "source",
]


@dataclass(frozen=True)
class ObservationFilter:
    """What /api/v1/observations selects: empty tuples and None mean no restriction; `group` is a
    comparison group's city code (its member units).
    """
    regions: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    period_kind: str | None = None
    is_ytd: bool | None = None
    group: str | None = None


def _isin(col: pd.Series, values: Iterable[str]) -> np.ndarray:
    return col.isin(list(values)).to_numpy()


def select_observations(snap: Snapshot, f: ObservationFilter) -> pd.DataFrame:
    """The rows of snap.analysis that `f` selects as OBSERVATION_FIELDS (named_rows). Rows keep the snapshot order."""
    return named_rows(snap, select_rows(snap, f))


def named_rows(snap: Snapshot, rows: pd.DataFrame) -> pd.DataFrame:
    """Analysis rows (select_rows, or a page of them) as OBSERVATION_FIELDS: with names (snap.regions) and the
    ranks the pages publish (figures.ranking.row_ranks)."""
    from figures.ranking import row_ranks

    return with_names(rows, snap.regions, row_ranks(snap, rows))


def select_rows(snap: Snapshot, f: ObservationFilter) -> pd.DataFrame:
    """The rows of snap.analysis that `f` selects (analysis columns), in snapshot order."""
    analysis = snap.analysis
    rows = _candidates(analysis, f)
    mask = np.ones(len(rows), dtype=bool)
    if f.indicators:
        mask &= _isin(rows["indicator"], f.indicators)
    if f.regions:
        mask &= _isin(rows["region"], f.regions)
    if f.periods:
        mask &= _isin(rows["period"], f.periods)
    if f.period_kind:
        mask &= (rows["period_kind"] == f.period_kind).to_numpy()
    if f.is_ytd is not None:
        mask &= (rows["is_ytd"] == f.is_ytd).to_numpy()
    if f.group:
        mask &= (rows["group"] == f.group).to_numpy(dtype=bool, na_value=False)
    return rows[mask]


def _candidates(analysis: pd.DataFrame, f: ObservationFilter) -> pd.DataFrame:
    """A superset of the matching rows, found by binary search in the sorted snapshot when the filter names
    indicators (and regions): an API call for one county reads a few hundred rows, not two million."""
    from indicators.pipeline import _indicator_slice, _sorted_ok

    if not f.indicators or not _sorted_ok(analysis):
        return analysis
    parts = []
    rcol = analysis["region"]
    rcodes = rcol.array.codes
    wanted = sorted(rcol.cat.categories.get_loc(r) for r in set(f.regions) if r in rcol.cat.categories) \
        if f.regions else None
    for code in set(f.indicators):
        sl = _indicator_slice(analysis, code)
        if sl is None:
            continue
        a, b = sl
        if wanted is None:
            parts.append(np.arange(a, b))
            continue
        block = rcodes[a:b]
        for r in wanted:
            lo, hi = np.searchsorted(block, [r, r + 1])
            parts.append(np.arange(a + lo, a + hi))
    idx = np.sort(np.concatenate(parts)) if parts else np.zeros(0, np.int64)
    return analysis.iloc[idx]


def with_names(rows: pd.DataFrame, regions: pd.DataFrame, ranks: pd.DataFrame) -> pd.DataFrame:
    """Analysis rows -> OBSERVATION_FIELDS with plain (non-categorical) columns. ranks: figures.ranking.row_ranks
    of the rows (rank, tied, rank_change, n_ranked: the ranks the pages publish, never the rows' own)."""
    inds = load_indicators().set_index("code")
    regs = regions.set_index("code")
    ind = rows["indicator"].astype(str)
    reg = rows["region"].astype(str)
    out = pd.DataFrame({
        "indicator": ind,
        "indicator_name": ind.map(inds["name_zh"]),
        "indicator_name_en": ind.map(inds["name_en"]),
        "region": reg,
        "region_name": reg.map(regs["name"]),
        "region_name_en": reg.map(regs["name_en"]) if "name_en" in regs.columns else None,
        "period": rows["period"].astype(str),
        "period_kind": rows["period_kind"].astype(str),
        "is_ytd": rows["is_ytd"].astype(bool),
        "value": rows["value"],
        "unit": ind.map(inds["unit"]),
        "yoy_pct": rows["yoy_pct"],
        "yoy_pp": rows["yoy_pp"],
        "yoy_reason": rows["yoy_reason"].astype(object),
        "rank": ranks["rank"],
        "group_size": rows["group_size"],
        "n_ranked": ranks["n_ranked"],
        "tied": ranks["tied"],
        "rank_change": ranks["rank_change"],
        "share_pct": rows["share_pct"],
        "group": rows["group"].astype(object),
        "is_derived": rows["is_derived"].astype(bool),
        "derived_from_ytd": rows["derived_from_ytd"].astype(bool),
        "status": rows["status"].astype(object),
        "note": rows["note"].astype(object),
        "source": ind.map(inds["source"]),
    }, index=rows.index)
    return out[OBSERVATION_FIELDS].reset_index(drop=True)


def regions_table(regions: pd.DataFrame, level: str | None = None, parent: str | None = None) -> pd.DataFrame:
    """The regions catalogue as the API shows it: columns code, name, name_en, short_name, level,
    parent, in_rankings, aliases (list), filtered by `level` and `parent` when given.
    """
    df = regions
    if level:
        df = df[df["level"] == level]
    if parent:
        df = df[df["parent"] == parent]
    df = df.assign(aliases=df["aliases"].map(list),
                   name_en=df["name_en"] if "name_en" in df.columns else "")
    return df[["code", "name", "name_en", "short_name", "level", "parent", "in_rankings", "aliases"]] \
        .reset_index(drop=True)


INDICATOR_FIELDS = ["code", "name_zh", "short_zh", "name_en", "unit", "decimals", "polarity", "kind",
                    "cumulative", "additive", "formula", "parent", "source", "definition_zh",
                    "definition_en", "key", "aliases"]


def indicators_table(kind: str | None = None, key: bool | None = None) -> pd.DataFrame:
    """The indicator catalogue as the API shows it (INDICATOR_FIELDS, aliases as a list), filtered by
    `kind` (amount / count / ratio) and `key` (the overview's key indicators) when given.
    """
    df = load_indicators()
    if kind:
        df = df[df["kind"] == kind]
    if key is not None:
        df = df[df["key"] == key]
    df = df.assign(aliases=df["aliases"].map(list))
    return df[INDICATOR_FIELDS].reset_index(drop=True)
