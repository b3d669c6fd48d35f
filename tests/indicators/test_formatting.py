"""The one formatting module: units, scales, rates, 百分点, ranks, missing values."""
import math

import numpy as np
import pandas as pd
import pytest

from indicators.formatting import (MISSING, convert_amount, format_change, format_pct, format_pp, format_rank,
                                   format_rank_change, format_value, wan_to_yi, yuan_to_wan)
from indicators.periods import months_elapsed, previous_period, shift_years


@pytest.mark.parametrize("args, kwargs, expected", [
    ((15400, "万元"), {}, "1.54亿元"),
    ((8383, "万元"), {}, "8383万元"),
    ((9999.6, "万元"), {}, "1.00亿元"),  # 万元/亿元 decided after rounding (issue 13)
    ((15400, "万元"), {"scale": "万元"}, "15400万元"),
    ((8383, "万元"), {"scale": "亿元"}, "0.84亿元"),
    ((154000000, "元"), {}, "1.54亿元"),
    ((15400, "万元"), {"lang": "en"}, "154.00 million yuan"),
    ((2150000, "万元"), {"lang": "en"}, "21.50 billion yuan"),
    ((125, "家"), {}, "125家"),
    ((1250, "家"), {"lang": "en"}, "1,250 firms"),
    ((2.1, "%"), {"decimals": 2}, "2.10%"),
    ((np.nan, "万元"), {}, MISSING),
    ((None, "家"), {}, MISSING),
    ((math.inf, "%"), {}, MISSING),
    ((pd.NA, "%"), {}, MISSING),
])
def test_format_value(args, kwargs, expected):
    assert format_value(*args, **kwargs) == expected


def test_rates_and_percentage_points():
    assert format_pct(15400 / 8383 * 100 - 100) == "83.71%"
    assert format_pct(15.0026, signed=True) == "+15.00%"
    assert format_pct(-5, signed=True) == "-5.00%"
    assert format_pct(-0.001) == "0.00%"
    assert format_pp(0.3) == "0.30个百分点"
    assert format_pp(-0.25, signed=True, lang="en") == "-0.25 percentage points"
    assert format_change(0.3, "ratio") == "+0.30个百分点" and format_change(12, "amount") == "+12.00%"
    assert format_pp(np.nan) == MISSING


def test_ranks():
    assert format_rank(3, 18) == "第3/18"
    assert format_rank(3, 18, tied=True) == "并列第3/18"
    assert format_rank(3) == "第3位"
    assert format_rank(2, 18, lang="en") == "2nd of 18"
    assert format_rank(11, 18, tied=True, lang="en") == "tied 11th of 18"
    assert format_rank(pd.NA, 18) == MISSING
    assert [format_rank_change(c) for c in (2, -1, 0, None)] == ["升2位", "降1位", "持平", MISSING]
    assert [format_rank_change(c, "en") for c in (2, -1, 0)] == ["up 2", "down 1", "unchanged"]


def test_unit_conversion():
    assert convert_amount(15400, "万元", "亿元") == 1.54
    assert yuan_to_wan(12345) == pytest.approx(1.2345)
    assert wan_to_yi(np.array([10000.0, np.nan]))[0] == 1.0
    with pytest.raises(ValueError):
        convert_amount(1, "家", "万元")


def test_periods():
    assert months_elapsed("2023Q1") == 3 and months_elapsed("2023M05") == 5 and months_elapsed("2023") == 12
    assert shift_years("2023Q3") == "2022Q3" and shift_years("2023M09", -2) == "2021M09"
    assert previous_period("2023Q1") == "2022Q4" and previous_period("2023M01") == "2022M12"
    with pytest.raises(ValueError):
        shift_years("2023Q5")
