"""The completeness rule with literal tables: 1 of 18 reported, 17 of 18, all 18."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from figures.completeness import average_of_reported, completeness

MEMBERS = [f"1305{i:02d}" for i in range(21, 39)]  # 18 codes


def _rows(values: dict) -> pd.DataFrame:
    return pd.DataFrame({"region": list(values), "value": list(values.values())})


def test_one_of_eighteen():
    c = completeness(_rows({"130534": 15400.0}), MEMBERS)
    assert (c.n, c.size, c.is_complete) == (1, 18, False)
    assert c.label("zh") == "已报 1/18" and c.label("en") == "reported 1/18"
    assert c.ranks_published() is False
    assert c.ranks_published(within_reported=True) is False  # a rank among one unit is no rank
    assert c.state_text("zh") == "已报 1/18，暂不排名"
    assert c.state_text("zh", within_reported=True) == "已报 1/18，暂不排名"
    assert c.average_label("zh") == "已报单位平均（1家）"
    assert c.average_label("en") == "average of 1 reporting unit"  # one unit: no plural s
    assert len(c.missing) == 17 and "130534" not in c.missing


def test_seventeen_of_eighteen_with_nan_inf_and_a_non_member():
    values = {code: 100.0 + i for i, code in enumerate(MEMBERS)}
    values["130521"] = float("nan")            # a member without a figure
    values["130571"] = 5.0                     # a development zone: not a member, ignored
    c = completeness(_rows(values), MEMBERS)
    assert (c.n, c.size, c.missing) == (17, 18, ("130521",))
    assert c.label() == "已报 17/18" and not c.ranks_published()
    assert c.average_label("en") == "average of 17 reporting units"
    values["130522"] = math.inf                # ±inf is no figure either
    assert completeness(_rows(values), MEMBERS).n == 16


def test_all_reported():
    c = completeness(_rows({code: 1.0 for code in MEMBERS}), MEMBERS)
    assert (c.n, c.size, c.is_complete, c.missing) == (18, 18, True, ())
    assert c.ranks_published() and c.state_text("zh") == ""
    assert c.average_label("zh") == "全市平均" and c.average_label("en") == "city average"


def test_empty_group_and_comparable_basis():
    assert not completeness(_rows({}), MEMBERS).is_complete
    assert not completeness(_rows({}), []).ranks_published(within_reported=True)
    c = completeness(_rows({"130534": 1.0}), MEMBERS, basis="comparable")
    assert c.label("zh") == "可比 1/18" and c.label("en") == "comparable 1/18"


def test_the_average_of_a_derived_measure_names_the_comparable_units():
    """18 units reported but only 2 have a target: the 完成率 line is the 2 comparable units' average, never
    "已报单位平均" (which reads as 2 units having reported)."""
    c = completeness(_rows({"130534": 80.0, "130533": 60.0}), MEMBERS, basis="comparable")
    assert c.average_label("zh") == "可比单位平均（2家）"
    assert c.average_label("en") == "average of 2 comparable units"
    one = completeness(_rows({"130534": 80.0}), MEMBERS, basis="comparable")
    assert one.average_label("en") == "average of 1 comparable unit"


@pytest.mark.parametrize("values,expected", [([1.0, 2.0, float("nan")], 1.5), ([float("nan")], None), ([], None)])
def test_average_over_reporting_units_only(values, expected):
    assert average_of_reported(values) == expected
