"""我的提交 (/submissions, any signed-in account): every batch of the signed-in account with its state, approver,
times and comment; who rolled a published batch back, when and why; a rejected one links to its correction form
(which keeps the link to the original); a pending one can be withdrawn (作废) by its submitter after a
confirmation (data.imports.service.cancel_revision, the same as POST /api/v1/revisions/<id>/cancel); and the
account's notifications, marked read when this page is opened. The withdraw callback writes to `upload-` ids, so
the role guard requires the uploader role."""
from __future__ import annotations

import dash
import dash_mantine_components as dmc
from data import store
from dash import ALL, Input, Output, State, ctx, dcc, html

from data.errors import UserError
from layouts.callbacks import callback
from layouts.components import error_alert, phone_cards
from texts.i18n import lang_of, page_title, t

STATE_COLOR = {"submitted": "blue", "published": "green", "rejected": "red", "rolled_back": "gray", "draft": "gray",
               "cancelled": "gray"}


def register() -> None:
    """Register the /submissions page with Dash pages (title in the URL's language)."""
    dash.register_page("submissions", path="/submissions", name=t("nav.submissions"),
                       title=page_title("nav.submissions"), layout=layout)


def _state(status: str, lang: str) -> str:
    key = f"wf.state.{status}"
    from texts.i18n import MESSAGES

    return t(key, lang) if key in MESSAGES else status


def closing_line(it: dict, lang: str) -> str:
    """What ended a batch after its review, in words: who rolled it back, when and why; or when its submitter
    withdrew (作废) it. "" for the other states."""
    from data.workflow.batches import _when

    if it.get("status") == "rolled_back":
        return t("wf.rolled_back_line", lang, who=it.get("rolled_back_by") or "", at=_when(it.get("rolled_back_at")),
                 why=it.get("rollback_comment") or t("wf.no_reason", lang))
    if it.get("status") == "cancelled":
        why = it.get("cancel_comment") or ""
        return t("wf.cancelled_line", lang, who=it.get("cancelled_by") or "", at=_when(it.get("cancelled_at"))) + \
            (t("wf.cancelled_why", lang, why=why) if why else "")
    return ""


def _table(user: str, lang: str):
    """The account's batches as a table (phone cards on small screens), or the "nothing yet" line."""
    from data.db import reading
    from data.workflow import batches
    from data.workflow.batches import _when
    from figures.batches import describe
    from server.context import engine

    with reading(engine()) as conn:
        items = batches.submissions_of(conn, user)
        words = {it["id"]: describe(conn, it, lang) for it in items}
    q = "&lang=en" if lang == "en" else ""
    rows = []
    for it in items:
        st = it["status"]
        action = None
        if st == "rejected" and not it.get("corrected_by"):
            action = html.A(t("wf.correct", lang), href=f"/form?resubmit={it['id']}{q}", id=f"mysub-correct-{it['id']}")
        elif it.get("corrected_by"):
            action = dmc.Text(t("wf.corrected_by", lang, rev=it["corrected_by"]), size="sm")
        elif store.may_cancel(it, user):   # the store's own rule: pending, and this account submitted it
            action = dmc.Button(t("wf.withdraw", lang), id={"type": "upload-mysub-cancel", "rev": int(it["id"])},
                                size="xs", color="orange", variant="outline", className="mysub-cancel")
        closing = closing_line(it, lang)
        comment = [it.get("review_comment") or ""] + ([html.Br(), html.Span(closing, className="mysub-closing")]
                                                      if closing else [])
        rows.append(html.Tr([
            html.Td(t("wf.batch_no", lang, rev=it["id"])),
            html.Td(dmc.Badge(_state(st, lang), color=STATE_COLOR.get(st, "gray"), className=f"mysub-state-{st}")),
            html.Td(words[it["id"]], style={"maxWidth": "520px"}),
            html.Td(_when(it.get("submitted_at")) or _when(it.get("created_at"))),
            html.Td(it.get("reviewed_by") or ""), html.Td(_when(it.get("reviewed_at"))),
            html.Td(comment, className="mysub-comment"),
            html.Td(t("wf.corrects", lang, rev=it["resubmits"]) if it.get("resubmits") else ""),
            html.Td(action),
        ], id=f"mysub-row-{it['id']}"))
    head = [t(k, lang) for k in ("wf.col.batch", "col.status", "wf.col.what", "wf.col.submitted_at", "wf.col.approver",
                                 "wf.col.reviewed_at", "wf.col.comment", "wf.col.link", "admin.action")]
    return phone_cards(dmc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)], striped=True,
                                 id="mysub-table"), head) if rows else dmc.Text(t("wf.no_submissions", lang), c="dimmed")


def layout(lang: str = "zh", **_query):
    """The /submissions page (signed in): one's own batches with their state, and one's notifications."""
    from data.db import reading
    from data.workflow import notify
    from data.workflow.batches import _when
    from server.auth import current_account, current_username
    from server.context import engine

    lang = lang_of(lang)
    if current_account() is None:  # any signed-in account: its own batches and notifications
        return dmc.Alert(t("auth.need_login", lang), title=t("auth.forbidden_title", lang), color="red",
                         id="page-forbidden")
    user = current_username()
    with reading(engine()) as conn:
        notes = notify.list_for(conn, user)
    with engine().begin() as conn:
        notify.mark_read(conn, user)
    q = "&lang=en" if lang == "en" else ""
    table = html.Div(_table(user, lang), id="upload-mysub-body")
    note_items = [dmc.Alert(f"{_when(n['created_at'])} · " + (n["text_en"] if lang == "en" else n["text_zh"]),
                            color={"rejected": "red", "published": "green", "overdue": "orange",
                                   "rolled_back": "orange", "cancelled": "gray"}.get(n["kind"], "blue"),
                            p="xs", className=f"mysub-notification mysub-notification-{n['kind']}"
                            + (" mysub-unread" if n.get("read_at") is None else ""))
                  for n in notes]
    return dmc.Stack([
        dmc.Stack([dmc.Title(t("nav.submissions", lang), order=2),
                   dmc.Text(t("wf.submissions_subtitle", lang), c="dimmed", size="sm")], gap=0),
        dmc.Group([html.A(t("nav.form", lang), href="/form" + q.replace("&", "?")),
                   html.A(t("nav.upload", lang), href="/upload" + q.replace("&", "?"))]),
        dcc.Store(id="mysub-lang", data=lang),
        dcc.Store(id="upload-mysub-pending"),  # the batch whose withdrawal awaits confirmation: {"rev": id}
        html.Div(id="upload-mysub-result"),
        table,
        dmc.Modal(id="upload-mysub-modal", title=t("wf.confirm_title", lang), opened=False, size="lg", children=[
            dmc.Text(id="upload-mysub-modal-text", fw=600),
            dmc.Textarea(id="mysub-cancel-note", label=t("wf.withdraw_note", lang), autosize=True, minRows=1, mt="xs"),
            dmc.Group([dmc.Button(t("wf.confirm", lang), id="mysub-cancel-confirm", color="orange"),
                       dmc.Button(t("wf.cancel", lang), id="mysub-cancel-no", variant="outline")], mt="md"),
        ]),
        dmc.Title(t("wf.notifications", lang), order=4, id="mysub-notifications-title"),
        html.Div(note_items or dmc.Text(t("wf.no_notifications", lang), c="dimmed"), id="mysub-notifications"),
    ])


@callback(Output("upload-mysub-modal", "opened"), Output("upload-mysub-modal-text", "children"),
          Output("upload-mysub-pending", "data"), Output("upload-mysub-result", "children"),
          Output("upload-mysub-body", "children"),
          Input({"type": "upload-mysub-cancel", "rev": ALL}, "n_clicks"), Input("mysub-cancel-confirm", "n_clicks"),
          Input("mysub-cancel-no", "n_clicks"), State("upload-mysub-pending", "data"),
          State("mysub-cancel-note", "value"), State("mysub-lang", "data"), prevent_initial_call=True)
def withdraw(clicks: list, _ok: int | None, _no: int | None, pending: dict | None, note: str | None, lang: str | None):
    """Callback: 撤回（作废） a pending batch of one's own: the first click asks for confirmation (restating that
    nothing was published and the figures stay stored), 确认 withdraws it (data.imports.service.cancel_revision:
    only its submitter, only while pending; the approvers are told) and redraws the table. Uploader only.
    """
    from data.imports import service
    from data.workflow import notify
    from server.auth import current_username, require_role
    from server.context import engine, settings

    require_role("uploader")
    lang = lang_of(lang)
    nu = dash.no_update
    trig = ctx.triggered_id
    if trig == "mysub-cancel-no":
        return False, "", None, nu, nu
    if isinstance(trig, dict):
        if not any(clicks or []):  # the table was redrawn: no click
            return nu, nu, nu, nu, nu
        rev = int(trig["rev"])
        return True, t("wf.confirm_withdraw", lang, rev=rev), {"rev": rev}, nu, nu
    if not pending or not pending.get("rev"):
        return False, "", None, nu, nu
    rev, user = int(pending["rev"]), current_username()
    try:
        with engine().begin() as conn:
            service.cancel_revision(conn, rev, user, (note or "").strip() or None)
    except UserError as exc:
        return False, "", None, error_alert(exc, lang, "mysub-message"), _table(user, lang)
    notify.send_pending(engine(), settings().smtp_url, settings().smtp_from)
    return (False, "", None, dmc.Alert(t("wf.withdrawn", lang, rev=rev), color="green", id="mysub-message"),
            _table(user, lang))
