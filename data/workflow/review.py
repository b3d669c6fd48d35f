"""What an approver sees and confirms for one batch (issue 14 §5).

`batch_review` gives, per figure: the new value, the published value it would replace, the change
(absolute and %), 同比 by the engine's rule (reported, 同口径 base, else last year's published figure), the
previous period's figure (none for a 累计 figure whose previous period is in another year), and the
warnings the importer raised for its cell. `publish_effect` and `rollback_effect` count what an action
will change, for the confirmation that restates it; `superseding` names the batches published after a pending
one was submitted whose figures it would undo (report 5 #5).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy.engine import Connection

from data import store
from data.imports import service
from data.workflow import batches
from data.workflow.periods import comparable_previous
from indicators.growth import change_kernel
from indicators.periods import shift_years

KEY = ["indicator", "region", "period", "is_ytd"]
ROW_COLUMNS = ["indicator", "region", "period", "is_ytd", "new", "old", "change", "change_pct", "yoy_pct",
               "last_period", "last_year", "status_new", "status_old", "warning", "warning_en", "sheet", "cell"]


def _lookup(published: pd.DataFrame, keys: pd.DataFrame, column: str = "value") -> np.ndarray:
    """`column` of the published figure of each key (NaN / None where none): value as floats, else objects."""
    as_float = column == "value"
    if published.empty or keys.empty:
        return np.full(len(keys), np.nan) if as_float else np.full(len(keys), None, dtype=object)
    idx = published.set_index(KEY)[column]
    idx = idx[~idx.index.duplicated(keep="last")]
    got = idx.reindex(pd.MultiIndex.from_frame(keys[KEY]))
    if as_float:
        return got.to_numpy(dtype=float)
    return got.astype(object).where(got.notna(), None).to_numpy(dtype=object)


def batch_review(conn: Connection, rev_id: int) -> dict:
    """{"revision": dict, "rows": DataFrame[ROW_COLUMNS], "counts": {...}, "files": [...], "corrects": id|None}.

    change_pct and yoy_pct are percentages (15.0 = 15 %); NaN when there is no base or the base is 0."""
    rev = store.get_revision(conn, rev_id)
    obs = store.revision_observations(conn, rev_id)
    inds = list(pd.unique(obs["indicator"])) or ["__none__"]
    regs = list(pd.unique(obs["region"])) or ["__none__"]
    published = store.published_observations(conn, indicators=inds, regions=regs)
    others = published[published["revision_id"] != rev_id]
    keys = obs[KEY].copy()
    rows = keys.copy()
    rows["new"] = obs["value"].to_numpy(dtype=float)
    rows["old"] = _lookup(others, keys)
    # the status (快报/正式/…) the figure carries and the one it replaces: a correction may change it alone
    rows["status_new"] = obs["status"].astype(object).where(obs["status"].notna(), "final").to_numpy(dtype=object)
    rows["status_old"] = _lookup(others, keys, "status")
    rows["change"] = rows["new"] - rows["old"]
    with np.errstate(divide="ignore", invalid="ignore"):
        rows["change_pct"] = np.where(rows["old"].abs() > 0, rows["change"] / rows["old"].abs() * 100, np.nan)
    ly = keys.assign(period=keys["period"].map(lambda p: shift_years(p, -1)))
    rows["last_year"] = _lookup(published, ly)
    # 同比 by the engine's rule (indicators.growth.change_kernel), so the approver sees the 同比 the pages will
    # show: a reported 同比 first, else against a 同口径 base given with the figure, else last year's; none on a
    # base <= 0. (口径调整 annotations are not applied here.)
    last_year = rows["last_year"].to_numpy(dtype=float)
    rows["yoy_pct"] = change_kernel(rows["new"].to_numpy(dtype=float), last_year, np.isfinite(last_year),
                                    np.zeros(len(rows), dtype=bool), np.zeros(len(rows), dtype=bool),
                                    reported=obs["reported_yoy"].to_numpy(dtype=float),
                                    base=obs["base_value"].to_numpy(dtype=float))["pct"]
    lp = keys.assign(period=[comparable_previous(p, y) for p, y in zip(keys["period"], keys["is_ytd"])])
    rows["last_period"] = _lookup(published, lp)  # no period (a Q1 累计) finds nothing
    src = _sources(conn, rev_id)
    rows = rows.merge(src, on=KEY, how="left")
    report = service.revision_report(rev)
    warn = pd.DataFrame(report.get("warnings", []))
    # the importer's warnings of each figure's cell, in both languages (warning: zh, warning_en: en)
    rows["warning"] = ""
    rows["warning_en"] = ""
    if len(warn) and "cell" in warn and "sheet" in rows:
        for column, message, sep in (("warning", "message_zh", "；"), ("warning_en", "message_en", "; ")):
            if message not in warn:
                continue
            w = warn.groupby(["sheet", "cell"])[message].agg(lambda s, sep=sep: sep.join(dict.fromkeys(map(str, s))))
            rows[column] = [w.get((s, c), "") if isinstance(s, str) else "" for s, c in zip(rows["sheet"], rows["cell"])]
    counts = publish_effect(rows)
    stale = superseding(conn, rev_id) if rev["status"] in ("submitted", "draft") else []
    return {"revision": rev, "rows": rows[ROW_COLUMNS].reset_index(drop=True), "counts": counts,
            "files": batches.batch_files(conn, rev_id), "corrects": rev.get("resubmits"), "superseded": stale}


def superseding(conn: Connection, rev_id: int) -> list[dict]:
    """Batches published after pending batch `rev_id` was submitted (created, for a draft) that now hold the
    published figure of some of its keys: publishing `rev_id` would put its older figures over theirs.

    [{"rev", "published_by", "published_at", "keys": overlapping figures, "undo": those whose value or status
    would change, "rows": DataFrame[indicator, region, period, is_ytd, old (published now), new (this batch),
    status_old, status_new] of the `undo` figures}], oldest publish first. [] when none."""
    from sqlalchemy import select

    from data import schema as t

    rev = store.get_revision(conn, rev_id)
    since = rev.get("submitted_at") or rev.get("created_at")
    obs = store.revision_observations(conn, rev_id)
    if obs.empty or since is None:
        return []
    inds, regs = list(pd.unique(obs["indicator"])), list(pd.unique(obs["region"]))
    cur = store.published_observations(conn, indicators=inds, regions=regs)
    both = obs[KEY + ["value", "status"]].merge(cur[KEY + ["value", "status", "revision_id"]], on=KEY,
                                                 suffixes=("_new", "_old"))
    both = both[both["revision_id"] != rev_id]
    if both.empty:
        return []
    r = t.revisions.c
    later = conn.execute(select(r.id, r.reviewed_by, r.published_at).where(
        r.id.in_([int(i) for i in pd.unique(both["revision_id"])]), r.published_at > since)
        .order_by(r.publish_seq)).all()
    out = []
    for b in later:
        mine = both[both["revision_id"] == b.id]
        same_value = np.isclose(mine["value_new"].astype(float).fillna(0), mine["value_old"].astype(float).fillna(0),
                                rtol=1e-9, atol=1e-9) & (mine["value_new"].isna() == mine["value_old"].isna())
        same_status = mine["status_new"].fillna("final").astype(str) == mine["status_old"].fillna("final").astype(str)
        undo = mine[~(same_value & same_status)]
        rows = pd.DataFrame({**{k: undo[k].to_numpy() for k in KEY}, "old": undo["value_old"].to_numpy(dtype=float),
                             "new": undo["value_new"].to_numpy(dtype=float),
                             "status_old": undo["status_old"].to_numpy(dtype=object),
                             "status_new": undo["status_new"].to_numpy(dtype=object)})
        out.append({"rev": int(b.id), "published_by": b.reviewed_by, "published_at": b.published_at,
                    "keys": int(len(mine)), "undo": int(len(undo)),
                    "rows": rows.sort_values(KEY, kind="stable").reset_index(drop=True)})
    return out


def _sources(conn: Connection, rev_id: int) -> pd.DataFrame:
    from sqlalchemy import select

    from data import schema as t

    s = t.observation_sources.c
    rows = conn.execute(select(s.indicator, s.region, s.period, s.is_ytd, s.sheet, s.cell)
                        .where(s.revision_id == rev_id)).all()
    df = pd.DataFrame(rows, columns=KEY + ["sheet", "cell"])
    df["is_ytd"] = df["is_ytd"].astype(bool)
    return df.drop_duplicates(KEY)


def publish_effect(rows: pd.DataFrame) -> dict:
    """{"replace": figures that replace a different published value, "add": new keys, "same": unchanged}."""
    has_old = rows["old"].notna()
    same = has_old & np.isclose(rows["new"].fillna(0), rows["old"].fillna(0), rtol=1e-9, atol=1e-9) \
        & (rows["new"].isna() == rows["old"].isna())
    return {"replace": int((has_old & ~same).sum()), "add": int((~has_old).sum()), "same": int(same.sum()),
            "total": int(len(rows))}


def rollback_effect(conn: Connection, rev_id: int) -> dict:
    """What withdrawing a published batch does: {"restore": figures that go back to an earlier published
    value, "remove": figures that will have no published value, "shadowed": figures a later batch already
    replaced (unchanged by the withdrawal)}."""
    obs = store.revision_observations(conn, rev_id)
    inds = list(pd.unique(obs["indicator"])) or ["__none__"]
    regs = list(pd.unique(obs["region"])) or ["__none__"]
    now = store.published_observations(conn, indicators=inds, regions=regs)
    cur = now.set_index(KEY)["revision_id"] if len(now) else pd.Series(dtype="Int64")
    mine = pd.MultiIndex.from_frame(obs[KEY])
    owner = cur.reindex(mine)
    shown = (owner == rev_id).fillna(False).to_numpy(dtype=bool)
    # figures that would be current without this batch: everything published except it
    from sqlalchemy import select

    from data import schema as t

    r = t.revisions.c
    other_ids = [i for i in conn.execute(select(r.id).where(r.status == "published", r.id != rev_id)).scalars()]
    before = 0
    if shown.any() and other_ids:
        o = t.observations.c
        rows = conn.execute(select(o.indicator, o.region, o.period, o.is_ytd)
                            .where(o.revision_id.in_(other_ids), o.indicator.in_(inds), o.region.in_(regs))).all()
        prior = set((a, b, c, bool(d)) for a, b, c, d in rows)
        keys = obs[KEY][shown]
        before = sum(1 for k in keys.itertuples(index=False, name=None) if (k[0], k[1], k[2], bool(k[3])) in prior)
    n_shown = int(shown.sum())
    return {"restore": int(before), "remove": n_shown - int(before), "shadowed": int(len(obs) - n_shown)}
