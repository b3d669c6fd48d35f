"""Official rounding (四舍五入 on the decimal value), once: every case of issue 13's "Why", literal."""
from __future__ import annotations

import math

import numpy as np
import pytest

from indicators.formatting import format_change, format_number, format_pct, format_pp, format_value, round_half_up


@pytest.mark.parametrize("call, expected", [
    (lambda: format_pct(83.705), "83.71%"),            # round() gave 83.70%
    (lambda: format_value(15450, "万元"), "1.55亿元"),    # round() gave 1.54亿元
    (lambda: format_pct(0.125), "0.13%"),               # round() gave 0.12%
    (lambda: format_pct(0.375), "0.38%"),               # round() gave 0.37% (wrong under 四舍五入 and GB/T 8170)
    (lambda: format_value(9999.6, "万元"), "1.00亿元"),   # switch after rounding, never "10000万元"
    (lambda: format_value(9999.4, "万元"), "9999万元"),
    (lambda: format_value(99_999_996, "元"), "1.00亿元"),  # 9999.9996万元 -> 10000万元 -> 亿元
    (lambda: format_value(99_995, "万元", lang="en"), "999.95 million yuan"),
    (lambda: format_value(99_999.6, "万元", lang="en"), "1.00 billion yuan"),  # 999.996 million rounds to 1000
    (lambda: format_pct(-0.125, signed=True), "-0.13%"),  # half away from zero on the magnitude
    (lambda: format_pct(-0.004), "0.00%"),              # no "-0.00"
    (lambda: format_pp(2.675), "2.68个百分点"),
    (lambda: format_change(1.005, "amount"), "+1.01%"),
    (lambda: format_number(2.5), "3"),                  # banker's rounding would give 2
    (lambda: format_number(1234567.5, lang="en"), "1,234,568"),
])
def test_literal_cases(call, expected):
    assert call() == expected


def test_round_half_up_scalar_and_array():
    assert round_half_up(83.705, 2) == 83.71
    assert round_half_up(7.000000000000001, 2) == round_half_up(7.0, 2) == 7.0   # 并列 on displayed precision
    assert round_half_up(99.996, 2) == 100.0
    assert math.isnan(round_half_up(None, 2)) and math.isnan(round_half_up(float("nan"), 2))
    out = round_half_up(np.array([0.125, np.nan, 2.405]), 2)
    assert out[0] == 0.13 and math.isnan(out[1]) and out[2] == 2.41
