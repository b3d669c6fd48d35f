"""Reporting rounds (报送, issue 14 §1): who is expected to report what, by when, and which batches hold what.
The state grid itself is figures.rounds.round_state (it applies the read layer's completeness rule).

Expected units: the comparison group's ranked county-level units (the same members the rankings use).
Expected indicators: the catalogue's reported (non-derived) indicators that the group has ever had
published at this period's frequency (quarterly rounds expect the quarterly indicators); all reported
indicators when the store holds none yet.

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


def batch_cells(conn: Connection, period: str, units: list[str], statuses: tuple[str, ...]) -> pd.DataFrame:
    o, r = t.observations.c, t.revisions.c
    rows = conn.execute(select(o.region, o.indicator, r.id, r.status, r.reviewed_at)
                        .join(t.revisions, r.id == o.revision_id)
                        .where(o.period == period, o.region.in_(units or ["__none__"]), r.status.in_(statuses))).all()
    return pd.DataFrame(rows, columns=["region", "indicator", "revision", "status", "reviewed_at"])
