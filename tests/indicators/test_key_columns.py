"""The analysis build's faster key lookups (issue 18.2) give exactly what pd.factorize and the general Axis road
give: on Arrow string columns long enough to take them (runs of one value, no runs, missing values, all
missing, codes new to the axis)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators.cube import Axis, factorize

N = 5000  # above the length from which the Arrow roads are taken


def _columns() -> dict[str, pd.Series]:
    rng = np.random.default_rng(11)
    runs = np.repeat(["甲", "乙", "丙", "甲", "丁"], N // 5)  # a value comes back after others: first order kept
    with_missing = runs.astype(object)
    with_missing[[0, 7, 1000, 1001, N - 1]] = None
    return {
        "runs": pd.Series(runs, dtype="string"),
        "runs_with_missing": pd.Series(with_missing, dtype="string"),
        "no_runs": pd.Series(np.tile(["b", "a", "c", "d"], N // 4), dtype="string"),
        "random": pd.Series(rng.choice(["x", "y", "z"], N), dtype="string"),
        "runs_after_a_mixed_start": pd.Series(np.r_[np.tile(["p", "q"], 2048), np.repeat(["r", "p"], N // 2)],
                                              dtype="string"),
        "all_missing": pd.Series([None] * N, dtype="string"),
        "short": pd.Series(["b", "a", "b"], dtype="string"),
    }


@pytest.mark.parametrize("name", list(_columns()))
def test_factorize_equals_pandas(name):
    col = _columns()[name]
    codes, uniques = factorize(col)
    want_codes, want_uniques = pd.factorize(col, use_na_sentinel=True)
    np.testing.assert_array_equal(codes, want_codes)
    pd.testing.assert_index_equal(pd.Index(uniques), pd.Index(want_uniques))


def test_factorize_known_answer():
    col = pd.Series(np.repeat(["乙", None, "甲", "乙"], [2000, 1, 2000, 1999]), dtype="string")
    codes, uniques = factorize(col)
    assert list(uniques) == ["乙", "甲"]
    assert codes[0] == 0 and codes[2000] == -1 and codes[2001] == 1 and codes[-1] == 0
    assert np.bincount(codes[codes >= 0]).tolist() == [3999, 2000]


def _general(axis_codes: list[str], values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Axis.positions by the general road (factorize, then add each distinct code in order)."""
    axis = Axis(axis_codes)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    lookup = np.array([axis.add(u) for u in uniques], dtype=np.int64)
    return lookup[codes], axis.codes


@pytest.mark.parametrize("values", [
    pd.Series(np.tile(["c3", "c1", "c2"], N), dtype="string"),                 # every code known
    pd.Series(np.r_[np.tile(["c3", "c1"], N), ["new2", "c2", "new1"]], dtype="string"),  # codes new to the axis
])
def test_axis_positions_equal_the_general_road(values):
    axis = Axis(["c1", "c2", "c3"])
    got = axis.positions(values)
    want, want_codes = _general(["c1", "c2", "c3"], values)
    np.testing.assert_array_equal(got, want)
    assert got.dtype == np.int64
    assert axis.codes == want_codes


def test_axis_positions_refuse_a_missing_code():
    values = pd.Series(np.r_[np.tile(["c1", "c2"], N), [None]], dtype="string")
    with pytest.raises(ValueError, match="missing code"):
        Axis(["c1", "c2"]).positions(values)


def _many_codes(k: int) -> list[str]:
    """k distinct codes of unlike lengths and scripts (GB/T 2260-like digits, names, the empty string)."""
    rng = np.random.default_rng(5)
    digits = [f"{c:06d}" for c in rng.choice(999999, k // 2, replace=False)]
    names = [f"县{i}区" * (1 + i % 3) for i in range(k - len(digits) - 1)]
    return [*digits, *names, ""]


@pytest.mark.parametrize("layout", ["one_chunk", "chunks", "sliced", "small_type"])
def test_one_pass_lookup_equals_the_general_road(layout):
    """Axis.positions' one-pass lookup (pyarrow index_in, its result in memory.arrow_pool()) gives the general
    road's positions for 4,000 codes of unlike lengths, in one chunk, in several, from a slice of a longer
    column, and in a narrow type."""
    codes = _many_codes(4000)
    rng = np.random.default_rng(8)
    values = pd.Series(rng.choice(np.array(codes, dtype=object), 3 * N), dtype="string")
    if layout == "chunks":
        values = pd.concat([values.iloc[:N], values.iloc[N:2 * N], values.iloc[2 * N:]], ignore_index=True)
        assert values.array._pa_array.num_chunks == 3  # noqa: SLF001 - the Arrow storage is the point here
    elif layout == "sliced":
        values = values.iloc[777:].reset_index(drop=True)
    dtype = np.int16 if layout == "small_type" else np.int32
    axis = Axis(codes)
    got = axis.positions(values, dtype)
    want, want_codes = _general(codes, values)
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, want)
    assert axis.codes == want_codes == codes  # nothing appended: every code was known


def test_one_pass_lookup_known_answer():
    axis = Axis(["130534", "130535", "清河县", ""])
    values = pd.Series(np.tile(["", "清河县", "130535", "130534", "130535"], N), dtype="string")
    assert axis.positions(values, np.int32)[:5].tolist() == [3, 2, 1, 0, 1]


def test_a_code_outside_the_axis_leaves_the_one_pass_lookup_for_the_general_road():
    axis = Axis(["130534", "130535"])
    values = pd.Series(np.r_[np.tile(["130535", "130534"], N), ["1305340", "13053"]], dtype="string")
    got = axis.positions(values, np.int32)
    assert got[:2].tolist() == [1, 0] and got[-2:].tolist() == [2, 3]  # longer / shorter: new codes
    assert axis.codes == ["130534", "130535", "1305340", "13053"]
