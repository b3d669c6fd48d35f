"""Rankings within comparison groups (default: each city's county-level units).

- polarity-aware: polarity 1 -> rank 1 is the highest value; -1 -> rank 1 is the lowest.
- ties 并列 use the "min" method (1, 2, 2, 4); `tied` marks every member of a tie.
- missing values are not ranked (rank NA); n_ranked counts the ranked regions and
  group_size the regions in the group (the "18" of 第3/18) whether or not they reported.
- rank_change = rank one year earlier - rank now (positive = moved up).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import kernels as K

if TYPE_CHECKING:
    from numpy.typing import ArrayLike


def default_groups(regions: pd.DataFrame) -> pd.DataFrame:
    """(region, group, total_region): each city's county-level units with in_rankings true.

    group is the city code; total_region is the city itself (its own figures are the group
    total used for shares). Development zones (in_rankings false) are in no group.
    """
    counties = regions[(regions["level"].astype(str) == "county") & regions["in_rankings"].astype(bool)]
    cities = set(regions.loc[regions["level"].astype(str) == "city", "code"].astype(str))
    counties = counties[counties["parent"].astype(str).isin(cities)]
    out = pd.DataFrame({
        "region": counties["code"].astype("string").to_numpy(),
        "group": counties["parent"].astype("string").to_numpy(),
    })
    out["total_region"] = out["group"]
    return out.reset_index(drop=True)


def _min_rank_sorted(sorted_keys: np.ndarray):
    """Along the last axis of already sorted keys (NaN last): min-method rank and tie flag."""
    w = sorted_keys.shape[-1]
    pos = np.broadcast_to(np.arange(w), sorted_keys.shape)
    eq = sorted_keys[..., 1:] == sorted_keys[..., :-1]
    start = np.where(np.concatenate([np.zeros(sorted_keys.shape[:-1] + (1,), bool), eq], axis=-1), 0, pos)
    rank = np.maximum.accumulate(start, axis=-1) + 1
    tied = np.zeros(sorted_keys.shape, dtype=bool)
    tied[..., 1:] |= eq
    tied[..., :-1] |= eq
    return rank, tied


def rank_vector(values: ArrayLike, polarity: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Rank one group's figures: (rank int64, 0 = unranked (NaN/inf); tied bool), min method (1, 2, 2, 4),
    polarity 1 -> the highest first, -1 -> the lowest first. The primitive figures.ranking builds on."""
    v = np.asarray(values, dtype=float) * (-1.0 if polarity >= 0 else 1.0)
    v = np.where(np.isfinite(v), v, np.nan)
    order = np.argsort(v, kind="stable")  # NaN last
    rank_sorted, tied_sorted = _min_rank_sorted(v[order])
    valid = ~np.isnan(v[order])
    rank = np.zeros(len(v), dtype=np.int64)
    tied = np.zeros(len(v), dtype=bool)
    rank[order] = np.where(valid, rank_sorted, 0)
    tied[order] = tied_sorted & valid
    return rank, tied


def rank_columns(cube: np.ndarray, ind: np.ndarray, reg: np.ndarray, slot: np.ndarray, yoy_prev_slot: np.ndarray,
                 group_of: np.ndarray, members: list[np.ndarray], polarity: np.ndarray,
                 threads: int = 1) -> dict:
    """位次 of the cells (ind, reg, slot) of an (indicator, region, slot) cube within their region's group.

    group_of: region position -> group number (-1: in no group); members: region positions per group;
    polarity: per indicator (1: the highest first; -1: the lowest first); yoy_prev_slot: per slot, the slot one
    year earlier (-1 none). Keys are the members' figures at the cell's indicator and slot; NaN is not ranked;
    并列 by the min method (1, 2, 2, 4). Returns row-aligned columns: n_ranked, rank, rank_prev, rank_change
    (pandas Int16; n_ranked NA outside a group, rank NA unranked, rank_prev NA unranked a year earlier,
    rank_change = rank_prev - rank, NA unless both exist) and tied (bool). Compiled: kernels.rank_rows.
    """
    n = len(ind)
    member_start, flat_members = K.csr(members)
    sign = -np.asarray(polarity, dtype=float)
    n_ind = cube.shape[0]
    rank_c = np.zeros(cube.shape, dtype=np.int16)  # the rank, negative when tied (kernels.rank_cells)
    n_ranked_c = np.zeros((n_ind, len(members), cube.shape[2]), dtype=np.int16)
    cuts = [int(c) for c in np.linspace(0, n_ind, min(threads, max(n_ind, 1)) + 1)]
    K.run_parts(K.rank_cells, cuts, cube.size, cube, member_start, flat_members, sign, rank_c, n_ranked_c)
    vals = {k: np.empty(n, np.int16) for k in ("n_ranked", "rank", "rank_prev", "rank_change")}
    nas = {k: np.empty(n, bool) for k in vals}
    tied = np.empty(n, bool)
    K.run_rows(K.rank_rows, n, threads, np.ascontiguousarray(ind), np.ascontiguousarray(reg),
               np.ascontiguousarray(slot), rank_c, n_ranked_c, yoy_prev_slot, np.asarray(group_of, dtype=np.int64),
               vals["n_ranked"], nas["n_ranked"], vals["rank"], nas["rank"], vals["rank_prev"], nas["rank_prev"],
               vals["rank_change"], nas["rank_change"], tied)
    out = {k: pd.arrays.IntegerArray(vals[k], nas[k]) for k in vals}
    out["tied"] = tied
    return out


def rank_within_groups(frame: pd.DataFrame, groups: pd.DataFrame, indicators: pd.DataFrame,
                       measure: str = "value", by: tuple[str, ...] = ("period", "is_ytd")) -> pd.DataFrame:
    """Rank any measure (value, yoy_pct, share_pct, score ...) within comparison groups.

    Input: long frame with indicator, region, `measure` and the `by` columns (one ranking per
    (group, indicator, *by)); groups: (region, group) — a region may sit in several groups;
    indicators: catalogue (code, polarity; unknown codes rank higher-is-better).
    Output: the rows of group members (one per membership), with group, rank (Int64, NA =
    unranked), tied, n_ranked, group_size; sorted by group, indicator, *by, rank.
    """
    by = [c for c in by if c in frame.columns]
    g = groups[["region", "group"]].astype({"region": "string", "group": "string"})
    size = g.groupby("group", sort=False)["region"].nunique().rename("group_size")
    own = [c for c in ("group", "rank", "tied", "n_ranked", "group_size") if c in frame.columns]
    df = frame.drop(columns=own).astype({"region": "string"}).merge(g, on="region", how="inner")
    if not len(df):
        out = df.assign(rank=pd.Series(dtype="Int64"), tied=pd.Series(dtype=bool),
                        n_ranked=pd.Series(dtype="Int64"), group_size=pd.Series(dtype="Int64"))
        return out
    pol = dict(zip(indicators["code"].astype(str), indicators["polarity"].astype(int)))
    sign = -df["indicator"].astype(str).map(pol).fillna(1).to_numpy(dtype=float)
    key = df[measure].to_numpy(dtype=float, na_value=np.nan) * sign
    block = df.groupby(["group", "indicator", *by], sort=True, observed=True).ngroup().to_numpy()
    order = np.lexsort((key, block))
    sk, sb = key[order], block[order]
    n = len(sk)
    pos = np.arange(n)
    new_block = np.r_[True, sb[1:] != sb[:-1]]
    block_start = np.maximum.accumulate(np.where(new_block, pos, 0))
    new_run = new_block | np.r_[True, sk[1:] != sk[:-1]]
    run_start = np.maximum.accumulate(np.where(new_run, pos, 0))
    valid = ~np.isnan(sk)
    rank_sorted = np.where(valid, run_start - block_start + 1, 0)
    same_next = np.r_[~new_run[1:], False]
    tied_sorted = valid & (~new_run | same_next)
    counts = np.bincount(sb, weights=valid, minlength=sb.max() + 1).astype(np.int64)
    rank = np.empty(n, dtype=np.int64)
    tied = np.empty(n, dtype=bool)
    rank[order], tied[order] = rank_sorted, tied_sorted
    df["rank"] = pd.array(np.where(rank > 0, rank, 0), dtype="Int64")
    df.loc[rank == 0, "rank"] = pd.NA
    df["tied"] = tied
    df["n_ranked"] = pd.array(counts[block], dtype="Int64")
    df["group_size"] = pd.array(df["group"].map(size).to_numpy(), dtype="Int64")
    df["_b"] = block
    df["_r"] = np.where(rank > 0, rank, np.iinfo(np.int64).max)
    return df.sort_values(["_b", "_r"], kind="stable").drop(columns=["_b", "_r"]).reset_index(drop=True)
