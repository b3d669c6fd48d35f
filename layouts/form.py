"""在线填报 (/form, uploader role): one unit, one period, the expected indicators with the previous period's
and last year's published figures beside each input.

The typed figures become a CSV (data.workflow.form.form_file) that goes through the importer like an upload:
checked while typing (the importer's rules and messages), submitted as a batch (service.stage, which applies
the region scope, the duplicate refusal and the period rule). Component ids start with `upload-`, so the
server-side guard requires the uploader role for every callback here.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash
import dash_mantine_components as dmc
from dash import ALL, Input, Output, State, ctx, dcc, html

from layouts.components import error_alert, phone_cards
from layouts.callbacks import callback
from data.errors import UserError
from texts.i18n import batch_file_name, lang_of, page_title, period_name, t, unit_label

if TYPE_CHECKING:
    from data.imports.service import ImportResult


def register() -> None:
    """Register the /form page with Dash pages (title in the URL's language)."""
    dash.register_page("form", path="/form", name=t("nav.form"), title=page_title("nav.form"), layout=layout)


def _context(resubmit: str | None, lang: str = "zh"):
    """(regions [(code, name in `lang`)], default region, default period, prefill values, notes, statuses,
    resubmits id)."""
    from data.db import reading
    from data.workflow import form, rounds, scopes
    from data.workflow.periods import latest_ended
    from figures.rounds import round_group
    from server.auth import current_username
    from server.context import engine, settings

    s = settings()
    with reading(engine()) as conn:
        scoped = scopes.regions_of(conn, current_username())
        names = scopes.region_names(conn, lang)
        group = round_group(conn, s.home_region, s.group_city)
        codes = scoped or [s.home_region] + [c for c in rounds.group_members(conn, group) if c != s.home_region]
        values, notes, statuses, rid, region, period = {}, {}, {}, None, None, None
        if resubmit and str(resubmit).isdigit():
            from data import store

            rev = store.get_revision(conn, int(resubmit))
            if rev.get("status") == "rejected":
                region, period, values, notes = form.batch_values(conn, int(resubmit))
                rid = int(resubmit) if region else None
                statuses = form.batch_statuses(conn, int(resubmit)) if region else {}
    regions = [(c, names.get(c, c)) for c in codes]
    return regions, region or codes[0], period or latest_ended("Q"), values, notes, statuses, rid


def _period_options(lang: str, current: str) -> list[dict]:
    from data.workflow.periods import round_periods

    # a round as officials name it (its flows are 1—3季度 累计: texts.i18n.period_name), never 第3季度
    return [{"value": x, "label": period_name(x, lang)} for x in round_periods(current)]


def layout(lang: str = "zh", resubmit: str | None = None, **_query):
    """The /form page (uploader): the online reporting form of a region and period, optionally
    prefilled from the revision `resubmit`; a UserError shows as the page's error alert.
    """
    from server.auth import UPLOADER, page_guard

    from layouts.urlstate import scalar

    lang, resubmit = lang_of(scalar(lang)), scalar(resubmit)
    refusal = page_guard(UPLOADER, lang)
    if refusal is not None:
        return refusal
    try:
        regions, region, period, values, notes, statuses, rid = _context(resubmit, lang)
    except UserError as exc:
        return error_alert(exc, lang)
    head = [dmc.Title(t("nav.form", lang), order=2), dmc.Text(t("wf.form_subtitle", lang), c="dimmed", size="sm")]
    if rid:
        head.append(dmc.Alert(t("wf.form_correcting", lang, rev=rid), color="blue", id="upload-form-correcting"))
    return dmc.Stack([
        dmc.Stack(head, gap=4),
        dcc.Store(id="upload-form-ctx", data={"lang": lang, "resubmits": rid, "values": values, "notes": notes,
                                              "statuses": statuses, "region": region, "period": period}),
        dmc.Group([
            dmc.Select(id="upload-form-region", label=t("col.region", lang), w=240,
                       data=[{"value": c, "label": n} for c, n in regions], value=region, allowDeselect=False),
            dmc.Select(id="upload-form-period", label=t("col.period", lang), w=240,
                       data=_period_options(lang, period), value=period, allowDeselect=False),
        ]),
        html.Div(id="upload-form-rows"),
        dcc.Loading(html.Div(id="upload-form-check")),
        dmc.Textarea(id="upload-form-note", label=t("upload.note", lang), autosize=True, minRows=1, w=480),
        dmc.Group([dmc.Button(t("upload.submit", lang), id="upload-form-submit", disabled=True)]),
        html.Div(id="upload-form-result"),
    ])


STATUS_WIDTH = {"zh": 110, "en": 150}   # px of the 状态 select: 快报/正式/修订/估算, Preliminary/Final/Revised/Estimated


def status_options(current: str, lang: str) -> list[dict]:
    """The 状态 choices of a form row: 正式 and 快报, and the published figure's own status when it is another
    (修订, 估算), so that the default keeps it."""
    from data.workflow.form import FORM_STATUSES

    codes = list(FORM_STATUSES) + ([current] if current and current not in FORM_STATUSES else [])
    return [{"value": c, "label": t(f"status.{c}", lang)} for c in codes]


def _fmt(v: object, lang: str) -> str:
    from indicators.formatting import format_number

    return "" if v is None or v != v else format_number(v, 2 if v % 1 else 0, lang)


@callback(Output("upload-form-rows", "children"), Input("upload-form-region", "value"),
          Input("upload-form-period", "value"), State("upload-form-ctx", "data"))
def rows(region: str | None, period: str | None, c: dict | None):
    """Callback: the form's rows (one an indicator of the round: last period, last year, value, status and
    note inputs) for the chosen region and period. The status (快报/正式) defaults to that of the published
    figure the input replaces (正式 where none; a correction of a returned batch: what that batch said).
    Uploader only.
    """
    from data.catalogue import load_indicators
    from data.db import reading
    from data.workflow import form, rounds
    from figures.rounds import round_group
    from server.auth import require_role
    from server.context import engine, settings

    require_role("uploader")
    c = c or {}
    lang = lang_of(c.get("lang"))
    if not region or not period:
        return None
    s = settings()
    with reading(engine()) as conn:
        group = round_group(conn, s.home_region, s.group_city)
        inds = rounds.expected_indicators(conn, period, rounds.group_members(conn, group))
        ref = form.reference(conn, region, period, inds).set_index("indicator")
        current = form.published_statuses(conn, region, period, inds)
    cat = load_indicators().set_index("code")
    values, notes = c.get("values") or {}, c.get("notes") or {}
    # a returned batch's own statuses pre-fill its correction (for the unit and period it holds only)
    mine = (c.get("statuses") or {}) if (region, period) == (c.get("region"), c.get("period")) else {}
    headers = [t(k, lang) for k in ("col.indicator", "col.unit", "wf.col.last_period", "wf.col.last_year",
                                    "wf.col.this_period", "col.status", "col.note")]
    th = [html.Th(h) for h in headers]
    body = []
    for code in inds:
        name = cat.loc[code, "name_en" if lang == "en" else "name_zh"]
        body.append(html.Tr([
            html.Td(name), html.Td(unit_label(cat.loc[code, "unit"], lang)),
            html.Td(_fmt(ref.loc[code, "last_period"], lang), className="form-last-period"),
            html.Td(_fmt(ref.loc[code, "last_year"], lang), className="form-last-year"),
            # plain text, read by the importer's own number rules (data.imports.clean): "2,190,000" is 2190000,
            # "1,02", "-3" for a count or "15898万元" are refused with the cell's message, never reshaped silently by
            # a masked input (stop 25 break pass: a typed "," became a decimal point, a "-" vanished)
            html.Td(dmc.TextInput(id={"type": "upload-form-value", "ind": code}, value=_typed(values.get(code)),
                                  debounce=600, w=180, className="form-value")),
            # wide enough for the longest status of the page language ("Preliminary" was cut to "Prelimina")
            html.Td(dmc.Select(id={"type": "upload-form-status", "ind": code}, w=STATUS_WIDTH[lang], allowDeselect=False,
                               data=status_options(current[code], lang), value=mine.get(code) or current[code],
                               className="form-status")),
            html.Td(dmc.TextInput(id={"type": "upload-form-vnote", "ind": code}, value=notes.get(code, ""),
                                  debounce=600, w=240, placeholder=t("wf.form_note_hint", lang))),
        ], id=f"form-row-{code}"))
    return phone_cards(dmc.Table([html.Thead(html.Tr(th)), html.Tbody(body)], striped=True, highlightOnHover=True,
                                 id="upload-form-table"), headers)


def _typed(value: object) -> str:
    """A form cell's text as the user typed it ("" for none); a number pre-filled from a batch as the page shows
    figures, with thousands commas the importer reads back and without float noise (16200.0 -> "16,200",
    0.81 -> "0.81")."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        v = float(value)
        text = format(v, ",.10g")
        return text if "e" not in text else format(v, ",.12f").rstrip("0").rstrip(".")   # 1e-05 -> "0.00001"
    return str(value).strip()


def _build(region: str, period: str, values: list, value_ids: list, notes: list, note_ids: list,
           statuses: list | None = None, status_ids: list | None = None):
    from data.workflow import form, scopes
    from data.db import reading
    from server.context import engine

    vals = {i["ind"]: _typed(v) or None for v, i in zip(values or [], value_ids or [])}
    nts = {i["ind"]: (n or "") for n, i in zip(notes or [], note_ids or [])}
    sts = {i["ind"]: (x or "final") for x, i in zip(statuses or [], status_ids or [])}
    with reading(engine()) as conn:
        name = scopes.region_names(conn).get(region, region)
    return form.form_file(region, name, period, vals, nts, sts), vals


def _analyse(name: str, data: bytes):
    from data.db import reading
    from data.imports import service
    from server.auth import current_username
    from server.context import engine, settings

    s = settings()
    with reading(engine()) as conn:
        return service.analyse(conn, [(name, data)], home_region=s.home_region,
                               max_bytes=s.max_upload_mb * 1024 * 1024, file_label=batch_file_name,
                               user=current_username())


def _problems(result: ImportResult, lang: str, filled: list[str] | None = None) -> list:
    """The check's problems, each named by the form row it is about: the indicator of its CSV row (row n+1 is the
    n-th filled indicator, `filled`: data.workflow.form.form_file), also for a cell the importer refused and
    stored nothing for; a problem of the whole batch (a duplicate) has no name in front."""
    import re

    from data.catalogue import load_indicators

    names = dict(zip(load_indicators()["code"], load_indicators()["name_en" if lang == "en" else "name_zh"]))
    by_row = {i + 2: code for i, code in enumerate(filled or [])}
    by_cell = dict(zip(result.obs.get("cell", []), result.obs.get("indicator", [])))
    items = []
    for p in result.problems.itertuples():
        row = re.fullmatch(r"[A-Z]+(\d+)", str(p.cell or ""))
        code = by_cell.get(p.cell) or (by_row.get(int(row.group(1))) if row else None)
        what = names.get(code, "")
        msg = p.message_en if lang == "en" and p.message_en else p.message_zh
        fix = p.fix_en if lang == "en" and p.fix_en else p.fix_zh
        # a problem of the whole file (the duplicate refusal) names no indicator: no "：" before it
        text = (t("wf.form_problem", lang, what=what, msg=msg) if what else msg) + \
            (t("wf.form_fix", lang, fix=fix) if fix else "")
        items.append(dmc.Alert(text, color="red" if p.severity == "error" else "orange",
                               className=f"form-problem form-{p.severity}", p="xs"))
    return items


@callback(Output("upload-form-check", "children"), Output("upload-form-submit", "disabled"),
          Input({"type": "upload-form-value", "ind": ALL}, "value"), Input({"type": "upload-form-vnote", "ind": ALL}, "value"),
          Input({"type": "upload-form-status", "ind": ALL}, "value"),
          State({"type": "upload-form-value", "ind": ALL}, "id"), State({"type": "upload-form-vnote", "ind": ALL}, "id"),
          State({"type": "upload-form-status", "ind": ALL}, "id"),
          State("upload-form-region", "value"), State("upload-form-period", "value"), State("upload-form-ctx", "data"),
          prevent_initial_call=True)
def check(values: list, notes: list, statuses: list, value_ids: list, note_ids: list, status_ids: list,
          region: str | None, period: str | None, c: dict | None):
    """Callback: check the typed figures as an import would (same rules, same messages) and enable
    submission only when there is no error. Uploader only.
    """
    from server.auth import require_role

    require_role("uploader")
    lang = lang_of((c or {}).get("lang"))
    (name, data), vals = _build(region, period, values, value_ids, notes, note_ids, statuses, status_ids)
    if not any(v is not None for v in vals.values()):
        return dmc.Text(t("wf.form_empty", lang), c="dimmed", size="sm"), True
    try:
        result = _analyse(name, data)
    except UserError as exc:
        return error_alert(exc, lang), True
    c_ = result.counts()
    head = dmc.Badge(t("upload.counts", lang, **c_), color="red" if c_["errors"] else ("orange" if c_["warnings"] else "green"),
                     size="lg", id="upload-form-counts")
    return [head, *_problems(result, lang, [k for k, v in vals.items() if v is not None])], not result.ok


@callback(Output("upload-form-result", "children"), Output("upload-form-submit", "disabled", allow_duplicate=True),
          Input("upload-form-submit", "n_clicks"),
          State({"type": "upload-form-value", "ind": ALL}, "value"), State({"type": "upload-form-vnote", "ind": ALL}, "value"),
          State({"type": "upload-form-value", "ind": ALL}, "id"), State({"type": "upload-form-vnote", "ind": ALL}, "id"),
          State("upload-form-region", "value"), State("upload-form-period", "value"), State("upload-form-note", "value"),
          State("upload-form-ctx", "data"), State({"type": "upload-form-status", "ind": ALL}, "value"),
          State({"type": "upload-form-status", "ind": ALL}, "id"), prevent_initial_call=True)
def submit(n: int | None, values: list, notes: list, value_ids: list, note_ids: list, region: str | None, period: str | None, note: str | None, c: dict | None, statuses: list | None = None, status_ids: list | None = None):
    """Callback: submit the form's figures as a revision for review and notify the approvers; answers
    the result and disables the button. Uploader only.
    """
    from data.imports import service
    from data.workflow import notify
    from server.auth import current_username, require_role
    from server.context import engine, settings

    require_role("uploader")
    c = c or {}
    lang = lang_of(c.get("lang"))
    if not n or ctx.triggered_id != "upload-form-submit":
        return dash.no_update, dash.no_update
    (name, data), _ = _build(region, period, values, value_ids, notes, note_ids, statuses, status_ids)
    try:
        result = _analyse(name, data)
        with engine().begin() as conn:
            rev = service.stage(conn, result, current_username(), submit=True, note=(note or "").strip() or None,
                                resubmits=c.get("resubmits"), file_label=batch_file_name)
    except UserError as exc:
        return error_alert(exc, lang, "upload-form-error"), False
    notify.send_pending(engine(), settings().smtp_url, settings().smtp_from)
    link = html.A(t("nav.submissions", lang), href="/submissions" + ("?lang=en" if lang == "en" else ""))
    return dmc.Alert([t("wf.submitted", lang, rev=rev), " ", link], color="green", id="upload-form-submitted"), True
