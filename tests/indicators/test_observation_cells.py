"""The build places observations by segments (cube.observation_cells): a frame made of long runs of one indicator and
period is held as segments of rows sharing both, with only each row's region and 累计 flag per row. It must place
every row exactly where the per-row road (frame_keys, Layout.from_keys, Layout.flat) does: the same layout, and
the same value, presence and source row in every cell, whatever the frame's order and mix of 累计 rows."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.cube import Axis, _cells_by_row, observation_cells

N_REG = 1500
PERIODS = [*(str(y) for y in range(2020, 2024)), *(f"{y}Q{q}" for y in (2022, 2023) for q in range(1, 5)),
           "2023M01", "2023M02", "2023M03"]


def _frame(order: str) -> pd.DataFrame:
    """3 indicators x 15 periods x 1,500 regions (67,500 rows, above the segment road's threshold) in `order`:
    by_indicator (sorted by indicator, then period), by_period (period, then indicator), shuffled, by_region
    (indicator, then region), or offset_runs (indicator and period runs overlapping). Within a
    quarter or month, a third of the regions report 累计 and the rest single periods (two families in one
    segment); a year's rows say is_ytd True for every fifth region (a year is never 累计)."""
    regions = np.array([f"{130000 + k:06d}" for k in range(N_REG)], dtype=object)
    parts = []
    for ind in ("B", "A", "C"):  # not in the catalogue's order
        for period in PERIODS:
            ytd = (np.arange(N_REG) % 3 == 0) if period[4:5] in ("Q", "M") else (np.arange(N_REG) % 5 == 0)
            parts.append(pd.DataFrame({"indicator": ind, "region": regions, "period": period, "is_ytd": ytd,
                                       "value": np.arange(N_REG) + 0.25 * len(parts)}))
    frame = pd.concat(parts, ignore_index=True)
    if order == "by_period":
        frame = frame.sort_values(["period", "indicator"], kind="stable")
    elif order == "shuffled":
        frame = frame.sample(frac=1, random_state=3)
    elif order == "by_region":  # indicator runs, but the periods change row by row
        frame = frame.sort_values(["indicator", "region"], kind="stable")
    elif order == "offset_runs":  # both columns in runs of 5 rows, their starts 2 rows apart: segments of 2-3 rows
        k = np.arange(len(frame))     # (every row its own region: the keys stay unique)
        frame["indicator"] = np.array(["A", "B", "C"])[(k // 5) % 3]
        frame["period"] = np.array(PERIODS)[((k + 2) // 5) % len(PERIODS)]
        frame["region"] = [f"{200000 + j:06d}" for j in k]
    frame = frame.reset_index(drop=True)
    for col in ("indicator", "region", "period"):
        frame[col] = frame[col].astype("string")
    return frame


def _placed(cells, n: int, values: np.ndarray) -> tuple:
    shape = cells.layout.shape
    cube, present, src = np.full(shape, np.nan), np.zeros(shape, bool), np.full(int(np.prod(shape)), -1, np.int32)
    cells.scatter(values, cube.reshape(-1), present.reshape(-1), src, 2)
    return cube, present, src


def _axes(known_regions: int) -> tuple[Axis, Axis]:
    """A catalogue of indicators A, B (C is new) and of the first known_regions regions (the rest are new)."""
    return Axis(["A", "B"]), Axis([f"{130000 + k:06d}" for k in range(known_regions)])


@pytest.mark.parametrize(("order", "known_regions", "by_segments"), [
    ("by_indicator", N_REG, True),
    ("by_period", N_REG, True),
    ("by_indicator", N_REG - 40, True),   # regions outside the catalogue: appended to the axis, as by row
    ("shuffled", N_REG, False),           # no runs: the per-row road
    ("by_region", N_REG, False),          # the periods in no runs: the per-row road, keys looked up once
    ("offset_runs", N_REG, False),        # runs in each column, but segments too short: the per-row road
])
def test_segments_place_every_row_where_the_per_row_road_does(order, known_regions, by_segments):
    frame = _frame(order)
    values = frame["value"].to_numpy()
    got_axes, want_axes = _axes(known_regions), _axes(known_regions)
    got = observation_cells(frame, *got_axes)
    want = _cells_by_row(frame, *want_axes)
    assert (got.seg_start is not None) == by_segments and (got.flat is None) == by_segments
    assert got.layout.families == want.layout.families
    assert got.layout.regions == want.layout.regions and got.layout.indicators == want.layout.indicators
    assert list(got.layout.slot["label"]) == list(want.layout.slot["label"])
    for g, w in zip(_placed(got, len(frame), values), _placed(want, len(frame), values)):
        np.testing.assert_array_equal(g, w)


def test_segments_known_answer():
    """Literal cells of four rows: a 累计 and a single quarter in one segment, and a year whose is_ytd says True."""
    frame = _frame("by_indicator")
    cells = observation_cells(frame, *_axes(N_REG))
    layout = cells.layout
    assert [(f.kind, f.is_ytd, f.n) for f in layout.families] == [("Y", False, 4), ("Q", False, 8), ("Q", True, 8),
                                                                  ("M", False, 3), ("M", True, 3)]
    cube, present, src = _placed(cells, len(frame), frame["value"].to_numpy())
    ind = {c: k for k, c in enumerate(layout.indicators)}
    slot = {(label, f.is_ytd): f.offset + j for f in layout.families
            for j, label in enumerate(layout.slot["label"][f.offset:f.offset + f.n])}
    for row in (0, 5 * N_REG, 5 * N_REG + 1, 4 * N_REG + 5):  # B 2020 r0 (ytd said), B 2022Q2 r0 累计 / r1 single
        r = frame.iloc[row]
        s = slot[(r["period"], bool(r["is_ytd"]) and r["period"][4:5] != "")]
        cell = (ind[r["indicator"]], int(r["region"]) - 130000, s)
        assert present[cell] and cube[cell] == r["value"] and src.reshape(cube.shape)[cell] == row
    assert int(present.sum()) == len(frame)
