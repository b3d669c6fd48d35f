"""审核发布 (/review, approver role): one batch at a time, every value with the published value it replaces,
同比, the previous period, the change and the importer's warnings, the submitter, the time and the file.

A review that cannot go wrong (issue 14 §5): 发布, 退回 and 撤回 each open a confirmation that restates what
will change; the action applies to the batch shown when the button was pressed (carried in
`review-pending`, never re-read from the list), and the comment belongs to that batch: it is cleared when
another batch is shown and after every action. Maker–checker is enforced by data.store.publish (every path).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, ctx, dcc, html

from layouts.components import error_alert
from layouts.callbacks import callback
from data.errors import UserError
from texts.i18n import batch_file_name, lang_of, page_title, t, user_error
from layouts.upload import _grid, names_for, period_labels

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.engine import Connection

ROW_COLS = [("indicator", "col.indicator"), ("region", "imp.col.region"), ("period", "col.period"),
            ("new", "imp.col.new"), ("old", "imp.col.old"), ("change", "wf.col.change"),
            ("change_pct", "wf.col.change_pct"), ("yoy_pct", "col.yoy"), ("last_period", "wf.col.last_period"),
            ("status", "col.status"), ("warning", "upload.warnings"), ("cell", "imp.col.cell")]


def register() -> None:
    """Register the /review page with Dash pages (title in the URL's language)."""
    dash.register_page("review", path="/review", name=t("nav.review"), title=page_title("nav.review"), layout=layout)


def layout(lang: str = "zh", **_query):
    """The /review page (approver): pending revisions with their detail, publish, reject and rollback."""
    from server.auth import APPROVER, page_guard

    lang = lang_of(lang)
    refusal = page_guard(APPROVER, lang)
    if refusal is not None:
        return refusal
    pending, published = _options(lang)
    return dmc.Stack([
        dmc.Stack([dmc.Title(t("review.title", lang), order=2), dmc.Text(t("wf.review_subtitle", lang), c="dimmed", size="sm")], gap=0),
        dcc.Store(id="review-lang", data=lang),
        dcc.Store(id="review-shown"),     # the batch whose detail is on screen: {"rev": id}
        dcc.Store(id="review-pending"),   # the action awaiting confirmation: {"action", "rev", "comment"}
        dmc.Text(t("wf.review_rule", lang), size="sm", c="dimmed"),
        # allowDeselect=False: picking the shown batch again keeps it (report 5 #6); the placeholder says whether
        # batches wait ("请选择批次") or none does
        dmc.Select(id="review-select", label=t("wf.review_pending", lang), data=pending,
                   value=pending[0]["value"] if pending else None, w=900, allowDeselect=False,
                   placeholder=t("wf.review_choose" if pending else "wf.review_none", lang)),
        html.Div(id="review-detail"),
        dmc.Textarea(id="review-comment", label=t("review.comment", lang), autosize=True, minRows=2, w=640),
        dmc.Group([dmc.Button(t("review.publish", lang), id="review-publish", color="green"),
                   dmc.Button(t("review.reject", lang), id="review-reject", color="red", variant="outline")]),
        html.Div(id="review-result"),
        dmc.Divider(label=t("wf.review_rollback_title", lang)),
        dmc.Select(id="review-rollback-select", data=published, w=900, searchable=True, allowDeselect=False,
                   placeholder=t("wf.review_err_choose_rollback", lang)),
        dmc.Textarea(id="review-rollback-reason", label=t("wf.rollback_reason", lang), autosize=True, minRows=2,
                     w=640, required=True, placeholder=t("wf.rollback_reason_hint", lang)),
        dmc.Group([dmc.Button(t("review.rollback", lang), id="review-rollback", color="orange", variant="outline")]),
        dmc.Modal(id="review-modal", title=t("wf.confirm_title", lang), opened=False, size="lg", children=[
            dmc.Text(id="review-modal-text", fw=600),
            dmc.Text(id="review-modal-warning", c="red", mt="xs"),
            dmc.Text(id="review-modal-comment", size="sm", c="dimmed", mt="xs"),
            dmc.Group([dmc.Button(t("wf.confirm", lang), id="review-confirm", color="red"),
                       dmc.Button(t("wf.cancel", lang), id="review-cancel", variant="outline")], mt="md"),
        ]),
    ])


def _options(lang: str) -> tuple[list[dict], list[dict]]:
    from data import store
    from data.db import reading
    from figures.batches import describe
    from server.context import engine

    with reading(engine()) as conn:
        revs = store.list_revisions(conn, ("submitted", "published"))
        rows = revs.astype(object).where(revs.notna(), None).to_dict("records")
        pending = [{"value": str(r["id"]), "label": describe(conn, r, lang) + _stale_tag(conn, r["id"], lang)}
                   for r in rows if r["status"] == "submitted"]
        published = [{"value": str(r["id"]), "label": describe(conn, r, lang)} for r in rows if r["status"] == "published"]
    return pending, published


def _stale_tag(conn: Connection, rev_id: int, lang: str) -> str:
    """" ⚠ 早于已发布的批次 N" on a pending batch's option when publishing it would undo a later-published batch."""
    from data.workflow.review import superseding

    later = [x["rev"] for x in superseding(conn, rev_id) if x["undo"]]
    return t("wf.superseded_tag", lang, revs=t("list.sep", lang).join(map(str, later))) if later else ""


def _fmt_rows(df: pd.DataFrame, lang: str) -> list[dict]:
    from indicators.formatting import format_number, format_pct
    from texts.i18n import batch_file_name

    names, regions = names_for(lang)
    df = df.head(2000)
    periods = period_labels(df, lang) if len(df) else []
    out = []
    for r, period in zip(df.itertuples(), periods):
        out.append({"indicator": names.get(r.indicator, r.indicator), "region": regions.get(r.region, r.region),
                    "period": period,
                    "new": format_number(r.new, 2 if r.new % 1 else 0, lang) if r.new == r.new else "—",
                    "old": format_number(r.old, 2 if r.old % 1 else 0, lang) if r.old == r.old else "",
                    "change": format_number(r.change, 2 if r.change % 1 else 0, lang) if r.change == r.change else "",
                    "change_pct": format_pct(r.change_pct, signed=True, lang=lang) if r.change_pct == r.change_pct else "",
                    "yoy_pct": format_pct(r.yoy_pct, signed=True, lang=lang) if r.yoy_pct == r.yoy_pct else "",
                    "last_period": format_number(r.last_period, 2 if r.last_period % 1 else 0, lang)
                    if r.last_period == r.last_period else "",
                    "status": status_cell(r.status_new, r.status_old, lang),
                    # the page language's warning; the online form's own sheet named as the header names its file
                    "warning": (r.warning_en if lang == "en" else r.warning) or "",
                    "cell": f"{batch_file_name(r.sheet, lang) if r.sheet else ''} {r.cell or ''}".strip()})
    return out


def status_label(status: object, lang: str) -> str:
    """快报 / 正式 / 修订 / 估算 (Preliminary, Final, …) of an observation status code; "" for none."""
    from texts.i18n import MESSAGES

    if status is None or status != status or status == "":
        return ""
    key = f"status.{status}"
    return t(key, lang) if key in MESSAGES else str(status)


def status_cell(new: object, old: object, lang: str) -> str:
    """The review grid's 状态 cell: "快报→正式" when the figure changes the published status, else its status."""
    new_l, old_l = status_label(new, lang) or status_label("final", lang), status_label(old, lang)
    return f"{old_l}→{new_l}" if old_l and old_l != new_l else new_l


def superseded_text(item: dict, lang: str) -> str:
    """One sentence on a batch published after the shown one was submitted (data.workflow.review.superseding):
    the batch, who published it and when, how many figures publishing the shown one would undo, old→new."""
    from data.workflow.batches import _when
    from indicators.formatting import format_number
    from texts.i18n import period_text

    from data.catalogue import load_regions

    names, regions = names_for(lang)
    if lang == "en":  # place names in the page language (name_en, "Qinghe County")
        cat = load_regions()
        regions = {c: (e or regions.get(c, c)) for c, e in zip(cat["code"], cat["name_en"])}
    sep = t("wf.superseded_sep", lang)

    def num(v: float) -> str:
        return "—" if v != v else format_number(v, 2 if v % 1 else 0, lang)
    parts = []
    for r in item["rows"].head(5).itertuples():
        st = status_cell(r.status_new, r.status_old, lang) if (r.status_new or "final") != (r.status_old or "final") else ""
        parts.append(f"{names.get(r.indicator, r.indicator)} {regions.get(r.region, r.region)} "
                     f"{period_text(r.period, lang, bool(r.is_ytd))} {num(r.old)}→{num(r.new)}"
                     + (t("wf.superseded_status", lang, status=st) if st else ""))
    more = t("wf.superseded_more", lang, n=item["undo"] - 5) if item["undo"] > 5 else ""
    return t("wf.superseded", lang, other=item["rev"], who=item["published_by"] or "", at=_when(item["published_at"]),
             undo=item["undo"], rows=sep.join(parts) + more)


def _detail(rev_id: int, lang: str) -> list:
    from data.db import reading
    from data.workflow.review import batch_review
    from figures.batches import describe
    from server.context import engine

    with reading(engine()) as conn:
        info = batch_review(conn, rev_id)
        words = describe(conn, info["revision"], lang)
    rev, c = info["revision"], info["counts"]
    files = [html.A(batch_file_name(f["name"], lang), href=f"/download/batch/{rev_id}/file/{f['sha256']}", id=f"review-file-{i}",
                    className="review-file") for i, f in enumerate(info["files"])]
    meta = [dmc.Text(words, fw=600, id="review-batch-words"),
            dmc.Text(t("wf.review_counts", lang, **c), id="review-preview-counts")]
    if rev.get("note"):
        meta.append(dmc.Text(t("wf.note", lang, note=rev["note"]), size="sm"))
    if info["corrects"]:
        meta.append(dmc.Text(t("wf.corrects", lang, rev=info["corrects"]), size="sm", c="blue"))
    for i, item in enumerate(x for x in info["superseded"] if x["undo"]):
        meta.append(dmc.Alert(superseded_text(item, lang), color="red", title=t("wf.superseded_title", lang),
                              id=f"review-superseded-{i}", className="review-superseded"))
    if files:
        meta.append(dmc.Group([dmc.Text(t("wf.files", lang), size="sm"), *files], gap="xs"))
    return meta + [_grid("review-rows-grid", ROW_COLS, _fmt_rows(info["rows"], lang), lang, 360)]


@callback(Output("review-detail", "children"), Output("review-shown", "data"),
          Output("review-comment", "value"),
          Input("review-select", "value"), State("review-select", "data"), State("review-lang", "data"))
def show(rev: str | None, options: list | None, lang: str | None):
    """Callback: the chosen revision's detail (changes, problems, files); a refusal shows as an alert.
    Approver only.
    """
    from server.auth import require_role

    require_role("approver")
    lang = lang_of(lang)
    if not rev:  # nothing chosen: "请选择批次" while batches wait, "暂无待审核的批次" when none does
        return dmc.Text(t("wf.review_choose" if options else "wf.review_none", lang), c="dimmed",
                        id="review-empty"), None, ""
    try:
        return _detail(int(rev), lang), {"rev": int(rev)}, ""
    except (UserError, ValueError) as exc:
        msg = exc.message(lang) if isinstance(exc, UserError) else str(exc)
        return dmc.Alert(msg, color="red"), None, ""


def _ask(action: str, shown: dict | None, rb_rev: str | None, comment: str, lang: str,
         reason: str = "") -> tuple[dict, str, str]:
    """The pending action, the sentence that restates what it will change, and a warning ("" when none): a
    pending batch some of whose figures a later-published batch replaced would undo them (report 5 #5).
    A rollback needs `reason` (UserError otherwise)."""
    from data import store
    from data.db import reading
    from data.workflow import review
    from server.context import engine

    if action == "rollback":
        if not rb_rev:
            raise user_error("wf.review_err_choose_rollback")
        store.rollback_reason(reason)   # the store's own rule, asked before the confirmation
        rev = int(rb_rev)
        with reading(engine()) as conn:
            store.get_revision(conn, rev)
            eff = review.rollback_effect(conn, rev)
        return {"action": action, "rev": rev, "comment": reason}, t("wf.confirm_rollback", lang, rev=rev, **eff), ""
    if not shown or not shown.get("rev"):
        raise user_error("wf.review_err_choose")
    rev = int(shown["rev"])
    if action == "reject" and not comment:
        raise user_error("wf.err_reason")
    with reading(engine()) as conn:
        store.check_reviewable(conn, rev, "published" if action == "publish" else "rejected")
        info = review.batch_review(conn, rev)
    key = "wf.confirm_publish" if action == "publish" else "wf.confirm_reject"
    warning = " ".join(superseded_text(x, lang) for x in info["superseded"] if x["undo"]) if action == "publish" else ""
    return {"action": action, "rev": rev, "comment": comment}, t(key, lang, rev=rev, **info["counts"]), warning


@callback(Output("review-modal", "opened"), Output("review-modal-text", "children"),
          Output("review-modal-comment", "children"), Output("review-pending", "data"),
          Output("review-result", "children"), Output("review-select", "data"), Output("review-select", "value"),
          Output("review-rollback-select", "data"), Output("review-comment", "value", allow_duplicate=True),
          Output("review-modal-warning", "children"), Output("review-rollback-reason", "value"),
          Output("review-select", "placeholder"),
          Input("review-publish", "n_clicks"), Input("review-reject", "n_clicks"), Input("review-rollback", "n_clicks"),
          Input("review-confirm", "n_clicks"), Input("review-cancel", "n_clicks"),
          State("review-shown", "data"), State("review-rollback-select", "value"), State("review-comment", "value"),
          State("review-pending", "data"), State("review-lang", "data"), State("review-rollback-reason", "value"),
          prevent_initial_call=True)
def act(_p: int | None, _r: int | None, _rb: int | None, _ok: int | None, _no: int | None, shown: dict | None, rb_rev: str | None, comment: str | None, pending: dict | None, lang: str | None, reason: str | None = None):
    """Callback: ask for confirmation of publish (warning when the batch would undo a later-published one),
    reject (a comment is required) or rollback (a reason is required), then do it on confirm; answers the modal,
    the result and refreshed pickers. Approver only.
    """
    from server.auth import require_role

    require_role("approver")
    lang = lang_of(lang)
    nu = dash.no_update
    trig = ctx.triggered_id
    comment = (comment or "").strip()
    reason = (reason or "").strip()
    if trig == "review-cancel":
        return False, "", "", None, nu, nu, nu, nu, nu, "", nu, nu
    if trig in ("review-publish", "review-reject", "review-rollback"):
        action = trig.removeprefix("review-")
        try:
            pend, sentence, warning = _ask(action, shown, rb_rev, comment, lang, reason)
        except UserError as exc:
            return False, "", "", None, error_alert(exc, lang, "review-message"), nu, nu, nu, nu, "", nu, nu
        said = pend.get("comment") or ""
        note = t("wf.confirm_reason" if action == "rollback" else "wf.confirm_comment", lang, comment=said) if said else ""
        return True, sentence, note, pend, nu, nu, nu, nu, nu, warning, nu, nu
    # review-confirm: do exactly what was restated, to the batch it named
    msg, color = _do(pending, lang)
    pending_opts, published = _options(lang)
    return (False, "", "", None, dmc.Alert(msg, color=color, id="review-message"), pending_opts,
            pending_opts[0]["value"] if pending_opts else None, published, "", "",
            "" if color == "green" and (pending or {}).get("action") == "rollback" else nu,
            t("wf.review_choose" if pending_opts else "wf.review_none", lang))


def _do(pending: dict | None, lang: str) -> tuple[str, str]:
    from data.imports import service
    from data.workflow import notify
    from server.auth import current_username
    from server.context import engine, settings

    if not pending or not pending.get("rev"):
        return t("wf.review_err_choose", lang), "red"
    rev, action, comment = int(pending["rev"]), pending.get("action"), pending.get("comment") or None
    user = current_username()
    try:
        with engine().begin() as conn:
            if action == "publish":
                service.publish_revision(conn, rev, user, comment)
                msg = t("wf.review_published", lang, rev=rev)
            elif action == "reject":
                service.reject_revision(conn, rev, user, comment or "")
                msg = t("wf.review_rejected", lang, rev=rev)
            elif action == "rollback":
                from data.workflow.review import rollback_effect

                eff = rollback_effect(conn, rev)  # what the withdrawal changes, said as the confirmation said it
                service.rollback_revision(conn, rev, user, comment)
                msg = t("wf.review_rolled_back", lang, rev=rev, **eff)
            else:
                return t("wf.review_err_choose", lang), "red"
    except UserError as exc:
        return exc.message(lang), "red"
    notify.send_pending(engine(), settings().smtp_url, settings().smtp_from)
    return msg, "green"
