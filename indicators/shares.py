"""Shares of the city total (占全市比重), their change in 百分点, and growth contributions.

City (group) total per (indicator, period, is_ytd):
  1. the total region's own observation (the city's reported figure) where present and not NaN;
  2. else, for additive indicators only, the sum over the total's parts — only when every
     part reported (a partial sum would overstate every share). The parts are given by the caller
     (data.catalogue.total_parts: the city's county-level units *and* its development zones, as in the
     reported totals); without them, the group members;
  3. else NaN with a reason: non_additive, or missing_value.
Ratio indicators never get a share (non_additive): a share of a percentage is meaningless.
share_pct = value / total * 100 (total <= 0 -> base_nonpositive).
share_change_pp = share_pct - share_pct one year earlier (same period, same is_ytd).
contribution_pct = Δvalue / Δtotal * 100 (the county's share of the city increment; NaN when
Δtotal is 0); pull_pp (拉动) = Δvalue / total one year earlier * 100.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import kernels as K
from . import reasons as R
from .cube import Axis, Layout, frame_keys, gather, prior_cells


@dataclass
class GroupIndex:
    """Groups mapped onto a region axis."""
    codes: list[str]               # group keys
    members: list[np.ndarray]      # region positions per group
    total_pos: np.ndarray          # region position of each group's total region (-1 none)
    group_of: np.ndarray           # region position -> group number (-1 none)
    total_of: np.ndarray           # region position -> group number it is the total of (-1 none)
    parts: list[np.ndarray] | None = None  # region positions summed into each group's total (None: members)

    @classmethod
    def build(cls, groups: pd.DataFrame, reg_axis: Axis, parts: pd.DataFrame | None = None) -> "GroupIndex":
        """parts: (region, group) — what a group's summed total adds up (default: its members)."""
        g = groups.astype({"region": "string", "group": "string"})
        if g["region"].duplicated().any():
            raise ValueError("a region sits in more than one group; use ranking.rank_within_groups")
        codes = list(pd.unique(g["group"]))
        gpos = {c: i for i, c in enumerate(codes)}
        if "total_region" in g:
            totals = g.groupby("group", sort=False)["total_region"].first().astype("string")
        else:
            totals = pd.Series(codes, index=codes, dtype="string")
        totals = dict(zip(totals.index, totals))
        members = [[] for _ in codes]
        for reg, grp in zip(g["region"].tolist(), g["group"].tolist()):  # lists: no per-item Arrow scalar
            members[gpos[grp]].append(reg_axis.add(reg))
        total_pos = np.array([reg_axis.add(totals[c]) if pd.notna(totals[c]) else -1 for c in codes],
                             dtype=np.int64)
        n = len(reg_axis)
        group_of = np.full(n, -1, dtype=np.int32)
        total_of = np.full(n, -1, dtype=np.int32)
        for i, m in enumerate(members):
            group_of[m] = i
        total_of[total_pos[total_pos >= 0]] = np.flatnonzero(total_pos >= 0)
        summed = None
        if parts is not None:
            summed = [[] for _ in codes]
            for reg, grp in zip(parts["region"].astype(str).tolist(), parts["group"].astype(str).tolist()):
                if grp in gpos:
                    summed[gpos[grp]].append(reg_axis.add(reg))
            summed = [np.array(m, dtype=np.int64) for m in summed]
        return cls(codes, [np.array(m, dtype=np.int64) for m in members], total_pos, group_of, total_of, summed)

    def resized(self, n_reg: int) -> "GroupIndex":
        """Pad the per-region maps after more regions were added to the axis."""
        pad = n_reg - len(self.group_of)
        if pad <= 0:
            return self
        return GroupIndex(self.codes, self.members, self.total_pos,
                          np.r_[self.group_of, np.full(pad, -1, np.int32)],
                          np.r_[self.total_of, np.full(pad, -1, np.int32)], self.parts)


def group_totals(cube: np.ndarray, present: np.ndarray, gidx: GroupIndex, additive: np.ndarray, ratio: np.ndarray,
                 threads: int = 1):
    """Totals (n_ind, n_groups, n_slots), reason codes and source (1 reported, 2 summed); the sums over
    `threads` ranges of indicators."""
    n_ind, _, n_slots = cube.shape
    n_g = len(gidx.codes)
    if not n_g:
        shape = (n_ind, 0, n_slots)
        return np.zeros(shape), np.zeros(shape, np.int8), np.zeros(shape, np.int8)
    tp = np.where(gidx.total_pos >= 0, gidx.total_pos, 0)
    reported = cube[:, tp, :]
    rep_ok = present[:, tp, :] & np.isfinite(reported) & (gidx.total_pos >= 0)[None, :, None]
    parts = gidx.parts if gidx.parts is not None else gidx.members
    part_start, concat = K.csr(parts)
    summed = np.empty((n_ind, n_g, n_slots))
    cuts = [int(c) for c in np.linspace(0, n_ind, min(threads, max(n_ind, 1)) + 1)]
    K.run_parts(K.summed_totals, cuts, cube.size, cube, part_start, concat, summed)  # NaN if any part missing
    add = additive[:, None, None]
    usable_rep = rep_ok & ~ratio[:, None, None]
    total = np.where(usable_rep, reported, np.where(add & ~ratio[:, None, None], summed, np.nan))
    reason = np.select(
        [ratio[:, None, None] | (~usable_rep & ~add), ~np.isfinite(total), total <= 0],
        [R.CODE[R.NON_ADDITIVE], R.CODE[R.MISSING_VALUE], R.CODE[R.BASE_NONPOSITIVE]], 0).astype(np.int8)
    source = np.where(reason > 0, 0, np.where(usable_rep, 1, 2)).astype(np.int8)
    return np.where(reason == 0, total, np.nan), reason, source


def share_columns(flat: np.ndarray | None, value: np.ndarray, cube: np.ndarray | None, present: np.ndarray | None,
                  layout: Layout,
                  gidx: GroupIndex, additive: np.ndarray, ratio: np.ndarray, prev: np.ndarray | None = None,
                  ind: np.ndarray | None = None, reg: np.ndarray | None = None, with_contributions: bool = True,
                  prev_value: np.ndarray | None = None, ybrk: np.ndarray | None = None, threads: int = 1,
                  totals: tuple | None = None, slot: np.ndarray | None = None):
    """Row-aligned share / contribution columns for cells `flat` (members only get shares): group_total,
    share_pct, share_change_pp (float64), group_total_source, share_reason (Categorical), and with
    contributions contribution_pct, pull_pp.

    ind, reg and slot (axis positions) and prev_value (the prior-year values, NaN where none: growth's value_prev)
    may be passed in when known (flat may then be None: ind, reg and slot give each row's cell); prev (prior-year
    cells) is accepted for callers that know it. ybrk: the
    (indicator, region, slot) cube of cells whose 同比 span holds a 口径调整 (their share change is
    suppressed like 同比); None: no suppression. The group total of a row is gathered by a linear index into
    the (indicator, group, slot) totals; the total region's own row carries its group's total but no share.
    Compiled (kernels.share_rows) over `threads` row ranges. totals: group_totals(cube, present, gidx,
    additive, ratio) when computed already (cube and present are then not read when prev_value is given).
    """
    n_ind, n_reg, n_slots = layout.shape
    total, treason, tsource = totals if totals is not None else group_totals(cube, present, gidx, additive, ratio)
    n_g = total.shape[1]
    if ind is None or reg is None or slot is None:
        ind, reg, slot = layout.unflat(np.asarray(flat, dtype=np.int64))
    if prev_value is None:
        if flat is None:
            flat = layout.cells(ind, reg, slot)
        prev_value = gather(cube, prior_cells(flat, slot, layout.slot["yoy_prev"]), np.nan)
    # per-region group number: members -> their group, total regions -> the group they total
    gmap = np.where(gidx.group_of >= 0, gidx.group_of, np.where(gidx.total_of >= 0, gidx.total_of, n_g))
    pad = np.full((n_ind, 1, n_slots), np.nan)
    T = np.concatenate([total, pad], axis=1).reshape(-1)
    TR = np.concatenate([treason, np.full((n_ind, 1, n_slots), R.CODE[R.NOT_IN_GROUP], np.int8)], axis=1).reshape(-1)
    TS = np.concatenate([tsource, np.zeros((n_ind, 1, n_slots), np.int8)], axis=1).reshape(-1)
    del total, treason, tsource, pad
    n = len(ind)
    tot, share, change = np.empty(n), np.empty(n), np.empty(n)
    reason, source = np.empty(n, np.int8), np.empty(n, np.int8)
    ybrk_f = ybrk.reshape(-1) if ybrk is not None and ybrk.any() else np.zeros(0, bool)
    value = np.ascontiguousarray(value, dtype=float)
    K.run_rows(K.share_rows, n, threads, np.ascontiguousarray(ind), np.ascontiguousarray(reg),
               np.ascontiguousarray(slot), n_reg, value, np.ascontiguousarray(prev_value, dtype=float),
               layout.slot["yoy_prev"], ybrk_f, gmap.astype(np.int64), gidx.group_of >= 0, T, TR, TS, n_g,
               tot, source, share, change, reason)
    out = {
        "group_total": tot,
        "group_total_source": pd.Categorical.from_codes(source, categories=["reported", "summed"]),
        "share_pct": share,
        "share_change_pp": change,
        "share_reason": pd.Categorical.from_codes(reason, dtype=R.REASON_DTYPE),
    }
    if with_contributions:
        member = (gidx.group_of >= 0)[reg]
        ps = layout.slot["yoy_prev"][slot]
        lin = (np.asarray(ind, np.int64) * (n_g + 1) + gmap[reg]) * n_slots
        pt = np.where(ps >= 0, T[lin + np.where(ps >= 0, ps, 0)], np.nan)
        out.update(_contribution(value, prev_value, tot, pt, member))
    return out


def _contribution(value: np.ndarray, pv: np.ndarray, tot: np.ndarray, ptot: np.ndarray, member: np.ndarray) -> dict:
    with np.errstate(divide="ignore", invalid="ignore"):
        dv, dt = value - pv, tot - ptot
        return {"contribution_pct": np.where(member & (dt != 0), dv / dt * 100.0, np.nan),
                "pull_pp": np.where(member & (ptot > 0), dv / ptot * 100.0, np.nan)}


def contributions(rows: pd.DataFrame) -> pd.DataFrame:
    """Contribution to the city's growth for snapshot rows (e.g. a query_group result).

    Needs the snapshot columns indicator, region, period, is_ytd, derived_from_ytd, value,
    value_prev, group_total, is_group_total, year and the same rows one year earlier (a
    query_group result holds all periods). Adds contribution_pct (share of the city
    increment, %; NaN when the city did not change) and pull_pp (拉动, 百分点 of last year's
    city total). Group-total rows get NaN.
    """
    key = ["indicator", "region", "period_kind", "is_ytd", "derived_from_ytd", "sub"]
    out = rows.copy()
    prev = rows[key + ["year", "group_total"]].assign(year=rows["year"] + 1).rename(
        columns={"group_total": "_ptot"})
    m = out[key + ["year"]].merge(prev, on=key + ["year"], how="left")
    ptot = m["_ptot"].to_numpy(dtype=float, na_value=np.nan)
    member = ~out["is_group_total"].to_numpy(dtype=bool) & out["group"].notna().to_numpy()
    res = _contribution(out["value"].to_numpy(dtype=float, na_value=np.nan),
                        out["value_prev"].to_numpy(dtype=float, na_value=np.nan),
                        out["group_total"].to_numpy(dtype=float, na_value=np.nan), ptot, member)
    for k, v in res.items():
        out[k] = v
    return out


def city_shares(obs: pd.DataFrame, groups: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Shares of the group (city) total for a long frame.

    Input: long frame (indicator, region, period, is_ytd, value) holding the members and,
    where reported, the total region's rows; groups: (region, group[, total_region]);
    indicators: catalogue (code, additive, kind).
    Output: input rows in input order plus group_total, group_total_source (reported|summed),
    share_pct, share_change_pp, share_reason, contribution_pct, pull_pp.
    """
    out = obs.reset_index(drop=True).copy()
    ind_axis, reg_axis = Axis(indicators["code"].astype(str)), Axis()
    gidx = GroupIndex.build(groups, reg_axis)
    keys = frame_keys(out, ind_axis, reg_axis)
    gidx = gidx.resized(len(reg_axis))
    layout = Layout.from_keys([keys], ind_axis, reg_axis, single_families=False)
    cube = np.full(layout.shape, np.nan)
    present = np.zeros(layout.shape, dtype=bool)
    flat = layout.flat(keys) if len(out) else np.zeros(0, np.int64)
    value = out["value"].to_numpy(dtype=float, na_value=np.nan)
    cube.reshape(-1)[flat] = value
    present.reshape(-1)[flat] = True
    additive, ratio = catalogue_flags(indicators, layout.indicators)
    for name, col in share_columns(flat, value, cube, present, layout, gidx, additive, ratio).items():
        out[name] = col
    return out


def catalogue_flags(indicators: pd.DataFrame, codes: list[str]):
    add = dict(zip(indicators["code"].astype(str), indicators["additive"].astype(bool)))
    kind = dict(zip(indicators["code"].astype(str), indicators["kind"].astype(str)))
    return (np.array([add.get(c, False) for c in codes], dtype=bool),
            np.array([kind.get(c) == "ratio" for c in codes], dtype=bool))
