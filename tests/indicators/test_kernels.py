"""The compiled kernels give numpy's own results bit for bit where the old build used numpy (issue 18 §2 keeps the
result identical): a city total summed from its units is numpy's add.reduceat — the first unit plus the pairwise
sum of the others — for every group size, including the sizes where numpy's summation changes shape (8 terms,
128 terms, more)."""
from __future__ import annotations

import numpy as np
import pytest

from indicators import kernels as K

SIZES = [1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 127, 128, 129, 130, 136, 257, 300, 1000, 1031]


@pytest.mark.parametrize("seed", [1, 2])
def test_summed_totals_add_as_numpy_reduceat_adds(seed):
    rng = np.random.default_rng(seed)
    n_ind, n_slots = 2, 5
    sizes = np.array(SIZES)
    n_reg = int(sizes.sum()) + 10
    cube = rng.lognormal(8, 2, (n_ind, n_reg, n_slots)) * rng.choice([1.0, -1.0, 1e-9, 1e12], (n_ind, n_reg, n_slots))
    parts = rng.permutation(n_reg)[: sizes.sum()].astype(np.int64)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    expected = np.add.reduceat(cube[:, parts, :], starts, axis=1)
    got = np.empty_like(expected)
    K.summed_totals(0, n_ind, cube, np.r_[0, np.cumsum(sizes)].astype(np.int64), parts, got)
    assert got.tobytes() == expected.tobytes()
    # a sum adding each group's units one after another differs in the last bit (so the comparison can fail)
    in_order = np.stack([np.cumsum(cube[:, parts[a:a + n], :], axis=1)[:, -1, :] for a, n in zip(starts, sizes)],
                        axis=1)
    assert in_order.tobytes() != expected.tobytes()


def test_a_missing_unit_makes_the_sum_missing_and_an_empty_group_is_missing():
    cube = np.array([[[1.0], [np.nan], [2.0]]])
    got = np.empty((1, 3, 1))
    K.summed_totals(0, 1, cube, np.array([0, 2, 3, 3]), np.array([0, 1, 2]), got)
    assert np.isnan(got[0, 0, 0]) and got[0, 1, 0] == 2.0 and np.isnan(got[0, 2, 0])


def test_a_read_only_code_folder_caches_the_compiled_kernels_in_the_temporary_folder(monkeypatch, tmp_path):
    import numba

    monkeypatch.setattr(numba.config, "CACHE_DIR", "")
    monkeypatch.setattr(K.os, "access", lambda path, mode: False)
    monkeypatch.setattr(K.tempfile, "gettempdir", lambda: str(tmp_path))
    K._writable_cache()
    assert numba.config.CACHE_DIR == str(tmp_path / "county-dashboard-numba")


def test_a_writable_code_folder_or_a_set_cache_folder_is_left_alone(monkeypatch):
    import numba

    monkeypatch.setattr(numba.config, "CACHE_DIR", "")
    K._writable_cache()
    assert numba.config.CACHE_DIR == ""          # the code folder is writable here
    monkeypatch.setattr(numba.config, "CACHE_DIR", "/srv/cache")
    monkeypatch.setattr(K.os, "access", lambda path, mode: False)
    K._writable_cache()
    assert numba.config.CACHE_DIR == "/srv/cache"
