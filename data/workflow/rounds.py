"""Reporting rounds (报送, issue 14 §1): who is expected to report what, by when, and which batches hold what.
The state grid itself is figures.rounds.round_state (it applies the read layer's completeness rule).

Expected units: the comparison group's ranked county-level units (the same members the rankings use).
Expected indicators (`expected_indicators`): the catalogue's reported (non-derived) indicators that at least
half of the group published for this period or the previous one of its kind (quarterly rounds expect what the
group reports quarterly); an optional figure a few units add is never required of all.

The states (已发布, 已提交, 退回, 逾期, 未报) and their rules: figures.rounds.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Connection

from data import schema as t
from data import store
from data.workflow.periods import DEFAULT_DEADLINE_DAYS
from indicators.periods import parse_period



def deadline_days(conn: Connection) -> int:
    """Days after a period's end by which figures are due (app setting `report_deadline_days`, default 15)."""
    try:
        return int(store.get_setting(conn, "report_deadline_days", str(DEFAULT_DEADLINE_DAYS)))
    except (TypeError, ValueError):
        return DEFAULT_DEADLINE_DAYS


def group_members(conn: Connection, group: str) -> list[str]:
    """The ranked county-level units of a city (the rankings' comparison group), in catalogue order."""
    r = store.load_regions_frame(conn)
    sel = r[(r["parent"] == group) & r["in_rankings"] & (r["level"] == "county")]
    return list(sel["code"])


def expected_indicators(conn: Connection, period: str, units: list[str]) -> list[str]:
    """The indicators a round of `period` expects from each of `units`, in catalogue order: the reported
    (non-derived) indicators that at least half of the units (rounded up) have published for this period or for
    the previous period of its kind (2026Q3: 2026Q3 or 2026Q2); when neither has such a set (a new kind of
    round, or a group whose members do not all report here), the nearest earlier period of the kind that has
    one (up to 8 back); failing that, every indicator ever published at this frequency, and every reported
    indicator when the store holds none.

    Why a majority and this period or the last: three counties that add one optional figure to one quarter must
    not make it required of all eighteen, in that quarter and every past one (break pass of stop 25: every
    quarterly round read "已报 0/18", all units 逾期, after one such batch)."""
    from data.catalogue import load_indicators
    from indicators.periods import previous_period

    inds = load_indicators()
    reported = list(inds[inds["formula"].isna()].sort_values("order")["code"])
    kind = parse_period(period)[2]
    back = [period]
    for _ in range(8):
        back.append(previous_period(back[-1]))
    o, r = t.observations.c, t.revisions.c
    members = units or ["__none__"]
    rows = conn.execute(select(o.period, o.indicator, o.region).distinct().join(t.revisions, r.id == o.revision_id)
                        .where(o.period.in_(back), o.region.in_(members), r.status == "published")).all()
    counts = pd.DataFrame(rows, columns=["period", "indicator", "region"]).groupby(
        ["period", "indicator"])["region"].nunique()
    held = counts[counts >= max(1, -(-len(units) // 2))].reset_index()   # (period, indicator) a majority published
    majority = held.groupby("period")["indicator"].agg(set).to_dict()
    found = majority.get(period, set()) | majority.get(back[1], set()) or \
        next((majority[p] for p in back[2:] if p in majority), set())
    if not found:
        found = set(conn.execute(select(o.indicator).distinct().join(t.revisions, r.id == o.revision_id)
                                 .where(o.period_kind == kind, o.region.in_(members),
                                        r.status == "published")).scalars())
    codes = [c for c in reported if c in found]
    return codes or reported


def batch_cells(conn: Connection, period: str, units: list[str], statuses: tuple[str, ...]) -> pd.DataFrame:
    o, r = t.observations.c, t.revisions.c
    rows = conn.execute(select(o.region, o.indicator, r.id, r.status, r.reviewed_at)
                        .join(t.revisions, r.id == o.revision_id)
                        .where(o.period == period, o.region.in_(units or ["__none__"]), r.status.in_(statuses))).all()
    return pd.DataFrame(rows, columns=["region", "indicator", "revision", "status", "reviewed_at"])
