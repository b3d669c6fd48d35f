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


def rank_cube(cube: np.ndarray, members: list[np.ndarray], polarity: np.ndarray):
    """Rank a (indicator, region, slot) cube within each group of region positions.

    One indicator at a time (temporaries stay a thirtieth of the cube): its (slot, region) transpose is
    gathered so each group's members sit on a short contiguous last axis (padded to a width bucket, NaN
    padding) and sorted there. Returns (rank int16 cube, 0 = unranked; tied bool cube; n_ranked int16 cube).
    """
    n_ind, n_reg, n_slots = cube.shape
    rank_c = np.zeros(cube.shape, dtype=np.int16)
    tied_c = np.zeros(cube.shape, dtype=bool)
    nr_c = np.zeros(cube.shape, dtype=np.int16)
    if cube.size == 0:
        return rank_c, tied_c, nr_c
    sizes = np.array([len(m) for m in members], dtype=np.int64)
    widths = np.where(sizes <= 8, 8, np.where(sizes <= 16, 16, -(-sizes // 16) * 16))
    per_chunk = lambda w: max(1, (1 << 21) // max(1, w * n_slots))  # noqa: E731  bounded temporaries
    chunks = []
    for w in np.unique(widths):
        gs = np.flatnonzero((widths == w) & (sizes > 0))
        for i in range(0, len(gs), per_chunk(w)):
            part = gs[i:i + per_chunk(w)]
            idx = np.full((len(part), w), n_reg, dtype=np.int64)
            for row, g in enumerate(part):
                idx[row, : sizes[g]] = members[g]
            real = (idx < n_reg).reshape(-1)
            chunks.append((idx, real, idx.reshape(-1)[real]))
    sign = -np.asarray(polarity, dtype=float)
    # sign so that ascending order = best first; NaN pad column at position n_reg
    keys_t = np.empty((n_slots, n_reg + 1))
    for i in range(n_ind):
        keys_t[:, n_reg] = np.nan
        np.multiply(cube[i].T, sign[i], out=keys_t[:, :n_reg])
        for idx, real, regs in chunks:
            keys = keys_t[:, idx]                     # (slot, group, member)
            order = np.argsort(keys, axis=-1)         # NaN sorts last; order among equals is irrelevant
            skeys = np.take_along_axis(keys, order, axis=-1)
            r_sorted, t_sorted = _min_rank_sorted(skeys)
            valid_sorted = ~np.isnan(skeys)
            r = np.empty(keys.shape, dtype=np.int16)
            t = np.empty(keys.shape, dtype=bool)
            np.put_along_axis(r, order, np.where(valid_sorted, r_sorted, 0).astype(np.int16), axis=-1)
            np.put_along_axis(t, order, t_sorted & valid_sorted, axis=-1)
            cnt = np.broadcast_to(valid_sorted.sum(axis=-1, dtype=np.int16)[..., None], keys.shape)
            rank_c[i, regs, :] = r.reshape(n_slots, -1)[:, real].T
            tied_c[i, regs, :] = t.reshape(n_slots, -1)[:, real].T
            nr_c[i, regs, :] = cnt.reshape(n_slots, -1)[:, real].T
    return rank_c, tied_c, nr_c


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
