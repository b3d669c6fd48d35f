"""The sandbox child sends its sheets compactly (data.imports.read.pack_grid): the grid comes back cell for
cell with the same Python types, and the nonblank mask it carries equals accounting.nonblank_mask."""
import datetime as dt
import pickle

import numpy as np
import pandas as pd

from data.imports.accounting import nonblank_mask, read_mask
from data.imports.read import Sheet, pack_grid, unpack_grid

CELLS = [
    [1.0, 1, True, None, "", "清河县", dt.datetime(2024, 9, 30), float("nan")],
    [2.5, "1", False, "  ", "\u3000", "清河县", dt.time(1, 2), 3.0],
    ["130534", 0.0, 1.0, "—", None, "x", dt.date(2024, 1, 1), -0.0],
]


def test_grid_round_trip_keeps_every_value_and_type():
    grid = pd.DataFrame(CELLS, dtype=object)
    sheet = Sheet("数据", grid, merged=[(0, 0, 0, 1)], hidden_rows={1}, percent_cells={(2, 1)})
    back = pickle.loads(pickle.dumps(sheet))
    assert (back.name, back.merged, back.hidden_rows, back.percent_cells) == ("数据", [(0, 0, 0, 1)], {1}, {(2, 1)})
    got = back.grid.to_numpy().tolist()
    assert [[type(v).__name__ for v in row] for row in got] == [
        ["float", "int", "bool", "NoneType", "str", "str", "datetime", "float"],
        ["float", "str", "bool", "str", "str", "str", "time", "float"],
        ["str", "float", "float", "str", "NoneType", "str", "date", "float"]]
    for a, b in zip(sum(CELLS, []), sum(got, [])):
        assert a == b or (a != a and b != b), (a, b)
    assert back.grid.shape == (3, 8) and list(back.grid.columns) == list(range(8))
    # the mask carried over equals the one computed from the grid (whitespace-only text and NaN are blank)
    assert back.nonblank.astype(int).tolist() == [[1, 1, 1, 0, 0, 1, 1, 0], [1, 1, 1, 0, 0, 1, 1, 1],
                                                  [1, 1, 1, 1, 0, 1, 1, 1]]
    assert (back.nonblank == nonblank_mask(grid)).all()
    back.formula_blanks = {(0, 3)}
    assert read_mask(back)[0, 3] and not back.nonblank[0, 3]


def test_whole_columns_of_text_or_floats_and_empty_grids():
    grid = pd.DataFrame({0: ["a", "b", "a"], 1: [1.5, float("nan"), 2.0]}, dtype=object)
    packed = pack_grid(grid)
    assert packed["cols"][0][3] == ["a", "b"] and packed["cols"][0][2].tolist() == [0, 1, 0]
    assert packed["cols"][1][1].tolist()[0] == 1.5 and np.isnan(packed["cols"][1][1][1])
    assert unpack_grid(packed).equals(grid)
    empty = unpack_grid(pack_grid(pd.DataFrame(dtype=object)))
    assert empty.shape == (0, 0)
