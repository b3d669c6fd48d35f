"""同比 / 环比 rules on literal tables."""
import numpy as np
import pandas as pd
import pytest

from indicators.growth import cagr, year_on_year

NA = np.nan
CAT = pd.DataFrame({
    "code": ["RD_EXP", "SUPER_DEDUCT_AMOUNT", "RD_INTENSITY", "HNTE"],
    "kind": ["amount", "amount", "ratio", "count"],
    "polarity": [1, 1, 1, 1], "cumulative": [True, False, False, False], "additive": [True, True, False, True],
    "formula": [None, None, "RD_EXP / GDP * 100", None],
})
OBS_COLS = ["indicator", "region", "period", "is_ytd", "value", "reported_yoy", "base_value"]


def reasons(col):
    return [None if pd.isna(x) else x for x in col]


def obs(rows):
    return pd.DataFrame(rows, columns=OBS_COLS)


def test_demo_facts_qinghe_rd_and_super_deduction():
    got = year_on_year(obs([
        ("RD_EXP", "130534", "2022", False, 8383, NA, NA),
        ("RD_EXP", "130534", "2023", False, 15400, NA, NA),
        ("SUPER_DEDUCT_AMOUNT", "130534", "2022", False, 11478, NA, NA),
        ("SUPER_DEDUCT_AMOUNT", "130534", "2023", False, 13200, NA, NA),
    ]), CAT)
    assert got["yoy_pct"].round(2).tolist()[1::2] == [83.71, 15.00]
    assert reasons(got["yoy_reason"])[::2] == ["no_base", "no_base"]


def test_matches_by_key_not_position_and_missing_years():
    # rows shuffled, 2021 missing: 2022 has no base, 2023 compares with 2022 (not 2020)
    got = year_on_year(obs([
        ("HNTE", "A", "2023", False, 120, NA, NA),
        ("HNTE", "A", "2020", False, 50, NA, NA),
        ("HNTE", "B", "2023", False, 10, NA, NA),
        ("HNTE", "A", "2022", False, 100, NA, NA),
    ]), CAT)
    expected = pd.DataFrame({
        "period": ["2023", "2020", "2023", "2022"],
        "value_prev": [100.0, NA, NA, NA],
        "yoy_pct": [20.0, NA, NA, NA],
        "yoy_reason": [None, "no_base", "no_base", "no_base"],
    })
    pd.testing.assert_frame_equal(
        got[["period", "value_prev", "yoy_pct"]].assign(yoy_reason=reasons(got["yoy_reason"])),
        expected.assign(period=expected["period"].astype(got["period"].dtype)), check_dtype=False)


def test_quarterly_and_monthly_match_same_period_and_same_ytd():
    got = year_on_year(obs([
        ("RD_EXP", "A", "2022Q3", True, 80, NA, NA),
        ("RD_EXP", "A", "2022Q3", False, 30, NA, NA),
        ("RD_EXP", "A", "2023Q3", True, 100, NA, NA),
        ("RD_EXP", "A", "2023Q3", False, 45, NA, NA),
        ("RD_EXP", "A", "2022M05", True, 40, NA, NA),
        ("RD_EXP", "A", "2023M05", True, 50, NA, NA),
    ]), CAT)
    assert got["yoy_pct"].tolist()[2:4] == [25.0, 50.0]
    assert got["yoy_pct"].iloc[5] == 25.0


def test_preference_reported_then_restated_base_then_prior_value_and_mismatch_flag():
    got = year_on_year(obs([
        ("HNTE", "A", "2022", False, 100, NA, NA),
        ("HNTE", "A", "2023", False, 110, 12.0, NA),     # official 12% vs computed 10% -> flag
        ("HNTE", "B", "2022", False, 100, NA, NA),
        ("HNTE", "B", "2023", False, 110, NA, 88.0),     # restated base 88 -> 25%
        ("HNTE", "C", "2022", False, 100, NA, NA),
        ("HNTE", "C", "2023", False, 110, 10.04, NA),    # within 0.05 pp -> no flag
    ]), CAT)
    r = got.iloc[[1, 3, 5]]
    assert r["yoy_pct"].tolist() == [12.0, 25.0, 10.04]
    assert r["yoy_computed_pct"].round(6).tolist() == [10.0, 25.0, 10.0]
    assert r["yoy_source"].astype(object).tolist() == ["reported", "restated_base", "reported"]
    assert r["yoy_flag_mismatch"].tolist() == [True, False, False]


@pytest.mark.parametrize("prev, cur, reason", [
    (0.0, 5.0, "base_nonpositive"),
    (-3.0, 5.0, "base_nonpositive"),
    (NA, 5.0, "missing_value"),
    (4.0, NA, "missing_value"),
])
def test_edge_reasons(prev, cur, reason):
    got = year_on_year(obs([("HNTE", "A", "2022", False, prev, NA, NA),
                            ("HNTE", "A", "2023", False, cur, NA, NA)]), CAT)
    assert np.isnan(got["yoy_pct"].iloc[1])
    assert got["yoy_reason"].iloc[1] == reason


def test_never_inf():
    got = year_on_year(obs([("HNTE", "A", "2022", False, 1e-320, NA, NA),
                            ("HNTE", "A", "2023", False, 1e300, NA, NA)]), CAT)
    assert not np.isinf(got[["yoy_pct", "yoy_computed_pct"]].to_numpy()).any()
    assert got["yoy_reason"].iloc[1] == "base_nonpositive"


def test_series_break_suppresses_unless_restated_or_reported():
    ann = pd.DataFrame({"indicator": ["HNTE", "RD_EXP"], "region": [None, "A"], "period": ["2023", "2023Q3"],
                        "kind": ["series_break", "series_break"], "text": ["口径调整", "口径调整"]})
    got = year_on_year(obs([
        ("HNTE", "A", "2022", False, 100, NA, NA),
        ("HNTE", "A", "2023", False, 150, NA, NA),      # break, nothing restated -> suppressed
        ("HNTE", "B", "2022", False, 100, NA, NA),
        ("HNTE", "B", "2023", False, 150, NA, 120.0),   # break, restated base -> 25%
        ("HNTE", "C", "2022", False, 100, NA, NA),
        ("HNTE", "C", "2023", False, 150, 7.0, NA),     # break, official 同比 -> 7%
        ("HNTE", "A", "2024", False, 165, NA, NA),      # after the break: normal
        ("RD_EXP", "A", "2022Q2", False, 10, NA, NA),
        ("RD_EXP", "A", "2023Q2", False, 20, NA, NA),   # before the 2023Q3 break: normal
        ("RD_EXP", "A", "2022Q3", False, 10, NA, NA),
        ("RD_EXP", "A", "2023Q3", False, 20, NA, NA),   # spans the break: suppressed
        ("RD_EXP", "B", "2022Q3", False, 10, NA, NA),
        ("RD_EXP", "B", "2023Q3", False, 20, NA, NA),   # other region: normal
    ]), CAT, annotations=ann)
    assert reasons(got["yoy_reason"])[1::2][:3] == ["series_break", None, None]
    assert np.isnan(got["yoy_pct"].iloc[1])
    assert got["yoy_pct"].iloc[3] == 25.0 and got["yoy_pct"].iloc[5] == 7.0
    assert got["yoy_pct"].iloc[6] == pytest.approx(10.0)
    assert got["yoy_pct"].iloc[8] == pytest.approx(100.0)
    assert got["yoy_reason"].iloc[10] == "series_break"
    assert got["yoy_pct"].iloc[12] == pytest.approx(100.0)


def test_ratio_changes_in_percentage_points():
    got = year_on_year(obs([("RD_INTENSITY", "A", "2022", False, 1.20, NA, NA),
                            ("RD_INTENSITY", "A", "2023", False, 1.50, NA, NA)]), CAT)
    assert np.isnan(got["yoy_pct"].iloc[1])
    assert round(got["yoy_pp"].iloc[1], 10) == 0.3
    assert pd.isna(got["yoy_reason"].iloc[1])


def test_constant_series_grows_by_zero_and_qoq():
    got = year_on_year(obs([
        ("HNTE", "A", "2023Q1", False, 7, NA, NA), ("HNTE", "A", "2023Q2", False, 7, NA, NA),
        ("HNTE", "A", "2023Q4", False, 7, NA, NA), ("HNTE", "A", "2023", False, 7, NA, NA),
        ("HNTE", "A", "2023Q3", True, 7, NA, NA),
    ]), CAT)
    assert got["qoq_pct"].iloc[1] == 0.0
    assert reasons(got["qoq_reason"]) == ["no_base", None, "no_base", "not_applicable", "not_applicable"]


def test_qoq_wraps_year_q1_against_previous_q4():
    got = year_on_year(obs([("HNTE", "A", "2022Q4", False, 10, NA, NA),
                            ("HNTE", "A", "2023Q1", False, 12, NA, NA)]), CAT)
    assert got["qoq_pct"].iloc[1] == pytest.approx(20.0)


def test_empty_in_empty_out():
    got = year_on_year(obs([]).astype({"value": float}), CAT)
    assert len(got) == 0
    assert {"yoy_pct", "yoy_reason", "yoy_pp", "qoq_pct", "yoy_flag_mismatch"} <= set(got.columns)


def test_cagr():
    frame = pd.DataFrame({
        "indicator": ["HNTE"] * 5, "region": ["A", "A", "B", "C", "C"],
        "period": ["2018", "2023", "2023", "2018", "2023"], "value": [100.0, 200.0, 5.0, 0.0, 9.0],
    })
    got = cagr(frame, "2018", "2023")
    assert got["cagr_pct"].round(4).tolist()[:1] == [round((2 ** 0.2 - 1) * 100, 4)]
    assert reasons(got["cagr_reason"]) == [None, "no_base", "base_nonpositive"]


def test_cagr_across_a_series_break_is_missing_with_its_reason():
    """CAGR across a 口径调整 is "—" with the reason (issue 13); a break at the start year itself does not cut."""
    frame = pd.DataFrame({"indicator": "RD_EXP", "region": ["A", "A", "B", "B"],
                          "period": ["2019", "2025", "2019", "2025"], "value": [100.0, 200.0, 100.0, 200.0]})
    breaks = pd.DataFrame({"indicator": ["RD_EXP"], "region": ["A"], "period": ["2021"], "kind": ["series_break"]})
    got = cagr(frame, "2019", "2025", breaks).set_index("region")
    assert np.isnan(got.loc["A", "cagr_pct"]) and got.loc["A", "cagr_reason"] == "series_break"
    assert round(got.loc["B", "cagr_pct"], 2) == 12.25 and pd.isna(got.loc["B", "cagr_reason"])
    at_start = cagr(frame.replace({"2019": "2021"}), "2021", "2025", breaks).set_index("region")
    assert not np.isnan(at_start.loc["A", "cagr_pct"])
    every = breaks.assign(region=[None])
    assert cagr(frame, "2019", "2025", every)["cagr_reason"].eq("series_break").all()
