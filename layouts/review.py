"""审核发布 (/review, approver role): submitted revisions with their report and a live diff against
what is published now; publish, reject with a comment, roll back a published revision.

Maker–checker: service.publish_revision refuses when the approver is the one who submitted.
"""
from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, ctx

from layouts.callbacks import callback
from data.errors import UserError
from texts.i18n import lang_of, page_title, t, user_error
from layouts.upload import DIFF_COLS, PROBLEM_COLS, _diff_rows, _grid, names_for


def register() -> None:
    dash.register_page("review", path="/review", name=t("nav.review"), title=page_title("nav.review"), layout=layout)


def layout(lang: str = "zh", **_query):
    from dash import dcc

    from server.auth import APPROVER, page_guard

    lang = lang_of(lang)
    refusal = page_guard(APPROVER, lang)
    if refusal is not None:
        return refusal
    pending, published = _options(lang)
    return dmc.Stack([
        dmc.Stack([dmc.Title(t("review.title", lang), order=2), dmc.Text(t("review.subtitle", lang), c="dimmed", size="sm")], gap=0),
        dcc.Store(id="review-lang", data=lang),
        dmc.Text(t("review.rule", lang), size="sm", c="dimmed"),
        dmc.Select(id="review-select", label=t("review.pending", lang), data=pending,
                   value=pending[0]["value"] if pending else None, w=640, placeholder=t("review.none", lang)),
        html_div("review-detail"),
        dmc.Textarea(id="review-comment", label=t("review.comment", lang), autosize=True, minRows=2, w=640),
        dmc.Group([dmc.Button(t("review.publish", lang), id="review-publish", color="green"),
                   dmc.Button(t("review.reject", lang), id="review-reject", color="red", variant="outline")]),
        html_div("review-result"),
        dmc.Divider(label=t("review.rollback_title", lang)),
        dmc.Group([dmc.Select(id="review-rollback-select", data=published, w=640, searchable=True),
                   dmc.Button(t("review.rollback", lang), id="review-rollback", color="orange", variant="outline")]),
    ])


def html_div(cid: str):
    from dash import html

    return html.Div(id=cid)


def _options(lang: str) -> tuple[list[dict], list[dict]]:
    from data import store
    from data.db import reading
    from server.context import engine

    with reading(engine()) as conn:
        revs = store.list_revisions(conn, ("submitted", "published"))

    def label(r):
        return t("review.revision_label", lang, id=r.id, file=r.file_name or "", by=r.submitted_by or r.created_by or "",
                 rows=r.row_count)
    pending = [{"value": str(r.id), "label": label(r)} for r in revs.itertuples() if r.status == "submitted"]
    published = [{"value": str(r.id), "label": label(r)} for r in revs.itertuples() if r.status == "published"]
    return pending, published


def _detail(rev_id: int, lang: str) -> list:
    from data import store
    from data.db import reading
    from data.imports import service
    from server.context import engine

    with reading(engine()) as conn:
        rev = store.get_revision(conn, rev_id)
        diff = service.revision_diff(conn, rev_id)
    report = service.revision_report(rev)
    names, regions = names_for(lang)
    import pandas as pd

    warnings = pd.DataFrame(report.get("warnings", []))
    out = [dmc.Text(f"{rev.get('file_name') or ''} · {rev.get('note') or ''}", fw=600),
           dmc.Text(t("upload.preview_counts", lang, **diff["counts"]), id="review-preview-counts")]
    if len(warnings):
        from layouts.upload import _problem_rows

        out += [dmc.Title(t("upload.warnings", lang), order=5, c="orange"),
                _grid("review-warnings-grid", PROBLEM_COLS, _problem_rows(warnings, lang), lang, 200)]
    if len(diff["changed"]):
        out += [dmc.Text(t("upload.changed", lang), fw=600),
                _grid("review-changed-grid", DIFF_COLS, _diff_rows(diff["changed"], names, regions, lang), lang, 220)]
    if len(diff["added"]):
        out += [dmc.Text(t("upload.added", lang), fw=600),
                _grid("review-added-grid", DIFF_COLS[:4] + DIFF_COLS[5:], _diff_rows(diff["added"], names, regions, lang), lang, 220)]
    return out


@callback(Output("review-detail", "children"), Input("review-select", "value"), State("review-lang", "data"))
def show(rev, lang):  # noqa: ANN001
    from server.auth import require_role

    require_role("approver")
    if not rev:
        return dmc.Text(t("review.none", lang_of(lang)), c="dimmed")
    try:
        return _detail(int(rev), lang_of(lang))
    except UserError as exc:
        return dmc.Alert(exc.message(lang_of(lang)), color="red")


@callback(Output("review-result", "children"), Output("review-select", "data"), Output("review-select", "value"),
          Output("review-rollback-select", "data"),
          Input("review-publish", "n_clicks"), Input("review-reject", "n_clicks"), Input("review-rollback", "n_clicks"),
          State("review-select", "value"), State("review-rollback-select", "value"), State("review-comment", "value"),
          State("review-lang", "data"), prevent_initial_call=True)
def act(_p, _r, _rb, rev, rb_rev, comment, lang):  # noqa: ANN001
    from data.imports import service
    from server.auth import current_username, require_role
    from server.context import engine

    require_role("approver")
    lang = lang_of(lang)
    user = current_username()
    try:
        if ctx.triggered_id == "review-rollback":
            if not rb_rev:
                raise user_error("review.err_choose_rollback")
            with engine().begin() as conn:
                service.rollback_revision(conn, int(rb_rev), user, comment)
            msg = t("review.rolled_back", lang, rev=rb_rev)
        else:
            if not rev:
                raise user_error("review.err_choose")
            with engine().begin() as conn:
                if ctx.triggered_id == "review-publish":
                    service.publish_revision(conn, int(rev), user, comment)
                    msg = t("review.published", lang, rev=rev)
                else:
                    service.reject_revision(conn, int(rev), user, comment or "")
                    msg = t("review.rejected", lang, rev=rev)
        color = "green"
    except UserError as exc:
        msg, color = exc.message(lang), "red"
    pending, published = _options(lang)
    return (dmc.Alert(msg, color=color, id="review-message"), pending,
            pending[0]["value"] if pending else None, published)
