"""Rankings, groups and shares of the city total, on literal tables."""
import numpy as np
import pandas as pd

from indicators.ranking import default_groups, rank_within_groups
from indicators.shares import city_shares

NA = np.nan
CAT = pd.DataFrame({
    "code": ["HNTE", "COST", "RD_INTENSITY", "FIRMS_X"],
    "kind": ["count", "amount", "ratio", "count"], "polarity": [1, -1, 1, 1],
    "cumulative": [False, False, False, False], "additive": [True, True, False, False],
})
REGIONS = pd.DataFrame({
    "code": ["130000", "130500", "130501", "130502", "130503", "130571", "130600", "130601"],
    "level": ["province", "city", "county", "county", "county", "devzone", "city", "county"],
    "parent": [None, "130000", "130500", "130500", "130500", "130500", "130000", "130600"],
    "in_rankings": [False, False, True, True, True, False, False, True],
})


def test_default_groups_are_city_counties_without_devzones():
    got = default_groups(REGIONS)
    expected = pd.DataFrame({"region": ["130501", "130502", "130503", "130601"],
                             "group": ["130500", "130500", "130500", "130600"],
                             "total_region": ["130500", "130500", "130500", "130600"]})
    pd.testing.assert_frame_equal(got.astype(str), expected)


def test_rank_min_ties_missing_and_polarity():
    frame = pd.DataFrame({
        "indicator": ["HNTE"] * 5 + ["COST"] * 3,
        "region": ["a", "b", "c", "d", "e", "a", "b", "c"],
        "period": "2023",
        "value": [5, 3, 3, 1, NA, 10, 20, 20],
    })
    groups = pd.DataFrame({"region": list("abcdef"), "group": "G"})
    got = rank_within_groups(frame, groups, CAT)
    expected = pd.DataFrame({
        "indicator": ["COST", "COST", "COST", "HNTE", "HNTE", "HNTE", "HNTE", "HNTE"],
        "region": ["a", "b", "c", "a", "b", "c", "d", "e"],
        "rank": [1, 2, 2, 1, 2, 2, 4, None],
        "tied": [False, True, True, False, True, True, False, False],
        "n_ranked": [3, 3, 3, 4, 4, 4, 4, 4],
        "group_size": [6] * 8,
    })
    got = got[expected.columns.tolist()].astype({"indicator": str, "region": str})
    pd.testing.assert_frame_equal(got, expected.astype({"rank": "Int64", "n_ranked": "Int64", "group_size": "Int64"}))


def test_rank_region_in_two_groups_is_ranked_in_each():
    frame = pd.DataFrame({"indicator": "HNTE", "region": ["a", "b", "c"], "period": "2023", "value": [1.0, 2.0, 3.0]})
    groups = pd.DataFrame({"region": ["a", "b", "a", "c"], "group": ["G1", "G1", "G2", "G2"]})
    got = rank_within_groups(frame, groups, CAT)
    assert got[["group", "region"]].astype(str).values.tolist() == [["G1", "b"], ["G1", "a"], ["G2", "c"], ["G2", "a"]]
    assert got["rank"].tolist() == [1, 2, 1, 2]


def test_shares_reported_summed_non_additive_and_change():
    groups = pd.DataFrame({"region": ["a", "b", "c"], "group": "C", "total_region": "C"})
    obs = pd.DataFrame({
        "indicator": ["HNTE"] * 6 + ["COST"] * 3 + ["RD_INTENSITY"] + ["FIRMS_X"] * 2 + ["HNTE"] * 2,
        "region": ["a", "b", "c", "a", "b", "c", "a", "b", "C", "a", "a", "C", "a", "b"],
        "period": ["2022"] * 3 + ["2023"] * 3 + ["2023"] * 6 + ["2024"] * 2,
        "is_ytd": False,
        "value": [10, 20, 70, 20, 20, 60, 5, 5, 100, 1.0, 4, 40, 5, 5],
    })
    got = city_shares(obs, groups, CAT)
    expected = pd.DataFrame({
        "group_total": [100.0, 100, 100, 100, 100, 100, 100, 100, 100, NA, 40, 40, NA, NA],
        "share_pct": [10.0, 20, 70, 20, 20, 60, 5, 5, NA, NA, 10, NA, NA, NA],
        "share_change_pp": [NA, NA, NA, 10.0, 0, -10, NA, NA, NA, NA, NA, NA, NA, NA],
        "share_reason": [None] * 8 + ["not_in_group", "non_additive", None, "not_in_group",
                                      "missing_value", "missing_value"],
    })
    # 2024: c did not report, so the counties cannot be summed and no city figure exists
    np.testing.assert_allclose(got["group_total"].to_numpy(), expected["group_total"].to_numpy())
    np.testing.assert_allclose(got["share_pct"].to_numpy(), expected["share_pct"].to_numpy())
    np.testing.assert_allclose(got["share_change_pp"].to_numpy(), expected["share_change_pp"].to_numpy(), atol=1e-9)
    assert [None if pd.isna(x) else x for x in got["share_reason"]] == [None if pd.isna(x) else x for x in expected["share_reason"]]
    assert got["group_total_source"].astype(object).tolist()[:2] == ["summed", "summed"]
    assert got["group_total_source"].iloc[6] == "reported"


def test_contribution_to_city_growth():
    groups = pd.DataFrame({"region": ["a", "b"], "group": "C"})
    obs = pd.DataFrame({"indicator": "HNTE", "region": ["a", "b", "a", "b"], "period": ["2022", "2022", "2023", "2023"],
                        "is_ytd": False, "value": [40.0, 60.0, 70.0, 50.0]})
    got = city_shares(obs, groups, CAT).iloc[2:]
    # city +20: a +30 -> 150% of the increment, 拉动 30pp; b -10 -> -50%, -10pp
    np.testing.assert_allclose(got["contribution_pct"], [150.0, -50.0])
    np.testing.assert_allclose(got["pull_pp"], [30.0, -10.0])
