"""我的提交 (/submissions, any signed-in account): every batch of the signed-in account with its state, approver,
times and comment; a rejected one links to its correction form (which keeps the link to the original);
and the account's notifications, marked read when this page is opened."""
from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import html

from layouts.components import phone_cards
from texts.i18n import lang_of, page_title, t

STATE_COLOR = {"submitted": "blue", "published": "green", "rejected": "red", "rolled_back": "gray", "draft": "gray"}


def register() -> None:
    """Register the /submissions page with Dash pages (title in the URL's language)."""
    dash.register_page("submissions", path="/submissions", name=t("nav.submissions"),
                       title=page_title("nav.submissions"), layout=layout)


def _state(status: str, lang: str) -> str:
    key = f"wf.state.{status}"
    from texts.i18n import MESSAGES

    return t(key, lang) if key in MESSAGES else status


def layout(lang: str = "zh", **_query):
    """The /submissions page (signed in): one's own batches with their state, and one's notifications."""
    from data.db import reading
    from data.workflow import batches, notify
    from figures.batches import describe
    from data.workflow.batches import _when
    from server.auth import current_account, current_username
    from server.context import engine

    lang = lang_of(lang)
    if current_account() is None:  # any signed-in account: its own batches and notifications
        return dmc.Alert(t("auth.need_login", lang), title=t("auth.forbidden_title", lang), color="red",
                         id="page-forbidden")
    user = current_username()
    with reading(engine()) as conn:
        items = batches.submissions_of(conn, user)
        words = {it["id"]: describe(conn, it, lang) for it in items}
        notes = notify.list_for(conn, user)
    with engine().begin() as conn:
        notify.mark_read(conn, user)
    q = "&lang=en" if lang == "en" else ""
    rows = []
    for it in items:
        st = it["status"]
        action = None
        if st == "rejected" and not it.get("corrected_by"):
            action = html.A(t("wf.correct", lang), href=f"/form?resubmit={it['id']}{q}", id=f"mysub-correct-{it['id']}")
        elif it.get("corrected_by"):
            action = dmc.Text(t("wf.corrected_by", lang, rev=it["corrected_by"]), size="sm")
        rows.append(html.Tr([
            html.Td(t("wf.batch_no", lang, rev=it["id"])),
            html.Td(dmc.Badge(_state(st, lang), color=STATE_COLOR.get(st, "gray"), className=f"mysub-state-{st}")),
            html.Td(words[it["id"]], style={"maxWidth": "520px"}),
            html.Td(_when(it.get("submitted_at")) or _when(it.get("created_at"))),
            html.Td(it.get("reviewed_by") or ""), html.Td(_when(it.get("reviewed_at"))),
            html.Td(it.get("review_comment") or "", className="mysub-comment"),
            html.Td(t("wf.corrects", lang, rev=it["resubmits"]) if it.get("resubmits") else ""),
            html.Td(action),
        ], id=f"mysub-row-{it['id']}"))
    head = [t(k, lang) for k in ("wf.col.batch", "col.status", "wf.col.what", "wf.col.submitted_at", "wf.col.approver",
                                 "wf.col.reviewed_at", "wf.col.comment", "wf.col.link", "admin.action")]
    table = phone_cards(dmc.Table([html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)], striped=True,
                                  id="mysub-table"), head) if rows else dmc.Text(t("wf.no_submissions", lang), c="dimmed")
    note_items = [dmc.Alert(f"{_when(n['created_at'])} · " + (n["text_en"] if lang == "en" else n["text_zh"]),
                            color={"rejected": "red", "published": "green", "overdue": "orange"}.get(n["kind"], "blue"),
                            p="xs", className=f"mysub-notification mysub-notification-{n['kind']}"
                            + (" mysub-unread" if n.get("read_at") is None else ""))
                  for n in notes]
    return dmc.Stack([
        dmc.Stack([dmc.Title(t("nav.submissions", lang), order=2),
                   dmc.Text(t("wf.submissions_subtitle", lang), c="dimmed", size="sm")], gap=0),
        dmc.Group([html.A(t("nav.form", lang), href="/form" + q.replace("&", "?")),
                   html.A(t("nav.upload", lang), href="/upload" + q.replace("&", "?"))]),
        table,
        dmc.Title(t("wf.notifications", lang), order=4, id="mysub-notifications-title"),
        html.Div(note_items or dmc.Text(t("wf.no_notifications", lang), c="dimmed"), id="mysub-notifications"),
    ])
