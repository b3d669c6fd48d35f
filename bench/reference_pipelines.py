"""Two ordinary implementations of the analysis build's main steps, to measure ours against (issue 18.2).

Written the way a competent analyst would with each library (vectorised joins and window functions, no
row loops, no apply), on the same input as indicators.pipeline.build_analysis:

  1. de-cumulate 累计 quarters into single quarters (Q1 as is, Qn = 累计n - 累计n-1), an observed
     single-quarter row winning over the de-cumulated one;
  2. formula-derived indicators ("A / B * 100") per (region, period, is_ytd) cell;
  3. 同比 against the same period one year earlier (percent; 百分点 for ratio indicators) and 环比 for
     single quarters against the previous quarter;
  4. per comparison group, period and is_ytd: rank of the members (competition 1224, larger first),
     number ranked, group total (the group's own row, e.g. the city's, when reported, else the members'
     sum) and each member's share of it (not for ratios), and last year's rank and share.

They skip what ours also does (reason codes, 口径调整 breaks, reported 同比, 同口径 bases, status/note
columns, share changes, ties), so they do *less* work than ours: the ratio is conservative.
Both return one row per (indicator, region, period, is_ytd) with columns value, value_prev, yoy_pct,
yoy_pp, qoq_pct, rank, n_ranked, group_total, share_pct, rank_prev, share_prev.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import polars as pl

KEY = ["indicator", "region", "period_kind", "is_ytd", "year", "sub"]
FORMULA = re.compile(r"^\s*(\w+)\s*/\s*(\w+)\s*\*\s*100\s*$")


def _formulas(indicators: pd.DataFrame) -> list[tuple[str, str, str]]:
    out = []
    for code, formula in zip(indicators["code"], indicators["formula"]):
        if isinstance(formula, str):
            m = FORMULA.match(formula)
            if m is None:
                raise ValueError(f"reference pipelines read only 'A / B * 100' formulas, not {formula!r}")
            out.append((str(code), m.group(1), m.group(2)))
    return out


# ---- pandas -----------------------------------------------------------------------------------------------
def pandas_pipeline(obs: pd.DataFrame, indicators: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """The steps above in plain pandas (merges, groupby-transform)."""
    df = pd.DataFrame({
        "indicator": obs["indicator"].astype(str), "region": obs["region"].astype(str),
        "period_kind": obs["period_kind"].astype(str), "is_ytd": obs["is_ytd"].astype(bool),
        "value": obs["value"].astype(float)})
    period = obs["period"].astype(str)
    df["year"] = period.str.slice(0, 4).astype(int)
    df["sub"] = pd.to_numeric(period.str.slice(5), errors="coerce").fillna(0).astype(int)
    df.loc[df["period_kind"] == "Y", "is_ytd"] = False

    # 1. de-cumulate
    ytd = df[df["is_ytd"]]
    before = ytd[["indicator", "region", "period_kind", "year", "sub", "value"]].assign(sub=lambda d: d["sub"] + 1)
    single = ytd.merge(before.rename(columns={"value": "before"}),
                       on=["indicator", "region", "period_kind", "year", "sub"], how="left")
    single["value"] = np.where(single["sub"] == 1, single["value"], single["value"] - single["before"])
    single = single.drop(columns="before").assign(is_ytd=False)
    observed = df.loc[~df["is_ytd"], KEY].assign(_seen=True)
    single = single.merge(observed, on=KEY, how="left")
    df = pd.concat([df, single[single["_seen"].isna()].drop(columns="_seen")], ignore_index=True)

    # 2. formula-derived indicators
    cell = ["region", "period_kind", "is_ytd", "year", "sub"]
    derived = []
    for code, a, b in _formulas(indicators):
        num = df.loc[df["indicator"] == a, cell + ["value"]]
        den = df.loc[df["indicator"] == b, cell + ["value"]]
        m = num.merge(den, on=cell, suffixes=("_a", "_b"))
        with np.errstate(divide="ignore", invalid="ignore"):
            m["value"] = m["value_a"] / m["value_b"].where(m["value_b"] != 0) * 100
        derived.append(m[cell + ["value"]].assign(indicator=code))
    df = pd.concat([df, *derived], ignore_index=True)
    ratio = set(indicators.loc[indicators["kind"] == "ratio", "code"].astype(str))
    df["ratio"] = df["indicator"].isin(ratio)

    # 3. 同比 and 环比
    prior = df[KEY + ["value"]].assign(year=lambda d: d["year"] + 1).rename(columns={"value": "value_prev"})
    df = df.merge(prior, on=KEY, how="left")
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = (df["value"] / df["value_prev"].where(df["value_prev"] > 0) - 1) * 100
    df["yoy_pct"] = pct.where(~df["ratio"])
    df["yoy_pp"] = (df["value"] - df["value_prev"]).where(df["ratio"])
    q = df.loc[(df["period_kind"] == "Q") & ~df["is_ytd"], KEY + ["value"]]
    nxt = q.assign(year=np.where(q["sub"] == 4, q["year"] + 1, q["year"]), sub=q["sub"] % 4 + 1)
    df = df.merge(nxt.rename(columns={"value": "value_qprev"}), on=KEY, how="left")
    with np.errstate(divide="ignore", invalid="ignore"):
        df["qoq_pct"] = ((df["value"] / df["value_qprev"].where(df["value_qprev"] > 0) - 1) * 100).where(~df["ratio"])

    # 4. ranks and shares within groups (members ranked; the group's own row, e.g. the city, is its total
    #    when reported, else the members' sum)
    own = groups["group"].drop_duplicates()
    gmap = pd.concat([groups[["region", "group"]].assign(is_total=False),
                      pd.DataFrame({"region": own, "group": own, "is_total": True})], ignore_index=True)
    df = df.merge(gmap, on="region", how="left")
    block = ["indicator", "period_kind", "is_ytd", "year", "sub", "group"]
    member = df["is_total"].eq(False)
    by = df[member].groupby(block)["value"]
    df.loc[member, "rank"] = by.rank(method="min", ascending=False)
    df.loc[member, "n_ranked"] = by.transform("count")
    sums = by.sum().rename("members_sum").reset_index()
    reported = df.loc[df["is_total"].eq(True), block + ["value"]].rename(columns={"value": "reported_total"})
    totals = sums.merge(reported, on=block, how="outer")
    totals["group_total"] = totals["reported_total"].fillna(totals["members_sum"])
    df = df.merge(totals[block + ["group_total"]], on=block, how="left")
    df["group_total"] = df["group_total"].where(~df["ratio"])
    df["share_pct"] = (df["value"] / df["group_total"] * 100).where(member)
    last = df[KEY + ["rank", "share_pct"]].assign(year=lambda d: d["year"] + 1)
    df = df.merge(last.rename(columns={"rank": "rank_prev", "share_pct": "share_prev"}), on=KEY, how="left")
    return df.sort_values(["indicator", "region", "period_kind", "is_ytd", "year", "sub"], ignore_index=True)


# ---- polars -----------------------------------------------------------------------------------------------
def polars_pipeline(obs: pd.DataFrame, indicators: pd.DataFrame, groups: pd.DataFrame) -> pl.DataFrame:
    """The same steps in polars (lazy joins and window expressions); returns a polars DataFrame."""
    import polars as pl

    src = pl.from_pandas(obs[["indicator", "region", "period", "period_kind", "is_ytd", "value"]]
                         .astype({"indicator": str, "region": str, "period": str, "period_kind": str}))
    df = src.lazy().with_columns(
        pl.col("period").str.slice(0, 4).cast(pl.Int32).alias("year"),
        pl.col("period").str.slice(5).cast(pl.Int32, strict=False).fill_null(0).alias("sub"),
        (pl.col("is_ytd") & (pl.col("period_kind") != "Y")).alias("is_ytd"),
    ).drop("period")

    # 1. de-cumulate
    ytd = df.filter(pl.col("is_ytd"))
    before = ytd.select("indicator", "region", "period_kind", "year", (pl.col("sub") + 1).alias("sub"),
                        pl.col("value").alias("before"))
    single = (ytd.join(before, on=["indicator", "region", "period_kind", "year", "sub"], how="left")
              .with_columns(pl.when(pl.col("sub") == 1).then(pl.col("value"))
                            .otherwise(pl.col("value") - pl.col("before")).alias("value"),
                            pl.lit(False).alias("is_ytd"))
              .drop("before"))
    observed = df.filter(~pl.col("is_ytd")).select(KEY)
    df = pl.concat([df, single.join(observed, on=KEY, how="anti")], how="vertical")

    # 2. formula-derived indicators
    cell = ["region", "period_kind", "is_ytd", "year", "sub"]
    parts = [df]
    for code, a, b in _formulas(indicators):
        num = df.filter(pl.col("indicator") == a).select(*cell, pl.col("value").alias("a"))
        den = df.filter(pl.col("indicator") == b).select(*cell, pl.col("value").alias("b"))
        parts.append(num.join(den, on=cell).select(
            pl.lit(code).alias("indicator"), "region", "period_kind", "is_ytd",
            (pl.col("a") / pl.when(pl.col("b") != 0).then(pl.col("b")) * 100).alias("value"), "year", "sub"))
    df = pl.concat(parts, how="vertical")
    ratio = indicators.loc[indicators["kind"] == "ratio", "code"].astype(str).tolist()
    df = df.with_columns(pl.col("indicator").is_in(ratio).alias("ratio"))

    # 3. 同比 and 环比
    prior = df.select(*[c for c in KEY if c != "year"], (pl.col("year") + 1).alias("year"),
                      pl.col("value").alias("value_prev"))
    df = df.join(prior, on=KEY, how="left")
    base = pl.when(pl.col("value_prev") > 0).then(pl.col("value_prev"))
    df = df.with_columns(
        pl.when(~pl.col("ratio")).then((pl.col("value") / base - 1) * 100).alias("yoy_pct"),
        pl.when(pl.col("ratio")).then(pl.col("value") - pl.col("value_prev")).alias("yoy_pp"))
    q = df.filter((pl.col("period_kind") == "Q") & ~pl.col("is_ytd")).select(
        "indicator", "region", "period_kind", "is_ytd",
        pl.when(pl.col("sub") == 4).then(pl.col("year") + 1).otherwise(pl.col("year")).alias("year"),
        (pl.col("sub") % 4 + 1).alias("sub"), pl.col("value").alias("value_qprev"))
    df = df.join(q, on=KEY, how="left").with_columns(
        pl.when(~pl.col("ratio")).then(
            (pl.col("value") / pl.when(pl.col("value_qprev") > 0).then(pl.col("value_qprev")) - 1) * 100)
        .alias("qoq_pct"))

    # 4. ranks and shares within groups (as in pandas_pipeline)
    own = groups["group"].drop_duplicates().astype(str)
    g = pl.concat([
        pl.from_pandas(groups[["region", "group"]].astype(str)).with_columns(pl.lit(False).alias("is_total")),
        pl.DataFrame({"region": own.tolist(), "group": own.tolist(), "is_total": [True] * len(own)})]).lazy()
    df = df.join(g, on="region", how="left")
    block = ["indicator", "period_kind", "is_ytd", "year", "sub", "group"]
    member = pl.col("is_total") == False  # noqa: E712 - polars: null (no group) stays null
    value_m = pl.when(member).then(pl.col("value"))
    reported = pl.when(pl.col("is_total")).then(pl.col("value")).max().over(block)
    df = df.with_columns(
        pl.when(member).then(value_m.rank(method="min", descending=True).over(block)).alias("rank"),
        pl.when(member).then(value_m.count().over(block)).alias("n_ranked"),
        pl.when(pl.col("group").is_not_null() & ~pl.col("ratio"))
        .then(pl.coalesce(reported, value_m.sum().over(block))).alias("group_total"),
    ).with_columns(pl.when(member).then(pl.col("value") / pl.col("group_total") * 100).alias("share_pct"))
    last = df.select(*[c for c in KEY if c != "year"], (pl.col("year") + 1).alias("year"),
                     pl.col("rank").alias("rank_prev"), pl.col("share_pct").alias("share_prev"))
    df = df.join(last, on=KEY, how="left")
    return df.sort(["indicator", "region", "period_kind", "is_ytd", "year", "sub"]).collect()
