"""数据溯源 (/provenance?indicator=RD_EXP&region=130534&period=2026Q3&ytd=1): where a published figure came
from — its batch, the original file (downloadable by approvers), sheet and cell, who submitted and who
approved it and when, and the values it replaced. Same answer as GET /api/v1/provenance."""
from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, html

from layouts.callbacks import callback
from texts.i18n import batch_file_name, lang_of, page_title, period_text, t


def register() -> None:
    """Register the /provenance page with Dash pages (title in the URL's language)."""
    dash.register_page("provenance", path="/provenance", name=t("nav.provenance"),
                       title=page_title("nav.provenance"), layout=layout)


def href(indicator: str, region: str, period: str, is_ytd: bool, lang: str = "zh") -> str:
    """The link every page puts on a figure."""
    return (f"/provenance?indicator={indicator}&region={region}&period={period}&ytd={1 if is_ytd else 0}"
            + ("&lang=en" if lang == "en" else ""))


def _when(v: object) -> str:
    from datetime import datetime

    from data.workflow.batches import _when as w

    if isinstance(v, str):
        try:
            v = datetime.fromisoformat(v)
        except ValueError:
            return v
    return w(v)


def layout(lang: str = "zh", indicator: str = "", region: str = "", period: str = "", ytd: str = "0", **_query):
    """The /provenance page: where one figure (indicator, region, period, 累计 flag) came from —
    its batches, files, cells and approvals; approvers get the source files as download links.
    """
    from data import store
    from data.db import reading
    from data.errors import UserError
    from figures.batches import describe
    from figures.provenance import provenance
    from indicators.formatting import format_value
    from server.auth import current_account, has_role
    from server.context import engine, settings

    from layouts.urlstate import scalar

    lang = lang_of(scalar(lang))
    if current_account() is None and not settings().public_view:
        return dmc.Alert(t("auth.need_login", lang), color="red", id="page-forbidden")
    indicator, region, period = scalar(indicator, ""), scalar(region, ""), scalar(period, "")
    is_ytd = str(scalar(ytd, "0")).lower() in ("1", "true", "yes")
    try:
        with reading(engine()) as conn:
            p = provenance(conn, indicator, region, period, is_ytd)
            words = describe(conn, store.get_revision(conn, p["batch"]["id"]), lang)
    except (UserError, ValueError, KeyError) as exc:
        msg = exc.message(lang) if isinstance(exc, UserError) else t("wf.prov_bad", lang)
        return dmc.Alert(msg, color="red", id="prov-error")
    b = p["batch"]
    name = (p["indicator_name"] or {}).get(lang, indicator)
    approver = has_role("approver")
    files = [html.A(batch_file_name(f["name"], lang), href=f["url"], className="prov-file") if approver
             else html.Span(batch_file_name(f["name"], lang), className="prov-file")
             for f in p["files"]]
    rows = [
        (t("wf.prov_value", lang), format_value(p["value"], p["unit"] or "", lang=lang)),
        (t("wf.prov_batch", lang), html.Span(words, id="prov-batch")),
        (t("wf.prov_file", lang), html.Span(files or [p["file"] or t("wf.prov_no_file", lang)], id="prov-files")),
        (t("wf.prov_cell", lang), html.Span(f"{p['sheet'] or ''} {p['cell'] or ''}".strip() or t("wf.prov_no_cell", lang),
                                           id="prov-cell")),
        (t("wf.prov_submitter", lang), html.Span(f"{b['submitted_by'] or ''} · {_when(b['submitted_at'])}", id="prov-submitter")),
        (t("wf.prov_approver", lang), html.Span(f"{b['approved_by'] or ''} · {_when(b['approved_at'])}", id="prov-approver")),
    ]
    if b.get("comment"):
        rows.append((t("wf.col.comment", lang), b["comment"]))
    table = dmc.Table([html.Tbody([html.Tr([html.Th(k, style={"width": "160px"}), html.Td(v)]) for k, v in rows])],
                      withTableBorder=True, id="prov-table")
    replaced = [html.Li(t("wf.prov_replaced_item", lang, value=format_value(r["value"], p["unit"] or "", lang=lang),
                          batch=r["batch"], by=r["approved_by"] or "", at=_when(r["published_at"])))
                for r in p["replaced"]]
    return dmc.Stack([
        dmc.Title(t("nav.provenance", lang), order=2),
        dmc.Text(f"{p['region_name_en'] if lang == 'en' else p['region_name']} · {name} · {period_text(period, lang, is_ytd)}", fw=700, size="lg", id="prov-key"),
        table,
        dmc.Title(t("wf.prov_replaced", lang), order=5),
        html.Ul(replaced, id="prov-replaced") if replaced else dmc.Text(t("wf.prov_none_replaced", lang), c="dimmed"),
    ])


@callback(Output("url", "href", allow_duplicate=True), Input("data-grid", "cellClicked"),
               State("data-grid", "virtualRowData"), State("url", "search"), prevent_initial_call=True)
def open_from_data_grid(cell: dict | None, rows: list | None, search: str | None):
    """A click on a value in 数据查询 opens its provenance."""
    if not cell or cell.get("colId") != "value" or not rows:
        return dash.no_update
    i = cell.get("rowIndex")
    key = rows[i].get("key") if isinstance(i, int) and 0 <= i < len(rows) else None
    if not isinstance(key, dict):
        return dash.no_update
    lang = "en" if "lang=en" in (search or "") else "zh"
    return href(str(key["indicator"]), str(key["region"]), str(key["period"]), bool(key["is_ytd"]), lang)
