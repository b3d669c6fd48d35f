"""A snapshot-like object over a few literal annual figures, for the figures tests that rank a small group."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd


def annual_snapshot(figures: dict, regions: pd.DataFrame) -> SimpleNamespace:
    """figures: {(indicator, year): {region: value}} (final, as one revision) -> an object with the attributes
    figures.ranking reads (analysis, regions, memo, targets), the analysis built by indicators.pipeline."""
    from data.catalogue import load_indicators
    from indicators.pipeline import build_analysis

    rows = [(ind, reg, p, "Y", False, float(v)) for (ind, p), vals in figures.items() for reg, v in vals.items()]
    obs = pd.DataFrame(rows, columns=["indicator", "region", "period", "period_kind", "is_ytd", "value"])
    obs["reported_yoy"], obs["base_value"], obs["status"], obs["note"] = np.nan, np.nan, "final", None
    obs["revision_id"] = pd.array([1] * len(obs), dtype="Int64")
    return SimpleNamespace(analysis=build_analysis(obs, load_indicators(), regions), regions=regions, memo={},
                           targets=pd.DataFrame(columns=["indicator", "region", "year", "value"]))
