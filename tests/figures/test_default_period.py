"""figures.ranking.default_period: the one period a view of several indicators opens on (the overview, the brief
and the deck) — the newest period in which the home county reported at least half of the indicators it has ever
reported, so one early monthly figure does not move every view onto an empty month (stop 24, finding 7)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from data.catalogue import load_indicators
from figures.ranking import default_period, home_coverage
from indicators.pipeline import build_analysis
from tests.figures.test_ranking_literal import REGIONS, A, B, C, D

CODES = ["RD_EXP", "TECH_CONTRACT", "FISCAL_ST", "HNTE"]


def _snap(rows: list[tuple]) -> SimpleNamespace:
    obs = pd.DataFrame(rows, columns=["indicator", "region", "period", "period_kind", "is_ytd", "value"])
    obs["reported_yoy"], obs["base_value"], obs["status"], obs["note"] = np.nan, np.nan, "final", None
    obs["revision_id"] = pd.array([1] * len(obs), dtype="Int64")
    return SimpleNamespace(analysis=build_analysis(obs, load_indicators(), REGIONS), regions=REGIONS, memo={},
                           targets=pd.DataFrame(columns=["indicator", "region", "year", "value"]))


YEAR_2025 = [(c, A, "2025", "Y", False, 100.0) for c in CODES]                       # 4 of 4
Q3_2026 = [(c, A, "2026Q3", "Q", c != "HNTE", 80.0) for c in CODES[:3]]             # 3 of 4
M10_ONE = [("RD_EXP", A, "2026M10", "M", True, 90.0)]                                 # 1 of 4


def test_one_early_monthly_figure_does_not_move_the_default():
    s = _snap(YEAR_2025 + Q3_2026 + M10_ONE)
    assert home_coverage(s, A, CODES) == {"2026M10": 1, "2026Q3": 3, "2025": 4}
    assert default_period(s, A, CODES) == "2026Q3"


def test_a_month_reported_for_half_the_indicators_is_the_default():
    m10_two = M10_ONE + [("TECH_CONTRACT", A, "2026M10", "M", True, 95.0)]
    s = _snap(YEAR_2025 + Q3_2026 + m10_two)
    assert home_coverage(s, A, CODES) == {"2026M10": 2, "2026Q3": 3, "2025": 4}
    assert default_period(s, A, CODES) == "2026M10"


def test_half_is_of_what_the_county_ever_reported_rounded_up():
    # 甲县 reports only three of the four: half is 2 (1.5 rounded up); another county's month does not count
    rows = [(c, A, "2025", "Y", False, 100.0) for c in CODES[:3]] + M10_ONE + \
        [(c, B, "2026M11", "M", True, 10.0) for c in CODES[:2]]
    s = _snap(rows)
    assert home_coverage(s, A, CODES) == {"2026M10": 1, "2025": 3}
    assert default_period(s, A, CODES) == "2025"
    assert default_period(s, A, CODES, annual=True) == "2025"


def test_no_period_reaching_half_gives_the_newest_and_none_without_figures():
    s = _snap(M10_ONE + [("TECH_CONTRACT", A, "2026M09", "M", True, 9.0), (CODES[2], A, "2026M08", "M", True, 8.0)])
    assert home_coverage(s, A, CODES) == {"2026M10": 1, "2026M09": 1, "2026M08": 1}
    assert default_period(s, A, CODES) == "2026M10"   # 3 ever reported, need 2: none has; the newest
    assert default_period(s, B, CODES) is None


def test_a_ranked_period_wins_over_a_newer_one_nobody_else_reported():
    """1—10月 from 甲县 and 乙县 alone (已报 2/4, no rank) after a third quarter all four reported: Q3 stays the
    default, though 甲县 reported as much of 1—10月 (3 of 4 indicators) as of Q3."""
    q3_all = [(c, r, "2026Q3", "Q", True, 80.0 + i) for c in CODES[:3] for i, r in enumerate((A, B, C, D))]
    m10_two = [(c, r, "2026M10", "M", True, 90.0 + i) for c in CODES[:3] for i, r in enumerate((A, B))]
    s = _snap(YEAR_2025 + q3_all + m10_two)
    assert home_coverage(s, A, CODES) == {"2026M10": 3, "2026Q3": 3, "2025": 4}
    assert default_period(s, A, CODES) == "2026Q3"
    # once all four report 1—10月 it is ranked, and the default
    m10_all = m10_two + [(c, r, "2026M10", "M", True, 70.0 + i) for c in CODES[:3] for i, r in enumerate((C, D))]
    assert default_period(_snap(YEAR_2025 + q3_all + m10_all), A, CODES) == "2026M10"
