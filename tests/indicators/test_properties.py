"""Property tests: ranking, shares, de-cumulation, growth and polarity invariants."""
import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.cumulative import cumulate, decumulate
from indicators.growth import year_on_year
from indicators.ranking import rank_columns, rank_within_groups
from indicators.shares import city_shares

CAT = pd.DataFrame({"code": ["X", "F"], "kind": ["amount", "amount"], "polarity": [1, 1],
                    "cumulative": [True, True], "additive": [True, True]})
# no per-example deadline: the test machine is shared and timing is not the property under test
relaxed = settings(deadline=None)
values = st.lists(st.one_of(st.integers(-5, 5).map(float), st.just(np.nan)), min_size=1, max_size=12)


def _rank(vals, polarity=1):
    frame = pd.DataFrame({"indicator": "X", "region": [f"r{i}" for i in range(len(vals))], "period": "2023",
                          "value": vals})
    groups = pd.DataFrame({"region": frame["region"], "group": "G"})
    cat = CAT.assign(polarity=polarity)
    return rank_within_groups(frame, groups, cat).set_index("region").loc[frame["region"]]


@relaxed
@given(values)
def test_ranks_are_a_proper_min_ranking(vals):
    got = _rank(vals)
    v = np.array(vals)
    for (region, row), x in zip(got.iterrows(), v):
        if np.isnan(x):
            assert pd.isna(row["rank"]) and not row["tied"]
        else:
            assert row["rank"] == 1 + np.sum(v[~np.isnan(v)] > x)
            assert row["tied"] == (np.sum(v == x) > 1)
    assert (got["n_ranked"] == np.sum(~np.isnan(v))).all() and (got["group_size"] == len(v)).all()


@relaxed
@given(values)
def test_cube_ranking_matches_frame_ranking(vals):
    cube = np.array(vals, dtype=float)[None, :, None]
    n = len(vals)
    cols = rank_columns(cube, np.zeros(n, np.int64), np.arange(n), np.zeros(n, np.int64), np.array([-1]),
                        np.zeros(n, np.int64), [np.arange(n)], np.array([1]))
    got = _rank(vals)
    assert cols["rank"].fillna(0).astype(int).tolist() == got["rank"].fillna(0).astype(int).tolist()
    assert cols["tied"].tolist() == got["tied"].tolist()
    assert cols["n_ranked"].tolist() == got["n_ranked"].tolist()


@relaxed
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=12, unique=True))
def test_flipping_polarity_reverses_the_order(vals):
    up, down = _rank(vals, 1), _rank(vals, -1)
    assert (up["rank"] + down["rank"] == len(vals) + 1).all()


@relaxed
@given(st.lists(st.floats(0.0, 1e9, allow_nan=False), min_size=1, max_size=15))
def test_shares_of_an_additive_indicator_sum_to_100(vals):
    if sum(vals) <= 0:
        return
    obs = pd.DataFrame({"indicator": "X", "region": [f"r{i}" for i in range(len(vals))], "period": "2023",
                        "is_ytd": False, "value": vals})
    got = city_shares(obs, pd.DataFrame({"region": obs["region"], "group": "G"}), CAT)
    assert abs(got["share_pct"].sum() - 100.0) < 1e-9


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 10_000).map(float), min_size=1, max_size=4), min_size=1, max_size=3))
def test_decumulate_then_cumulate_returns_the_input(years):
    rows = []
    for y, increments in enumerate(years):
        ytd = np.cumsum(increments)
        rows += [("X", "A", f"{2020 + y}Q{q + 1}", True, float(v)) for q, v in enumerate(ytd)]
    obs = pd.DataFrame(rows, columns=["indicator", "region", "period", "is_ytd", "value"])
    back = cumulate(decumulate(obs, CAT))
    assert back["period"].tolist() == obs["period"].tolist()
    np.testing.assert_allclose(back["value"].to_numpy(), obs["value"].to_numpy())


@relaxed
@given(st.floats(1e-3, 1e9), st.sampled_from(["Y", "Q", "M"]), st.booleans())
def test_a_constant_series_grows_by_zero(c, kind, ytd):
    labels = {"Y": ["2021", "2022", "2023"], "Q": ["2021Q2", "2022Q2", "2023Q2"], "M": ["2021M07", "2022M07", "2023M07"]}
    obs = pd.DataFrame({"indicator": "X", "region": "A", "period": labels[kind], "is_ytd": ytd and kind != "Y",
                        "value": c})
    got = year_on_year(obs, CAT)
    assert got["yoy_pct"].iloc[1:].tolist() == [0.0, 0.0]
