"""The one ranking: a comparison group's members ranked on one measure of one indicator for one period.

Pages (全市排名, 地图, meeting mode), the API (/api/v1/rankings), the PNG footnote, the PPTX deck and the
meeting sentences all read ranks from `ranking()`; nothing else ranks.

Measures (MEASURES):
  value       总量 / the level, in the catalogue unit, judged at the catalogue's decimals
  yoy         同比: % for amounts and counts (yoy_pct), 百分点 for ratios (yoy_pp), 2 decimals
  share       占全市比重 (share_pct, %), 2 decimals
  completion  完成率 against the year's target (%), 2 decimals
Rules:
- rows compared: the annual figures for a year; for a quarter or month the reported rows (never the
  de-cumulated single periods): 累计 where the group has 累计 rows (flows, ratios of 累计 components),
  else the period-end figures (stocks);
- ranks, 并列 and the order are judged on the displayed precision (四舍五入 with
  indicators.formatting.round_half_up), so two figures that read the same are 并列 (min method 1, 2, 2, 4),
  polarity-aware (polarity -1: lowest first);
- the completeness rule of figures.completeness: an incomplete group publishes no rank and no rank change,
  unless `within_reported=True` and at least two units have the measure (ranks among them, labelled
  "在已报单位中排名：第k/n", "在已报的n个单位中居第k位");
- rank_change = rank one year earlier − rank now (positive = moved up), only when both years are ranked among
  the same set of units (all members both years, or the same reporting units when ranked among them); else the
  rank change and the year-earlier rank are withheld ("上年无可比位次").
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from data.catalogue import load_indicators
from data.errors import UserError
from figures.completeness import Completeness, WITHIN_EN, WITHIN_ZH, average_of_reported
from figures.notes import note_records
from figures.targets import completion
from indicators.formatting import MISSING, format_rank, round_half_up
from indicators.periods import parse_period, shift_years
from indicators.pipeline import query_group
from indicators.ranking import rank_vector

if TYPE_CHECKING:
    from data.snapshot import Snapshot

MEASURES = ("value", "yoy", "share", "completion")
SHARE_NA_ZH = "该指标不可加总，不计算占全市比重"
SHARE_NA_EN = "not additive: no share of the city total"
MEASURE_ZH = {"value": "总量", "yoy": "同比增速", "share": "占全市比重", "completion": "完成率"}
MEASURE_EN = {"value": "value", "yoy": "year-on-year change", "share": "share of city total",
              "completion": "target completion"}
ROW_COLUMNS = ["region", "name", "name_en", "short_name", "value", "measure", "rank", "tied", "rank_prev", "rank_change",
               "n_ranked", "group_size", "is_home"]


def indicator_row(code: str) -> dict:
    """The catalogue entry of `code` as a dict; UserError (400) for an unknown code."""
    cat = load_indicators().set_index("code")
    if code not in cat.index:
        raise UserError(f"未知的指标代码：{code}", f"Unknown indicator: {code}")
    return {"code": code, **cat.loc[code].to_dict()}


def reads_ytd(ind: dict) -> bool:
    """Are the indicator's quarter and month figures 累计? Flows (cumulative) and formulas over flows only (a
    ratio of 累计 components such as R&D投入强度 = RD_EXP / GDP); stocks and ratios of stocks are period-end."""
    if bool(ind["cumulative"]):
        return True
    formula = ind.get("formula")
    if not isinstance(formula, str) or not formula:
        return False
    from indicators.derived import components

    flows = set(load_indicators().loc[lambda c: c["cumulative"].astype(bool), "code"].astype(str))
    parts = components(formula)
    return bool(parts) and all(p in flows for p in parts)


def period_label(ind: dict, period: str, lang: str = "zh", is_ytd: bool | None = None) -> str:
    """The period of an indicator's figure as officials write it (texts.i18n.period_text), for pages, API and
    exports alike: "2026年1—3季度" for 累计 (flows, ratios of flows), "2026年三季度末" for period-end figures
    (stocks, ratios of stocks), "2026年第3季度" for a flow's single quarter (is_ytd=False), "2025年".
    ind: a catalogue row (`indicator_row`); is_ytd: whether the figure is 累计 (default `reads_ytd`)."""
    from texts.i18n import period_text

    ytd = reads_ytd(ind) if is_ytd is None else bool(is_ytd)
    return period_text(period, lang, is_ytd=len(str(period)) > 4 and ytd, stock=not bool(ind["cumulative"]))


def check_measure(measure: str) -> str:
    if measure not in MEASURES:
        raise UserError(f"measure 只能取 {'、'.join(MEASURES)}", f"measure must be one of {', '.join(MEASURES)}")
    return measure


def measure_column(ind: dict, measure: str) -> str:
    """The analysis column a measure reads (completion is computed from the targets)."""
    if measure == "yoy":
        return "yoy_pp" if str(ind["kind"]) == "ratio" else "yoy_pct"
    return {"value": "value", "share": "share_pct", "completion": "completion_pct"}[measure]


def measure_unit(ind: dict, measure: str) -> str:
    if measure == "value":
        return str(ind["unit"])
    return "百分点" if measure == "yoy" and str(ind["kind"]) == "ratio" else "%"


def measure_decimals(ind: dict, measure: str) -> int:
    """The displayed precision ranks and 并列 are judged on (catalogue decimals for the level, else 2)."""
    return int(ind["decimals"]) if measure == "value" else 2


def members(regions: pd.DataFrame, group: str) -> list[str]:
    """The ranked county-level units of a group (a city code), in catalogue order."""
    sel = regions[(regions["parent"].astype(object) == group).to_numpy() & regions["in_rankings"].astype(bool).to_numpy()
                  & (regions["level"].astype(str) == "county").to_numpy()]
    return [str(c) for c in sel["code"]]


def region_names(regions: pd.DataFrame, lang: str = "zh", short: bool = False) -> dict[str, str]:
    """code -> name in the language, the one rule for place names (pages, exports, API).

    regions: the snapshot's regions frame (code, name, short_name, name_en). zh: `name` (清河县), or `short_name`
    (清河) with short=True (the name where there is none). en: `name_en` ("Qinghe County", full also when short:
    "Qinghe" alone drops what kind of unit it is), the Chinese name where a store's region has no English name."""
    codes = regions["code"].astype(str)
    if lang == "en" and "name_en" in regions.columns:
        return {c: (e if isinstance(e, str) and e else str(n))
                for c, e, n in zip(codes, regions["name_en"], regions["name"])}
    if short and "short_name" in regions.columns:
        return {c: (s if isinstance(s, str) and s else str(n))
                for c, s, n in zip(codes, regions["short_name"], regions["name"])}
    return dict(zip(codes, regions["name"].astype(str)))


def region_name(regions: pd.DataFrame, code: str, lang: str = "zh", short: bool = False) -> str:
    """One region's name by `region_names`; the code itself when the region is unknown."""
    return region_names(regions, lang, short).get(str(code), str(code))


def group_of(regions: pd.DataFrame, home: str, group_city: str | None = None) -> str:
    """The home county's comparison group: GROUP_CITY when set, else its parent city."""
    if group_city:
        return str(group_city)
    parent = regions.loc[regions["code"].astype(str) == str(home), "parent"]
    return str(parent.iloc[0]) if len(parent) and isinstance(parent.iloc[0], str) else ""


def comparable_rows(analysis: pd.DataFrame, group: str, indicator: str) -> pd.DataFrame:
    """The group's reported rows of one indicator (members and total; no de-cumulated single periods)."""
    rows = query_group(analysis, group, indicator)
    return rows[~rows["derived_from_ytd"].to_numpy()]


@dataclass(frozen=True)
class Ranking:
    """One ranking. rows: ROW_COLUMNS, one per group member, best first, unranked last (by code).

    value: the level in the catalogue unit; measure: the ranked figure (rounded to `decimals`); rank/rank_prev/
    rank_change/n_ranked: Int64, NA when not published; tied: bool; group_size: N; is_home: bool.
    """

    indicator: dict
    period: str
    is_ytd: bool
    measure: str
    column: str
    unit: str
    decimals: int
    rows: pd.DataFrame
    reported: Completeness       # who has the published figure
    comparable: Completeness     # who has the ranked measure (== reported for the level)
    within_reported: bool
    home: str
    group: str
    group_name: str
    prev_period: str = ""
    home_analysis: dict = field(default_factory=dict)  # the home county's analysis row for the period
    notes: tuple = ()  # figures.notes.note_records: breaks, notes, annual≠累计 of the period (dicts)

    def note_lines(self, lang: str = "zh") -> list[str]:
        """The period's 口径调整 / 说明 / 年报与累计不一致 lines (figures.notes.note_lines) under the chart, the
        slide, the PNG and in the API."""
        from figures.notes import note_lines

        if not self.notes:
            return []
        col = "name" if lang == "zh" else "name_en"
        return note_lines(list(self.notes), dict(zip(self.rows["region"].astype(str), self.rows[col].astype(str))), lang)

    @property
    def ranks_published(self) -> bool:
        return self.comparable.ranks_published(self.within_reported)

    @property
    def scope(self) -> str:
        """"city" (a complete group), "reported" (在已报单位中排名) or "none" (no rank published)."""
        if self.comparable.is_complete:
            return "city"
        return "reported" if self.ranks_published else "none"

    @property
    def home_rank_row(self) -> dict:
        hit = self.rows[self.rows["is_home"].to_numpy()]
        return hit.iloc[0].to_dict() if len(hit) else {}

    @property
    def home_position(self) -> int | None:
        hit = self.rows.index[self.rows["is_home"].to_numpy()]
        return int(hit[0]) if len(hit) else None

    def average(self) -> float | None:
        """Mean of the measure over the units that have it (all members when complete)."""
        return average_of_reported(self.rows["measure"])

    def average_label(self, lang: str = "zh") -> str:
        return self.comparable.average_label(lang)

    @property
    def share_not_applicable(self) -> bool:
        """占全市比重 asked of an indicator that does not add up (a ratio such as R&D强度): no unit has a share, and
        that is no missing report."""
        return self.measure == "share" and not bool(self.indicator.get("additive", True))

    def state_text(self, lang: str = "zh") -> str:
        """"" for a complete group, else "已报 n/N，暂不排名" / "已报 n/N，在已报单位中排名"; for 占全市比重 of an
        indicator that does not add up: SHARE_NA_ZH "该指标不可加总，不计算占全市比重" (never "可比 0/18", which reads as units missing)."""
        if self.share_not_applicable:
            return SHARE_NA_ZH if lang == "zh" else SHARE_NA_EN
        c = self.reported if not self.reported.is_complete else self.comparable
        return c.state_text(lang, self.within_reported and self.ranks_published)

    def within_phrase(self, lang: str = "zh") -> str:
        """"在已报的2个单位中" when the rank is among the reporting units (scope "reported"), "" otherwise: the
        sentence's place of the rank, always with n (figures.completeness.Completeness.within_phrase)."""
        return self.comparable.within_phrase(lang) if self.scope == "reported" else ""

    def measure_name(self, lang: str = "zh") -> str:
        """The ranked measure in words: MEASURE_ZH / MEASURE_EN, but a ratio's 同比 is a change in 百分点, never a
        增速: "同比变动（百分点）" / "year-on-year change (pp)"."""
        if self.measure == "yoy" and str(self.indicator.get("kind")) == "ratio":
            return "同比变动（百分点）" if lang == "zh" else "year-on-year change (pp)"
        return (MEASURE_ZH if lang == "zh" else MEASURE_EN)[self.measure]

    def period_label(self, lang: str = "zh") -> str:
        """The ranked period as officials write it ("2026年1—3季度", "2026年三季度末"): `period_label`."""
        # without a figure for the period the rows say nothing: the indicator's own kind decides (reads_ytd)
        return period_label(self.indicator, self.period, lang, self.is_ytd if self.reported.n else None)

    def bar_names(self, rows: pd.DataFrame | None = None, lang: str = "zh") -> list[str]:
        """The names the charts, slides and meeting mode put on the bars: "3. 清河县" with the published rank in
        front, the name alone where none is published (incomplete group, no figure). rows: a subset of `rows`
        (default all); English names in "en"."""
        rows = self.rows if rows is None else rows
        names = rows["name_en" if lang == "en" else "name"].astype(str).tolist()
        if not self.ranks_published:
            return names
        return [n if pd.isna(k) else f"{int(k)}. {n}" for k, n in zip(rows["rank"], names)]

    @property
    def home_unreported(self) -> bool:
        """The home county (a member of the group) has no figure for the period while other members have one
        (brk3 #2): its value, rank and sentence read `home_unreported_text` instead of being left out."""
        return self.home in self.reported.expected and self.home not in self.reported.reported \
            and self.reported.n > 0

    def home_unreported_text(self, lang: str = "zh") -> str:
        """"本县未报（全市已报 17/18）" ("本区"/"本市" for a district or city) / "not reported by the county (reported
        17/18 in the city)": what stands in the home county's place when `home_unreported` (summary tables, brief,
        footnotes, sentences); the n/N is the group's `reported` (figures.completeness). "" otherwise."""
        if not self.home_unreported:
            return ""
        from indicators.sentences import self_word
        from texts.i18n import t

        names = self.rows.loc[self.rows["is_home"].to_numpy(), "name"]
        who = self_word({"name": str(names.iloc[0]) if len(names) else ""}, lang)
        return t("figures.home_unreported", lang, who=who, reported=self.reported.label(lang))

    def home_rank_text(self, lang: str = "zh") -> str:
        """The home county's rank as exports state it: `home_unreported_text` when the home county has not reported
        while others have, else `rank_text` ("第3/18", "已报 17/18，暂不排名", "—")."""
        return self.home_unreported_text(lang) or self.rank_text(lang=lang)

    def rank_text(self, region: str | None = None, lang: str = "zh") -> str:
        """The rank of `region` (default the home county) as every page and export writes it:
        "第3/18", "并列第3/18"; "在已报单位中排名：第2/2" (n ≥ 2, figures.completeness.MIN_WITHIN); "已报 1/18，暂不排名" when none is published; "—" when
        the region has no figure in a published ranking."""
        region = region or self.home
        if self.scope == "none":
            return self.state_text(lang)
        hit = self.rows[(self.rows["region"] == region).to_numpy()]
        if not len(hit) or pd.isna(hit["rank"].iloc[0]):
            return MISSING
        r = hit.iloc[0]
        if self.scope == "reported":
            text = format_rank(r["rank"], r["n_ranked"], bool(r["tied"]), lang=lang)
            return f"{WITHIN_ZH}：{text}" if lang == "zh" else f"{text} ({WITHIN_EN})"
        return format_rank(r["rank"], r["group_size"], bool(r["tied"]), lang=lang)


def reporting_frequency(snap: Snapshot, indicator: str, period: str, group: str) -> str | None:
    """How `indicator` is reported when it is reported less often than a sub-year `period`: "Y" (按年报送: no member
    of the group, nor the group's total, has ever had a published quarterly or monthly figure) or "Q" (按季报送: on a
    month, quarters but never months); None when figures of the period's kind exist, and for a year. The
    catalogue states no frequency, so the published figures decide (a reporting round likewise expects only what
    the group reports at the round's frequency: data.workflow.rounds.expected_indicators). The overview writes it
    instead of "已报 0/18，暂不排名" (brk5 #14). Reads the group's rows only (indicators.pipeline.query_group)."""
    from indicators.periods import parse_period

    kind = parse_period(str(period))[2]
    if kind == "Y":
        return None
    rows = query_group(snap.analysis, str(group), indicator)
    kinds = set(rows["period_kind"].astype(str).to_numpy()[rows["value"].notna().to_numpy()])
    if kind in kinds:
        return None
    return "Q" if kind == "M" and "Q" in kinds else "Y"


def set_period_kind(rankings: list[Ranking]) -> tuple[bool, bool]:
    """(is_ytd, stock) of the one period name of a view holding several indicators' rankings (deck, brief, their
    file names), decided over the rankings with any figure of the group (`reported.n > 0`; the same set both exports
    show, the home county's own figures or not, so the name never changes with what the home county happens to
    have: brk3 #6). The rule: any 累计 figure names the period by its span ("2026年1—11月", the stocks' end-of-period
    figures stand at its end); only stocks' period-end figures: "2026年11月末"; else a single period or a year."""
    from indicators.periods import parse_period

    shown = [r for r in rankings if r.reported.n > 0] or list(rankings)
    is_ytd = bool(shown) and parse_period(str(shown[0].period))[2] != "Y" and any(r.is_ytd for r in shown)
    stock = bool(shown) and not is_ytd and all(not bool(r.indicator["cumulative"]) for r in shown)
    return is_ytd, stock


def set_period_text(period: str, rankings: list[Ranking], lang: str = "zh") -> str:
    """The one period name of an export over several indicators (`set_period_kind`, texts.i18n.period_text): deck
    title and summary, brief title and 总体情况, both file names. "2026年1—11月" / "Jan–Nov 2026", "2026年11月末" /
    "end of Nov 2026", "2025年" / "2025"."""
    from texts.i18n import period_text

    is_ytd, stock = set_period_kind(rankings)
    return period_text(period, lang, is_ytd=is_ytd, stock=stock)


def any_within_reported(rankings: list[Ranking]) -> bool:
    """Whether any of these rankings publishes its ranks among the reporting units only (scope "reported",
    在已报单位中排名): then a brief or deck over them may not call its ranks city ranks (issue brk5 #11)."""
    return any(r.scope == "reported" for r in rankings)


@dataclass(frozen=True)
class _Block:
    """One indicator's reported rows of one group's members, as arrays (built once per snapshot)."""

    rows: pd.DataFrame          # the analysis rows (members only, no de-cumulated single periods)
    region: np.ndarray          # str
    period: np.ndarray          # str
    is_ytd: np.ndarray          # bool
    columns: dict               # column name -> float array (value, yoy_pct, yoy_pp, share_pct)


def _block(snap: Snapshot, group: str, indicator: str, expected: tuple[str, ...]) -> _Block:
    key = ("figures.block", group, indicator, expected)
    memo = getattr(snap, "memo", None)
    if memo is not None and key in memo:
        return memo[key]
    rows = comparable_rows(snap.analysis, group, indicator)
    rows = rows[rows["region"].astype(str).isin(list(expected)).to_numpy()]
    block = _Block(rows, rows["region"].astype(str).to_numpy(dtype=object),
                   rows["period"].astype(str).to_numpy(dtype=object), rows["is_ytd"].to_numpy(dtype=bool),
                   {c: rows[c].to_numpy(dtype=float, na_value=np.nan)
                    for c in ("value", "yoy_pct", "yoy_pp", "share_pct")})
    if memo is not None:
        memo[key] = block
    return block


def _period_mask(b: _Block, period: str) -> np.ndarray:
    """Rows of one period: 累计 when the group reported 累计 rows for it, else the period-end/single ones."""
    mask = b.period == period
    if len(period) > 4 and (mask & b.is_ytd).any():
        mask &= b.is_ytd
    return mask


def _figures(b: _Block, mask: np.ndarray, ind: dict, measure: str, targets: pd.DataFrame | None, period: str):
    """(regions, values, measure rounded to the displayed precision) of the masked rows."""
    regions, value = b.region[mask], b.columns["value"][mask]
    if measure == "completion":
        actual = pd.DataFrame({"indicator": str(ind["code"]), "region": regions, "period": period, "value": value})
        t = targets if targets is not None else pd.DataFrame(columns=["indicator", "region", "year", "value"])
        t = t[t["indicator"].astype(str) == str(ind["code"])] if len(t) else t
        figure = completion(actual, t)["completion_pct"].to_numpy(dtype=float, na_value=np.nan)
    else:
        figure = b.columns[measure_column(ind, measure)][mask]
    return regions, value, round_half_up(figure, measure_decimals(ind, measure))


def _period_ranking(b: _Block, period: str, ind: dict, measure: str, expected: tuple[str, ...],
                    within_reported: bool, targets: pd.DataFrame | None):
    """(by-region dict of (value, measure, rank, tied, n_ranked), reported, comparable)."""
    regions, value, figure = _figures(b, _period_mask(b, period), ind, measure, targets, period)
    have_value = set(regions[np.isfinite(value)])
    reported = Completeness(expected, tuple(c for c in expected if c in have_value), "reported")
    if measure == "value":
        comparable = reported
    else:
        have = set(regions[np.isfinite(figure)])
        comparable = Completeness(expected, tuple(c for c in expected if c in have), "comparable")
    if comparable.ranks_published(within_reported):
        rank, tied = rank_vector(figure, int(ind["polarity"]))
    else:
        rank, tied = np.zeros(len(figure), dtype=np.int64), np.zeros(len(figure), dtype=bool)
    n_ranked = int((rank > 0).sum())
    by_region = {r: (v, f, int(k) if k > 0 else None, bool(t), n_ranked if k > 0 else None)
                 for r, v, f, k, t in zip(regions, value, figure, rank, tied)}
    return by_region, reported, comparable


def _ranked(b: _Block, period: str, ind: dict, measure: str, expected: tuple[str, ...], within_reported: bool,
            targets: pd.DataFrame | None):
    """_period_ranking of `period` (now, reported, comparable), the period one year earlier, and the ranks of that
    year by region where a rank change may be published: both years ranked among the same set of units (every
    member both years, or the same reporting units: 第1/2 last year and 并列第2/5 now are no 降1位); {} otherwise,
    and the change is withheld ("—", "上年无可比位次")."""
    now, reported, comparable = _period_ranking(b, period, ind, measure, expected, within_reported, targets)
    prev = shift_years(period, -1)
    before, _, prev_comp = _period_ranking(b, prev, ind, measure, expected, within_reported, targets)
    same_basis = comparable.ranks_published(within_reported) and prev_comp.ranks_published(within_reported) \
        and comparable.reported == prev_comp.reported
    rank_prev = {code: rec[2] for code, rec in before.items() if rec[2] is not None} if same_basis else {}
    return now, reported, comparable, prev, rank_prev


def row_ranks(snap: Snapshot, rows: pd.DataFrame) -> pd.DataFrame:
    """The published 位次 of analysis rows (a subset of snap.analysis), for the data table of the API
    (/api/v1/observations) and the table exports: what `ranking(..., measure="value")` publishes for the row's
    indicator, comparison group and period, so that a table never states another rank than the pages.

    Returns a frame on rows.index with columns rank, rank_change, n_ranked (Int64) and tied (bool). A row has a
    rank only where the ranking publishes one: a member of a complete group (the completeness rule), on the rows
    the ranking compares (the annual figure; for a quarter or month the 累计 rows where the group reported 累计,
    never a de-cumulated single period), ranked on the displayed precision with 并列; rank_change only when the
    year before was ranked on the same basis. n_ranked: the members with a figure for the period (the n of
    "已报 n/N") on those rows, NA elsewhere (group totals, development zones, de-cumulated rows)."""
    n = len(rows)
    rank, change, n_ranked = (np.full(n, np.nan) for _ in range(3))
    tied = np.zeros(n, dtype=bool)
    if n:
        group = rows["group"].astype(object).to_numpy()
        eligible = pd.notna(group) & ~rows["is_group_total"].to_numpy(dtype=bool) \
            & ~rows["derived_from_ytd"].to_numpy(dtype=bool)
        pos = np.flatnonzero(eligible)
        keys = pd.DataFrame({"indicator": rows["indicator"].astype(str).to_numpy()[pos], "group": group[pos].astype(str),
                             "period": rows["period"].astype(str).to_numpy()[pos]})
        region = rows["region"].astype(str).to_numpy()
        is_ytd = rows["is_ytd"].to_numpy(dtype=bool)
        expected_of: dict[str, tuple[str, ...]] = {}
        ind_of: dict[str, dict] = {}
        for (code, grp, period), idx in keys.groupby(["indicator", "group", "period"], sort=False).indices.items():
            if grp not in expected_of:
                expected_of[grp] = tuple(members(snap.regions, grp))
            if code not in ind_of:
                ind_of[code] = indicator_row(code)
            expected, ind = expected_of[grp], ind_of[code]
            b = _block(snap, grp, code, expected)
            now, _, comparable, _, rank_prev = _ranked(b, period, ind, "value", expected, False, snap.targets)
            ranked_ytd = bool(len(period) > 4 and (_period_mask(b, period) & b.is_ytd).any())
            published = comparable.ranks_published(False)
            for i in pos[idx]:
                if is_ytd[i] != ranked_ytd or region[i] not in expected:
                    continue
                n_ranked[i] = comparable.n
                k = now.get(region[i], (None, None, None, False, None))[2] if published else None
                if k is not None:
                    rank[i], tied[i] = k, now[region[i]][3]
                    kp = rank_prev.get(region[i])
                    change[i] = np.nan if kp is None else kp - k
    def ints(a: np.ndarray) -> pd.arrays.IntegerArray:
        return pd.arrays.IntegerArray(np.where(np.isnan(a), 0, a).astype(np.int64), np.isnan(a))

    return pd.DataFrame({"rank": ints(rank), "rank_change": ints(change), "n_ranked": ints(n_ranked), "tied": tied},
                        index=rows.index)


def ranking(snap: Snapshot, indicator: str, period: str, measure: str = "value", *, home: str,
            group: str | None = None, within_reported: bool = False) -> Ranking:
    """The ranking of `group` (default: the home county's parent city) on `measure` for `period`.

    snap: data.snapshot.Snapshot (analysis, regions, targets). Raises UserError 400 for an unknown indicator or
    measure or a malformed period; an empty ranking (every rank NA, `reported.n == 0`) when nobody reported.
    """
    ind = indicator_row(indicator)
    check_measure(measure)
    try:
        parse_period(period)
    except ValueError:
        raise UserError(f"期间格式不对：{period}（应为 2023、2023Q3 或 2023M09）",
                        f"Bad period: {period} (use 2023, 2023Q3 or 2023M09)") from None
    group = group or group_of(snap.regions, home)
    expected = tuple(members(snap.regions, group))
    b = _block(snap, group, indicator, expected)
    now, reported, comparable, prev, rank_prev = _ranked(b, period, ind, measure, expected, within_reported,
                                                         snap.targets)
    empty = (np.nan, np.nan, None, False, None)
    recs = []
    for code in expected:
        v, f, k, t, n = now.get(code, empty)
        kp = rank_prev.get(code) if k is not None else None
        recs.append((code, v, f, k, t, kp, None if kp is None else kp - k, n))
    out = pd.DataFrame(recs, columns=["region", "value", "measure", "rank", "tied", "rank_prev", "rank_change",
                                      "n_ranked"])
    for c in ("rank", "rank_prev", "rank_change", "n_ranked"):
        out[c] = pd.array([None if x is None or pd.isna(x) else int(x) for x in out[c]], dtype="Int64")
    out["value"] = out["value"].astype(float)
    out["measure"] = out["measure"].astype(float)
    out["tied"] = out["tied"].astype(bool)
    out["group_size"] = len(expected)
    reg = snap.regions.set_index(snap.regions["code"].astype(str))
    out["name"] = out["region"].map(reg["name"])
    out["short_name"] = out["region"].map(reg["short_name"])
    out["name_en"] = out["region"].map(region_names(snap.regions, "en"))  # Chinese where the store has none
    out["is_home"] = out["region"] == str(home)
    if comparable.ranks_published(within_reported):
        key = out["rank"].astype("float64").fillna(np.inf).to_numpy()
    else:  # no rank: best figure first all the same (a reading order, not a rank), missing last
        m = out["measure"].to_numpy(dtype=float) * (1 if int(ind["polarity"]) < 0 else -1)
        key = np.where(np.isfinite(m), m, np.inf)
    order = np.lexsort((out["region"].to_numpy(dtype=str), key))
    out = out.iloc[order].reset_index(drop=True)
    mask = _period_mask(b, period)
    is_ytd = bool(len(period) > 4 and (mask & b.is_ytd).any())
    home_pos = np.flatnonzero(mask & (b.region == str(home)))
    home_row = b.rows.iloc[int(home_pos[0])].to_dict() if len(home_pos) else {}
    return Ranking(ind, period, is_ytd, measure, measure_column(ind, measure), measure_unit(ind, measure),
                   measure_decimals(ind, measure), out[ROW_COLUMNS], reported, comparable, within_reported,
                   str(home), group, str(reg["name"].get(group, group)), prev, home_row,
                   tuple(note_records(snap, ind, period, list(expected), rows=b.rows)))


def periods(snap: Snapshot, indicator: str, group: str) -> list[str]:
    """Periods with figures for the group's members, newest first: years, then quarters, then months."""
    rows = comparable_rows(snap.analysis, group, indicator)
    rows = rows[rows["value"].notna().to_numpy() & ~rows["is_group_total"].to_numpy()]
    found = set(map(str, pd.unique(rows["period"].astype(str))))
    return sorted((p for p in found if len(p) == 4), reverse=True) + \
        sorted((p for p in found if len(p) > 4), reverse=True)


def _home_reported(snap: Snapshot, home: str, codes: list[str], annual: bool = False) -> pd.DataFrame:
    """The home county's published rows of `codes` that count as reported: 累计 or period-end figures, never the
    de-cumulated single periods; only years when `annual`."""
    from indicators.pipeline import query_region

    rows = query_region(snap.analysis, str(home), codes)
    keep = rows["value"].notna().to_numpy() & ~rows["derived_from_ytd"].to_numpy()
    if annual:
        keep &= (rows["period_kind"] == "Y").to_numpy()
    return rows[keep]


def _newest_first(periods: set[str]) -> list[str]:
    """Periods newest first by the month they end: 2026Q1 before 2026M02, a year before its own Q4, a Q4 before
    December."""
    from indicators.periods import months_elapsed

    return sorted(periods, key=lambda p: (parse_period(p)[0], months_elapsed(p), len(p) == 4, p), reverse=True)


def home_periods(snap: Snapshot, home: str, codes: list[str], annual: bool = False) -> list[str]:
    """Periods for which the home county has a published figure of any of `codes` (`_home_reported`), newest first
    (`_newest_first`). The one period choice of the overview, the rankings' default year, the API and the exports."""
    rows = _home_reported(snap, home, codes, annual)
    return _newest_first(set(map(str, pd.unique(rows["period"].astype(str)))))


def _codes_by_period(snap: Snapshot, home: str, codes: list[str], annual: bool = False) -> dict[str, list[str]]:
    """{period: the `codes` the home county has a published figure for in it (`_home_reported`)}, newest first."""
    rows = _home_reported(snap, home, codes, annual)
    have = rows.groupby(rows["period"].astype(str), observed=True)["indicator"].agg(lambda s: set(s.astype(str)))
    return {p: [c for c in codes if c in have[p]] for p in _newest_first(set(have.index))}


def home_coverage(snap: Snapshot, home: str, codes: list[str], annual: bool = False) -> dict[str, int]:
    """{period: how many of `codes` the home county has a published figure for in it}, over the rows of
    `home_periods`, in its order."""
    return {p: len(have) for p, have in _codes_by_period(snap, home, codes, annual).items()}


def default_period(snap: Snapshot, home: str, codes: list[str], annual: bool = False,
                   group: str | None = None) -> str | None:
    """The period a view of several indicators opens on when none is asked (the overview, the brief, the deck),
    in `home_periods` order (newest first), the first of:
    1. a period in which the home county has figures for at least half of the `codes` it has ever reported
       (rounded up) and at least one of them is ranked (its `group`, default the home county's city, has all
       reported: `Ranking.ranks_published`);
    2. a period with that half, ranked or not;
    3. the newest period with any figure.
    None when the home county has no figure.

    Why: one early upload must not move the overview, the brief, the deck and the screen onto a period where every
    card is empty (one 10月 R&D figure: finding 7 of stop 24) or where nothing can be ranked yet (1—10月 from three
    counties: "已报 3/18，暂不排名" on every slide while the third quarter is complete; break pass of stop 25). The
    newer period stays one click away in the period picker."""
    cover = _codes_by_period(snap, home, codes, annual)
    if not cover:
        return None
    ever = len(set().union(*map(set, cover.values())))
    half = [p for p, have in cover.items() if len(have) >= max(1, -(-ever // 2))]
    for p in half:
        if any(ranking(snap, c, p, "value", home=home, group=group).ranks_published for c in cover[p]):
            return p
    return half[0] if half else next(iter(cover))


def latest_period(snap: Snapshot, home: str, codes: list[str], annual: bool = True) -> str | None:
    """The newest of `home_periods` (a year when `annual`); None when the home county has no figure."""
    found = home_periods(snap, home, codes, annual)
    return found[0] if found else None


def history(snap: Snapshot, indicator: str, measure: str, *, home: str, group: str, years: int = 6,
            within_reported: bool = False) -> tuple[list[str], pd.DataFrame]:
    """Annual ranks over the last `years` years with figures: (years, wide frame region × year of Int ranks),
    each year by `ranking()` (a year without a published rank is a gap)."""
    ys = [p for p in periods(snap, indicator, group) if len(p) == 4][:years][::-1]
    cols = {}
    for y in ys:
        r = ranking(snap, indicator, y, measure, home=home, group=group, within_reported=within_reported)
        cols[y] = r.rows.set_index("region")["rank"]
    wide = pd.DataFrame(cols, index=pd.Index(members(snap.regions, group), name="region"))
    wide = wide.dropna(how="all")
    return ys, wide


def link_period(asked: object, offered: list[str], default: str | None) -> str | None:
    """The period a page shows for a link's ?period= (the one rule of the overview and the rankings page): the asked
    period when offered; when it is not (rolled back, never published), the newest offered period of the same kind
    ending no later than it, else of any kind (a year before a quarter ending the same day): a rolled-back
    2026年1—10月 shows 2026年1—3季度 on both pages, a rolled-back 2025年 shows 2024年; else (a malformed period, or
    one before every figure) the page's `default`."""
    from indicators.periods import months_elapsed

    if asked is None or str(asked) == "":
        return default
    asked = str(asked)
    if asked in offered:
        return asked

    def end(p: str) -> tuple[int, int]:
        return parse_period(p)[0], months_elapsed(p)

    try:
        limit, kind = end(asked), parse_period(asked)[2]
    except ValueError:
        return default
    before = [p for p in offered if end(p) <= limit]
    same = [p for p in before if parse_period(p)[2] == kind]
    pool = same or before
    return max(pool, key=lambda p: (end(p), -"YQM".index(parse_period(p)[2]))) if pool else default
