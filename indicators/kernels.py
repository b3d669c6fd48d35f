"""Compiled kernels of the analysis build (numba): the row-level rules, written once.

The build (indicators.pipeline.build_analysis) lays the figures out on a dense (indicator, region, slot) cube
(cube.py) and emits one output row per present cell. The rules are stated in the modules that own them
(growth.py: 同比/环比 and their reasons; shares.py: 占全市比重 and city totals; ranking.py: 位次, 并列 by the min
method; cumulative.py: de-cumulation) and implemented here, each as one pass over a range of rows (or indicators,
or cube lines) instead of a dozen whole-column numpy passes: what makes the national build fit the machine
(issue 18 §2). Those modules' public functions call these kernels, so pages, exports and the build share them.

Arithmetic is IEEE double in the order numpy evaluated the same expressions before (no fast-math, no
contraction: numba's defaults; sums as numpy's pairwise summation), division by zero gives inf/NaN as in numpy
(error_model="numpy"): results are bit for bit those of the numpy build. tests/indicators/test_build_identical.py
holds every column to the digests of that build (commit f4d81b3) on the demo data, two random samples and a
complete province; tests/indicators/test_kernels.py the sums; the rules' own tests (test_growth,
test_ranking_shares, test_cumulative_derived, test_totals, test_properties) run through the kernels.

Every kernel releases the GIL: `run_rows` / `run_parts` run ranges on several threads. Reason and source
outputs are Categorical codes already (reason code - 1; -1 = NA).
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numba
import numpy as np
from numba import njit

from . import reasons as R


def _writable_cache() -> None:
    """Compiled kernels are cached beside this file (indicators/__pycache__), or where NUMBA_CACHE_DIR says. On a
    server whose code folder is read-only, and with no user cache folder either, numba would refuse to cache
    (an error at import); the system's temporary folder is used instead, so each process compiles at most once
    per machine start (a few seconds)."""
    here = Path(__file__).resolve().parent
    target = here / "__pycache__" if (here / "__pycache__").exists() else here
    if numba.config.CACHE_DIR or os.access(target, os.W_OK):
        return
    numba.config.CACHE_DIR = str(Path(tempfile.gettempdir()) / "county-dashboard-numba")


_writable_cache()

_MISSING = np.int8(R.CODE[R.MISSING_VALUE])
_NO_BASE = np.int8(R.CODE[R.NO_BASE])
_BREAK = np.int8(R.CODE[R.SERIES_BREAK])
_NONPOSITIVE = np.int8(R.CODE[R.BASE_NONPOSITIVE])
_NOT_IN_GROUP = np.int8(R.CODE[R.NOT_IN_GROUP])
_YTD_DECREASE = np.int8(R.CODE[R.YTD_DECREASE])

SPLIT_FROM = 1 << 16  # rows (or cells) below which a kernel runs on the calling thread alone

_JIT = {"nogil": True, "cache": True, "error_model": "numpy", "boundscheck": False}


def csr(groups: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(starts, members) of a list of groups of region positions, as the kernels read them: group g is
    members[starts[g]:starts[g + 1]] (both int64)."""
    sizes = np.array([len(m) for m in groups], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    members = np.concatenate(groups).astype(np.int64) if sizes.sum() else np.zeros(0, np.int64)
    return starts, members


def run_rows(kernel: Callable, n: int, threads: int, *args: object) -> None:
    """kernel(start, stop, *args) over rows [0, n), split into `threads` contiguous ranges run at once
    (the kernels release the GIL). Fewer than SPLIT_FROM rows run on the calling thread alone."""
    if threads <= 1 or n < SPLIT_FROM:
        kernel(0, n, *args)
        return
    run_parts(kernel, [int(b) for b in np.linspace(0, n, threads + 1).astype(np.int64)], n, *args)


def run_parts(kernel: Callable, bounds: list[int], n: int, *args: object) -> None:
    """kernel(bounds[k], bounds[k + 1], *args) for every k, each part on its own thread (the calling thread
    takes the first); all on the calling thread when the work (n rows) is below SPLIT_FROM."""
    if len(bounds) <= 2 or n < SPLIT_FROM:
        kernel(bounds[0], bounds[-1], *args)
        return
    with ThreadPoolExecutor(max_workers=len(bounds) - 2) as pool:
        futures = [pool.submit(kernel, bounds[k], bounds[k + 1], *args) for k in range(1, len(bounds) - 1)]
        kernel(bounds[0], bounds[1], *args)
        for f in futures:
            f.result()


PP_DECIMALS = 2  # every ratio indicator is shown to 2 decimals (the catalogue's decimals; tests/indicators/test_pp_displayed.py)
_PP_SCALE = 10.0 ** PP_DECIMALS


@njit(**_JIT)
def hundredths(x: float) -> float:
    """x rounded 四舍五入 to 2 decimals, in hundredths (0.725 -> 73.0, -0.125 -> -13.0), exactly as
    indicators.formatting.round_half_up rounds the decimal value a reader sees (the float's shortest repr): x
    rounds up from a half exactly when it is at or above the float nearest to that half, (m + 0.5) / 100 (IEEE
    division is correctly rounded), so no representation error (0.285 is 0.28499999999999998) moves it."""
    a = abs(x)
    m = np.floor(a * _PP_SCALE)
    while a >= (m + 0.5) / _PP_SCALE:
        m += 1.0
    while m > 0.0 and a < (m - 0.5) / _PP_SCALE:
        m -= 1.0
    return m if x >= 0.0 else -m


@njit(**_JIT)
def pp_shown(v: float, base: float) -> float:
    """The change from base to v in 百分点, as the two figures are shown (2 decimals, 四舍五入): a ratio's yoy_pp and
    any other change of a ratio a reader sees (figures.growth.annual_cagr)."""
    return (hundredths(v) - hundredths(base)) / _PP_SCALE


@njit(**_JIT)
def _change(v: float, base: float, base_present: bool, brk: bool, ratio: bool,
            has_base: bool) -> tuple[float, float, np.int8, bool]:
    """One row of growth.change_kernel without a reported figure: (computed %, 百分点, reason, ok).

    base is the effective base (the restated 同口径 base where has_base, else the prior value)."""
    reason = np.int8(0)
    if not ratio and base <= 0:
        reason = _NONPOSITIVE
    if brk and not has_base:
        reason = _BREAK
    if not np.isfinite(base):
        reason = _MISSING
    if not has_base and not base_present:
        reason = _NO_BASE
    if not np.isfinite(v):
        reason = _MISSING
    ok = reason == 0
    computed = np.nan
    if ok and not ratio:
        computed = v / base
        computed -= 1.0
        computed *= 100.0
        if not np.isfinite(computed):  # overflow against a tiny base: never inf
            computed = np.nan
            reason = _NONPOSITIVE
    # a ratio's change in 百分点 is the difference of the two figures as shown (2 decimals, 四舍五入): "0.72%，比上年
    # 提高0.01个百分点" after a year shown as 0.72% can never be printed (re-check N3 of stop 24)
    pp = pp_shown(v, base) if ok and ratio else np.nan
    return computed, pp, reason, ok


@njit(**_JIT)
def _yoy(v: float, pv: float, p_present: bool, brk: bool, ratio: bool, rep: float, b: float,
         tolerance: float) -> tuple[float, float, float, np.int8, np.int8, bool]:
    """One row of 同比 (growth.change_kernel's rule): (pct, computed %, 百分点, source 0-3, reason, mismatch).

    rep: the reported 同比 (NaN none; ignored for ratios), b: the restated 同口径 base (NaN none)."""
    has_base = np.isfinite(b)
    computed, pp, reason, ok = _change(v, b if has_base else pv, p_present, brk, ratio, has_base)
    has_rep = np.isfinite(rep) and not ratio
    if has_rep:
        return rep, computed, pp, np.int8(1), np.int8(0), np.isfinite(computed) and abs(rep - computed) > tolerance
    src = np.int8(2) if ok and has_base else (np.int8(3) if ok else np.int8(0))
    return computed, computed, pp, src, reason, False


@njit(**_JIT)
def change_rows(start: int, stop: int, v: np.ndarray, pv: np.ndarray, prev_present: np.ndarray, brk: np.ndarray,
                ratio: np.ndarray, reported: np.ndarray, base: np.ndarray, tolerance: float, pct: np.ndarray,
                computed: np.ndarray, pp: np.ndarray, source: np.ndarray, reason: np.ndarray,
                mismatch: np.ndarray) -> None:
    """growth.change_kernel over rows [start, stop) of row-aligned arrays (brk / reported / base may be empty:
    none anywhere). source and reason are the int8 codes (0 none)."""
    any_brk, any_rep, any_base = brk.shape[0] > 0, reported.shape[0] > 0, base.shape[0] > 0
    for i in range(start, stop):
        pct[i], computed[i], pp[i], source[i], reason[i], mismatch[i] = _yoy(
            v[i], pv[i], prev_present[i], brk[i] if any_brk else False, ratio[i],
            reported[i] if any_rep else np.nan, base[i] if any_base else np.nan, tolerance)


@njit(**_JIT)
def cell_of(ind: int, reg: int, slot: int, n_reg: int, n_slots: int) -> int:
    """The flattened (indicator, region, slot) cube cell of axis positions (cube.Layout.cells in numpy)."""
    return (np.int64(ind) * n_reg + reg) * n_slots + slot


@njit(**_JIT)
def growth_rows(start: int, stop: int, ind: np.ndarray, reg: np.ndarray, slot: np.ndarray, n_reg: int,
                ratio_ind: np.ndarray, cube_f: np.ndarray,
                present_f: np.ndarray, ybrk_f: np.ndarray, qbrk_f: np.ndarray, yoy_prev_slot: np.ndarray, qoq_prev_slot: np.ndarray, q_none: np.ndarray, reported: np.ndarray,
                base: np.ndarray, tolerance: float, value_prev: np.ndarray, yoy_pct: np.ndarray,
                yoy_computed: np.ndarray, yoy_pp: np.ndarray, yoy_source: np.ndarray, yoy_reason: np.ndarray,
                mismatch: np.ndarray, qoq_pct: np.ndarray, qoq_pp: np.ndarray, qoq_reason: np.ndarray) -> None:
    """同比 and 环比 columns of output rows [start, stop) (growth.growth_columns' rules).

    Row i is the cube cell (ind[i], reg[i], slot[i]) (n_reg regions, yoy_prev_slot's length slots); the
    prior-year cell is found by key (yoy_prev_slot), the previous period by qoq_prev_slot (single-period Q/M
    rows; elsewhere 环比's reason is q_none[slot]). ratio_ind: per indicator; reported and base are row-aligned (reported / base / ybrk_f /
    qbrk_f may be empty: none anywhere). yoy_source and the reasons are Categorical codes (code - 1, -1 = NA).
    yoy_pct may be the yoy_computed array itself when nothing is reported."""
    any_ybrk, any_qbrk = ybrk_f.shape[0] > 0, qbrk_f.shape[0] > 0
    any_rep, any_base = reported.shape[0] > 0, base.shape[0] > 0
    n_slots = yoy_prev_slot.shape[0]
    for i in range(start, stop):
        s = np.int64(slot[i])
        f = cell_of(ind[i], reg[i], s, n_reg, n_slots)
        r = ratio_ind[ind[i]]
        v = cube_f[f]
        ps = yoy_prev_slot[s]
        pv = np.nan
        p_present = False
        if ps >= 0:
            pv = cube_f[f - s + ps]
            p_present = present_f[f - s + ps]
        pct, computed, pp, src, reason, mis = _yoy(
            v, pv, p_present, ybrk_f[f] if any_ybrk else False, r, reported[i] if any_rep else np.nan,
            base[i] if any_base else np.nan, tolerance)
        value_prev[i] = pv
        yoy_computed[i] = computed
        yoy_pct[i] = pct
        yoy_pp[i] = pp
        yoy_source[i] = src - 1
        yoy_reason[i] = reason - 1
        mismatch[i] = mis
        if qoq_prev_slot[s] >= 0:
            qc, qpp, qr, _ = _change(v, cube_f[f - 1], present_f[f - 1], qbrk_f[f] if any_qbrk else False, r,
                                     False)
            qoq_pct[i] = qc
            qoq_pp[i] = qpp
            qoq_reason[i] = qr - 1
        else:
            qoq_pct[i] = np.nan
            qoq_pp[i] = np.nan
            qoq_reason[i] = q_none[s] - 1


@njit(**_JIT)
def share_rows(start: int, stop: int, ind: np.ndarray, reg: np.ndarray, slot: np.ndarray, n_reg: int,
               value: np.ndarray,
               prev_value: np.ndarray, yoy_prev_slot: np.ndarray, ybrk_f: np.ndarray, gmap: np.ndarray,
               is_member: np.ndarray, total_f: np.ndarray, treason_f: np.ndarray, tsource_f: np.ndarray,
               n_groups: int, group_total: np.ndarray, total_source: np.ndarray, share_pct: np.ndarray,
               share_change: np.ndarray, share_reason: np.ndarray) -> None:
    """占全市比重 columns of output rows [start, stop) (shares.share_columns' rules; row i is the cube cell (ind[i],
    reg[i], slot[i]) of n_reg regions): the group total gathered from total_f / treason_f / tsource_f,
    (indicator, group + 1, slot) cubes flattened (the last group: no group); members only get a share; its change in 百分点 against the prior year's share (prev_value: the
    prior-year figure, NaN none) is suppressed by a 口径调整 in the 同比 span (ybrk_f; empty: none).
    Categorical outputs are codes (code - 1, -1 = NA)."""
    n_slots = yoy_prev_slot.shape[0]
    any_ybrk = ybrk_f.shape[0] > 0
    g1 = n_groups + 1
    for i in range(start, stop):
        s = np.int64(slot[i])
        v = value[i]
        rg = reg[i]
        f = cell_of(ind[i], rg, s, n_reg, n_slots)
        lin = (np.int64(ind[i]) * g1 + gmap[rg]) * n_slots + s
        t = total_f[lin]
        member = is_member[rg]
        ps = yoy_prev_slot[s]
        pt = total_f[lin - s + ps] if ps >= 0 else np.nan
        sh = v / t * 100.0 if member else np.nan
        change = sh - prev_value[i] / pt * 100.0
        if any_ybrk and ybrk_f[f]:
            change = np.nan
        group_total[i] = t
        share_pct[i] = sh
        share_change[i] = change
        total_source[i] = tsource_f[lin] - 1
        tre = treason_f[lin]
        if not member:
            share_reason[i] = _NOT_IN_GROUP - 1
        elif tre > 0:
            share_reason[i] = tre - 1
        elif np.isfinite(v):
            share_reason[i] = -1
        else:
            share_reason[i] = _MISSING - 1


@njit(**_JIT)
def _widest(starts: np.ndarray) -> int:
    """The most members of any group of a CSR list (starts: each group's first position, then the end)."""
    width = 0
    for g in range(starts.shape[0] - 1):
        width = max(width, starts[g + 1] - starts[g])
    return width


@njit(**_JIT)
def rank_cells(ind_start: int, ind_stop: int, cube: np.ndarray, member_start: np.ndarray, members: np.ndarray,
               sign: np.ndarray, rank_c: np.ndarray, n_ranked: np.ndarray) -> None:
    """位次 within each group for indicators [ind_start, ind_stop) of an (indicator, region, slot) cube.

    Keys: a member's figure times sign[indicator] (-polarity: ascending = best first); NaN is not ranked. Min
    method (1 + the number of strictly smaller keys), 并列 where another member's key is equal. Writes
    rank_c[i, member, slot] (int16: the rank, negative when tied, 0 unranked; other regions untouched) and
    n_ranked[i, group, slot] (the number of ranked members)."""
    n_groups = member_start.shape[0] - 1
    n_slots = cube.shape[2]
    keys = np.empty(_widest(member_start))
    for i in range(ind_start, ind_stop):
        sg = sign[i]
        for g in range(n_groups):
            a, b = member_start[g], member_start[g + 1]
            m = b - a
            for s in range(n_slots):
                valid = 0
                for k in range(m):
                    key = cube[i, members[a + k], s] * sg
                    keys[k] = key
                    valid += key == key
                n_ranked[i, g, s] = valid
                if valid == 0:  # nothing to rank (rank_c is 0 already)
                    continue
                for k in range(m):
                    key = keys[k]
                    r = 0
                    if key == key:
                        less = 0
                        equal = 0
                        for q in range(m):  # branch-free counts (NaN compares false): vectorised, ~4x faster
                            other = keys[q]
                            less += other < key
                            equal += other == key
                        r = less + 1
                        if equal > 1:
                            r = -r
                    rank_c[i, members[a + k], s] = r


@njit(**_JIT)
def rank_rows(start: int, stop: int, ind: np.ndarray, reg: np.ndarray, slot: np.ndarray, rank_c: np.ndarray,
              n_ranked_c: np.ndarray, yoy_prev_slot: np.ndarray, group_of: np.ndarray, n_ranked: np.ndarray,
              n_ranked_na: np.ndarray, rank: np.ndarray, rank_na: np.ndarray, rank_prev: np.ndarray,
              rank_prev_na: np.ndarray, rank_change: np.ndarray, rank_change_na: np.ndarray,
              tied: np.ndarray) -> None:
    """位次 columns of output rows [start, stop), read from rank_cells' cubes at the row's cell and at the
    prior-year slot (yoy_prev_slot). Values are int16, *_na the masks of pandas' Int16 (True = NA; the value
    is then 0): n_ranked NA outside a group, rank NA unranked, rank_prev NA unranked a year before (or outside
    a group), rank_change = rank_prev - rank, NA unless both exist."""
    for i in range(start, stop):
        rg = reg[i]
        g = group_of[rg]
        if g < 0:
            n_ranked[i], n_ranked_na[i] = 0, True
            rank[i], rank_na[i] = 0, True
            rank_prev[i], rank_prev_na[i] = 0, True
            rank_change[i], rank_change_na[i] = 0, True
            tied[i] = False
            continue
        ii = ind[i]
        s = slot[i]
        code = rank_c[ii, rg, s]
        rk = abs(code)
        n_ranked[i], n_ranked_na[i] = n_ranked_c[ii, g, s], False
        rank[i], rank_na[i] = rk, rk == 0
        tied[i] = code < 0
        ps = yoy_prev_slot[s]
        rp = abs(rank_c[ii, rg, ps]) if ps >= 0 else 0
        rank_prev[i], rank_prev_na[i] = rp, rp == 0
        if rp > 0 and rk > 0:
            rank_change[i], rank_change_na[i] = rp - rk, False
        else:
            rank_change[i], rank_change_na[i] = 0, True


@njit(**_JIT)
def emit_rows(line_start: int, line_stop: int, offsets: np.ndarray, n_slots: int, present_f: np.ndarray,
              cube_f: np.ndarray, src_row: np.ndarray, flags_f: np.ndarray, vreason_f: np.ndarray, n_reg: int,
              obs_status: np.ndarray, obs_note: np.ndarray, obs_revision: np.ndarray, obs_revision_na: np.ndarray,
              obs_reported: np.ndarray, obs_base: np.ndarray, ind: np.ndarray, reg: np.ndarray,
              slot: np.ndarray, value: np.ndarray, derived_from_ytd: np.ndarray, is_derived: np.ndarray,
              value_reason: np.ndarray, status: np.ndarray, note: np.ndarray, revision: np.ndarray,
              revision_na: np.ndarray, reported: np.ndarray, base: np.ndarray) -> None:
    """One output row per present cell of the (indicator, region) lines [line_start, line_stop), in cell
    order, written from row offsets[line]: the cell's axis positions, value and the provenance
    columns from the source observation (src_row: the observation a cell comes from, -1 none; de-cumulated
    cells inherit the 累计 row's status, note and revision; only a cell's own observation (flags 0) gives its
    reported 同比 and restated base). flags bit 1: de-cumulated, bit 2: formula-derived; value_reason is the
    Categorical code (reason - 1). obs_* arrays may be empty (no such column: status/note/revision -1/NA,
    reported/base not written) or, for status, note and revision, hold one value that every observation has.
    The columns looked up per slot and per region are lookup_rows' (two passes writing fewer columns each
    are faster than one writing all)."""
    has_status, has_note = obs_status.shape[0] > 0, obs_note.shape[0] > 0
    has_rev, has_rep, has_base = obs_revision.shape[0] > 0, obs_reported.shape[0] > 0, obs_base.shape[0] > 0
    one_status, one_note, one_rev = obs_status.shape[0] == 1, obs_note.shape[0] == 1, obs_revision.shape[0] == 1
    for line in range(line_start, line_stop):
        k = offsets[line]
        if offsets[line + 1] == k:
            continue
        i = line // n_reg
        r = line - i * n_reg
        base_cell = np.int64(line) * n_slots
        for s in range(n_slots):
            f = base_cell + s
            if not present_f[f]:
                continue
            ind[k] = i
            reg[k] = r
            slot[k] = s
            value[k] = cube_f[f]
            fl = flags_f[f]
            derived_from_ytd[k] = (fl & 1) != 0
            is_derived[k] = (fl & 2) != 0
            value_reason[k] = vreason_f[f] - 1
            row = src_row[f]
            safe = row if row >= 0 else 0
            status[k] = -1 if not has_status or row < 0 else obs_status[0] if one_status else obs_status[row]
            note[k] = -1 if not has_note or row < 0 else obs_note[0] if one_note else obs_note[row]
            if has_rev:
                revision[k] = obs_revision[0] if one_rev else obs_revision[safe]
                revision_na[k] = row < 0 or (obs_revision_na[0] if one_rev else obs_revision_na[safe])
            own = row >= 0 and fl == 0
            if has_rep:
                reported[k] = obs_reported[row] if own else np.nan
            if has_base:
                base[k] = obs_base[row] if own else np.nan
            k += 1


@njit(**_JIT)
def lookup_rows(start: int, stop: int, slot: np.ndarray, reg: np.ndarray, slot_period: np.ndarray,
                slot_kind: np.ndarray, slot_ytd: np.ndarray, slot_year: np.ndarray, slot_sub: np.ndarray,
                reg_group: np.ndarray, reg_is_total: np.ndarray, reg_group_size: np.ndarray, period: np.ndarray,
                kind: np.ndarray, is_ytd: np.ndarray, year: np.ndarray, sub: np.ndarray, group: np.ndarray,
                is_group_total: np.ndarray, group_size: np.ndarray, group_size_na: np.ndarray) -> None:
    """The identity columns of rows [start, stop) looked up per slot (period code, kind, 累计, year, sub) and
    per region (group code, -1 none; is its group's total; group size, NA (and 0) outside a group)."""
    for k in range(start, stop):
        s = slot[k]
        r = reg[k]
        period[k] = slot_period[s]
        kind[k] = slot_kind[s]
        is_ytd[k] = slot_ytd[s]
        year[k] = slot_year[s]
        sub[k] = slot_sub[s]
        group[k] = reg_group[r]
        is_group_total[k] = reg_is_total[r]
        size = reg_group_size[r]
        group_size[k] = size if size >= 0 else 0
        group_size_na[k] = size < 0


@njit(**_JIT)
def family_ranges(kind: np.ndarray, ytd: np.ndarray, pidx: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                  count: np.ndarray) -> None:
    """Per series family (kind * 2 + 累计: 6 families), the lowest and highest period index and the number of
    rows (lo / hi untouched where count is 0)."""
    for j in range(kind.shape[0]):
        f = kind[j] * 2 + (1 if ytd[j] else 0)
        p = pidx[j]
        if count[f] == 0 or p < lo[f]:
            lo[f] = p
        if count[f] == 0 or p > hi[f]:
            hi[f] = p
        count[f] += 1


@njit(**_JIT)
def cells_of(ind: np.ndarray, reg: np.ndarray, kind: np.ndarray, ytd: np.ndarray, pidx: np.ndarray,
             fam_offset: np.ndarray, fam_first: np.ndarray, fam_n: np.ndarray, n_reg: int, n_slots: int,
             out: np.ndarray) -> int:
    """Cube cell (indicator, region, slot) of each row: slot = the family's offset + period index - its first
    (fam_* per family kind * 2 + 累计; fam_n 0: no such family). Returns the number of rows outside every
    family (their cell is -1)."""
    outside = 0
    for j in range(ind.shape[0]):
        f = kind[j] * 2 + (1 if ytd[j] else 0)
        k = pidx[j] - fam_first[f]
        if fam_n[f] == 0 or k < 0 or k >= fam_n[f]:
            out[j] = -1
            outside += 1
        else:
            out[j] = cell_of(ind[j], reg[j], fam_offset[f] + k, n_reg, n_slots)
    return outside


@njit(**_JIT)
def scatter_rows(start: int, stop: int, cells: np.ndarray, values: np.ndarray, cube_f: np.ndarray,
                 present_f: np.ndarray, src_row: np.ndarray) -> None:
    """Place rows [start, stop) in their cells: the value, present, src_row = the row. Duplicate keys are
    the caller's to find (fewer present cells than rows)."""
    for j in range(start, stop):
        c = cells[j]
        cube_f[c] = values[j]
        present_f[c] = True
        src_row[c] = j


@njit(**_JIT)
def scatter_segments(seg_lo: int, seg_hi: int, seg_start: np.ndarray, seg_ind: np.ndarray, seg_slot: np.ndarray,
                     reg: np.ndarray, ytd: np.ndarray, n_reg: int, n_slots: int, values: np.ndarray,
                     cube_f: np.ndarray, present_f: np.ndarray, src_row: np.ndarray) -> None:
    """scatter_rows for the rows of segments [seg_lo, seg_hi) (cube.ObservationCells): a segment's rows share
    its indicator and period; a row's cell is (indicator, its region, the segment's slot for a row not 累计 /
    累计)."""
    for k in range(seg_lo, seg_hi):
        plain, cum = seg_slot[k, 0], seg_slot[k, 1]
        for j in range(seg_start[k], seg_start[k + 1]):
            c = cell_of(seg_ind[k], reg[j], cum if ytd[j] else plain, n_reg, n_slots)
            cube_f[c] = values[j]
            present_f[c] = True
            src_row[c] = j


@njit(**_JIT)
def decumulate_cells(cube: np.ndarray, present: np.ndarray, ind_sel: np.ndarray, ytd_slots: np.ndarray,
                     prev_slots: np.ndarray, first: np.ndarray, single_slots: np.ndarray, src: np.ndarray,
                     dst: np.ndarray, values: np.ndarray, reasons: np.ndarray) -> int:
    """De-cumulate the present 累计 cells of indicators ind_sel at slots ytd_slots (cumulative.decumulate_cube's
    rule: the first period of the year is its own single figure; later ones the difference from the previous
    累计 (prev_slots, -1 none), with a reason where it cannot be: missing_value, no_base, ytd_decrease).
    Writes, in (indicator, region, slot) order, the source cell, the single-period cell (single_slots), the
    value and the reason code; returns how many. With empty output arrays it only counts."""
    n_reg, n_slots = cube.shape[1], cube.shape[2]
    count_only = src.shape[0] == 0
    k = 0
    for a in range(ind_sel.shape[0]):
        i = ind_sel[a]
        for r in range(n_reg):
            for b in range(ytd_slots.shape[0]):
                j = ytd_slots[b]
                if not present[i, r, j]:
                    continue
                if not count_only:
                    cur = cube[i, r, j]
                    reason = np.int8(0)
                    single = cur
                    if not first[b]:
                        pj = prev_slots[b]
                        prv = cube[i, r, pj] if pj >= 0 else np.nan
                        if not np.isfinite(cur):
                            reason = _MISSING
                        elif pj < 0 or not present[i, r, pj]:
                            reason = _NO_BASE
                        elif not np.isfinite(prv):
                            reason = _MISSING
                        elif cur < prv:
                            reason = _YTD_DECREASE
                        single = cur - prv if reason == 0 else np.nan
                    line = (np.int64(i) * n_reg + r) * n_slots
                    src[k] = line + j
                    dst[k] = line + single_slots[b]
                    values[k] = single
                    reasons[k] = reason
                k += 1
    return k


@njit(**_JIT)
def _pairwise_tree(buf: np.ndarray, lo: int, n: int) -> float:
    """_pairwise_sum above 128 terms: the halves split as numpy splits them, each leaf (<= 128 terms) summed by
    _pairwise_leaf, the partial sums combined left + right bottom up."""
    # post-order walk: (lo, n, stage) frames; values pushed as leaves and pairs complete
    stack_lo = np.empty(128, np.int64)
    stack_n = np.empty(128, np.int64)
    stack_stage = np.empty(128, np.int64)
    values = np.empty(128)
    top, vtop = 0, 0
    stack_lo[0], stack_n[0], stack_stage[0] = lo, n, 0
    while top >= 0:
        a, m, stage = stack_lo[top], stack_n[top], stack_stage[top]
        if m <= 128:
            values[vtop] = _pairwise_leaf(buf, a, m)
            vtop += 1
            top -= 1
            continue
        n2 = m // 2
        n2 -= n2 % 8
        if stage == 0:
            stack_stage[top] = 1
            top += 1
            stack_lo[top], stack_n[top], stack_stage[top] = a, n2, 0
        elif stage == 1:
            stack_stage[top] = 2
            top += 1
            stack_lo[top], stack_n[top], stack_stage[top] = a + n2, m - n2, 0
        else:
            vtop -= 1
            values[vtop - 1] = values[vtop - 1] + values[vtop]
            top -= 1
    return values[0]


@njit(**_JIT)
def _pairwise_sum(buf: np.ndarray, lo: int, n: int) -> float:
    """numpy's pairwise summation of buf[lo:lo + n] (numpy/_core/src/umath/loops_utils.h: below 8 terms in
    order from -0.0, up to 128 in eight running sums combined as ((0+1)+(2+3))+((4+5)+(6+7)) then the rest,
    above that the two halves split at a multiple of 8)."""
    if n <= 128:
        return _pairwise_leaf(buf, lo, n)
    # above 128 terms numpy sums the two halves (split at a multiple of 8) recursively: the same tree here,
    # walked with an explicit stack (a recursive compiled function cannot be cached)
    return _pairwise_tree(buf, lo, n)


@njit(**_JIT)
def _pairwise_leaf(buf: np.ndarray, lo: int, n: int) -> float:
    """_pairwise_sum of at most 128 terms."""
    if n < 8:
        res = -0.0
        for k in range(lo, lo + n):
            res += buf[k]
        return res
    r0, r1, r2, r3 = buf[lo], buf[lo + 1], buf[lo + 2], buf[lo + 3]
    r4, r5, r6, r7 = buf[lo + 4], buf[lo + 5], buf[lo + 6], buf[lo + 7]
    k = 8
    while k < n - (n % 8):
        r0 += buf[lo + k]
        r1 += buf[lo + k + 1]
        r2 += buf[lo + k + 2]
        r3 += buf[lo + k + 3]
        r4 += buf[lo + k + 4]
        r5 += buf[lo + k + 5]
        r6 += buf[lo + k + 6]
        r7 += buf[lo + k + 7]
        k += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while k < n:
        res += buf[lo + k]
        k += 1
    return res


@njit(**_JIT)
def summed_totals(ind_start: int, ind_stop: int, cube: np.ndarray, part_start: np.ndarray, parts: np.ndarray,
                  out: np.ndarray) -> None:
    """out[i, g, s] = the sum of cube[i, parts[part_start[g]:part_start[g + 1]], s] for indicators
    [ind_start, ind_stop), added as numpy's add.reduceat over that axis adds (the first term plus the
    pairwise sum of the others: bit for bit the same); NaN when any part is NaN or the group has no parts."""
    n_groups = part_start.shape[0] - 1
    n_slots = cube.shape[2]
    buf = np.empty(max(_widest(part_start), 1))
    for i in range(ind_start, ind_stop):
        for g in range(n_groups):
            a, b = part_start[g], part_start[g + 1]
            for s in range(n_slots):
                if a == b:
                    out[i, g, s] = np.nan
                    continue
                for k in range(a, b):
                    buf[k - a] = cube[i, parts[k], s]
                out[i, g, s] = buf[0] + _pairwise_sum(buf, 1, b - a - 1) if b - a > 1 else buf[0]
