"""Incomplete reporting is a state, not a rank: the completeness rule, defined once.

For one (indicator, period) a comparison group expects a figure from each of its members (the city's
county-level units in the rankings; development zones are not members). A member has *reported* when it
has a published, finite figure for that indicator and period (of the comparable kind: 累计 for flows,
period-end for stocks, or the annual figure).

The rule (used by pages, API, exports and meeting sentences alike):
- complete (n == N): ranks, rank changes and "全市第k位" sentences are published;
- incomplete (n < N): the state "已报 n/N" is shown instead; no rank, no rank change (升/降k位) and no
  "全市第k位" sentence is published for that period. A leader may ask for the ranking "在已报单位中排名"
  (``within_reported=True``): ranks among the n reporting units, labelled as such wherever it appears
  ("在已报单位中排名：第k/n"; a sentence always carries n: "在已报的2个单位中居第2位"), never as a city rank.
  A rank among fewer than MIN_WITHIN (2) units is no rank: it is withheld like an incomplete rank
  ("已报 1/18，暂不排名");
- a rank change needs both periods' rankings published among the same set of units (both complete, or both
  within the same reporting units): otherwise it is not shown;
- the average line covers reporting units only and says so ("已报单位平均（n家）" when incomplete).

A measure other than the level (同比, 占比, 完成率) can be missing for a unit that reported (no base
year, 口径调整, no target): the units ranked are then those with the measure; when that is not every
member, the ranking is treated as incomplete for that measure (label "可比 m/N"), by the same rule.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

REPORTED_ZH = "已报 {n}/{N}"
REPORTED_EN = "reported {n}/{N}"
COMPARABLE_ZH = "可比 {n}/{N}"
COMPARABLE_EN = "comparable {n}/{N}"
WITHIN_ZH = "在已报单位中排名"
WITHIN_EN = "rank among reporting units"
AVERAGE_ZH = "全市平均"
AVERAGE_EN = "city average"
AVERAGE_REPORTED_ZH = "已报单位平均（{n}家）"
AVERAGE_REPORTED_EN = "average of {n} reporting {units}"  # unit|units: indicators.formatting.plural_en
AVERAGE_COMPARABLE_ZH = "可比单位平均（{n}家）"
AVERAGE_COMPARABLE_EN = "average of {n} comparable {units}"
WITHIN_PHRASE_ZH = {"reported": "在已报的{n}个单位中", "comparable": "在可比的{n}个单位中"}
WITHIN_PHRASE_EN = {"reported": "among the {n} reporting units", "comparable": "among the {n} comparable units"}
MIN_WITHIN = 2  # 在已报单位中排名 needs at least two units: "第1/1" is no rank
NO_RANK_ZH = "暂不排名"
NO_RANK_EN = "not ranked until all have reported"
NO_RANK_COMPARABLE_EN = "not ranked: not every unit is comparable"  # 可比 m/N: all may have reported (zero bases)


@dataclass(frozen=True)
class Completeness:
    """Who of the expected units has a figure.

    expected: member codes in catalogue order; reported: those with a finite figure (same order);
    basis: "reported" (the published figure) or "comparable" (a derived measure such as 同比).
    """

    expected: tuple[str, ...]
    reported: tuple[str, ...]
    basis: str = "reported"

    @property
    def n(self) -> int:
        return len(self.reported)

    @property
    def size(self) -> int:
        return len(self.expected)

    @property
    def is_complete(self) -> bool:
        """Every expected unit reported (an empty group is not complete: there is nothing to rank)."""
        return self.size > 0 and self.n == self.size

    @property
    def missing(self) -> tuple[str, ...]:
        have = set(self.reported)
        return tuple(c for c in self.expected if c not in have)

    def ranks_published(self, within_reported: bool = False) -> bool:
        """May ranks be shown? Complete groups always; incomplete ones only when the reader chose
        "在已报单位中排名" and at least MIN_WITHIN (2) units reported (a rank among one unit is withheld)."""
        return self.is_complete or (within_reported and self.n >= MIN_WITHIN)

    def within_phrase(self, lang: str = "zh") -> str:
        """Where a within-reported rank stands, always with n: "在已报的2个单位中" / "among the 2 reporting units"
        ("在可比的m个单位中" for a derived measure such as 同比). The one wording of pages, API and exports."""
        phrases = WITHIN_PHRASE_ZH if lang == "zh" else WITHIN_PHRASE_EN
        return phrases[self.basis if self.basis in phrases else "reported"].format(n=self.n)

    def label(self, lang: str = "zh") -> str:
        """"已报 17/18" (zh) / "reported 17/18" (en); "可比 m/N" for a derived measure."""
        if self.basis == "comparable":
            return (COMPARABLE_ZH if lang == "zh" else COMPARABLE_EN).format(n=self.n, N=self.size)
        return (REPORTED_ZH if lang == "zh" else REPORTED_EN).format(n=self.n, N=self.size)

    def average_label(self, lang: str = "zh") -> str:
        """The average line's name: the city average when complete, else the average of the units it covers:
        the reporting units' (已报单位平均（n家）), or for a derived measure the units that have it (可比单位平均
        （m家）: 18 units may have reported while only 1 has a target for 完成率)."""
        if self.is_complete:
            return AVERAGE_ZH if lang == "zh" else AVERAGE_EN
        comparable = self.basis == "comparable"
        if lang == "zh":
            return (AVERAGE_COMPARABLE_ZH if comparable else AVERAGE_REPORTED_ZH).format(n=self.n)
        from indicators.formatting import plural_en

        return (AVERAGE_COMPARABLE_EN if comparable else AVERAGE_REPORTED_EN).format(
            n=self.n, units=plural_en(self.n, "unit", "units"))

    def state_text(self, lang: str = "zh", within_reported: bool = False) -> str:
        """What stands where a rank would: "" when complete; "已报 1/18，暂不排名" (also within reported units: one
        unit is no ranking) or "已报 17/18，在已报单位中排名" otherwise. en: "reported 1/18, not ranked until all
        have reported", but "comparable 1/18, not ranked: not every unit is comparable" for a derived measure, which
        may never become complete (a zero base has no 同比, however many units report)."""
        if self.is_complete:
            return ""
        sep = "，" if lang == "zh" else ", "
        if self.ranks_published(within_reported):
            return self.label(lang) + sep + (WITHIN_ZH if lang == "zh" else WITHIN_EN)
        no_rank = NO_RANK_COMPARABLE_EN if self.basis == "comparable" else NO_RANK_EN
        return self.label(lang) + sep + (NO_RANK_ZH if lang == "zh" else no_rank)


def completeness(values: pd.DataFrame, expected: Sequence[str], column: str = "value",
                 basis: str = "reported") -> Completeness:
    """The completeness of one (indicator, period) from its rows.

    values: one row per region with `region` and `column` (extra rows for non-members are ignored; a
    missing row, NaN, NA or ±inf counts as not reported). expected: the group's member codes.
    """
    expected = tuple(str(c) for c in expected)
    if len(values):
        v = pd.to_numeric(values[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        have = set(values["region"].astype(str).to_numpy()[np.isfinite(v)])
    else:
        have = set()
    return Completeness(expected, tuple(c for c in expected if c in have), basis)


def average_of_reported(values: Iterable[float]) -> float | None:
    """Mean over the units that reported (finite values only); None when none did."""
    v = np.asarray(list(values), dtype=float)
    v = v[np.isfinite(v)]
    return float(v.mean()) if len(v) else None
