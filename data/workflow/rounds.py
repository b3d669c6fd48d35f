"""Reporting rounds (报送, issue 14 §1): for one period, the expected units × indicators and each cell's state.

Expected units: the comparison group's ranked county-level units (the same members the rankings use).
Expected indicators: the catalogue's reported (non-derived) indicators that the group has ever had
published at this period's frequency (quarterly rounds expect the quarterly indicators); all reported
indicators when the store holds none yet.

States, per cell (the first that applies):
  已发布 published  a published figure exists for (indicator, region, period) — `published_cells`, the one
                    definition of "published" shared with the rankings' completeness rule;
  已提交 submitted  a batch waiting for review holds it;
  退回   rejected   the latest reviewed batch holding it was rejected;
  逾期   overdue    none of these, and today is past the deadline (15 days after the period ends by default);
  未报   missing    none of these, before the deadline.
A unit's state: 已发布 when every expected cell is published, 已提交 when every one is submitted or
published, else 退回 if any cell was rejected, else 逾期 after the deadline, else 未报.
"本期已报 n/N" counts the units that are 已提交 or 已发布.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection

from data import schema as t
from data import store
from data.workflow.periods import DEFAULT_DEADLINE_DAYS, deadline, today_cst
from indicators.periods import parse_period

STATES = ("published", "submitted", "rejected", "overdue", "missing")
STATE_ZH = {"published": "已发布", "submitted": "已提交", "rejected": "退回", "overdue": "逾期", "missing": "未报"}
STATE_EN = {"published": "Published", "submitted": "Submitted", "rejected": "Returned", "overdue": "Overdue",
            "missing": "Not reported"}


def deadline_days(conn: Connection) -> int:
    """Days after a period's end by which figures are due (app setting `report_deadline_days`, default 15)."""
    try:
        return int(store.get_setting(conn, "report_deadline_days", str(DEFAULT_DEADLINE_DAYS)))
    except (TypeError, ValueError):
        return DEFAULT_DEADLINE_DAYS


def parent_of(conn: Connection, region: str) -> str:
    """The comparison group of a region when GROUP_CITY is not set: its parent city."""
    return conn.execute(select(t.regions.c.parent).where(t.regions.c.code == region)).scalar() or ""


def group_members(conn: Connection, group: str) -> list[str]:
    """The ranked county-level units of a city (the rankings' comparison group), in catalogue order."""
    r = store.load_regions_frame(conn)
    sel = r[(r["parent"] == group) & r["in_rankings"] & (r["level"] == "county")]
    return list(sel["code"])


def expected_indicators(conn: Connection, period: str, units: list[str]) -> list[str]:
    from data.catalogue import load_indicators

    inds = load_indicators()
    reported = inds[inds["formula"].isna()].sort_values("order")
    kind = parse_period(period)[2]
    o = t.observations.c
    r = t.revisions.c
    seen = set(conn.execute(select(o.indicator).distinct().join(t.revisions, r.id == o.revision_id)
                            .where(o.period_kind == kind, o.region.in_(units or ["__none__"]),
                                   r.status == "published")).scalars())
    codes = [c for c in reported["code"] if c in seen]
    return codes or list(reported["code"])


def published_cells(conn: Connection, period: str, units: list[str], indicators: list[str]) -> set[tuple[str, str]]:
    """(region, indicator) pairs with a published figure for `period` (累计 or not).

    The one place the round's 已发布 state is decided; the rankings' completeness rule (figures/completeness.py
    in the read layer) must agree with it — swap this body for that function once it exists."""
    pub = store.published_observations(conn, indicators=indicators or ["__none__"], regions=units or ["__none__"])
    pub = pub[(pub["period"] == period) & pub["value"].notna()]
    return set(zip(pub["region"], pub["indicator"]))


def _batch_cells(conn: Connection, period: str, units: list[str], statuses: tuple[str, ...]) -> pd.DataFrame:
    o, r = t.observations.c, t.revisions.c
    rows = conn.execute(select(o.region, o.indicator, r.id, r.status, r.reviewed_at)
                        .join(t.revisions, r.id == o.revision_id)
                        .where(o.period == period, o.region.in_(units or ["__none__"]), r.status.in_(statuses))).all()
    return pd.DataFrame(rows, columns=["region", "indicator", "revision", "status", "reviewed_at"])


def round_state(conn: Connection, period: str, group: str, today: date | None = None) -> dict:
    """The round for `period` in `group`: {"period", "deadline", "units", "indicators", "cells", "unit_states",
    "reported", "expected", "overdue"}.

    cells: DataFrame[region, indicator, state, revision] (one row per expected cell);
    unit_states: DataFrame[region, name, state, published, submitted, rejected, missing, total]."""
    today = today or today_cst()
    units = group_members(conn, group)
    inds = expected_indicators(conn, period, units)
    due = deadline(period, deadline_days(conn))
    grid = pd.MultiIndex.from_product([units, inds], names=["region", "indicator"]).to_frame(index=False)
    pub = published_cells(conn, period, units, inds)
    subm = _batch_cells(conn, period, units, ("submitted",))
    reviewed = _batch_cells(conn, period, units, ("rejected", "published", "rolled_back"))
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
    per = []
    for reg in units:
        s = grid.loc[grid["region"] == reg, "state"]
        n = {k: int((s == k).sum()) for k in STATES}
        total = len(s)
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


def notify_overdue(conn: Connection, state: dict) -> int:
    """Tell the uploaders bound to each overdue unit, once per unit and period."""
    from data.workflow import notify
    from layouts.i18n import period_text

    names = dict(zip(state["unit_states"]["region"], state["unit_states"]["name"]))
    p = state["period"]
    return sum(notify.on_overdue(conn, reg, names.get(reg, reg), p, period_text(p, "zh"), period_text(p, "en"),
                                 state["deadline"].isoformat()) for reg in state["overdue"])
