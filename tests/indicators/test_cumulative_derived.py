"""De-cumulation of 累计 figures and formula-derived indicators, on literal tables."""
import numpy as np
import pandas as pd

from indicators.cumulative import cumulate, decumulate
from indicators.derived import components, compute_derived, evaluate

NA = np.nan
CAT = pd.DataFrame({
    "code": ["RD_EXP", "GDP", "RD_INTENSITY", "HNTE"],
    "kind": ["amount", "amount", "ratio", "count"], "polarity": [1, 1, 1, 1],
    "cumulative": [True, True, False, False], "additive": [True, True, False, True],
    "formula": [None, None, "RD_EXP / GDP * 100", None],
})


def reasons(col):
    return [None if pd.isna(x) else x for x in col]


def test_decumulate_quarters_with_reasons():
    ytd = pd.DataFrame({
        "indicator": ["RD_EXP"] * 7 + ["HNTE"],
        "region": ["A"] * 8,
        "period": ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q2", "2024Q3", "2024Q4", "2023Q2"],
        "is_ytd": [True] * 7 + [False],
        "value": [10, 25, 20, NA, 5, 9, 12, 3],
    })
    got = decumulate(ytd, CAT)
    expected = pd.DataFrame({
        "period": ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q2", "2024Q3", "2024Q4"],
        "value": [10.0, 15.0, NA, NA, NA, 4.0, 3.0],
        "value_reason": [None, None, "ytd_decrease", "missing_value", "no_base", None, None],
    })
    assert got["indicator"].unique().tolist() == ["RD_EXP"]  # stocks are never de-cumulated
    assert not got["is_ytd"].any()
    assert got["period"].tolist() == expected["period"].tolist()
    np.testing.assert_array_equal(got["value"].to_numpy(), expected["value"].to_numpy())
    assert reasons(got["value_reason"]) == reasons(expected["value_reason"])


def test_decumulate_months():
    ytd = pd.DataFrame({"indicator": "RD_EXP", "region": "A", "period": ["2023M01", "2023M02", "2023M04"],
                        "is_ytd": True, "value": [1.0, 3.0, 9.0]})
    got = decumulate(ytd, CAT)
    assert got["value"].tolist()[:2] == [1.0, 2.0]
    assert reasons(got["value_reason"]) == [None, None, "no_base"]


def test_cumulate_inverts_decumulate():
    single = pd.DataFrame({"indicator": "RD_EXP", "region": "A",
                           "period": ["2023Q1", "2023Q2", "2023Q3", "2024Q1"], "value": [1.0, 2.0, 3.0, 4.0]})
    got = cumulate(single)
    assert got["value"].tolist() == [1.0, 3.0, 6.0, 4.0]
    assert got["is_ytd"].all()


def test_empty():
    empty = pd.DataFrame({"indicator": [], "region": [], "period": [], "is_ytd": [], "value": []})
    assert list(decumulate(empty, CAT).columns) == ["indicator", "region", "period", "period_kind", "is_ytd",
                                                    "value", "value_reason"]
    assert len(compute_derived(empty, CAT)) == 0


def test_formula_parsing_and_safety():
    assert components("RD_EXP / GDP * 100") == ["RD_EXP", "GDP"]
    res, zero = evaluate("A / B * 100", {"A": np.array([1.0, 2.0]), "B": np.array([4.0, 0.0])})
    assert res[0] == 25.0 and np.isnan(res[1]) and zero.tolist() == [False, True]
    for bad in ("__import__('os')", "A ** 2", "A.real"):
        try:
            components(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_derived_values_and_reasons_including_ytd_components():
    obs = pd.DataFrame({
        "indicator": ["RD_EXP", "GDP", "RD_EXP", "GDP", "RD_EXP", "RD_EXP", "GDP", "RD_INTENSITY", "GDP"],
        "region": ["A", "A", "B", "B", "C", "D", "D", "E", "E"],
        "period": ["2023", "2023", "2023", "2023", "2023", "2023Q3", "2023Q3", "2023", "2023"],
        "is_ytd": [False] * 5 + [True, True, False, False],
        "value": [154.0, 10000.0, 5.0, 0.0, 3.0, 30.0, 2000.0, 9.9, 100.0],
    })
    got = compute_derived(obs, CAT)
    expected = pd.DataFrame({
        "region": ["A", "B", "C", "D"],
        "period": ["2023", "2023", "2023", "2023Q3"],
        "is_ytd": [False, False, False, True],
        "value": [1.54, NA, NA, 1.5],
        "value_reason": [None, "zero_denominator", "missing_component", None],
    })
    assert got["indicator"].unique().tolist() == ["RD_INTENSITY"]  # E's reported value is kept, not recomputed
    assert got["region"].tolist() == expected["region"].tolist()
    assert got["period"].tolist() == expected["period"].tolist()
    assert got["is_ytd"].tolist() == expected["is_ytd"].tolist()
    np.testing.assert_allclose(got["value"].to_numpy(), expected["value"].to_numpy())
    assert reasons(got["value_reason"]) == reasons(expected["value_reason"])
