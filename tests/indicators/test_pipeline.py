"""The analysis snapshot agrees with the single-purpose functions, and its queries are right."""
import pickle
import threading

import numpy as np
import pandas as pd
import pytest

from indicators.growth import year_on_year
from indicators.pipeline import build_analysis, query_group, query_region
from indicators.ranking import default_groups, rank_within_groups
from indicators.shares import city_shares

NA = np.nan
CAT = pd.DataFrame({
    "code": ["RD_EXP", "GDP", "RD_INTENSITY", "HNTE"],
    "kind": ["amount", "amount", "ratio", "count"], "polarity": [1, 1, 1, 1],
    "cumulative": [True, True, False, False], "additive": [True, True, False, True],
    "formula": [None, None, "RD_EXP / GDP * 100", None],
})
REGIONS = pd.DataFrame({
    "code": ["130500", "130533", "130534", "130535", "130571"],
    "name": ["邢台市", "威县", "清河县", "临西县", "河北邢台经济开发区"],
    "level": ["city", "county", "county", "county", "devzone"],
    "parent": ["130000", "130500", "130500", "130500", "130500"],
    "in_rankings": [False, True, True, True, False],
})


def make_obs():
    rows = []
    annual = {"130533": (9000, 9500), "130534": (8383, 15400), "130535": (12000, 15400), "130571": (100, 120)}
    for reg, (v22, v23) in annual.items():
        rows += [("RD_EXP", reg, "2022", "Y", False, v22), ("RD_EXP", reg, "2023", "Y", False, v23)]
        rows += [("GDP", reg, "2022", "Y", False, 1e6), ("GDP", reg, "2023", "Y", False, 1.1e6)]
    rows += [("RD_EXP", "130500", "2023", "Y", False, 50000.0)]
    for reg, q in {"130534": (3000, 7000, 11000, 15400), "130533": (2000, 4500, 4400, 9500)}.items():
        rows += [("RD_EXP", reg, f"2023Q{i + 1}", "Q", True, v) for i, v in enumerate(q)]
    rows += [("HNTE", "130534", "2023Q2", "Q", False, 30.0), ("HNTE", "130534", "2023Q3", "Q", False, 33.0)]
    df = pd.DataFrame(rows, columns=["indicator", "region", "period", "period_kind", "is_ytd", "value"])
    df["reported_yoy"] = NA
    df["base_value"] = NA
    df["status"] = "final"
    df["note"] = None
    df["revision_id"] = pd.array([1] * len(df), dtype="Int64")
    return df


def test_snapshot_rows_and_flags():
    a = build_analysis(make_obs(), CAT, REGIONS)
    single = a[(a["indicator"] == "RD_EXP") & (a["region"] == "130534") & a["derived_from_ytd"]]
    assert single["period"].astype(str).tolist() == ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
    assert single["value"].tolist() == [3000.0, 4000.0, 4000.0, 4400.0]
    assert not single["is_ytd"].any() and (single["status"] == "final").all()
    weiqu = a[(a["indicator"] == "RD_EXP") & (a["region"] == "130533") & a["derived_from_ytd"]]
    assert weiqu["value_reason"].iloc[2] == "ytd_decrease" and np.isnan(weiqu["value"].iloc[2])
    ratio = a[(a["indicator"] == "RD_INTENSITY") & (a["region"] == "130534") & (a["period"] == "2023")
              & ~a["is_ytd"]].iloc[0]
    assert ratio["is_derived"] and round(ratio["value"], 4) == 1.4
    # 百分点 of the figures as shown: 1.40% (15400 / 1.1e6) against 0.84% (0.8383), never the raw 0.5617
    assert round(ratio["yoy_pp"], 10) == 0.56
    assert np.isnan(ratio["yoy_pct"])


def test_demo_fact_and_rank_through_snapshot():
    a = build_analysis(make_obs(), CAT, REGIONS)
    row = query_region(a, "130534", ["RD_EXP"], period="2023").iloc[0]
    assert round(row["yoy_pct"], 2) == 83.71
    # 15400 ties with 临西 15400: 并列第1 of 3; last year 8383 was 3rd -> up 2
    assert (row["rank"], row["tied"], row["group_size"], row["n_ranked"]) == (1, True, 3, 3)
    assert (row["rank_prev"], row["rank_change"]) == (3, 2)
    assert row["group_total_source"] == "reported" and row["share_pct"] == 15400 / 50000 * 100
    dz = query_region(a, "130571", ["RD_EXP"], period="2023").iloc[0]
    assert pd.isna(dz["rank"]) and dz["share_reason"] == "not_in_group" and pd.isna(dz["group"])


def test_snapshot_agrees_with_single_purpose_functions():
    obs = make_obs()
    a = build_analysis(obs, CAT, REGIONS)
    observed = a[~a["derived_from_ytd"] & ~a["is_derived"]]
    key = ["indicator", "region", "period", "is_ytd"]
    y = year_on_year(obs, CAT)
    m = observed.astype({c: str for c in key[:3]}).merge(y.astype({c: str for c in key[:3]}), on=key,
                                                       suffixes=("", "_f"))
    assert len(m) == len(obs)
    np.testing.assert_array_equal(m["yoy_pct"], m["yoy_pct_f"])
    groups = default_groups(REGIONS)
    r = rank_within_groups(a.astype({c: str for c in key[:3]}), groups, CAT,
                           by=("period", "is_ytd", "derived_from_ytd"))
    m = r.merge(a.astype({c: str for c in key[:3]}), on=key + ["derived_from_ytd"], suffixes=("_f", ""))
    assert (m["rank"].fillna(0) == m["rank_f"].fillna(0)).all() and (m["n_ranked"] == m["n_ranked_f"]).all()
    s = city_shares(obs, groups, CAT)
    m = observed.astype({c: str for c in key[:3]}).merge(s.astype({c: str for c in key[:3]}), on=key,
                                                       suffixes=("", "_f"))
    np.testing.assert_array_equal(m["share_pct"], m["share_pct_f"])


def test_queries():
    a = build_analysis(make_obs(), CAT, REGIONS)
    g = query_group(a, "130500", "RD_EXP")
    assert set(g["region"].astype(str)) == {"130500", "130533", "130534", "130535"}
    assert g.loc[g["region"] == "130500", "is_group_total"].all()
    assert len(query_group(a, "130500", "RD_EXP", period="2023", is_ytd=False)) == 4
    assert len(query_group(a, "nope", "RD_EXP")) == 0 and len(query_group(a, "130500", "NOPE")) == 0
    # a reordered copy without the sort mark falls back to a scan and gives the same rows
    b = a.sample(frac=1.0, random_state=1)
    b.attrs = {}
    pd.testing.assert_frame_equal(query_group(b, "130500", "RD_EXP").sort_index(), g.sort_index())
    pd.testing.assert_frame_equal(query_region(b, "130534").sort_index(), query_region(a, "130534").sort_index())


def test_series_break_and_reported_through_snapshot():
    obs = make_obs()
    obs.loc[(obs["region"] == "130535") & (obs["period"] == "2023") & (obs["indicator"] == "RD_EXP"),
            "reported_yoy"] = 30.0
    ann = pd.DataFrame({"indicator": ["RD_EXP"], "region": [None], "period": ["2023"], "kind": ["series_break"],
                        "text": ["口径调整"]})
    a = build_analysis(obs, CAT, REGIONS, ann)
    yr = a[(a["indicator"] == "RD_EXP") & (a["period"] == "2023") & ~a["is_ytd"] & ~a["derived_from_ytd"]]
    by_region = dict(zip(yr["region"].astype(str), zip(yr["yoy_pct"], yr["yoy_reason"])))
    assert by_region["130534"][1] == "series_break" and np.isnan(by_region["130534"][0])
    assert by_region["130535"][0] == 30.0
    # across a break the own computation is not like-for-like, so it is not used to flag the official figure
    row = yr[yr["region"] == "130535"].iloc[0]
    assert row["yoy_source"] == "reported" and np.isnan(row["yoy_computed_pct"]) and not row["yoy_flag_mismatch"]


def test_empty_and_pickle_roundtrip():
    empty = make_obs().iloc[0:0]
    a = build_analysis(empty, CAT, REGIONS)
    full = build_analysis(make_obs(), CAT, REGIONS)
    assert len(a) == 0 and list(a.columns) == list(full.columns)
    b = pickle.loads(pickle.dumps(full))
    pd.testing.assert_frame_equal(query_group(b, "130500", "RD_EXP"), query_group(full, "130500", "RD_EXP"))


def test_duplicate_keys_are_rejected():
    obs = make_obs()
    before = set(threading.enumerate())
    try:
        build_analysis(pd.concat([obs, obs.iloc[:1]]), CAT, REGIONS)
    except ValueError as err:
        assert "duplicate" in str(err)
        # the build's provenance thread is closed however the build ends (checked while the traceback still
        # holds the build's frames, so no garbage collection has closed it for us)
        assert [t.name for t in set(threading.enumerate()) - before if t.is_alive()] == []
    else:
        raise AssertionError("duplicates accepted")


def test_contributions_from_group_rows():
    from indicators.shares import contributions

    a = build_analysis(make_obs(), CAT, REGIONS)
    g = contributions(query_group(a, "130500", "GDP", is_ytd=False))
    row = g[(g["region"] == "130534") & (g["period"] == "2023")].iloc[0]
    # GDP summed over the three counties: 3.0e6 -> 3.3e6; 清河 +1e5 = 1/3 of the increment, 拉动 3.33pp
    assert row["contribution_pct"] == pytest.approx(100 / 3)
    assert row["pull_pp"] == pytest.approx(1e5 / 3e6 * 100)
    assert np.isnan(g.loc[g["is_group_total"], "contribution_pct"]).all() if g["is_group_total"].any() else True


def test_rank_any_measure_from_group_rows():
    a = build_analysis(make_obs(), CAT, REGIONS)
    rows = query_group(a, "130500", "RD_EXP", period="2023", is_ytd=False)
    rows = rows[~rows["is_group_total"].to_numpy() & ~rows["derived_from_ytd"].to_numpy()]
    got = rank_within_groups(rows, default_groups(REGIONS), CAT, measure="yoy_pct")
    # 同比: 清河 83.71% > 临西 28.33% > 威县 5.56%
    assert got["region"].astype(str).tolist() == ["130534", "130535", "130533"]
    assert got["rank"].tolist() == [1, 2, 3] and (got["group_size"] == 3).all()


def test_a_break_in_a_component_breaks_derived_ratios_and_share_changes():
    """沙河's R&D 口径调整: its R&D intensity change (百分点) and share change are not comparable either."""
    obs = make_obs()
    ann = pd.DataFrame({"indicator": ["RD_EXP"], "region": ["130534"], "period": ["2023"], "kind": ["series_break"],
                        "text": ["口径调整"]})
    a = build_analysis(obs, CAT, REGIONS, ann)
    y23 = a[(a["period"] == "2023") & ~a["is_ytd"] & ~a["derived_from_ytd"]]
    got = {(str(r.indicator), str(r.region)): (r.yoy_pp, r.yoy_reason, r.share_change_pp)
           for r in y23.itertuples() if str(r.region) in ("130534", "130535")}
    expected = {  # indicator, region -> (yoy_pp, yoy_reason, share_change_pp)
        ("RD_INTENSITY", "130534"): (NA, "series_break", NA),
        ("RD_INTENSITY", "130535"): (15400 / 1.1e6 * 100 - 12000 / 1e6 * 100, None, NA),
    }
    for key, (pp, reason, _share) in expected.items():
        got_pp, got_reason, _ = got[key]
        assert (np.isnan(pp) and np.isnan(got_pp)) or got_pp == pytest.approx(pp), key
        assert (None if pd.isna(got_reason) else got_reason) == reason, key
    assert np.isnan(got[("RD_EXP", "130534")][2])  # the broken county's share change is suppressed
    # another county's is not: 2023 share of the reported city total minus 2022 share of the county sum
    assert got[("RD_EXP", "130535")][2] == pytest.approx(15400 / 50000 * 100 - 12000 / (9000 + 8383 + 12000) * 100)
