"""Period ticks on two lines (plots.charts.period_tick): the year apart from the rest, so quarters fit side by
side without tilting into each other (issue 17; tests/browser/test_polish.py checks the drawn chart)."""
from __future__ import annotations

import pytest

from plots.charts import combo, lines, period_axis, period_tick

TICKS = [  # label as texts.i18n.period_text writes it -> tick text
    ("2023年1—3季度", "2023年<br>1—3季度"),
    ("2023年第3季度", "2023年<br>第3季度"),
    ("2023年三季度末", "2023年<br>三季度末"),
    ("2023年1—9月", "2023年<br>1—9月"),
    ("Q1–Q3 2023", "Q1–Q3<br>2023"),
    ("end of Q3 2023", "end of Q3<br>2023"),
    ("2023", "2023"),
    ("2023年", "2023年"),
    ("2019—2025年", "2019—2025年"),
]


@pytest.mark.parametrize("label,tick", TICKS)
def test_period_tick(label, tick):
    assert period_tick(label) == tick


def test_charts_over_periods_use_the_wrapped_ticks_and_keep_the_labels_as_categories():
    x = ["2023年第1季度", "2023年第2季度"]
    assert period_axis(x) == {"type": "category", "tickmode": "array", "tickvals": x,
                              "ticktext": ["2023年<br>第1季度", "2023年<br>第2季度"]}
    assert period_axis(["2022", "2023"]) == {"type": "category"}
    fig = combo(x, [1.0, 2.0], "R&D", [{"name": "同比", "y": [1.0, 2.0]}], "万元", "%")
    assert fig["layout"]["xaxis"]["ticktext"] == ["2023年<br>第1季度", "2023年<br>第2季度"]
    assert fig["data"][0]["x"] == x  # hover and data keep the one-line label
    assert lines(x, [{"name": "清河县", "y": [1, 2], "role": "home"}], "万元")["layout"]["xaxis"]["tickvals"] == x
