"""Reason codes that travel with an empty (NaN) value so the UI can explain the cell.

Stored as categoricals with these categories; NA means "no reason needed" (value present).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

NO_BASE = "no_base"                      # no row for the base period
BASE_NONPOSITIVE = "base_nonpositive"    # base value is 0 or negative: % change undefined
MISSING_VALUE = "missing_value"          # current or base value reported as missing
SERIES_BREAK = "series_break"            # 口径调整 between the two periods, no restated base
YTD_DECREASE = "ytd_decrease"            # 累计 fell within the year: single period not derivable
MISSING_COMPONENT = "missing_component"  # a formula component is missing
ZERO_DENOMINATOR = "zero_denominator"    # a formula denominator is 0
NON_ADDITIVE = "non_additive"            # no reported city total and counties cannot be summed
NOT_APPLICABLE = "not_applicable"        # e.g. 环比 of an annual or 累计 figure
NOT_IN_GROUP = "not_in_group"            # region is not a member of a comparison group

REASONS = (
    NO_BASE, BASE_NONPOSITIVE, MISSING_VALUE, SERIES_BREAK, YTD_DECREASE,
    MISSING_COMPONENT, ZERO_DENOMINATOR, NON_ADDITIVE, NOT_APPLICABLE, NOT_IN_GROUP,
)
# Integer code used inside numpy kernels: 0 = no reason, i + 1 = REASONS[i].
CODE = {r: i + 1 for i, r in enumerate(REASONS)}
REASON_DTYPE = pd.CategoricalDtype(list(REASONS))

EXPLAIN = {
    "zh": {
        NO_BASE: "无上年同期数据",
        BASE_NONPOSITIVE: "基数为零或负值，增速无意义",
        MISSING_VALUE: "数据缺失",
        SERIES_BREAK: "统计口径调整，不可比",
        YTD_DECREASE: "累计数较上期减少，无法推算单季",
        MISSING_COMPONENT: "计算所需数据缺失",
        ZERO_DENOMINATOR: "分母为零",
        NON_ADDITIVE: "全市合计不可加总",
        NOT_APPLICABLE: "不适用",
        NOT_IN_GROUP: "不参与排名",
    },
    "en": {
        NO_BASE: "no figure for the base period",
        BASE_NONPOSITIVE: "base is zero or negative",
        MISSING_VALUE: "figure missing",
        SERIES_BREAK: "series break (definition changed)",
        YTD_DECREASE: "year-to-date total fell; single period not derivable",
        MISSING_COMPONENT: "a component is missing",
        ZERO_DENOMINATOR: "denominator is zero",
        NON_ADDITIVE: "city total cannot be summed",
        NOT_APPLICABLE: "not applicable",
        NOT_IN_GROUP: "not ranked",
    },
}


def to_categorical(codes: np.ndarray) -> pd.Categorical:
    """int reason codes (0 = none) -> categorical with REASON_DTYPE."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int8) - 1, dtype=REASON_DTYPE)


def explain(reason: str | float | None, lang: str = "zh") -> str:
    if reason is None or reason is pd.NA or (isinstance(reason, float) and np.isnan(reason)):
        return ""
    return EXPLAIN[lang].get(reason, str(reason))
