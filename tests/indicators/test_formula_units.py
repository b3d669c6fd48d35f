"""Formulas convert inputs to the catalogue's units first (indicators.derived.unit_factors): a formula written over
万元 figures stays right when a component is kept in 亿元 or 元 (GDP in 亿元 would otherwise make R&D intensity
10,000× off), and a derived money indicator's result is in its own unit. Literal expected values."""
from __future__ import annotations

import pandas as pd
import pytest

from indicators.derived import compute_derived, unit_factors


def catalogue(units: dict[str, str], formulas: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"code": list(units), "unit": list(units.values()),
                         "formula": [formulas.get(c) for c in units]})


def obs(rows):
    return pd.DataFrame([{"indicator": i, "region": "130534", "period": "2023", "period_kind": "Y", "is_ytd": False,
                          "value": v} for i, v in rows])


def derived(cat, rows, code):
    out = compute_derived(obs(rows), cat)
    return out.loc[out["indicator"] == code, "value"].tolist()


@pytest.mark.parametrize("gdp_unit, gdp, expected", [
    ("万元", 1_500_000.0, 1.0266666666666666),   # 15400万元 / 1500000万元
    ("亿元", 150.0, 1.0266666666666666),         # the same GDP kept in 亿元
    ("元", 15_000_000_000.0, 1.0266666666666666),  # and in 元
])
def test_rd_intensity_whatever_the_gdp_unit(gdp_unit, gdp, expected):
    cat = catalogue({"RD_EXP": "万元", "GDP": gdp_unit, "RD_INTENSITY": "%"}, {"RD_INTENSITY": "RD_EXP / GDP * 100"})
    assert derived(cat, [("RD_EXP", 15400.0), ("GDP", gdp)], "RD_INTENSITY") == [pytest.approx(expected, rel=1e-12)]


def test_a_derived_amount_is_in_its_own_unit():
    cat = catalogue({"A": "万元", "B": "亿元", "SUM_YI": "亿元", "SUM_WAN": "万元", "PER_FIRM": "万元", "FIRMS": "家"},
                    {"SUM_YI": "A + B", "SUM_WAN": "A + B", "PER_FIRM": "B / FIRMS"})
    rows = [("A", 10000.0), ("B", 2.0), ("FIRMS", 40.0)]
    assert derived(cat, rows, "SUM_YI") == [pytest.approx(3.0)]          # 1亿元 + 2亿元
    assert derived(cat, rows, "SUM_WAN") == [pytest.approx(30000.0)]     # in 万元
    assert derived(cat, rows, "PER_FIRM") == [pytest.approx(500.0)]      # 20000万元 / 40家
    assert unit_factors(cat) == {"B": 10000.0, "SUM_YI": 10000.0}
