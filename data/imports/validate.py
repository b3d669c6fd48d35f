"""Checks across rows and against the published store: ranges, unit scale, duplicates, 累计 that falls,
合计 vs the sum of counties, large 同比 swings. Vectorised: joins and group-bys, no per-cell loops."""
from __future__ import annotations
from typing import TYPE_CHECKING

from decimal import Decimal

import numpy as np
import pandas as pd

from data.catalogue import CITY_TOTAL_LEVELS
from data.frames import Distinct, factorize_keep_na, map_distinct
from data.imports import problems as P
from indicators.periods import MONTHS_PER_PERIOD, parse_many
from indicators.sentences import MONTHS_EN

if TYPE_CHECKING:
    from datetime import date

KEY = ["indicator", "region", "period", "is_ytd"]
YOY_THRESHOLD = 0.5          # |同比| above 50 % needs a confirming note
MAX_AMOUNT = 1e9             # 万元: ten trillion yuan, far beyond any county or city
SCALE_RATIO = 1000           # a value this many times off its own history suggests 元 vs 万元


def check(obs: pd.DataFrame, published: pd.DataFrame, indicators: pd.DataFrame, regions: pd.DataFrame,
          today: date | None = None) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Returns (obs with duplicates collapsed, problems)."""
    probs: list[pd.DataFrame] = []
    if obs.empty:
        return obs, probs
    inds = indicators.set_index("code")
    ind = Distinct(obs["indicator"])   # the indicator column factorised once for every catalogue look-up below
    kind = ind.map(inds["kind"])
    v = obs["value"]
    probs.append(P.make("negative", obs[(kind.isin(["amount", "count"])) & (v < 0)]))
    probs.append(P.make("out_of_range", obs[(kind == "amount") & (v.abs() > MAX_AMOUNT)]))
    frac = (kind == "count") & v.notna() & ((v - v.round()).abs() > 1e-9)
    probs.append(P.make("not_integer", obs[frac]))

    # Duplicates: same key twice. Same value -> keep one (warning); different -> error on every cell.
    dup = obs.duplicated(KEY, keep=False)
    if dup.any():
        d = obs[dup]
        nvals = d.groupby(KEY, dropna=False)["value"].transform(lambda s: s.round(9).nunique(dropna=False))
        conflict = d[nvals > 1]
        if len(conflict):
            # every value the key was given, in the file's order ("12305、9999"): the cell's own and the others
            values = conflict.groupby(KEY, dropna=False)["value"].transform(
                lambda s: "、".join(dict.fromkeys(P.show_value(x) for x in s)))
            probs.append(P.make("duplicate_conflict", conflict,
                                extra_zh="同一地区、指标和期别出现多次，数值分别为 " + values.astype(str),
                                extra_en="the same region, indicator and period appears with values "
                                + values.astype(str).str.replace("、", ", ")))
        same = d[nvals <= 1]
        later = same[same.duplicated(KEY, keep="first")]
        probs.append(P.make("duplicate", later))
        obs = obs[~obs.index.isin(later.index)]
        ind = Distinct(obs["indicator"])

    hist = published[published["value"].notna()] if len(published) else published
    # A marker (—, /, -) where a figure is published: publishing would blank the published figure. Say so.
    if len(hist) and obs["value"].isna().any():
        old = hist.drop_duplicates(KEY, keep="last").set_index(KEY)["value"]
        keys = pd.MultiIndex.from_frame(obs[KEY])
        before = pd.Series(old.reindex(keys).to_numpy(), index=obs.index)
        cleared = obs["value"].isna() & before.notna()
        if cleared.any():
            probs.append(P.make("value_cleared", obs[cleared],
                                extra_zh="已发布的数值为 " + before[cleared].pipe(P.txt) + "，发布后将变为空",
                                extra_en="the published figure " + before[cleared].pipe(P.txt) + " would become empty"))
    # Unit scale: far off the same region's own published history (amounts only).
    if len(hist):
        nz = hist[hist["value"] != 0]
        med = nz["value"].abs().groupby([nz["indicator"], nz["region"]]).median()
        ref = _by_pair(med, obs, ind)
        amount = ind.map(inds["kind"]).eq("amount")
        ratio = obs["value"].abs() / ref
        off = amount & ref.notna() & (ref > 0) & obs["value"].ne(0) & ((ratio >= SCALE_RATIO) | (ratio <= 1 / SCALE_RATIO))
        if off.any():
            o = obs[off]
            r = ratio[off]
            hint_zh = np.where(r >= 1, "约为历史水平的 " + r.round(0).map("{:,.0f}".format).astype(object) + " 倍，可能把“元”当成了“万元”",
                               "约为历史水平的 1/" + (1 / r).round(0).map("{:,.0f}".format).astype(object) + "，可能把“亿元”或“万元”弄混")
            hint_en = np.where(r >= 1, "≈" + r.round(0).map("{:,.0f}".format).astype(object) + "× history (元 entered as 万元?)",
                               "≈1/" + (1 / r).round(0).map("{:,.0f}".format).astype(object) + " of history (亿元/万元 mix-up?)")
            probs.append(P.make("unit_scale", o, extra_zh=hint_zh, extra_en=hint_en))

    # Reference table: this file's figures first, then the published ones.
    lookup = _KeyLookup(obs, hist)
    periods = Distinct(obs["period"])   # periods derived per row (last year's, the year's Q4 …) are coded by it

    # 累计 that falls within the year: against every other 累计 of the same year, months and quarters alike, in the
    # file or the store (bp4: 1—10月 below the published 1—9月 (Q3), a 1—6月 above a later 1—9月 passed)
    probs.append(_ytd_out_of_order(obs, hist, inds))
    probs.append(_single_above_ytd(obs, hist, inds))
    # A 其中 part (catalogue `parent`) above its whole: in the file an error, against the store a warning.
    probs.append(_part_above_whole(obs, hist, inds))

    # An annual figure of a flow against its 1—12月 累计 (Q4, else M12), in the file or the store, both ways.
    probs.append(_annual_ytd_mismatch(obs, inds, lookup, ind, periods))

    # 同比: against the given 上年同期 base, else last year's figure in the file or the store.
    p = periods.values()
    last_year = (periods.codes, ((p.str[:4].astype(int) - 1).astype(str) + p.str[4:]).to_numpy(dtype=object))
    prior = obs["base_value"].where(obs["base_value"].notna(),
                                    lookup(obs["indicator"], obs["region"], last_year, obs["is_ytd"]))
    change = obs["value"] / prior - 1
    counts_ok = (kind != "count") | ((obs["value"] - prior).abs() >= 5)
    swing = kind.isin(["amount", "count"]) & (prior > 0) & change.abs().gt(YOY_THRESHOLD) & counts_ok
    unconfirmed = swing & obs["note"].isna()
    if unconfirmed.any():
        o = obs[unconfirmed]
        pct = (change[unconfirmed] * 100).map("{:+.2f}%".format).astype(object)
        probs.append(P.make("yoy_swing", o, extra_zh="同比 " + pct + "（上年同期 " + prior[unconfirmed].pipe(P.txt) + "）",
                            extra_en="YoY " + pct + " (last year " + prior[unconfirmed].pipe(P.txt) + ")"))
    given = obs["reported_yoy"].notna() & obs["base_value"].notna() & (obs["base_value"] > 0)
    calc = (obs["value"] / obs["base_value"] - 1) * 100
    incons = given & (calc - obs["reported_yoy"]).abs().gt(0.1)
    if incons.any():
        o = obs[incons]
        if "yoy_col" in o:   # the cell at fault is the 同比 cell, not the value beside it
            o = o.assign(row=o["yoy_row"].astype(int), col=o["yoy_col"].astype(int))
        probs.append(P.make("yoy_inconsistent", o, extra_zh="填报 " + o["reported_yoy"].map("{:.2f}%".format).astype(object)
                            + "，按本期/上年同期计算为 " + calc[incons].map("{:.2f}%".format).astype(object),
                            extra_en=o["reported_yoy"].map("{:.2f}%".format).astype(object) + " vs " + calc[incons].map("{:.2f}%".format).astype(object)))

    # 合计 vs the sum of the city's counties (only when every county is in the file).
    mismatch, contradicting = _total_mismatch(obs, inds, regions, ind)
    probs.append(mismatch)
    if len(contradicting):   # a city's figure contradicting all its listed units: left out, said (P.NOT_STORED)
        obs = obs.drop(index=contradicting)
    return obs, probs


def _by_pair(by: pd.Series, obs: pd.DataFrame, ind: Distinct) -> pd.Series:
    """by (a Series on an (indicator, region) MultiIndex) for each row of obs, NaN where it has no entry: what
    `by.reindex(pd.MultiIndex.from_frame(obs[["indicator", "region"]]))` gives, as a Series on obs' index.
    Looked up once per distinct pair (a few hundred among 100k rows) and spread back by the pair codes; `ind`
    is obs' indicator column factorised."""
    region_codes, _ = factorize_keep_na(obs["region"])
    pair_codes, pairs = pd.factorize(ind.codes.astype(np.int64) * (int(region_codes.max(initial=0)) + 2)
                                     + region_codes)
    first = np.empty(len(pairs), dtype=np.intp)
    first[pair_codes[::-1]] = np.arange(len(pair_codes))[::-1]   # each pair's first row (the last write wins)
    got = by.reindex(pd.MultiIndex.from_frame(obs[["indicator", "region"]].iloc[first])).to_numpy()
    return pd.Series(got[pair_codes], index=obs.index)


class _KeyLookup:
    """Reference figures by (indicator, region, period, is_ytd): this file's figures first, then the published
    ones (`hist`), the first of each key kept. A call gives, for each row of obs, the reference value of the
    key it is asked for, NaN where there is none: what
    `pd.concat([obs, hist])[KEY + ["value"]].drop_duplicates(KEY).set_index(KEY)["value"].reindex(
    MultiIndex.from_arrays([ind, reg, per, ytd]))` gives, as a Series on obs' index.

    Each key column of obs and hist is factorised once, together, and the four codes make one integer key. A
    query column that is obs' own is coded already; another is factorised (or given coded: (codes, values)
    with values[codes] its rows' values) and its distinct values found in the column's vocabulary."""

    def __init__(self, obs: pd.DataFrame, hist: pd.DataFrame):
        self.obs, self.hist = obs, hist
        n = len(obs)
        self._vocab: dict[str, pd.Index] = {}
        self._own: dict[str, np.ndarray] = {}
        codes = {}
        for c in KEY:
            both = obs[c].to_numpy(dtype=object)
            if len(hist):
                both = np.concatenate([both, hist[c].to_numpy(dtype=object)])
            codes[c], uniq = factorize_keep_na(both)
            self._vocab[c] = pd.Index(uniq, dtype=object)
            self._own[c] = codes[c][:n]
        self._radix = [len(self._vocab[c]) + 1 for c in KEY]
        size = 1
        for r in self._radix:
            size *= r
        self._wide = size >= 2 ** 62   # keys too many to number in one integer: the MultiIndex way
        values = obs["value"].to_numpy(dtype=float)
        if len(hist):
            values = np.concatenate([values, hist["value"].to_numpy(dtype=float)])
        if self._wide:
            return
        key = self._combine([codes[c] for c in KEY], n + (len(hist) if len(hist) else 0))
        keys, first = np.unique(key, return_index=True)   # the first row of each key
        self._keys = pd.Index(keys)                       # hashed once for every lookup
        self._values = values[first]

    def _combine(self, parts: list[np.ndarray], length: int) -> np.ndarray:
        key = np.zeros(length, dtype=np.int64)
        for part, radix in zip(parts, self._radix):
            key = key * radix + part
        return key

    def _code(self, col: str, query: pd.Series | tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Codes of `query` in the vocabulary of `col`; -1 for a value neither obs nor hist has."""
        if isinstance(query, tuple):
            codes, uniq = query
        else:
            if col in self._own and _same_array(query, self.obs[col]):
                return self._own[col]
            if query.dtype == np.dtype(bool):   # a flag column (is_ytd): factorised as numbers, its two values as objects
                codes, uniq = pd.factorize(query.to_numpy())
                uniq = uniq.astype(object)
            else:
                codes, uniq = factorize_keep_na(np.asarray(query, dtype=object))
        where = self._vocab[col].get_indexer(pd.Index(uniq, dtype=object))
        return where[codes] if len(codes) else np.zeros(0, dtype=np.intp)

    def __call__(self, ind: pd.Series, reg: pd.Series, per: pd.Series | tuple[np.ndarray, np.ndarray],
                 ytd: pd.Series) -> pd.Series:
        if self._wide:
            if isinstance(per, tuple):
                per = pd.Series(np.asarray(per[1], dtype=object)[per[0]], index=self.obs.index, dtype=object)
            ref = pd.concat([self.obs[KEY + ["value"]], self.hist[KEY + ["value"]]]) if len(self.hist) \
                else self.obs[KEY + ["value"]]
            ref = ref.drop_duplicates(KEY, keep="first").set_index(KEY)["value"]
            idx = pd.MultiIndex.from_arrays([ind, reg, per, ytd], names=KEY)
            return pd.Series(ref.reindex(idx).to_numpy(), index=self.obs.index)
        parts = [self._code(col, q) for col, q in zip(KEY, (ind, reg, per, ytd))]
        missing = np.zeros(len(self.obs), dtype=bool)
        for p in parts:
            missing |= p < 0
        pos = self._keys.get_indexer(self._combine(parts, len(self.obs)))
        found = ~missing & (pos >= 0)
        out = np.full(len(self.obs), np.nan)
        out[found] = self._values[pos[found]]
        return pd.Series(out, index=self.obs.index)


def _same_array(a: pd.Series, b: pd.Series) -> bool:
    """Whether two Series hold the very same values array (one column read twice), not merely equal values."""
    x, y = a.to_numpy(), b.to_numpy()
    return (x.dtype == y.dtype and x.shape == y.shape and x.strides == y.strides
            and x.__array_interface__["data"][0] == y.__array_interface__["data"][0])


def _annual_ytd_mismatch(obs: pd.DataFrame, inds: pd.DataFrame, lookup: _KeyLookup, ind: Distinct,
                         periods: Distinct) -> pd.DataFrame:
    """Flows (catalogue `cumulative`) whose annual figure and 1—12月 累计 differ at the catalogue decimals
    (四舍五入): an annual row against the year's Q4 累计 (else M12 累计), a Q4/M12 累计 row against the annual
    figure, each looked up in this file first, then among the published figures. Warning: the annual figure
    (年报) may rightly replace the 快报 累计; figures.notes marks the pair on every page until they agree.
    `ind` and `periods`: obs' indicator and period columns, factorised (data.frames.Distinct)."""
    from indicators.formatting import round_half_up

    flow = ind.map(inds["cumulative"]).fillna(False).astype(bool)
    dec = ind.map(inds["decimals"]).fillna(0).astype(int)
    annual = flow & (obs["period_kind"] == "Y")
    year_of = periods.values().str[:4]   # per distinct period: the periods looked up, coded as obs' periods are

    def year_end(suffix: str) -> pd.Series:
        """Per row: the period is its year's `suffix` (Q4, M12), decided once per distinct period."""
        same = periods.values() == year_of + suffix
        if same.dtype != np.dtype(bool):   # a nullable text column: row by row, as it always was
            return obs["period"] == obs["period"].str[:4] + suffix
        return pd.Series(same.to_numpy()[periods.codes], index=obs.index)
    q4 = flow & obs["is_ytd"].astype(bool) & year_end("Q4")
    m12 = flow & obs["is_ytd"].astype(bool) & year_end("M12")
    if not (annual | q4 | m12).any():
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    indicator, reg = obs["indicator"], obs["region"]
    true = pd.Series(True, index=obs.index)

    def coded(suffix: str) -> tuple[np.ndarray, np.ndarray]:
        return periods.codes, (year_of + suffix).to_numpy(dtype=object)
    by_q4 = lookup(indicator, reg, coded("Q4"), true)
    other = by_q4.where(by_q4.notna(), lookup(indicator, reg, coded("M12"), true))
    # a Q4 or M12 累计 row compares with the annual figure; M12 only where no Q4 累计 exists (the rule of figures.notes)
    yearly = lookup(indicator, reg, coded(""), pd.Series(False, index=obs.index))
    other = other.where(annual, yearly.where(q4 | (m12 & by_q4.isna()), np.nan))
    # rounded only where both figures exist (a row without one never differs)
    both = ((annual | q4 | m12) & (obs["value"] == obs["value"]) & (other == other)).to_numpy()
    differ = np.zeros(len(obs), dtype=bool)
    if both.any():
        differ[both] = [round_half_up(a, d) != round_half_up(b, d) for a, b, d in
                        zip(obs["value"][both].tolist(), other[both].tolist(), dec[both].tolist())]
    differ = pd.Series(differ, index=obs.index)
    bad = (annual | q4 | m12) & differ
    if not bad.any():
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    year = obs["period"].str[:4]
    other_period = pd.Series(np.where(by_q4.notna(), year + "Q4", year + "M12"), index=obs.index).where(annual, year)
    o = obs[bad]
    ref_zh = np.where(annual[bad], other_period[bad].str[:4] + "年" + np.where(other_period[bad].str[4] == "Q",
                                                                               "1—4季度累计", "1—12月累计"), year[bad] + "年年报数")
    ref_en = np.where(annual[bad], "Jan–Dec YTD (" + other_period[bad] + ")", "annual figure " + year[bad])
    shown = other[bad].pipe(P.txt)
    return P.make("annual_ytd_mismatch", o,
                  extra_zh="本数 " + o["value"].pipe(P.txt) + "，" + pd.Series(ref_zh, index=o.index) + " " + shown,
                  extra_en=o["value"].pipe(P.txt) + " vs " + pd.Series(ref_en, index=o.index) + " " + shown)


def total_tolerance(values: np.ndarray, members: int, is_count: bool) -> float:
    """How far a 小计/合计 may lie from the sum of its members. Counts (家, 个, 人) add up exactly. Amounts
    are each rounded where they were published, so the sum may drift by half a unit of the last decimal
    shown per member at the very most; n independent roundings spread with a standard deviation of √(n/12)
    units, so a drift beyond √n units (3.5 of those deviations; at most n/2) is no rounding: with whole 万元,
    1 for two members, 4.4 for the 19 rows of a city (160707 against 160716 is a typo, br8), 0.01亿元 for two
    members to two decimals (3.39 against 1.1 + 2.2 is a mismatch of 0.09亿元, never rounding)."""
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    places = int(decimal_places(finite).max(initial=0))
    return float(tolerances(np.array([places]), np.array([np.max(np.abs(values), initial=0.0)]),
                            np.array([members]), np.array([is_count]))[0])


def tolerances(places: np.ndarray, largest: np.ndarray, members: np.ndarray, is_count: np.ndarray) -> np.ndarray:
    """total_tolerance for many totals at once (one rule): places, the most decimals shown among a total's figures
    (decimal_places); largest, the largest absolute figure among them; members, how many were summed; is_count."""
    members = np.asarray(members, dtype=float)
    units = np.minimum(0.5 * members, np.sqrt(members))
    amount = np.maximum(units * 10.0 ** -np.asarray(places, dtype=float), np.asarray(largest, dtype=float) * 1e-9)
    return np.where(np.asarray(is_count, dtype=bool), np.asarray(largest, dtype=float) * 1e-12, amount)


def decimal_places(values: np.ndarray) -> np.ndarray:
    """The decimals each figure shows (its shortest repr: 12305.0 -> 0, 1.2305 -> 4, 1e-05 -> 5), int per value;
    worked out once per distinct figure."""
    values = np.asarray(values, dtype=float)
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    uniq, inverse = np.unique(values, return_inverse=True)
    places = np.fromiter((max(0, -Decimal(repr(float(v))).normalize().as_tuple().exponent) if np.isfinite(v) else 0
                          for v in uniq), dtype=np.int64, count=len(uniq))
    return places[inverse.reshape(-1)]


def _ytd_end_month(period: pd.Series) -> pd.Series:
    """The month of its year a period ends in (2026Q3 -> 9, 2026M10 -> 10, 2026 -> 12), by the periods' own rule
    (indicators.periods.parse_many, MONTHS_PER_PERIOD); a Series on period's index."""
    if period.empty:
        return pd.Series([], index=period.index, dtype=float)
    p = parse_many(period.astype(str).to_numpy())
    per = p["kind"].map(MONTHS_PER_PERIOD).to_numpy()
    return pd.Series(np.where(p["kind"].eq("Y").to_numpy(), 12, p["sub"].to_numpy() * per), index=period.index,
                     dtype=float)


def _ytd_words(months: np.ndarray, index: pd.Index) -> tuple[pd.Series, pd.Series]:
    """A 累计 named by the months it spans, in zh and en (本年1—9月累计 / the year's Jan–Sep YTD), for each end month:
    no period code in a message (data/ cannot reach texts.i18n.period_text)."""
    zh = pd.Series([f"本年1—{m}月累计" if m > 1 else "本年1月" for m in months], index=index)
    en = pd.Series([f"the year's Jan–{MONTHS_EN[m - 1]} YTD" if m > 1 else "the year's Jan" for m in months], index=index)
    return zh, en


def _flow_ytd_pool(frame: pd.DataFrame, inds: pd.DataFrame, annual: bool = True) -> pd.DataFrame:
    """A frame's 累计 figures with the month each ends in (_end), its year (_year) and whether it is a year's 年报
    (_annual): quarters and months marked 累计, and (annual) the annual figures of flows (catalogue cumulative: the
    year is 1—12月, br9 y03)."""
    cum = frame["indicator"].map(inds["cumulative"]).fillna(False).astype(bool)
    ytd = frame["is_ytd"].fillna(False).astype(bool) & frame["period_kind"].isin(["Q", "M"])
    year = cum & frame["period_kind"].eq("Y") & annual
    out = frame[(ytd | year) & frame["value"].notna()]
    return out.assign(_year=out["period"].astype(str).str[:4], _end=_ytd_end_month(out["period"]),
                      _annual=out["period_kind"].eq("Y"))


def _single_above_ytd(obs: pd.DataFrame, hist: pd.DataFrame, inds: pd.DataFrame) -> pd.DataFrame:
    """single_above_ytd: a flow's single quarter or month (当季, 本月: not 累计) above the 累计 of its year ending the
    same month (1—9月 for 7—9月 or 9月), in the file or the store (the file's own first): a part cannot exceed the
    whole (br9 m11: 本月 15000 beside 1-本月累计 12305; y09). Returns PROBLEM_COLUMNS rows."""
    cum = obs["indicator"].map(inds["cumulative"]).fillna(False).astype(bool)
    single = obs[cum & ~obs["is_ytd"].fillna(False).astype(bool) & obs["period_kind"].isin(["Q", "M"])
                 & obs["value"].notna()]
    if single.empty:
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    pool = _flow_ytd_pool(obs, inds, annual=False)   # 累计 only: a 年报 may revise them (ytd_vs_annual)
    if len(hist):
        pool = pd.concat([pool.assign(_file=True), _flow_ytd_pool(hist, inds, annual=False).assign(_file=False)],
                         ignore_index=True)
    key = ["indicator", "region", "_year", "_end"]
    pool = pool.drop_duplicates(key, keep="first")
    mine = single.assign(_row=single.index, _year=single["period"].astype(str).str[:4],
                         _end=_ytd_end_month(single["period"]))
    pairs = mine.merge(pool[[*key, "value"]], on=key, suffixes=("", "_ytd"))
    bad = pairs[pairs["value"] > pairs["value_ytd"] + 1e-9]
    if bad.empty:
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    o = obs.loc[bad["_row"].to_numpy()]
    ytd_v = pd.Series(bad["value_ytd"].to_numpy(float), index=o.index)
    zh, _en = _ytd_words(bad["_end"].astype(int).to_numpy(), o.index)
    return P.make("single_above_ytd", o, extra_zh="当期数 " + o["value"].pipe(P.txt) + " 大于" + zh + " "
                  + ytd_v.pipe(P.txt), extra_en=o["value"].pipe(P.txt) + " > the year-to-date figure "
                  + ytd_v.pipe(P.txt))


def _part_above_whole(obs: pd.DataFrame, hist: pd.DataFrame, inds: pd.DataFrame) -> pd.DataFrame:
    """part_above_whole: a 其中 item (an indicator whose catalogue `parent` is another, in the same unit:
    其中：本地技术合同登记额 of 技术合同登记额, 企业技术中心 of 省级以上科技创新平台数) above the whole of the same region,
    period and 累计 flag. A part cannot exceed its whole (bw10: the online form took 本地 50000 beside 技术合同 40000).
    Each figure of the file is checked against the other side's figure in the file first, else the published one:
    both in the file is an error (the file contradicts itself); against a published figure a warning naming it (the
    published figure may be the one to correct: upload both). Returns PROBLEM_COLUMNS rows."""
    cat = inds[inds["parent"].notna() & inds["parent"].isin(inds.index)]
    cat = cat[cat["unit"].to_numpy() == inds.loc[cat["parent"], "unit"].to_numpy()]
    if cat.empty or not obs["indicator"].isin(set(cat.index) | set(cat["parent"])).any():
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    key = ["region", "period", "is_ytd"]
    cols = ["indicator", *key, "value"]
    own = obs.loc[obs["value"].notna(), cols].assign(_row=obs.index[obs["value"].notna()], _file=True)
    pool = own
    if len(hist):
        h = hist.loc[hist["indicator"].isin(set(cat.index) | set(cat["parent"])), cols]
        pool = pd.concat([own, h.drop_duplicates(["indicator", *key], keep="last").assign(_row=-1, _file=False)],
                         ignore_index=True)
    pool = pool.drop_duplicates(["indicator", *key], keep="first")   # the file's own figure of a key first
    parts = pool[pool["indicator"].isin(cat.index)]
    parts = parts.assign(_parent=parts["indicator"].map(cat["parent"]))
    wholes = pool[pool["indicator"].isin(cat["parent"])].rename(columns={"indicator": "_parent"})
    pairs = parts.merge(wholes, on=["_parent", *key], suffixes=("", "_w"))
    bad = pairs[(pairs["_file"] | pairs["_file_w"]) & (pairs["value"] > pairs["value_w"] + 1e-9)]
    if bad.empty:
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    names = inds["name_zh"]
    names_en = inds["name_en"]
    out = []
    for mine, other in (("", "_w"), ("_w", "")):   # the file's part, then the file's whole
        side = bad[bad["_file" + mine] & (mine == "" or ~bad["_file"])]   # both in the file: the part's cell only
        if side.empty:
            continue
        o = obs.loc[side["_row" + mine].to_numpy()]
        in_file = pd.Series(side["_file" + other].to_numpy(bool), index=o.index)
        part_v = pd.Series(side["value"].to_numpy(float), index=o.index).pipe(P.txt)
        whole_v = pd.Series(side["value_w"].to_numpy(float), index=o.index).pipe(P.txt)
        part_zh = pd.Series(side["indicator"].map(names).to_numpy(object), index=o.index)
        whole_zh = pd.Series(side["_parent"].map(names).to_numpy(object), index=o.index)
        part_en = pd.Series(side["indicator"].map(names_en).to_numpy(object), index=o.index)
        whole_en = pd.Series(side["_parent"].map(names_en).to_numpy(object), index=o.index)
        where_zh = pd.Series(np.where(in_file, "", "（已发布）"), index=o.index)
        where_en = pd.Series(np.where(in_file, "", " (published)"), index=o.index)
        extra_zh = part_zh + " " + part_v + (where_zh if mine == "_w" else "") + " 大于" + whole_zh + " " + whole_v \
            + (where_zh if mine == "" else "")
        extra_en = part_en + " " + part_v + (where_en if mine == "_w" else "") + " > " + whole_en + " " + whole_v \
            + (where_en if mine == "" else "")
        for sev, rows in (("error", in_file), ("warning", ~in_file)):
            if rows.any():
                out.append(P.make("part_above_whole", o[rows], extra_zh=extra_zh[rows], extra_en=extra_en[rows],
                                  severity=sev))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=P.PROBLEM_COLUMNS)


def _ytd_out_of_order(obs: pd.DataFrame, hist: pd.DataFrame, inds: pd.DataFrame) -> pd.DataFrame:
    """A 累计 figure (quarters and months, is_ytd) below a 累计 of the same indicator, region and year ending earlier,
    or above one ending later, among this file's figures and the published ones (the file's own figure of a key
    first): ytd_decrease, an error (a 累计 can only grow through the year). Against a flow's year (年报, 1—12月) the
    same disorder is ytd_vs_annual, a warning: the 年报 may rightly revise the 快报 累计 (as annual_ytd_mismatch
    says of the 1—12月 累计; the shared case yearbook_continued_table's 2024 年报 below a published 1—9月 is read).
    Each offending figure of the file is named once, against the nearest figure it contradicts (1—9月 = 2026Q3 and
    2026M09 end in the same month and are not compared here). Returns PROBLEM_COLUMNS rows."""
    ytd = _flow_ytd_pool(obs, inds)
    if ytd.empty:
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    cols = ["indicator", "region", "period", "value", "_year", "_end", "_annual"]
    own = ytd[cols].assign(_row=ytd.index, _file=True)
    pool = own
    if len(hist):
        h = _flow_ytd_pool(hist, inds)[cols]
        h = h.drop_duplicates(["indicator", "region", "period"], keep="last")
        pool = pd.concat([own, h.assign(_row=-1, _file=False)], ignore_index=True)
        pool = pool.drop_duplicates(["indicator", "region", "period"], keep="first")
    mine = pool[pool["_file"]]
    pairs = mine.merge(pool, on=["indicator", "region", "_year"], suffixes=("", "_o"))
    earlier = pairs["_end_o"].lt(pairs["_end"]) & pairs["value"].lt(pairs["value_o"] - 1e-9)
    later = pairs["_end_o"].gt(pairs["_end"]) & pairs["value"].gt(pairs["value_o"] + 1e-9)
    if not (earlier | later).any():
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    bad = pairs.assign(_later=later, _gap=(pairs["_end_o"] - pairs["_end"]).abs(),
                       _vs_annual=pairs["_annual"] | pairs["_annual_o"])[earlier | later]
    # a 累计 against 累计 first (the error), then the nearest
    bad = bad.sort_values(["_row", "_vs_annual", "_gap", "_end_o"]).drop_duplicates("_row")
    out = []
    for rule, part in bad.groupby(bad["_vs_annual"].map({False: "ytd_decrease", True: "ytd_vs_annual"}), sort=True):
        o = obs.loc[part["_row"].to_numpy()]
        # the other figure in words (本年1—9月累计, 本年年报; no period code, rk7): data/ cannot reach texts.i18n
        other_zh, other_en = _ytd_words(part["_end_o"].astype(int).to_numpy(), o.index)
        annual_o = pd.Series(part["_annual_o"].to_numpy(bool), index=o.index)
        other_zh = other_zh.where(~annual_o, "本年年报数")
        other_en = other_en.where(~annual_o, "the year's annual figure")
        other_v = pd.Series(part["value_o"].to_numpy(float), index=o.index)
        is_later = pd.Series(part["_later"].to_numpy(bool), index=o.index)
        mine_zh = pd.Series(np.where(pd.Series(part["_annual"].to_numpy(bool), index=o.index), "年报数 ", "本期累计 "),
                            index=o.index)
        mine_en = mine_zh.map({"年报数 ": "annual ", "本期累计 ": "YTD "})
        word_zh = pd.Series(np.where(is_later, " 大于其后的", " 小于"), index=o.index)
        word_en = pd.Series(np.where(is_later, " > the later ", " < "), index=o.index)
        out.append(P.make(rule, o, extra_zh=mine_zh + o["value"].pipe(P.txt) + word_zh + other_zh + " "
                          + other_v.pipe(P.txt),
                          extra_en=mine_en + o["value"].pipe(P.txt) + word_en + other_en + " " + other_v.pipe(P.txt)))
    return pd.concat(out, ignore_index=True)


def _total_mismatch(obs: pd.DataFrame, inds: pd.DataFrame, regions: pd.DataFrame,
                    ind: Distinct | None = None) -> tuple[pd.DataFrame, list]:
    """Cities' own figures (a long form's 邢台市 row) checked against the sum of their counties and zones in the
    file (ind: obs' indicator column factorised, when the caller has it), by the one definition
    (data.catalogue.CITY_TOTAL_LEVELS) and the one tolerance (total_tolerance, as a table's 合计 in build):
    - every county-level unit and every development zone of the city in the file: a city figure that does not add
      up contradicts them and is left out (city_total_contradicts, a warning on its cell: one of them is wrong and
      the file does not say which, br8 v13; a 合计 row of a table alike, build._check_totals);
    - every county but not every zone: the city's figure may hold the zones left out; one that differs from the
      sum is a total_mismatch (a warning: checked, stored as the file states it);
    - not every county: nothing to check.
    Returns (the problems, obs' index of the city figures to leave out)."""
    reg = regions.set_index("code")
    level = map_distinct(obs["region"], reg["level"])
    cities = obs[level.eq("city")]
    if "from_total_row" in obs:  # a table's 合计 row was already checked against its rows (build)
        cities = cities[~cities["from_total_row"].fillna(False).astype(bool)]
    if cities.empty:
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS), []
    ind = Distinct(obs["indicator"]) if ind is None else ind
    additive = ind.map(inds["additive"]).fillna(False).astype(bool)
    members = obs[level.isin(CITY_TOTAL_LEVELS) & additive & obs["value"].notna()]
    members = members.assign(city=map_distinct(members["region"], reg["parent"]),
                             is_county=map_distinct(members["region"], reg["level"]).eq("county"))
    of_city = regions[regions["level"].isin(CITY_TOTAL_LEVELS)].groupby(["parent", "level"]).size().to_dict()
    cities = cities[map_distinct(cities["indicator"], inds["additive"]).fillna(False).astype(bool)
                    & cities["value"].notna()]
    counts = inds["kind"].eq("count")
    key = ["city", "indicator", "period", "is_ytd"]
    # per (city, indicator, period, 累计): the members' sum, how many counties and zones, their most decimals and
    # largest figure, in one pass (a province's history holds thousands of city figures)
    members = members.assign(_places=decimal_places(members["value"].to_numpy(float)),
                             _abs=members["value"].abs(), _zone=~members["is_county"])
    agg = members.groupby(key, observed=True, sort=False).agg(
        total=("value", "sum"), n=("value", "size"), n_zones=("_zone", "sum"), places=("_places", "max"),
        largest=("_abs", "max"))
    mine = cities[["region", "indicator", "period", "is_ytd", "value"]].rename(columns={"region": "city"})
    mine = mine.assign(_idx=mine.index).merge(agg.reset_index(), on=key, how="inner")
    if mine.empty:
        return pd.DataFrame(columns=P.PROBLEM_COLUMNS), []
    n_counties = (mine["n"] - mine["n_zones"]).to_numpy()
    want_counties = map_distinct(mine["city"], {c: n for (c, lv), n in of_city.items() if lv == "county"}) \
        .fillna(-1).to_numpy()
    want_zones = map_distinct(mine["city"], {c: n for (c, lv), n in of_city.items() if lv == "devzone"}) \
        .fillna(0).to_numpy()
    whole = n_counties == want_counties   # every county of the city summed: a total to check
    mine = mine[whole].assign(_all_zones=(mine["n_zones"].to_numpy() == want_zones)[whole])
    city_v = mine["value"].to_numpy(float)
    tol = tolerances(np.maximum(mine["places"].to_numpy(), decimal_places(city_v)),
                     np.maximum(mine["largest"].to_numpy(float), np.abs(city_v)), mine["n"].to_numpy(),
                     map_distinct(mine["indicator"], counts).fillna(False).astype(bool).to_numpy())
    off = np.abs(city_v - mine["total"].to_numpy(float)) > tol
    sums = dict(zip(mine["_idx"], mine["total"]))
    refused = mine.loc[off & mine["_all_zones"].to_numpy(), "_idx"].tolist()
    warned = mine.loc[off & ~mine["_all_zones"].to_numpy(), "_idx"].tolist()
    out = []
    for rule, rows in (("city_total_contradicts", refused), ("total_mismatch", warned)):
        o = cities.loc[rows]
        total = pd.Series([sums[i] for i in rows], index=o.index, dtype=float)
        out.append(P.make(rule, o, extra_zh="全市数 " + o["value"].pipe(P.txt) + "，所列各县（市、区）"
                          + ("及开发区" if rule == "city_total_contradicts" else "") + "之和 " + total.pipe(P.txt),
                          extra_en="the city's figure " + o["value"].pipe(P.txt) + ", the sum of its units "
                          + total.pipe(P.txt)))
    frame = pd.concat([x for x in out if not x.empty], ignore_index=True) if any(not x.empty for x in out) \
        else pd.DataFrame(columns=P.PROBLEM_COLUMNS)
    return frame, refused
