"""数据溯源 — where a published figure came from (issue 14 §7).

`provenance(conn, indicator, region, period, is_ytd)` answers "这个数从哪来的" in one call: the value, its
batch, the original file(s) kept with the batch, the sheet and cell, who submitted and who approved it and
when, and the values it replaced (earlier published figures of the same key, newest first).
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from data import schema as t
from data.errors import UserError
from data.workflow import batches


def _iso(v: object) -> object:
    return v.isoformat() if hasattr(v, "isoformat") else v


KeyWords = Callable[[Connection, str, str, str, bool], tuple[str, str]]


def _codes(_conn: Connection, indicator: str, region: str, period: str, _is_ytd: bool) -> tuple[str, str]:
    key = f"{indicator} / {region} / {period}"
    return key, key


def _rolled_back(conn: Connection, indicator: str, region: str, period: str, is_ytd: bool):
    """The newest rolled-back batch that held the key (id, rolled_back_at, rolled_back_by), None without one."""
    o, r = t.observations.c, t.revisions.c
    return conn.execute(
        select(r.id, r.rolled_back_at, r.rolled_back_by).select_from(
            t.observations.join(t.revisions, r.id == o.revision_id))
        .where(o.indicator == indicator, o.region == region, o.period == period, o.is_ytd == bool(is_ytd),
               r.status == "rolled_back")
        .order_by(r.rolled_back_at.desc(), r.id.desc())).first()


def not_found(conn: Connection, indicator: str, region: str, period: str, is_ytd: bool,
              words: KeyWords | None = None) -> UserError:
    """The 404 of a figure without a published source, with the reason and the fix (detail: reason, and the
    query that finds the figure when there is one). words(conn, indicator, region, period, is_ytd) -> (zh, en)
    names the figure in words (figures.provenance.key_words: "清河县2026年1—10月R&D经费"); the codes otherwise.
    - derived: a formula indicator is computed, never submitted: ask for its components;
    - ask_ytd: a flow's quarter or month was published as 累计 only (the single period is derived from it):
      ask with ytd=1;
    - ask_single: the period was published as a single period (or period-end), not 累计: ask without ytd;
    - none: nothing published for the key; when a rolled-back batch held it, the message says which and when
      ("批次 6 已于 2026-12-01 10:05 撤回", detail.rolled_back)."""
    o, r = t.observations.c, t.revisions.c
    key, key_en = (words or _codes)(conn, indicator, region, period, is_ytd)
    formula = conn.execute(select(t.indicators.c.formula).where(t.indicators.c.code == indicator)).scalar()
    if isinstance(formula, str) and formula.strip():
        from indicators.derived import components

        parts = "、".join(components(formula))
        return UserError(f"{key} 由公式 {formula} 计算，没有报送来源；请分别查询 {parts} 的来源",
                         f"{key_en} is computed by the formula {formula}, not submitted; ask for the sources of "
                         f"{', '.join(components(formula))}", status=404,
                         detail={"reason": "derived", "components": components(formula)})
    other = conn.execute(
        select(func.count()).select_from(t.observations.join(t.revisions, r.id == o.revision_id))
        .where(o.indicator == indicator, o.region == region, o.period == period, o.is_ytd == (not is_ytd),
               r.status == "published")).scalar()
    if other and len(period) > 4:
        if not is_ytd:
            return UserError(f"{key} 按1—本期累计数发布，单季（月）数由累计数推算，没有单独的来源；请加参数 ytd=1 查询累计数的来源",
                             f"{key_en} was published year-to-date; the single period is derived from it. Ask with "
                             f"ytd=1 for the source of the YTD figure", status=404,
                             detail={"reason": "ask_ytd", "query": {"indicator": indicator, "region": region,
                                                                    "period": period, "ytd": 1}})
        return UserError(f"{key} 按当期（期末）数发布，不是累计数；请去掉参数 ytd=1 查询",
                         f"{key_en} was published as a single-period (period-end) figure, not year-to-date; ask "
                         f"without ytd=1", status=404,
                         detail={"reason": "ask_single", "query": {"indicator": indicator, "region": region,
                                                                   "period": period, "ytd": 0}})
    gone = _rolled_back(conn, indicator, region, period, is_ytd)
    if gone is not None:
        from data.workflow.batches import _when

        when = _when(gone.rolled_back_at)
        return UserError(f"没有已发布的数值：{key}（批次 {gone.id} 已于 {when} 撤回）",
                         f"No published figure for {key_en} (batch {gone.id} was rolled back on {when})",
                         status=404, detail={"reason": "none", "rolled_back": {
                             "batch": int(gone.id), "at": _iso(gone.rolled_back_at), "by": gone.rolled_back_by}})
    return UserError(f"没有已发布的数值：{key}", f"No published figure for {key_en}", status=404,
                     detail={"reason": "none"})


def provenance(conn: Connection, indicator: str, region: str, period: str, is_ytd: bool = False,
               words: KeyWords | None = None) -> dict:
    """{"key", "value", "status", "batch": {...}, "files": [...], "sheet", "cell", "replaced": [...]}.

    Raises UserError 404 when no published figure exists for the key (`not_found`, naming it by `words`)."""
    o, r, s = t.observations.c, t.revisions.c, t.observation_sources.c
    rows = conn.execute(
        select(o.revision_id, o.value, o.status, o.note, r.status.label("rev_status"), r.publish_seq, r.kind,
               r.file_name, r.created_by, r.created_at, r.submitted_by, r.submitted_at, r.reviewed_by,
               r.reviewed_at, r.published_at, r.review_comment, r.rolled_back_at, r.rolled_back_by, r.resubmits)
        .join(t.revisions, r.id == o.revision_id)
        .where(o.indicator == indicator, o.region == region, o.period == period, o.is_ytd == bool(is_ytd),
               r.publish_seq.is_not(None))
        .order_by(r.publish_seq.desc())).mappings().all()
    current = next((x for x in rows if x["rev_status"] == "published"), None)
    if current is None:
        raise not_found(conn, indicator, region, period, bool(is_ytd), words)
    rev_id = current["revision_id"]
    src = conn.execute(select(s.file, s.sheet, s.cell).where(
        s.revision_id == rev_id, s.indicator == indicator, s.region == region, s.period == period,
        s.is_ytd == bool(is_ytd))).first()
    names = dict(conn.execute(select(t.regions.c.code, t.regions.c.name)).all())
    names_en = dict(conn.execute(select(t.regions.c.code, t.regions.c.name_en)).all())
    ind = conn.execute(select(t.indicators.c.name_zh, t.indicators.c.name_en, t.indicators.c.unit)
                       .where(t.indicators.c.code == indicator)).first()
    replaced = [{"batch": x["revision_id"], "value": x["value"], "status": x["status"],
                 "batch_status": x["rev_status"], "published_at": _iso(x["published_at"]),
                 "rolled_back_at": _iso(x["rolled_back_at"]), "approved_by": x["reviewed_by"],
                 "submitted_by": x["submitted_by"] or x["created_by"]}
                for x in rows if x["publish_seq"] < current["publish_seq"]]
    return {
        "key": {"indicator": indicator, "region": region, "period": period, "is_ytd": bool(is_ytd)},
        "indicator_name": {"zh": ind.name_zh, "en": ind.name_en} if ind else None,
        "unit": ind.unit if ind else None, "region_name": names.get(region, region),
        "region_name_en": names_en.get(region) or names.get(region, region),
        "value": current["value"], "status": current["status"], "note": current["note"],
        "batch": {"id": rev_id, "kind": current["kind"], "file_name": current["file_name"],
                  "submitted_by": current["submitted_by"] or current["created_by"],
                  "submitted_at": _iso(current["submitted_at"] or current["created_at"]),
                  "approved_by": current["reviewed_by"], "approved_at": _iso(current["reviewed_at"]),
                  "published_at": _iso(current["published_at"]), "comment": current["review_comment"],
                  "corrects": current["resubmits"]},
        "files": [{**f, "url": f"/download/batch/{rev_id}/file/{f['sha256']}"} for f in batches.batch_files(conn, rev_id)],
        "file": src.file if src else None, "sheet": src.sheet if src else None, "cell": src.cell if src else None,
        "replaced": replaced,
    }
