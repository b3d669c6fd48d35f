"""The analysis snapshot: one long frame with every measure the pages, exports and sentences use.

build_analysis(obs, indicators, regions, annotations, groups) -> one row per
(indicator, region, period, is_ytd) cell, covering
  - observed rows (derived_from_ytd False, is_derived False),
  - de-cumulated single quarters/months of 累计 rows: is_ytd False, derived_from_ytd True
    (an observed single-period row for the same key wins over the de-cumulated one),
  - formula-derived indicators (is_derived True; derived_from_ytd True when computed from
    de-cumulated components). Ratios of 累计 components keep is_ytd True.
Rows are sorted by indicator, region, period kind, is_ytd, period; the query helpers rely on
that order (a row subset of the frame keeps it).

Columns (besides the identifiers indicator, region, period, period_kind, is_ytd, year, sub):
  value, value_reason                why a computed value is empty (see reasons.py)
  value_prev                         same period one year earlier, by key
  yoy_pct, yoy_computed_pct, yoy_pp, yoy_source, yoy_reason, yoy_flag_mismatch,
  reported_yoy, base_value           see growth.py (ratios: yoy_pp, yoy_pct NaN)
  qoq_pct, qoq_pp, qoq_reason        环比 for single-period Q/M rows
  group, is_group_total              comparison group; the city row is its group's total
  group_size, n_ranked, rank, rank_prev, rank_change, tied    level ranking (ranking.py)
  group_total, group_total_source, share_pct, share_change_pp, share_reason   see shares.py
                                     (contribution to city growth: shares.contributions(query_group(...)))
  status, note, revision_id          from the observation (de-cumulated rows inherit the
                                     累计 row's; formula-derived rows have none)
All computation is on a dense (indicator, region, slot) cube (cube.py): no groupby.apply, no row-position
shifts; the row-level rules are compiled kernels (kernels.py) run over ranges of rows on PARALLEL + 1 threads.
Columns equal by rule share one array (copy on write): yoy_pct is yoy_computed_pct when nothing is reported
anywhere, base_value is reported_yoy when neither is (both all NaN: then one NaN broadcast to every row, a
read-only array of no memory; pickling or Arrow writes it out in full).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from . import kernels as K
from . import reasons as R
from .cube import Axis, Layout, factorize_compact, observation_cells, one_or_all
from .cumulative import decumulate_cube
from .derived import derive_cube, propagate_breaks
from .memory import build_memory, release_freed
from .growth import DEFAULT_TOLERANCE_PP, break_cubes, growth_columns
from .ranking import default_groups, rank_columns
from .shares import GroupIndex, catalogue_flags, group_totals, share_columns

if TYPE_CHECKING:
    from collections.abc import Iterable

SORT_MARK = "indicators.sorted_by"
PARALLEL = 1  # threads beside the calling one running the row kernels (1: the machine's second core)
KIND_NAMES = np.array(["Y", "Q", "M"], dtype=object)


def build_analysis(obs: pd.DataFrame, indicators: pd.DataFrame, regions: pd.DataFrame,
                   annotations: pd.DataFrame | None = None, groups: pd.DataFrame | None = None,
                   tolerance: float = DEFAULT_TOLERANCE_PP, total_parts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The analysis snapshot (see module docstring for rows and columns).

    obs: OBS_COLUMNS frame; indicators: catalogue frame; regions: region catalogue;
    annotations: ANNOTATION_COLUMNS (series breaks); groups: (region, group[, total_region]),
    default ranking.default_groups(regions). Each region may sit in at most one group here.
    total_parts: (region, group) summed into a group's total when the city reported none — the product
    passes data.catalogue.total_parts(regions) (county-level units and development zones); default: members.
    Raises ValueError when two observations share a key (indicator, region, period, is_ytd).
    """
    # the provenance columns are prepared on a second thread beside the cube's construction (mostly one core);
    # the pool is closed however the build ends
    with build_memory(), ThreadPoolExecutor(max_workers=1, thread_name_prefix=PROVENANCE_THREAD) as pool:
        return _build(pool, obs, indicators, regions, annotations, groups, tolerance, total_parts)


PROVENANCE_THREAD = "analysis-provenance"


def _build(pool: ThreadPoolExecutor, obs: pd.DataFrame, indicators: pd.DataFrame, regions: pd.DataFrame,
           annotations: pd.DataFrame | None, groups: pd.DataFrame | None, tolerance: float,
           total_parts: pd.DataFrame | None) -> pd.DataFrame:
    """build_analysis's body; `pool` runs the provenance preparation."""
    provenance = pool.submit(_obs_provenance, obs)
    ind_axis = Axis(indicators["code"].astype(str))
    reg_axis = Axis(regions["code"].astype(str))
    groups = default_groups(regions) if groups is None else groups
    gidx = GroupIndex.build(groups, reg_axis, total_parts)
    cells = observation_cells(obs, ind_axis, reg_axis)
    gidx = gidx.resized(len(reg_axis))
    layout = cells.layout
    shape = layout.shape
    n_cells = layout.n_cells

    # scatter the observations
    cube = np.full(shape, np.nan)
    present = np.zeros(shape, dtype=bool)
    flags = np.zeros(shape, dtype=np.uint8)          # bit 1 de-cumulated, bit 2 formula-derived
    src_row = np.full(n_cells, -1, dtype=np.int32)   # observation row a cell comes from
    vreason = np.zeros(n_cells, dtype=np.int8)
    value_obs = np.ascontiguousarray(obs["value"].to_numpy(dtype=float, na_value=np.nan))
    cells.scatter(value_obs, cube.reshape(-1), present.reshape(-1), src_row, PARALLEL + 1)
    if np.count_nonzero(present) != len(obs):
        raise ValueError("duplicate (indicator, region, period, is_ytd) keys in obs")
    del cells, value_obs  # the observations' keys are in the cube now
    release_freed()

    # de-cumulate 累计 rows into single periods (observed single rows win)
    cat = indicators.set_index(indicators["code"].astype(str))
    cumulative = np.array([bool(cat["cumulative"].get(c, False)) for c in layout.indicators])
    src, dst, single, sreason = decumulate_cube(cube, present, layout, cumulative)
    keep = ~present.reshape(-1)[dst]
    src, dst, single, sreason = src[keep], dst[keep], single[keep], sreason[keep]
    cube.reshape(-1)[dst] = single
    present.reshape(-1)[dst] = True
    flags.reshape(-1)[dst] = 1
    vreason[dst] = sreason
    src_row[dst] = src_row[src]
    del src, dst, single, sreason, keep

    # formula-derived indicators
    for code, (new, reason) in derive_cube(cube, present, flags, layout, indicators, ind_axis).items():
        d = ind_axis.pos[code]
        vreason.reshape(shape)[d][new] = reason[new]

    threads = PARALLEL + 1
    # every present cell becomes one output row, in (indicator, region, slot) order, with its identity and
    # provenance columns; the cube-sized provenance scratch is freed before the measures are computed
    rows, ids = _emit_rows(provenance.result(), layout, gidx, present, cube, src_row, flags, vreason, threads)
    del src_row, flags, vreason
    release_freed()
    ind, reg, slot, value = (rows[k] for k in ("ind", "reg", "slot", "value"))
    reported, base = rows["reported_yoy"], rows["base_value"]
    additive, ratio_ind = catalogue_flags(indicators, layout.indicators)
    polarity = np.array([int(cat["polarity"].get(c, 1)) for c in layout.indicators])
    # the measures, ordered so that the cube-sized scratch is freed as soon as its last reader is done (the
    # peak: the output frame plus the least besides)
    ranks = rank_columns(cube, ind, reg, slot, layout.slot["yoy_prev"], gidx.group_of, gidx.members, polarity,
                         threads)
    totals = group_totals(cube, present, gidx, additive, ratio_ind, threads)
    ybrk, qbrk = break_cubes(propagate_breaks(annotations, indicators), layout, ind_axis.pos, reg_axis.pos)
    growth = growth_columns(None, value, cube, present, ybrk, qbrk, ratio_ind, layout, reported, base, tolerance,
                            threads=threads, alias=True, ind=ind, slot=slot, reg=reg)
    del qbrk, cube, present
    release_freed()
    # a share's change across a 口径调整 compares two scopes: suppressed like 同比 (ybrk)
    shares = share_columns(None, value, None, None, layout, gidx, additive, ratio_ind, ind=ind, reg=reg,
                           with_contributions=False, prev_value=growth["value_prev"], ybrk=ybrk, threads=threads,
                           totals=totals, slot=slot)
    del ybrk, totals, ind, reg, slot, rows

    # columns equal by rule share one array (pandas' copy on write tracks it: inserted from the frame)
    aliases = {}
    if growth["yoy_pct"] is growth["yoy_computed_pct"]:
        aliases["yoy_pct"] = "yoy_computed_pct"
    if reported is None and base is None:  # nothing reported anywhere: both all NaN, one NaN read by every row
        reported = np.broadcast_to(np.float64(np.nan), len(value))
        aliases["base_value"] = "reported_yoy"
    reported = np.full(len(value), np.nan) if reported is None else reported
    base = np.full(len(value), np.nan) if base is None and "base_value" not in aliases else base
    out = {
        **{k: ids[k] for k in ("indicator", "region", "period", "period_kind", "is_ytd", "year", "sub",
                               "derived_from_ytd", "is_derived")},
        "value": value,
        "value_reason": ids["value_reason"],
        **{k: growth[k] for k in ("value_prev", "yoy_pct", "yoy_computed_pct", "yoy_pp", "yoy_source",
                                  "yoy_reason", "yoy_flag_mismatch")},
        "reported_yoy": reported,
        "base_value": base,
        **{k: growth[k] for k in ("qoq_pct", "qoq_pp", "qoq_reason")},
        **{k: ids[k] for k in ("group", "is_group_total", "group_size")},
        **{k: ranks[k] for k in ("n_ranked", "rank", "rank_prev", "rank_change", "tied")},
        **shares,
        **{k: ids[k] for k in ("status", "note", "revision_id")},
    }
    order = list(out)
    frame = pd.DataFrame({k: v for k, v in out.items() if k not in aliases}, copy=False)
    for col, same_as in aliases.items():
        frame.insert(order.index(col), col, frame[same_as])
    frame.attrs[SORT_MARK] = "indicator,region"
    return frame


def _codes_dtype(n: int) -> type:
    """The integer type pandas keeps Categorical codes in for n categories (pandas'
    coerce_indexer_dtype): codes built in it are taken by Categorical.from_codes without a copy."""
    return np.int8 if n < np.iinfo(np.int8).max else np.int16 if n < np.iinfo(np.int16).max else np.int32


def _obs_provenance(obs: pd.DataFrame) -> tuple[dict, dict, bool]:
    """The observations' provenance columns as kernels.emit_rows reads them: (columns, categories, has revision).

    columns: status / note (Categorical codes in order of first appearance, one value when all alike, empty
    without the column), revision / revision_na (int64 and its NA mask, one value each when all alike),
    reported_yoy / base_value (float64, empty when none is reported). categories: status / note (str Index).
    Reads obs only: the build runs it on a second thread beside the cube's construction."""
    obs_cols, cats = {}, {}
    for col in ("status", "note"):
        if col in obs and len(obs):
            codes, uniq = factorize_compact(obs[col])
            obs_cols[col] = codes.astype(_codes_dtype(len(uniq)))
            cats[col] = pd.Index(uniq).astype(str)
        else:
            obs_cols[col], cats[col] = np.zeros(0, np.int8), pd.Index([], dtype=object)
    has_rev = "revision_id" in obs and len(obs)
    if has_rev:
        rev = obs["revision_id"].astype("Int64").array
        values, na = one_or_all(rev._data), one_or_all(rev._mask)  # noqa: SLF001 - pandas' masked array parts
        if len(values) == 1 and len(na) == 1:  # one revision (or none) for every observation
            obs_cols["revision"], obs_cols["revision_na"] = (np.zeros(1, np.int64) if na[0] else values), na
        else:
            obs_cols["revision"] = rev.to_numpy(dtype=np.int64, na_value=0)
            obs_cols["revision_na"] = np.asarray(rev.isna())
    else:
        obs_cols["revision"], obs_cols["revision_na"] = np.zeros(0, np.int64), np.zeros(0, bool)
    for col in ("reported_yoy", "base_value"):
        src = obs[col].to_numpy(dtype=float, na_value=np.nan) if col in obs and len(obs) else np.zeros(0)
        obs_cols[col] = src if np.isfinite(src).any() else np.zeros(0)
    return obs_cols, cats, bool(has_rev)


def _emit_rows(provenance: tuple[dict, dict, bool], layout: Layout, gidx: GroupIndex, present: np.ndarray,
               cube: np.ndarray, src_row: np.ndarray, flags: np.ndarray, vreason: np.ndarray,
               threads: int) -> tuple[dict, dict]:
    """One output row per present cell of the (indicator, region, slot) cube, in cell order (kernels.emit_rows;
    provenance: _obs_provenance(obs)).

    Returns (rows, ids). rows: ind / reg (axis positions in the
    Categorical codes' type), slot (int16/int32), value (float64), reported_yoy / base_value (float64 from
    the cell's own observation, NaN otherwise; None when the observations report none anywhere). ids: the
    identity and provenance columns indicator, region, period, period_kind (Categorical), is_ytd, year, sub,
    derived_from_ytd, is_derived, value_reason, group (Categorical), is_group_total, group_size (Int16, NA
    outside a group), status, note (Categorical, in order of first appearance in obs) and revision_id (Int64).
    """
    n_ind, n_reg, n_slots = present.shape
    lines = present.reshape(n_ind * n_reg, n_slots)
    offsets = np.zeros(len(lines) + 1, dtype=np.int64)
    np.cumsum(np.count_nonzero(lines, axis=1), out=offsets[1:])
    n = int(offsets[-1])
    s = layout.slot
    period_cats, period_of_slot = np.unique(s["label"], return_inverse=True)
    period_of_slot = period_of_slot.astype(_codes_dtype(len(period_cats)))
    group_of, total_of = gidx.group_of, gidx.total_of
    sizes = np.array([len(m) for m in gidx.members], dtype=np.int16)
    reg_group = np.where(group_of >= 0, group_of, total_of).astype(_codes_dtype(len(gidx.codes)))
    reg_group_size = np.where(group_of >= 0, sizes[np.maximum(group_of, 0)] if len(sizes) else 0, -1).astype(np.int16)

    obs_cols, cats, has_rev = provenance

    rows = {"ind": np.empty(n, _codes_dtype(n_ind)), "reg": np.empty(n, _codes_dtype(n_reg)),
            "slot": np.empty(n, np.int16 if n_slots < np.iinfo(np.int16).max else np.int32),
            "value": np.empty(n)}
    for col in ("reported_yoy", "base_value"):
        rows[col] = np.empty(n) if len(obs_cols[col]) else None
    cell_cols = {
        "derived_from_ytd": np.empty(n, bool), "is_derived": np.empty(n, bool), "value_reason": np.empty(n, np.int8),
        "status": np.empty(n, obs_cols["status"].dtype if len(obs_cols["status"]) else np.int8),
        "note": np.empty(n, obs_cols["note"].dtype if len(obs_cols["note"]) else np.int8),
        "revision": np.zeros(n, np.int64) if not has_rev else np.empty(n, np.int64),
        "revision_na": np.ones(n, bool) if not has_rev else np.empty(n, bool),
    }
    lookup_cols = {
        "period": np.empty(n, period_of_slot.dtype), "kind": np.empty(n, np.int8), "is_ytd": np.empty(n, bool),
        "year": np.empty(n, np.int16), "sub": np.empty(n, np.int8), "group": np.empty(n, reg_group.dtype),
        "is_group_total": np.empty(n, bool), "group_size": np.empty(n, np.int16), "group_size_na": np.empty(n, bool),
    }
    # lines split so that each thread writes about the same number of rows
    cuts = np.searchsorted(offsets, np.linspace(0, n, threads + 1)[1:-1])
    bounds = [0, *[int(c) for c in cuts], len(lines)]
    K.run_parts(K.emit_rows, bounds, n, offsets, n_slots, present.reshape(-1), cube.reshape(-1), src_row,
                flags.reshape(-1), vreason, n_reg, obs_cols["status"], obs_cols["note"], obs_cols["revision"],
                obs_cols["revision_na"], obs_cols["reported_yoy"], obs_cols["base_value"],
                rows["ind"], rows["reg"], rows["slot"], rows["value"], *cell_cols.values(),
                rows["reported_yoy"] if rows["reported_yoy"] is not None else np.zeros(0),
                rows["base_value"] if rows["base_value"] is not None else np.zeros(0))
    K.run_rows(K.lookup_rows, n, threads, rows["slot"], rows["reg"], period_of_slot, s["kind"], s["ytd"], s["year"],
               s["sub"], reg_group, total_of >= 0, reg_group_size, *lookup_cols.values())
    c = {**cell_cols, **lookup_cols}
    ids = {
        "indicator": pd.Categorical.from_codes(rows["ind"], categories=layout.indicators),
        "region": pd.Categorical.from_codes(rows["reg"], categories=layout.regions),
        "period": pd.Categorical.from_codes(c["period"], categories=list(period_cats)),
        "period_kind": pd.Categorical.from_codes(c["kind"], categories=["Y", "Q", "M"]),
        "is_ytd": c["is_ytd"], "year": c["year"], "sub": c["sub"],
        "derived_from_ytd": c["derived_from_ytd"], "is_derived": c["is_derived"],
        "value_reason": pd.Categorical.from_codes(c["value_reason"], dtype=R.REASON_DTYPE),
        "group": pd.Categorical.from_codes(c["group"], categories=gidx.codes),
        "is_group_total": c["is_group_total"],
        "group_size": pd.arrays.IntegerArray(c["group_size"], c["group_size_na"]),
        "status": pd.Categorical.from_codes(c["status"], categories=cats["status"]),
        "note": pd.Categorical.from_codes(c["note"], categories=cats["note"]),
        "revision_id": pd.arrays.IntegerArray(c["revision"], c["revision_na"]),
    }
    return rows, ids


def _sorted_ok(analysis: pd.DataFrame) -> bool:
    return analysis.attrs.get(SORT_MARK) == "indicator,region"


def _indicator_slice(analysis: pd.DataFrame, indicator: str) -> tuple[int, int] | None:
    col = analysis["indicator"]
    cats = col.cat.categories
    if indicator not in cats:
        return None
    i = cats.get_loc(indicator)
    codes = col.array.codes
    a, b = np.searchsorted(codes, [i, i + 1])
    return int(a), int(b)


def query_group(analysis: pd.DataFrame, group: str, indicator: str, period: str | None = None,
                is_ytd: bool | None = None) -> pd.DataFrame:
    """All rows of one group (members and its total region) for one indicator.

    Optional period / is_ytd filters. Rows keep the snapshot order (region, then period).
    Uses the snapshot's sort order: a binary search for the indicator block, then a scan of
    that block's group codes.
    """
    if _sorted_ok(analysis):
        sl = _indicator_slice(analysis, indicator)
        if sl is None:
            return analysis.iloc[0:0]
        a, b = sl
        gcol = analysis["group"]
        if group not in gcol.cat.categories:
            return analysis.iloc[0:0]
        mask = gcol.array.codes[a:b] == gcol.cat.categories.get_loc(group)
        idx = a + np.flatnonzero(mask)
    else:
        idx = np.flatnonzero(((analysis["indicator"] == indicator) & (analysis["group"] == group)).to_numpy())
    return _filter_period(analysis.iloc[idx], period, is_ytd)


def query_region(analysis: pd.DataFrame, region: str, indicators: list[str] | None = None,
                 period: str | None = None, is_ytd: bool | None = None) -> pd.DataFrame:
    """All rows of one region (optionally some indicators / one period)."""
    rcol = analysis["region"]
    if region not in rcol.cat.categories:
        return analysis.iloc[0:0]
    r = rcol.cat.categories.get_loc(region)
    if _sorted_ok(analysis):
        codes = list(analysis["indicator"].cat.categories) if indicators is None else indicators
        rcodes = rcol.array.codes
        parts = []
        for code in codes:
            sl = _indicator_slice(analysis, code)
            if sl is None:
                continue
            a, b = sl
            lo, hi = np.searchsorted(rcodes[a:b], [r, r + 1])
            parts.append(np.arange(a + lo, a + hi))
        idx = np.concatenate(parts) if parts else np.zeros(0, np.int64)
    else:
        mask = (rcol == region).to_numpy()
        if indicators is not None:
            mask &= analysis["indicator"].isin(indicators).to_numpy()
        idx = np.flatnonzero(mask)
    return _filter_period(analysis.iloc[idx], period, is_ytd)


def _filter_period(rows: pd.DataFrame, period: str | None, is_ytd: bool | None) -> pd.DataFrame:
    if period is not None:
        rows = rows[(rows["period"] == period).to_numpy()]
    if is_ytd is not None:
        rows = rows[(rows["is_ytd"] == is_ytd).to_numpy()]
    return rows


def rebuild_indicators(previous: pd.DataFrame, obs: pd.DataFrame, changed: Iterable[str], indicators: pd.DataFrame,
                       regions: pd.DataFrame, annotations: pd.DataFrame | None = None,
                       groups: pd.DataFrame | None = None,
                       tolerance: float = DEFAULT_TOLERANCE_PP,
                       total_parts: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """build_analysis(obs, ...) computed by recomputing only the `changed` indicators (and the formula-derived
    indicators depending on them) and splicing their blocks into `previous`.

    Valid when `previous` is build_analysis(old_obs, indicators, regions, annotations, groups, tolerance) and
    obs has exactly old_obs's keys, with rows differing only for the changed indicators (a correction). Every
    measure is computed within one indicator (growth, ranks, shares, de-cumulation), formulas within one cell,
    so the other blocks are unchanged. Categories follow what a full build would give (status / note in
    order of first appearance in obs). None when that cannot be guaranteed: the caller builds in full.
    """
    from .derived import components, formulas_in_order

    if not _sorted_ok(previous) or not len(previous):
        return None
    codes = [str(c) for c in indicators["code"]]
    if list(previous["indicator"].cat.categories) != codes \
            or list(previous["region"].cat.categories) != [str(c) for c in regions["code"]]:
        return None  # codes outside the catalogues: their category order depends on the row order of obs
    formulas = {c: components(f) for c, f in formulas_in_order(indicators)}
    redo = {str(c) for c in changed}
    if not redo <= set(codes):
        return None
    while True:  # derived indicators using a recomputed one
        more = {c for c, comps in formulas.items() if c not in redo and redo & set(comps)}
        if not more:
            break
        redo |= more
    need, stack = set(redo), list(redo)
    while stack:  # and their components, as inputs
        for comp in formulas.get(stack.pop(), []):
            if comp not in need:
                need.add(comp)
                stack.append(comp)
    sub_cat = indicators[indicators["code"].astype(str).isin(need).to_numpy()]
    sub_obs = obs[obs["indicator"].isin(list(need)).to_numpy()].reset_index(drop=True)
    part = build_analysis(sub_obs, sub_cat, regions, annotations, groups, tolerance, total_parts)

    # categorical columns: the dtypes a full build gives
    dtypes = {}
    for col in previous.columns:
        if isinstance(previous[col].dtype, pd.CategoricalDtype):
            dtypes[col] = previous[col].dtype
    for col in ("status", "note"):
        if col in obs and len(obs):
            dtypes[col] = pd.CategoricalDtype(pd.Index(pd.factorize(obs[col], use_na_sentinel=True)[1]).astype(str))
        else:
            dtypes[col] = pd.CategoricalDtype([])

    def recode(values: pd.Categorical, dtype: pd.CategoricalDtype) -> np.ndarray:
        """Codes in `dtype`; -2 where the category is not in it."""
        if values.dtype == dtype:
            return np.asarray(values.codes)
        lookup = dtype.categories.get_indexer(values.categories)
        lookup = np.append(np.where(lookup < 0, -2, lookup), -1)
        return lookup[values.codes]  # code -1 (missing) picks the appended -1

    # pieces in indicator order: previous blocks, the recomputed ones in place of theirs
    pieces = []
    cur = 0
    for code in sorted(redo, key=codes.index):
        a, b = _indicator_slice(previous, code)
        pieces.append((previous, cur, a))
        sl = _indicator_slice(part, code)
        if sl is not None:
            pieces.append((part, *sl))
        cur = b
    pieces.append((previous, cur, len(previous)))
    out = {}
    for col in previous.columns:
        if col in dtypes:
            recoded = {id(src): recode(src[col].array, dtypes[col]) for src in (previous, part)}
            chunks = [recoded[id(src)][a:b] for src, a, b in pieces]
            if any((c == -2).any() for c in chunks):
                return None  # a category a kept row uses is gone from obs: not a pure correction
            out[col] = pd.Categorical.from_codes(np.concatenate(chunks), dtype=dtypes[col])
            continue
        parts_ = [src[col].array[a:b] for src, a, b in pieces]
        if part[col].dtype != previous[col].dtype:
            return None
        out[col] = type(parts_[0])._concat_same_type(parts_)  # noqa: SLF001 - pandas' ExtensionArray interface
    frame = pd.DataFrame(out, copy=False)
    frame.attrs[SORT_MARK] = "indicator,region"
    return frame
