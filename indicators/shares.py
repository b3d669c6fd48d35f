"""Shares of the city total (占全市比重), their change in 百分点, and growth contributions.

City (group) total per (indicator, period, is_ytd):
  1. the total region's own observation (the city's reported figure) where present and not NaN;
  2. else, for additive indicators only, the sum over all group members — only when every
     member reported (a partial sum would overstate every share);
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

    @classmethod
    def build(cls, groups: pd.DataFrame, reg_axis: Axis) -> "GroupIndex":
        g = groups.astype({"region": "string", "group": "string"})
        if g["region"].duplicated().any():
            raise ValueError("a region sits in more than one group; use ranking.rank_within_groups")
        codes = list(pd.unique(g["group"]))
        gpos = {c: i for i, c in enumerate(codes)}
        if "total_region" in g:
            totals = g.groupby("group", sort=False)["total_region"].first().astype("string")
        else:
            totals = pd.Series(codes, index=codes, dtype="string")
        members = [[] for _ in codes]
        for reg, grp in zip(g["region"], g["group"]):
            members[gpos[grp]].append(reg_axis.add(reg))
        total_pos = np.array([reg_axis.add(totals[c]) if pd.notna(totals[c]) else -1 for c in codes],
                             dtype=np.int64)
        n = len(reg_axis)
        group_of = np.full(n, -1, dtype=np.int64)
        total_of = np.full(n, -1, dtype=np.int64)
        for i, m in enumerate(members):
            group_of[m] = i
        total_of[total_pos[total_pos >= 0]] = np.flatnonzero(total_pos >= 0)
        return cls(codes, [np.array(m, dtype=np.int64) for m in members], total_pos, group_of, total_of)

    def resized(self, n_reg: int) -> "GroupIndex":
        """Pad the per-region maps after more regions were added to the axis."""
        pad = n_reg - len(self.group_of)
        if pad <= 0:
            return self
        return GroupIndex(self.codes, self.members, self.total_pos,
                          np.r_[self.group_of, np.full(pad, -1)], np.r_[self.total_of, np.full(pad, -1)])


def group_totals(cube, present, gidx: GroupIndex, additive: np.ndarray, ratio: np.ndarray):
    """Totals (n_ind, n_groups, n_slots), reason codes and source (1 reported, 2 summed)."""
    n_ind, _, n_slots = cube.shape
    n_g = len(gidx.codes)
    if not n_g:
        shape = (n_ind, 0, n_slots)
        return np.zeros(shape), np.zeros(shape, np.int8), np.zeros(shape, np.int8)
    tp = np.where(gidx.total_pos >= 0, gidx.total_pos, 0)
    reported = cube[:, tp, :]
    rep_ok = present[:, tp, :] & np.isfinite(reported) & (gidx.total_pos >= 0)[None, :, None]
    sizes = np.array([len(m) for m in gidx.members])
    concat = np.concatenate(gidx.members) if sizes.sum() else np.zeros(0, np.int64)
    summed = np.full((n_ind, n_g, n_slots), np.nan)
    nonempty = sizes > 0
    if concat.size:
        starts = np.r_[0, np.cumsum(sizes)[:-1]][nonempty]
        summed[:, nonempty, :] = np.add.reduceat(cube[:, concat, :], starts, axis=1)  # NaN if any member missing
    add = additive[:, None, None]
    usable_rep = rep_ok & ~ratio[:, None, None]
    total = np.where(usable_rep, reported, np.where(add & ~ratio[:, None, None], summed, np.nan))
    reason = np.select(
        [ratio[:, None, None] | (~usable_rep & ~add), ~np.isfinite(total), total <= 0],
        [R.CODE[R.NON_ADDITIVE], R.CODE[R.MISSING_VALUE], R.CODE[R.BASE_NONPOSITIVE]], 0).astype(np.int8)
    source = np.where(reason > 0, 0, np.where(usable_rep, 1, 2)).astype(np.int8)
    return np.where(reason == 0, total, np.nan), reason, source


def share_columns(flat, value, cube, present, layout: Layout, gidx: GroupIndex, additive, ratio):
    """Row-aligned share / contribution columns for cells `flat` (members only get values)."""
    total, treason, tsource = group_totals(cube, present, gidx, additive, ratio)
    ind, reg, slot = layout.unflat(flat)
    g = gidx.group_of[reg]
    member = g >= 0
    gs = np.where(member, g, 0)
    n = len(flat)
    if total.shape[1] == 0:
        tot = np.full(n, np.nan)
        tre = np.zeros(n, np.int8)
    else:
        tot = np.where(member, total[ind, gs, slot], np.nan)
        tre = np.where(member, treason[ind, gs, slot], 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(member & np.isfinite(value) & np.isfinite(tot), value / tot * 100.0, np.nan)
    reason = np.select([~member, tre > 0, ~np.isfinite(value)],
                       [R.CODE[R.NOT_IN_GROUP], tre, R.CODE[R.MISSING_VALUE]], 0).astype(np.int8)
    # previous-year share, total and value, all by key
    prev_slot = layout.slot["yoy_prev"][slot]
    has_prev = member & (prev_slot >= 0)
    ps = np.where(has_prev, prev_slot, 0)
    prev_cells = prior_cells(flat, slot, layout.slot["yoy_prev"])
    pv = gather(cube, prev_cells, np.nan)
    ptot = np.where(has_prev, total[ind, gs, ps], np.nan) if total.shape[1] else np.full(n, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        pshare = np.where(np.isfinite(pv) & np.isfinite(ptot), pv / ptot * 100.0, np.nan)
        dv, dt = value - pv, tot - ptot
        contribution = np.where(member & np.isfinite(dv) & np.isfinite(dt) & (dt != 0), dv / dt * 100.0, np.nan)
        pull = np.where(member & np.isfinite(dv) & (ptot > 0), dv / ptot * 100.0, np.nan)
    # the total region's own row carries its group's total (for charts) but no share
    own = gidx.total_of[reg]
    is_total = own >= 0
    if total.shape[1]:
        tot = np.where(is_total, total[ind, np.where(is_total, own, 0), slot], tot)
    return {
        "group_total": tot,
        "group_total_source": pd.Categorical.from_codes(
            np.where(member | is_total, tsource[ind, np.where(member, gs, np.where(is_total, own, 0)), slot], 0) - 1
            if total.shape[1] else np.full(n, -1), categories=["reported", "summed"]),
        "share_pct": share,
        "share_change_pp": np.where(np.isfinite(share) & np.isfinite(pshare), share - pshare, np.nan),
        "share_reason": R.to_categorical(reason),
        "contribution_pct": contribution,
        "pull_pp": pull,
    }


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
