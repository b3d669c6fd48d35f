"""Batches (批次) in words, for the review lists, 我的提交, provenance and the API: "批次 7：清河县 2026年1—3季度，
12 个数值（在线填报-清河县-2026Q3.csv）；staff 提交于 2026-11-30 10:00；boss 发布于 …" — never "nan"."""
from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Connection

from data.workflow.batches import _txt, _when, scope_of


def describe(conn: Connection, rev: dict, lang: str = "zh") -> str:
    """One line in words for a revision row (dict of the revisions table)."""
    from texts.i18n import batch_file_name, period_text, t

    sc = scope_of(conn, rev["id"], lang)
    regs, pers = sc["region_names"], sc["periods"]
    sep = t("list.sep", lang)
    where = sep.join(regs[:3]) + (t("wf.words_more_regions", lang, n=len(regs)) if len(regs) > 3 else "")
    when_ = sep.join(period_text(p, lang, sc["ytd"].get(p, False)) for p in pers[:2]) + \
        (t("wf.words_more_periods", lang, n=len(pers)) if len(pers) > 2 else "")
    who = _txt(rev.get("submitted_by")) or _txt(rev.get("created_by")) or t("wf.words_system", lang)
    at = _when(rev.get("submitted_at")) or _when(rev.get("created_at"))
    what = batch_file_name(_txt(rev.get("file_name")), lang) or t("nav.form", lang)
    s = t("wf.words_batch", lang, rev=rev["id"], where=where, when=when_, rows=sc["rows"], what=what)
    s += t("wf.words_demo", lang) if rev.get("kind") == "demo" else t("wf.words_submitted", lang, who=who, at=at)
    published = rev.get("published_at")
    if published is not None and not pd.isna(published):
        s += t("wf.words_published", lang, who=_txt(rev.get("reviewed_by")), at=_when(published))
    rolled = rev.get("rolled_back_at")
    if rolled is not None and not pd.isna(rolled):
        s += t("wf.words_rolled_back", lang, who=_txt(rev.get("rolled_back_by")), at=_when(rolled))
    cancelled = rev.get("cancelled_at")
    if cancelled is not None and not pd.isna(cancelled):
        s += t("wf.words_cancelled", lang, who=_txt(rev.get("cancelled_by")), at=_when(cancelled))
    return s
