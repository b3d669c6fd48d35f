"""Dense numpy layout shared by the engine kernels.

Every observation key (indicator, region, period, is_ytd) maps to one cell of a cube
shaped (indicator, region, slot). The slot axis concatenates one contiguous block per
series family (period kind, is_ytd) covering that family's whole period range, so

    prior-year cell  = cell - periods_per_year   (same family, same is_ytd)
    previous period  = cell - 1
    previous 累计     = cell - 1 within the same year

are pure index arithmetic: missing years are empty cells, never a shifted row.
Kernels scatter values into the cube, gather neighbours, and gather results back.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import kernels as K
from .memory import arrow_pool
from .periods import MONTHS_PER_PERIOD, PERIODS_PER_YEAR, from_index, parse_period, period_label

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

KINDS = ("Y", "Q", "M")


@dataclass(frozen=True)
class Family:
    kind: str
    is_ytd: bool
    first: int     # period index (periods.period_index) of the block's first slot
    n: int         # number of slots
    offset: int    # position of the first slot on the slot axis


@dataclass
class Keys:
    """Integer keys of a frame's rows: positions on the cube axes plus period parts."""
    ind: np.ndarray    # int64 position on the indicator axis (int32 in the build: frame_keys' dtype)
    reg: np.ndarray    # int64 position on the region axis (likewise)
    kind: np.ndarray   # int8: 0 Y, 1 Q, 2 M
    ytd: np.ndarray    # bool
    pidx: np.ndarray   # int64 period index within its kind (likewise)


class Axis:
    """An ordered list of codes with a code -> position map; unknown codes are appended."""

    def __init__(self, codes=()):
        self.codes: list[str] = []
        self.pos: dict[str, int] = {}
        for c in codes.tolist() if hasattr(codes, "tolist") else codes:  # a list: no per-item Arrow scalar
            self.add(c)

    def add(self, code: str) -> int:
        code = str(code)
        if code not in self.pos:
            self.pos[code] = len(self.codes)
            self.codes.append(code)
        return self.pos[code]

    def positions(self, values: ArrayLike, dtype: type = np.int64) -> np.ndarray:
        """Positions for a column of codes, one per row (coded_positions, repeated over runs). dtype: the
        positions' integer type (int64; the build passes int32, half the memory: raises OverflowError when the
        axis outgrows it). Raises ValueError for a missing code; codes new to the axis are appended."""
        return self.coded_positions(values, dtype).take(None)

    def coded_positions(self, values: ArrayLike, dtype: type = np.int64) -> _Codes:
        """The positions as _Codes whose codes are the positions. An Arrow string column made of long runs
        (observations sorted by indicator) is factorized by its runs and held as runs (one position per run);
        one whose codes are all on the axis already is looked up in one pass (pyarrow index_in: no hashing of
        every row into a new table; its result comes from memory.arrow_pool(), the kept heap while a server
        keeps build memory); any other column is factorized once and its distinct codes mapped. The result's
        codes are axis positions (read them with take, run_starts); same errors as positions."""
        series = pd.Series(values, dtype="string")
        arrow = _arrow_strings(series)
        if arrow is not None and self.codes and len(self.codes) - 1 <= np.iinfo(dtype).max \
                and not _long_runs(arrow):
            found = pc.index_in(arrow, value_set=pa.array(self.codes, type=arrow.type), memory_pool=arrow_pool())
            if found.null_count == 0:  # every row a known code (a missing or new one takes the general road)
                return _Codes(pd.Index(self.codes),
                              rows=np.asarray(found, dtype=dtype) if len(found) else np.zeros(0, dtype=dtype))
        coded = _coded(series, dtype)
        if coded.any_missing():
            raise ValueError("missing code in key column")
        new = {str(u) for u in coded.uniques} - self.pos.keys()
        if len(self.codes) + len(new) - 1 > np.iinfo(dtype).max:  # refused before the axis grows
            raise OverflowError(f"axis of {len(self.codes) + len(new)} codes does not fit {np.dtype(dtype).name}")
        return coded.mapped(np.array([self.add(u) for u in coded.uniques], dtype=dtype))

    def __len__(self) -> int:
        return len(self.codes)


def _arrow_strings(series: pd.Series) -> pa.ChunkedArray | None:
    """The pyarrow array behind an Arrow-backed string Series (None for any other storage)."""
    arr = series.array
    if isinstance(arr, pd.arrays.ArrowStringArray) and len(arr) > 1024:
        return arr._pa_array  # noqa: SLF001 - pandas' Arrow-backed arrays keep their pyarrow array here
    return None


def factorize(series: pd.Series, dtype: type = np.intp) -> tuple[np.ndarray, pd.Index]:
    """pd.factorize(series, use_na_sentinel=True): the same codes and uniques (in order of first appearance),
    faster on Arrow string columns that are all missing or made of long runs of one value (observation
    frames come sorted by indicator and period): the first row of each run is factorized and its code
    repeated over the run. Any other column: pd.factorize itself. dtype: the codes' type where it can be
    chosen (an all-missing or run-factorized column; else pd.factorize's intp)."""
    coded = _coded(series, dtype)
    return coded.take(None), coded.uniques


def factorize_compact(series: pd.Series, dtype: type = np.intp) -> tuple[np.ndarray, pd.Index]:
    """factorize(series, dtype), except that codes is one code (an array of length 1) when every row has the
    same one (one_or_all), which is then never repeated row by row (an all-missing column: [-1])."""
    coded = _coded(series, dtype)
    one = one_or_all(coded.rows if coded.rows is not None else coded.head)
    return (one if len(one) == 1 else coded.take(None)).astype(dtype, copy=False), coded.uniques


def one_or_all(values: np.ndarray) -> np.ndarray:
    """values[:1] when every value is the same (a kernel then reads one value instead of a row each), else
    values."""
    return values[:1] if len(values) and values.min() == values.max() else values


@dataclass(frozen=True)
class _Codes:
    """A column's factorization (pd.factorize's codes, -1 missing, and uniques), kept as runs where the column
    is made of long runs: the code of each run's first row (head) and the run's length. Tables indexed by code
    are then read once per run, not once per row."""
    uniques: pd.Index
    rows: np.ndarray | None = None      # per row (None: held as runs)
    head: np.ndarray | None = None      # per run
    lengths: np.ndarray | None = None   # per run

    def any_missing(self) -> bool:
        return bool(((self.rows if self.rows is not None else self.head) < 0).any())

    def take(self, table: np.ndarray | None) -> np.ndarray:
        """table[code] for every row (table None: the codes themselves). Missing codes must be ruled out first
        where a table is given (-1 would read its last entry)."""
        codes = self.rows if self.rows is not None else self.head
        if table is not None:
            codes = table[codes] if len(table) else np.zeros(len(codes), table.dtype)
        return codes if self.rows is not None else np.repeat(codes, self.lengths)

    def mapped(self, table: np.ndarray) -> _Codes:
        """The same column with every code replaced by table[code], still held as runs where it was (missing
        codes must be ruled out first)."""
        if self.rows is not None:
            return _Codes(self.uniques, rows=self.take(table))
        head = table[self.head] if len(table) else np.zeros(len(self.head), table.dtype)
        return _Codes(self.uniques, head=head, lengths=self.lengths)

    def run_starts(self) -> np.ndarray | None:
        """The first row of each run (int64), None where the column is held per row."""
        if self.rows is not None:
            return None
        starts = np.zeros(len(self.lengths), np.int64)
        np.cumsum(self.lengths[:-1], out=starts[1:])
        return starts


def _coded(series: pd.Series, dtype: type = np.intp) -> _Codes:
    """factorize's result as _Codes: as runs for an Arrow string column of long runs, and for one all missing
    (a single run of -1)."""
    arrow = _arrow_strings(series)
    if arrow is not None:
        n = len(arrow)
        if arrow.null_count == n:  # one run of missing values
            return _Codes(pd.factorize(series.iloc[:0], use_na_sentinel=True)[1], head=np.full(1, -1, dtype=dtype),
                          lengths=np.array([n]))
        if _long_runs(arrow):  # long runs at the start: worth one pass over all
            starts = np.flatnonzero(_run_starts(arrow))
            if len(starts) * 4 <= n:
                head_codes, uniques = pd.factorize(series.iloc[starts], use_na_sentinel=True)
                if len(uniques) <= np.iinfo(dtype).max:
                    head_codes = head_codes.astype(dtype, copy=False)
                return _Codes(uniques, head=head_codes, lengths=np.diff(np.append(starts, n)))
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    return _Codes(uniques, rows=codes)


def _long_runs(arrow: pa.ChunkedArray) -> bool:
    """The column's first 4,096 rows hold at most a quarter as many runs of one value as rows."""
    probe = arrow.slice(0, 4096)
    return bool(_run_starts(probe).sum() * 4 <= len(probe))


def _run_starts(arrow: pa.ChunkedArray) -> np.ndarray:
    """Bool per row: the row starts a run (the first row, a value unlike the one before, every missing value)."""
    if len(arrow) < 2:
        return np.ones(len(arrow), dtype=bool)
    differs = pc.fill_null(pc.not_equal(arrow.slice(1), arrow.slice(0, len(arrow) - 1)), True)
    return np.concatenate([[True], differs.to_numpy(zero_copy_only=False)])


def frame_keys(frame: pd.DataFrame, ind_axis: Axis, reg_axis: Axis, dtype: type = np.int64) -> Keys:
    """Keys for a long frame with columns indicator, region, period, is_ytd (_key_codes, then _keys). dtype: the
    type of ind, reg and pidx (int64; the build's int32 halves their memory)."""
    return _keys(frame, *_key_codes(frame, ind_axis, reg_axis, dtype), dtype)


def _key_codes(frame: pd.DataFrame, ind_axis: Axis, reg_axis: Axis, dtype: type) -> tuple[_Codes, np.ndarray, _Codes]:
    """(indicator positions as _Codes, region positions per row, period labels as _Codes) of a frame's keys.
    From 65,536 rows the region column is looked up on a second thread beside the other two (Arrow's lookups
    release the GIL; each axis is touched by one thread only)."""
    if len(frame) < (1 << 16):
        return (ind_axis.coded_positions(frame["indicator"], dtype), reg_axis.positions(frame["region"], dtype),
                _coded(pd.Series(frame["period"], dtype="string"), np.int32))
    with ThreadPoolExecutor(max_workers=1) as pool:
        reg_future = pool.submit(reg_axis.positions, frame["region"], dtype)
        ind = ind_axis.coded_positions(frame["indicator"], dtype)
        periods = _coded(pd.Series(frame["period"], dtype="string"), np.int32)
        return ind, reg_future.result(), periods


def _keys(frame: pd.DataFrame, ind: _Codes, reg: np.ndarray, periods: _Codes, dtype: type) -> Keys:
    """Keys of every row from _key_codes' result."""
    kinds, pidx = _period_tables(periods, dtype)
    kind = periods.take(kinds)
    ytd = _ytd_column(frame) & (kind != 0)  # a year is never 累计 (a new array: not the caller's is_ytd buffer)
    return Keys(ind.take(None), reg, kind, ytd, periods.take(pidx))


def _period_tables(periods: _Codes, dtype: type) -> tuple[np.ndarray, np.ndarray]:
    """(kind, period index) per distinct period label of a coded period column: kind int8 (0 Y, 1 Q, 2 M), the
    index (periods.period_index) in dtype. Raises ValueError for a missing label."""
    if periods.any_missing():
        raise ValueError("missing period label")
    parsed = [parse_period(p) for p in periods.uniques]
    kinds = np.array([KINDS.index(p[2]) for p in parsed], dtype=np.int8)
    pidx = np.array([p[0] * PERIODS_PER_YEAR[p[2]] + max(p[1], 1) - 1 for p in parsed], dtype=dtype)
    return kinds, pidx


def _ytd_column(frame: pd.DataFrame) -> np.ndarray:
    """The frame's is_ytd as a bool array (the column's own buffer where it is one: read only), all False
    without the column."""
    return np.asarray(frame["is_ytd"], dtype=bool) if "is_ytd" in frame else np.zeros(len(frame), bool)


@dataclass
class ObservationCells:
    """Where each row of an observation frame goes in the cube (observation_cells): the layout, and each row's
    cell held either per row (flat, int32 where every cell number fits) or, for a frame made of long runs of
    one indicator and period (the order the benchmark and a sorted store give), per segment of rows sharing
    both: the segment's indicator position and its two slots (the row not 累计 / 累计), with the rows' region
    positions and 累计 flags. Segments need no per-row indicator, period or cell column."""
    layout: Layout
    flat: np.ndarray | None = None
    seg_start: np.ndarray | None = None      # int64, n_segments + 1: segment k is rows seg_start[k]:seg_start[k+1]
    seg_ind: np.ndarray | None = None        # int32 indicator position per segment
    seg_slot: np.ndarray | None = None       # int32 (n_segments, 2): slot of a row not 累计 / 累计 (-1: none; a
                                             # year's two are the same: a year is never 累计)
    reg: np.ndarray | None = None            # int32 region position per row
    ytd: np.ndarray | None = None            # bool per row (the frame's is_ytd, read in place where it is bool)

    def scatter(self, values: np.ndarray, cube_f: np.ndarray, present_f: np.ndarray, src_row: np.ndarray,
                threads: int) -> None:
        """Place every row in its cell of the flattened cube: cube_f = values[row], present_f True, src_row = the
        row (kernels.scatter_rows / scatter_segments, on `threads` threads). Duplicate keys are the caller's to
        find (fewer present cells than rows)."""
        n = len(values)
        if self.flat is not None:
            K.run_rows(K.scatter_rows, n, threads, self.flat, values, cube_f, present_f, src_row)
            return
        _, n_reg, n_slots = self.layout.shape
        cuts = np.searchsorted(self.seg_start, np.linspace(0, n, threads + 1)[1:-1])
        bounds = [0, *[int(c) for c in cuts], len(self.seg_start) - 1]
        K.run_parts(K.scatter_segments, bounds, n, self.seg_start, self.seg_ind, self.seg_slot, self.reg, self.ytd,
                    n_reg, n_slots, values, cube_f, present_f, src_row)


def observation_cells(frame: pd.DataFrame, ind_axis: Axis, reg_axis: Axis) -> ObservationCells:
    """The cube layout of an observation frame (indicator, region, period, is_ytd), as
    Layout.from_keys([frame_keys(frame, ...)], ind_axis, reg_axis), and where each row goes
    (ObservationCells: its scatter places the rows). From 65,536 rows, rows sharing (indicator, period) in long
    runs are held as segments (at most one per SEGMENT_ROWS rows), else per row; the keys are looked up once
    either way (_key_codes). Raises ValueError as frame_keys does (a missing code or period label)."""
    ind, reg, periods = _key_codes(frame, ind_axis, reg_axis, np.int32)
    ind_starts, per_starts = ind.run_starts(), periods.run_starts()
    starts = None if len(frame) < (1 << 16) or ind_starts is None or per_starts is None \
        else np.union1d(ind_starts, per_starts)
    if starts is None or len(starts) * SEGMENT_ROWS > len(frame):  # no runs, or too short: by row
        return _cells_from_keys(_keys(frame, ind, reg, periods, np.int32), ind_axis, reg_axis)
    kinds, pidx = _period_tables(periods, np.int32)
    # a segment starts where either column starts a run
    seg_ind = ind.head[np.searchsorted(ind_starts, starts, side="right") - 1]
    seg_per = periods.head[np.searchsorted(per_starts, starts, side="right") - 1]
    seg_kind, seg_pidx = kinds[seg_per], pidx[seg_per]
    ytd = _ytd_column(frame)
    seg_start = np.append(starts, len(frame))
    n_ytd = np.add.reduceat(ytd, starts, dtype=np.int64)  # 累计 rows per segment (a year's count as not 累计)
    n_ytd[seg_kind == 0] = 0
    has = (seg_start[1:] - starts > n_ytd, n_ytd > 0)  # the segment holds rows not 累计 / 累计
    ranges: dict[tuple[int, bool], list[int]] = {}
    for is_ytd in (False, True):
        for kind in range(len(KINDS)):
            sel = has[is_ytd] & (seg_kind == kind)
            if sel.any():
                ranges[(kind, is_ytd)] = [int(seg_pidx[sel].min()), int(seg_pidx[sel].max())]
    layout = Layout.from_ranges(ranges, ind_axis, reg_axis)
    fam = {(KINDS.index(f.kind), f.is_ytd): f for f in layout.families}
    seg_slot = np.full((len(starts), 2), -1, np.int32)
    for (kind, is_ytd), f in fam.items():
        sel = has[is_ytd] & (seg_kind == kind)
        seg_slot[sel, int(is_ytd)] = f.offset + seg_pidx[sel] - f.first
    year = seg_kind == 0
    seg_slot[year, 1] = seg_slot[year, 0]  # a year is never 累计, whatever its row's is_ytd says
    return ObservationCells(layout, seg_start=seg_start, seg_ind=seg_ind, seg_slot=seg_slot, reg=reg, ytd=ytd)


SEGMENT_ROWS = 16  # segments are taken when they hold this many rows on average (else per row: less memory)


def _cells_by_row(frame: pd.DataFrame, ind_axis: Axis, reg_axis: Axis) -> ObservationCells:
    """observation_cells with every row's cell computed (frame_keys, then Layout.flat)."""
    return _cells_from_keys(frame_keys(frame, ind_axis, reg_axis, np.int32), ind_axis, reg_axis)


def _cells_from_keys(keys: Keys, ind_axis: Axis, reg_axis: Axis) -> ObservationCells:
    layout = Layout.from_keys([keys], ind_axis, reg_axis)
    return ObservationCells(layout, flat=layout.flat(keys, narrow=True) if len(keys.ind) else np.zeros(0, np.int32))


@dataclass
class Layout:
    indicators: list[str]
    regions: list[str]
    families: list[Family]
    n_slots: int = 0
    slot: dict = field(default_factory=dict)

    @classmethod
    def from_keys(cls, keys: list[Keys], ind_axis: Axis, reg_axis: Axis, single_families: bool = True):
        """Families cover every (kind, is_ytd) seen; with single_families, each 累计 Q/M family
        gets a matching non-累计 family (same range) to receive de-cumulated values."""
        ranges: dict[tuple[int, bool], list[int]] = {}
        for k in keys:
            if not len(k.ind):
                continue
            lo, hi, count = np.zeros(6, np.int64), np.zeros(6, np.int64), np.zeros(6, np.int64)
            K.family_ranges(k.kind, k.ytd, k.pidx, lo, hi, count)
            for f in np.flatnonzero(count):
                key = (int(f) // 2, bool(f % 2))
                old = ranges.get(key)
                ranges[key] = [int(lo[f]), int(hi[f])] if old is None else [min(old[0], int(lo[f])),
                                                                           max(old[1], int(hi[f]))]
        return cls.from_ranges(ranges, ind_axis, reg_axis, single_families)

    @classmethod
    def from_ranges(cls, ranges: dict[tuple[int, bool], list[int]], ind_axis: Axis, reg_axis: Axis,
                    single_families: bool = True) -> Layout:
        """The layout of families covering ranges: (kind position in KINDS, is_ytd) -> [lowest, highest] period
        index seen (from_keys' single_families rule applies)."""
        ranges = {k: list(v) for k, v in ranges.items()}
        if single_families:
            for (kind, ytd), (lo, hi) in list(ranges.items()):
                if ytd:
                    old = ranges.get((kind, False))
                    ranges[(kind, False)] = [lo, hi] if old is None else [min(old[0], lo), max(old[1], hi)]
        families, offset = [], 0
        for kind, ytd in sorted(ranges):
            lo, hi = ranges[(kind, ytd)]
            families.append(Family(KINDS[kind], ytd, lo, hi - lo + 1, offset))
            offset += hi - lo + 1
        layout = cls(list(ind_axis.codes), list(reg_axis.codes), families, offset)
        layout._slot_arrays()
        return layout

    def _slot_arrays(self) -> None:
        n = self.n_slots
        s = {k: np.zeros(n, dtype=np.int64) for k in ("kind", "year", "sub", "pidx", "start", "end")}
        s["ytd"] = np.zeros(n, dtype=bool)
        s["yoy_prev"] = np.full(n, -1, dtype=np.int64)     # slot one year earlier (-1: outside range)
        s["qoq_prev"] = np.full(n, -1, dtype=np.int64)     # previous period, non-累计 Q/M only
        s["ytd_prev"] = np.full(n, -1, dtype=np.int64)     # previous 累计 of the same year
        s["ytd_first"] = np.zeros(n, dtype=bool)           # first period of the year in a 累计 family
        s["single"] = np.full(n, -1, dtype=np.int64)       # 累计 slot -> matching single-period slot
        labels = []
        fam_pos = {(f.kind, f.is_ytd): f for f in self.families}
        for f in self.families:
            ppy, mpp = PERIODS_PER_YEAR[f.kind], MONTHS_PER_PERIOD[f.kind]
            for j in range(f.n):
                i = f.offset + j
                p = f.first + j
                year, sub = from_index(p, f.kind)
                labels.append(period_label(year, sub, f.kind))
                s["kind"][i], s["year"][i], s["sub"][i], s["pidx"][i], s["ytd"][i] = KINDS.index(f.kind), year, sub, p, f.is_ytd
                end = year * 12 + (12 if f.kind == "Y" else sub * mpp)
                s["end"][i] = end
                s["start"][i] = year * 12 if (f.is_ytd or f.kind == "Y") else end - mpp
                if j >= ppy:
                    s["yoy_prev"][i] = i - ppy
                if f.kind != "Y" and not f.is_ytd and j >= 1:
                    s["qoq_prev"][i] = i - 1
                if f.is_ytd:
                    s["ytd_first"][i] = sub == 1
                    if sub > 1 and j >= 1:
                        s["ytd_prev"][i] = i - 1
                    single = fam_pos.get((f.kind, False))
                    if single is not None and 0 <= p - single.first < single.n:
                        s["single"][i] = single.offset + p - single.first
        s["label"] = np.array(labels, dtype=object)
        # small dtypes: these are gathered once per output row
        for k, t in (("kind", np.int8), ("sub", np.int8), ("year", np.int16)):
            s[k] = s[k].astype(t)
        self.slot = s

    @property
    def shape(self) -> tuple[int, int, int]:
        return len(self.indicators), len(self.regions), self.n_slots

    @property
    def n_cells(self) -> int:
        return len(self.indicators) * len(self.regions) * self.n_slots

    def slots(self, keys: Keys) -> np.ndarray:
        """Slot of each row (rows outside every family raise)."""
        return self.flat(keys, one_line=True)

    def flat(self, keys: Keys, one_line: bool = False, narrow: bool = False) -> np.ndarray:
        """Cube cell of each row, int64 (one_line: the slot alone, as if every row were on the first
        (indicator, region) line; narrow: int32 when every cell number fits it, as the build asks). Rows
        outside every family raise ValueError."""
        _, n_reg, n_slots = self.shape
        fam_offset, fam_first, fam_n = np.zeros(6, np.int64), np.zeros(6, np.int64), np.zeros(6, np.int64)
        for f in self.families:
            code = KINDS.index(f.kind) * 2 + int(f.is_ytd)
            fam_offset[code], fam_first[code], fam_n[code] = f.offset, f.first, f.n
        out = np.empty(len(keys.ind), dtype=np.int32 if narrow and self.n_cells <= np.iinfo(np.int32).max
                       else np.int64)
        zeros = np.zeros(len(keys.ind), np.int64) if one_line else None
        outside = K.cells_of(keys.ind if zeros is None else zeros, keys.reg if zeros is None else zeros,
                             keys.kind, keys.ytd, keys.pidx, fam_offset, fam_first, fam_n, n_reg, n_slots, out)
        if outside:
            raise ValueError("row outside the layout")
        return out

    def cells(self, ind: np.ndarray, reg: np.ndarray, slot: np.ndarray) -> np.ndarray:
        """(ind, reg, slot) positions -> flat cell numbers (int64; unflat's inverse, kernels.cell_of's rule)."""
        _, n_reg, n_slots = self.shape
        return (np.asarray(ind, np.int64) * n_reg + reg) * n_slots + slot

    def unflat(self, flat: np.ndarray):
        """flat cell numbers -> (ind, reg, slot) positions."""
        _, n_reg, n_slots = self.shape
        ir, slot = np.divmod(flat, n_slots)
        ind, reg = np.divmod(ir, n_reg)
        return ind, reg, slot


def prior_cells(flat: np.ndarray, slot: np.ndarray, prev_slot_of: np.ndarray) -> np.ndarray:
    """Cell of the prior period for each cell (-1 where the prior slot is outside the range)."""
    ps = prev_slot_of[slot]
    return np.where(ps >= 0, flat - slot + ps, -1)


def gather(cube: np.ndarray, cells: np.ndarray, fill: object):
    """cube.flat[cells] with `fill` where cells == -1."""
    flat = cube.reshape(-1)
    out = flat[np.where(cells >= 0, cells, 0)]
    if len(out):
        out = np.where(cells >= 0, out, fill)
    return out
