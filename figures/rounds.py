"""The reporting round's state grid (报送, issue 14 §1), in the read layer: "已发布" is decided by the rankings'
completeness rule (figures.completeness), so the round and the rankings never disagree on who has reported.

Expected units: the comparison group's ranked county-level units. Expected indicators: the catalogue's reported
(non-derived) indicators that at least half of the group published for this period or the previous one of its kind
(data.workflow.rounds.expected_indicators). Rounds are quarters and years, the periods the form and the round
picker offer: a month has no round (UserError 400), so no month of a few early figures shows units as 逾期.

States, per cell (the first that applies):
  已发布 published  the unit counts as reported under figures.completeness (a published, finite figure of the
                    comparable kind: 累计 for flows, period-end for stocks, or the annual figure);
  已提交 submitted  a batch waiting for review holds it;
  退回   rejected   the latest reviewed batch holding it was rejected;
  逾期   overdue    none of these, and today is past the deadline (15 days after the period ends by default);
  未报   missing    none of these, before the deadline.
A unit's state: 已发布 when every expected cell is published, 已提交 when every one is submitted or published,
else 退回 if any cell was rejected, else 逾期 after the deadline, else 未报. "本期已报 n/N" counts the units
that are 已提交 or 已发布.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection

from data import schema as t
from data import store
from data.catalogue import load_indicators
from data.workflow.periods import deadline, has_begun, is_round_period, today_cst
from data.workflow.rounds import batch_cells, deadline_days, expected_indicators, group_members
from figures.completeness import completeness
from figures.ranking import group_of
from indicators.periods import parse_period

STATES = ("published", "submitted", "rejected", "overdue", "missing")


def round_group(conn: Connection, home: str, group_city: str | None = None) -> str:
    """The group a round expects reports from: the rankings' comparison group (figures.ranking.group_of on the
    store's regions: GROUP_CITY when set, else the home county's parent city)."""
    return group_of(store.load_regions_frame(conn), home, group_city)


def published_cells(conn: Connection, period: str, units: list[str], indicators: list[str]) -> set[tuple[str, str]]:
    """(region, indicator) pairs that count as reported for `period`, by figures.completeness."""
    pub = store.published_observations(conn, indicators=indicators or ["__none__"], regions=units or ["__none__"],
                                       periods=[period])
    flows = load_indicators().set_index("code")["cumulative"]
    kind = parse_period(period)[2]
    out = set()
    # one pass over the rows (a boolean filter per indicator cost most of the round's time)
    parts = {(str(i), bool(y)): rows for (i, y), rows in pub.groupby(["indicator", "is_ytd"], sort=False)}
    for ind in indicators:
        ytd = bool(flows.get(ind, False)) and kind != "Y"
        rows = parts.get((ind, ytd), pub.iloc[0:0])
        out |= {(r, ind) for r in completeness(rows, units).reported}
    return out


def round_state(conn: Connection, period: str, group: str, today: date | None = None) -> dict:
    """The round for `period` in `group`: {"period", "deadline", "units", "indicators", "cells", "unit_states",
    "reported", "expected", "overdue"}.

    cells: DataFrame[region, indicator, state, revision] (one row per expected cell);
    unit_states: DataFrame[region, name, state, published, submitted, rejected, missing, total]."""
    today = today or today_cst()
    if not is_round_period(period):
        from data.errors import UserError
        from texts.i18n import period_text

        raise UserError(f"报送按季度和年度组织，「{period_text(period, 'zh')}」不是报送期别，请选择季度或年度。",
                        f"Reporting rounds are quarters and years; {period_text(period, 'en')} is not a round: "
                        "choose a quarter or a year.")
    if not has_begun(period, today):
        from data.errors import UserError
        from texts.i18n import period_text

        raise UserError(f"「{period_text(period, 'zh')}」尚未开始，没有报送情况。",
                        f"{period_text(period, 'en')} has not begun: there is no reporting round yet.")
    units = group_members(conn, group)
    inds = expected_indicators(conn, period, units)
    due = deadline(period, deadline_days(conn))
    grid = pd.MultiIndex.from_product([units, inds], names=["region", "indicator"]).to_frame(index=False)
    pub = published_cells(conn, period, units, inds)
    subm = batch_cells(conn, period, units, ("submitted",))
    reviewed = batch_cells(conn, period, units, ("rejected", "published", "rolled_back"))
    sub_map = {(a, b): rid for a, b, rid in zip(subm["region"], subm["indicator"], subm["revision"])}
    rej_map = {}
    if len(reviewed):
        latest = reviewed.sort_values(["revision"]).drop_duplicates(["region", "indicator"], keep="last")
        rej_map = {(a, b): rid for a, b, s, rid in zip(latest["region"], latest["indicator"], latest["status"],
                                                        latest["revision"]) if s == "rejected"}
    late = today > due
    states, revs = [], []
    for reg, ind in zip(grid["region"], grid["indicator"]):
        k = (reg, ind)
        if k in pub:
            states.append("published"), revs.append(None)
        elif k in sub_map:
            states.append("submitted"), revs.append(int(sub_map[k]))
        elif k in rej_map:
            states.append("rejected"), revs.append(int(rej_map[k]))
        else:
            states.append("overdue" if late else "missing"), revs.append(None)
    grid["state"] = states
    grid["revision"] = pd.array(revs, dtype="Int64")
    names = dict(conn.execute(select(t.regions.c.code, t.regions.c.name)).all())
    counts = Counter(zip(grid["region"], states))
    per = []
    for reg in units:
        n = {k: counts[(reg, k)] for k in STATES}
        total = sum(n.values())
        if total and n["published"] == total:
            state = "published"
        elif total and n["published"] + n["submitted"] == total:
            state = "submitted"
        elif n["rejected"]:
            state = "rejected"
        else:
            state = "overdue" if late else "missing"
        per.append({"region": reg, "name": names.get(reg, reg), "state": state, **n, "total": total})
    unit_states = pd.DataFrame(per, columns=["region", "name", "state", *STATES, "total"])
    reported = int(unit_states["state"].isin(["published", "submitted"]).sum())
    return {"period": period, "deadline": due, "today": today, "units": units, "indicators": inds, "cells": grid,
            "unit_states": unit_states, "reported": reported, "expected": len(units),
            "overdue": [r for r, s in zip(unit_states["region"], unit_states["state"]) if s == "overdue"]}
