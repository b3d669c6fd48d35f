"""What an approver sees and confirms for one batch (issue 14 §5).

`batch_review` gives, per figure: the new value, the published value it would replace, the change
(absolute and %), 同比 by the engine's rule (reported, 同口径 base, else last year's published figure), the
previous period's figure (none for a 累计 figure whose previous period is in another year), and the
warnings the importer raised for its cell. `publish_effect` and `rollback_effect` count what an action
will change, for the confirmation that restates it.
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
               "last_period", "last_year", "warning", "sheet", "cell"]


def _lookup(published: pd.DataFrame, keys: pd.DataFrame) -> np.ndarray:
    if published.empty or keys.empty:
        return np.full(len(keys), np.nan)
    idx = published.set_index(KEY)["value"]
    idx = idx[~idx.index.duplicated(keep="last")]
    return idx.reindex(pd.MultiIndex.from_frame(keys[KEY])).to_numpy(dtype=float)


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
    rows["warning"] = ""
    if len(warn) and "cell" in warn and "sheet" in rows:
        w = warn.groupby(["sheet", "cell"])["message_zh"].agg(lambda s: "；".join(dict.fromkeys(map(str, s))))
        rows["warning"] = [w.get((s, c), "") if isinstance(s, str) else "" for s, c in zip(rows["sheet"], rows["cell"])]
    counts = publish_effect(rows)
    return {"revision": rev, "rows": rows[ROW_COLUMNS].reset_index(drop=True), "counts": counts,
            "files": batches.batch_files(conn, rev_id), "corrects": rev.get("resubmits")}


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
