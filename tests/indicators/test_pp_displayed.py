"""A ratio's change in 百分点 is the difference of the two figures as shown, both 四舍五入 to 2 decimals (re-check
N3 of stop 24: "R&D强度为0.72%，比上年提高0.01个百分点" after a year shown as 0.72%; "0.36%，与上年持平" after 0.37%).
indicators.kernels.hundredths rounds exactly as indicators.formatting.round_half_up does (the float's decimal value),
checked on every half of 0.00–99.99 and on random figures; literal sentences and 同比 columns on a small series."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from data.catalogue import load_indicators
from indicators.formatting import round_half_up
from indicators.growth import year_on_year
from indicators.kernels import PP_DECIMALS, hundredths


def test_every_ratio_indicator_is_shown_to_the_decimals_the_kernel_rounds_to():
    cat = load_indicators()
    assert set(cat.loc[cat["kind"] == "ratio", "decimals"].astype(int)) == {PP_DECIMALS}


@pytest.mark.parametrize("x", [0.285, 0.725, 0.125, 2.675, 1.005, 0.0, 0.004999999999, 0.005, 99.995, 0.28499999,
                               1e-12, 12.344999999999999, 0.7249999999999])
def test_hundredths_equals_round_half_up(x):
    assert hundredths(x) / 100 == round_half_up(x, 2)
    assert hundredths(-x) / 100 == round_half_up(-x, 2)


def test_hundredths_on_every_half_and_random_figures():
    halves = (np.arange(0, 10000) + 0.5) / 100          # 0.005, 0.015, ... as the floats nearest to them
    rng = np.random.default_rng(3)
    figures = np.concatenate([halves, np.nextafter(halves, 0), np.nextafter(halves, 1), rng.uniform(0, 50, 20000),
                              np.round(rng.uniform(0, 50, 20000), 3)])
    got = np.array([hundredths(x) for x in figures]) / 100
    want = np.array([round_half_up(x, 2) for x in figures])
    assert np.array_equal(got, want)


def _ratio_series(values: dict[str, float]) -> pd.DataFrame:
    obs = pd.DataFrame({"indicator": "RD_INTENSITY", "region": "130534", "period": list(values),
                        "is_ytd": False, "value": list(values.values())})
    return year_on_year(obs, load_indicators())


def test_the_change_is_of_the_figures_as_shown():
    # shown 0.37 0.36 0.72 0.72 0.81 0.90; raw differences -0.007, 0.352, 0.006, 0.0836, 0.096 would read
    # -0.01, 0.35, 0.01, 0.08, 0.10: three of five against the figures beside them
    out = _ratio_series({"2020": 0.3704, "2021": 0.3634, "2022": 0.7154, "2023": 0.7214, "2024": 0.805, "2025": 0.901})
    assert list(out["yoy_pp"].round(10)[1:]) == [-0.01, 0.36, 0.0, 0.09, 0.09]
    assert out["yoy_pct"].isna().all()


def test_sentences_never_contradict_the_two_figures():
    from indicators.sentences import indicator_sentence

    cat = load_indicators().set_index("code", drop=False)
    ind = cat.loc["RD_INTENSITY"].to_dict()
    out = _ratio_series({"2022": 0.7154, "2023": 0.7214, "2024": 0.3704, "2025": 0.3634})
    rows = out.set_index("period", drop=False)
    home = {"name": "清河县", "name_en": "Qinghe County"}
    assert indicator_sentence(rows.loc["2023"], ind, home) == "2023年全县R&D强度为0.72%，与上年持平。"
    assert indicator_sentence(rows.loc["2025"], ind, home) == "2025年全县R&D强度为0.36%，比上年降低0.01个百分点。"
