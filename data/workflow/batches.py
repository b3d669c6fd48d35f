"""Batches (批次): a submission with a number (the revision id), its original files, where each figure came
from, the batch it corrects, and how it is described to people (never "nan").

`before_stage` and `after_stage` are called by data.imports.service.stage, the one place where analysed
rows become a batch, for the upload page, the online form, POST /api/v1/imports and `app.py import`.
"""
from __future__ import annotations

import base64
from datetime import datetime

import pandas as pd
from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from data import schema as t
from data import store
from data.errors import UserError
from data.workflow import scopes
from indicators.conventions import on_bureau_clock

KEY = ["indicator", "region", "period", "is_ytd"]
OPEN_STATES = ("submitted", "published")


def before_stage(conn: Connection, obs: pd.DataFrame, user: str | None, sha256: str | None) -> None:
    """Refusals shared by every path: a scoped account's other regions. (Duplicates of a pending or published
    batch are refused next, by data.imports.service.stage, on the content hash of the figures.)"""
    scopes.check(conn, user, obs)


def after_stage(conn: Connection, rev_id: int, obs: pd.DataFrame, files: list[dict],
                originals: dict[str, bytes], resubmits: int | None = None) -> None:
    """Keep the original files (content-addressed), each figure's file/sheet/cell, and the link to the
    rejected batch this one corrects."""
    now = store.now()
    for f in files:
        sha, data = f["sha256"], originals.get(f["sha256"])
        if data is None:
            continue
        if not conn.execute(select(t.stored_files.c.sha256).where(t.stored_files.c.sha256 == sha)).first():
            conn.execute(insert(t.stored_files).values(sha256=sha, size=len(data), created_at=now,
                                                       content_b64=base64.b64encode(data).decode("ascii")))
        if not conn.execute(select(t.revision_files.c.sha256).where(t.revision_files.c.revision_id == rev_id,
                                                                    t.revision_files.c.sha256 == sha)).first():
            conn.execute(insert(t.revision_files).values(revision_id=rev_id, sha256=sha, name=f["name"][:255]))
    if len(obs) and "cell" in obs:
        src = obs.drop_duplicates(KEY)
        rows = [{"revision_id": rev_id, "indicator": r.indicator, "region": r.region, "period": r.period,
                 "is_ytd": bool(r.is_ytd), "file": _s(getattr(r, "file", None), 255),
                 "sheet": _s(getattr(r, "sheet", None), 255), "cell": _s(getattr(r, "cell", None), 16)}
                for r in src.itertuples()]
        for i in range(0, len(rows), 20_000):
            conn.execute(insert(t.observation_sources), rows[i:i + 20_000])
    if resubmits:
        orig = store.get_revision(conn, int(resubmits))
        if orig["status"] != "rejected":
            raise UserError(f"批次 {resubmits} 未被退回，不能作为更正的原批次。",
                            f"Batch {resubmits} was not rejected; it cannot be corrected.")
        conn.execute(update(t.revisions).where(t.revisions.c.id == rev_id).values(resubmits=int(resubmits)))


def _s(v: object, n: int) -> str | None:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    return str(v)[:n]


def batch_files(conn: Connection, rev_id: int) -> list[dict]:
    f = t.revision_files.c
    s = t.stored_files.c
    rows = conn.execute(select(f.sha256, f.name, s.size).join(t.stored_files, s.sha256 == f.sha256)
                        .where(f.revision_id == rev_id).order_by(f.name)).all()
    return [{"sha256": r.sha256, "name": r.name, "size": r.size} for r in rows]


def file_content(conn: Connection, rev_id: int, sha256: str) -> tuple[str, bytes]:
    """(name, bytes) of a file kept with a batch. UserError 404 when the batch holds no such file."""
    f, s = t.revision_files.c, t.stored_files.c
    row = conn.execute(select(f.name, s.content_b64).join(t.stored_files, s.sha256 == f.sha256)
                       .where(f.revision_id == rev_id, f.sha256 == sha256)).first()
    if row is None:
        raise UserError(f"批次 {rev_id} 没有这个文件", f"Batch {rev_id} holds no such file", status=404)
    return row.name, base64.b64decode(row.content_b64)


# ---- words ---------------------------------------------------------------------------------------

def _when(v: object) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
        return ""
    if isinstance(v, datetime):
        return on_bureau_clock(v).strftime("%Y-%m-%d %H:%M")
    return str(v)[:16]


def _txt(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def scope_of(conn: Connection, rev_id: int, lang: str = "zh") -> dict:
    """What a batch covers: its regions and periods (region names in `lang`), and its number of figures."""
    o = t.observations.c
    rows = conn.execute(select(o.region, o.period, o.is_ytd).where(o.revision_id == rev_id)).all()
    names = scopes.region_names(conn, lang)
    regions = sorted({r.region for r in rows})
    periods = sorted({(r.period, bool(r.is_ytd)) for r in rows})
    return {"regions": regions, "region_names": [names.get(c, c) for c in regions],
            "periods": sorted({p for p, _ in periods}), "ytd": {p: y for p, y in periods}, "rows": len(rows)}


def submissions_of(conn: Connection, username: str) -> list[dict]:
    """A submitter's batches, newest first: id, status, files, times, approver, comment, the batch it corrects
    and the batch that corrected it."""
    r = t.revisions.c
    rows = conn.execute(select(t.revisions).where((r.created_by == username) | (r.submitted_by == username))
                        .order_by(r.id.desc())).mappings().all()
    corrected_by = dict(conn.execute(select(r.resubmits, r.id).where(r.resubmits.is_not(None))).all())
    return [{**dict(x), "corrected_by": corrected_by.get(x["id"])} for x in rows]
