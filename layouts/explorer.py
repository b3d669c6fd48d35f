"""数据查询: every published figure with its flags (快报/修订, notes, 口径调整), as published now or on a
past date, with CSV / Excel downloads (server.exports: formatted Excel, formula-safe CSV, audited)."""
from __future__ import annotations
from typing import TYPE_CHECKING

from urllib.parse import urlencode

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, dcc, html

from layouts.callbacks import callback
from indicators import formatting as fmt
from layouts import model
from layouts import explorer_model as em
from layouts.components import data_grid, dates_provider, flag_badges, page_header, stale_link_notice
from texts.i18n import MESSAGES, batch_file_name, page_title, period_text, t, unit_label
from layouts.memo import page_layout, per_version
from layouts.urlstate import as_list, page_view, keys_store, sync_store, sync_url

if TYPE_CHECKING:
    from data.snapshot import Snapshot
    import pandas as pd

PARAMS = ["indicator", "region", "kind", "asof"]
STATUSES = ("preliminary", "final", "revised", "estimated")


def register() -> None:
    """Register the /data page with Dash pages (title in the URL's language)."""
    dash.register_page("data", path="/data", name=t("nav.data"), title=page_title("nav.data"), layout=layout)


def state_from(query: dict, snap: Snapshot) -> dict:
    """The data page's state from URL `query`: indicators and regions kept only when the catalogue and
    `snap` know them (regions default to the home county), kind Y|Q|"" and a valid as-of date or "".
    """
    codes = set(model.catalogue().index)
    regions = set(snap.regions["code"])
    asof = em.normal_as_of(query.get("asof"))
    return {"indicators": [c for c in as_list(query.get("indicator")) if c in codes],
            "regions": [r for r in as_list(query.get("region")) if r in regions] or [model.home()],
            "kind": query.get("kind") if query.get("kind") in ("Y", "Q") else "",
            "asof": asof}


def link_changes(query: dict, state: dict, lang: str, names: dict) -> list[tuple[str, str, str]]:
    """The link's indicators or regions that do not exist (left out of the view): for stale_link_notice."""
    sep = t("list.sep", lang)
    out = []
    gone = [c for c in as_list(query.get("indicator")) if c not in state["indicators"]]
    if gone:
        out.append(("indicator", sep.join(gone), sep.join(model.indicator_name(c, lang) for c in state["indicators"])
                    or t("data.all_indicators", lang)))
    gone = [r for r in as_list(query.get("region")) if r not in state["regions"]]
    if gone:
        out.append(("region", sep.join(gone), sep.join(names.get(r, r) for r in state["regions"])))
    return out


def grid_rows(obs: pd.DataFrame, lang: str, scale: str, snap: Snapshot) -> list[dict]:
    """Grid rows of the observations `obs` (data.frames analysis columns) in `lang` and the money
    unit `scale`: names, period text, value in the display unit, unit, status, note, break and revision.
    """
    names = model.region_names(snap=snap, lang=lang)
    out = []
    for r in obs.itertuples():
        meta = model.meta(r.indicator)
        status = str(r.status) if isinstance(r.status, str) else ""
        out.append({
            "indicator": model.indicator_name(r.indicator, lang), "region": names.get(r.region, r.region),
            "period": period_text(r.period, lang, bool(r.is_ytd)), "ytd": t("col.ytd", lang) if r.is_ytd else "",
            "value": model.number_text(r.value, r.indicator, scale, lang),
            "unit": unit_label(model.display_unit(str(meta["unit"]), scale), lang),
            "status": t(f"status.{status}", lang) if status in STATUSES else "",
            "note": r.note if isinstance(r.note, str) else "",
            "break": r.break_text or "",
            "revision": "" if fmt.is_missing(r.revision_id) else str(int(r.revision_id)),
            "flag": status,
            # the figure's key: a click on its value opens 数据溯源 (layouts.provenance)
            "key": {"indicator": r.indicator, "region": r.region, "period": r.period, "is_ytd": bool(r.is_ytd)},
        })
    return out


def grid_columns(lang: str) -> list[dict]:
    """The data grid's column definitions in `lang` (filters on; the status cell coloured by flag)."""
    cols = [("indicator", "col.indicator", 220), ("region", "col.region", 130), ("period", "col.period", 150),
            ("value", "col.value", 140), ("unit", "col.unit", 90), ("status", "col.status", 90),
            ("note", "col.note", 180), ("break", "col.break", 260), ("revision", "col.revision", 100)]
    out = [{"field": f, "headerName": t(k, lang), "minWidth": w, "filter": True, "floatingFilter": True}
           for f, k, w in cols]
    out[5]["cellClassRules"] = {"cell-prelim": "params.data.flag === 'preliminary'",
                                "cell-revised": "params.data.flag === 'revised'"}
    return out


def export_href(path: str, state: dict, lang: str) -> str:
    """The export link `path` (table.csv or table.xlsx) carrying the page's filters and `lang`."""
    params = {"table": "observations", "indicator": ",".join(state["indicators"]),
              "region": ",".join(state["regions"]), "period_kind": state["kind"], "as_of": state["asof"],
              "lang": lang}
    return path + "?" + urlencode({k: v for k, v in params.items() if v})


@per_version
def render(state: dict, lang: str, scale: str, snap: Snapshot) -> dict:
    """What the data page shows for `state` (one computation per data version): grid rows, the count
    line (truncated at MAX_ROWS, with the as-of date), the CSV and Excel links and why it is empty, if it is.
    """
    obs = em.observations(state["indicators"], state["regions"], state["kind"], em.as_of_moment(state["asof"]), snap)
    rows = grid_rows(obs, lang, scale, snap)
    info = t("data.count", lang, n=len(rows)) + (" " + t("data.truncated", lang, n=em.MAX_ROWS)
                                                 if len(rows) >= em.MAX_ROWS else "")
    if state["asof"]:
        info = t("data.as_of", lang, date=state["asof"]) + " · " + info
    return {"rows": rows, "info": info, "csv": export_href("/export/table.csv", state, lang),
            "xlsx": export_href("/export/table.xlsx", state, lang), "empty": empty_reason(state, rows, lang, snap)}


def empty_reason(state: dict, rows: list, lang: str, snap: Snapshot) -> dict | None:
    """Why an as-of answer is empty, and the moment to offer instead: {"text", "earliest"} or None."""
    if rows or not state["asof"]:
        return None
    pubs = em.publications(snap)
    if not pubs:
        return {"text": t("data.asof_none_published", lang), "earliest": ""}
    first = pubs[-1]
    if em.as_of_moment(state["asof"]) < first["at"]:
        return {"text": t("data.asof_before_first", lang, asked=state["asof"], first=pub_label(first, lang)),
                "earliest": em.publication_moment(first)}
    return {"text": t("data.asof_no_match", lang, asked=state["asof"]), "earliest": ""}


def pub_label(pub: dict, lang: str) -> str:
    """"2026-11-23 18:53 发布：批次 2，示例数据" (what a publication was, for the as-of list)."""
    what = t("data.pub_demo", lang) if pub["kind"] == "demo" else (batch_file_name(pub["file_name"], lang) or pub["note"] or
                                                                    t(f"data.pub_kind.{pub['kind']}", lang)
                                                                    if f"data.pub_kind.{pub['kind']}" in MESSAGES
                                                                    else pub["file_name"] or pub["kind"])
    text = t("data.pub_item", lang, at=pub["at"].strftime("%Y-%m-%d %H:%M"), id=pub["id"], what=what)
    return text + (t("data.pub_rolled_back", lang) if pub["rolled_back"] else "")


def asof_controls(state: dict, lang: str, snap: Snapshot):
    """A date-time picker bounded by the first and last publication, and the publications to pick from."""
    pubs = em.publications(snap)
    first = pubs[-1]["at"] if pubs else None
    last = pubs[0]["at"] if pubs else None
    picker = dates_provider(lang, dmc.DateTimePicker(
        id="data-asof", label=t("data.asof", lang), clearable=True,
        value=(state["asof"] + " 23:59:59" if len(state["asof"]) == 10 else state["asof"]) or None,
        valueFormat="YYYY-MM-DD HH:mm", withSeconds=False, w={"base": "100%", "sm": 210},
        minDate=first.strftime("%Y-%m-%d") if first else None,
        maxDate=last.strftime("%Y-%m-%d 23:59:59") if last else None,
        placeholder=t("data.asof_placeholder2", lang, first=first.strftime("%Y-%m-%d")) if first
        else t("data.asof_hint", lang),
        description=t("data.asof_range", lang, first=first.strftime("%Y-%m-%d"), last=last.strftime("%Y-%m-%d"))
        if first else t("data.asof_hint", lang)))
    chosen = next((str(p["id"]) for p in pubs if em.publication_moment(p) == state["asof"]), None)
    listing = dmc.Select(id="data-asof-pub", label=t("data.asof_pick", lang), value=chosen, clearable=True,
                         data=[{"value": str(p["id"]), "label": pub_label(p, lang)} for p in pubs],
                         placeholder=t("data.asof_pick_placeholder", lang), w={"base": "100%", "sm": 340},
                         comboboxProps={"withinPortal": True})
    return [picker, listing]


def empty_note(empty: dict | None, lang: str) -> tuple[str, dict, str, dict]:
    """(text, alert style, button label, button style) of the empty-answer notice."""
    if not empty:
        return "", {"display": "none"}, "", {"display": "none"}
    button = t("data.asof_show_earliest", lang, at=empty["earliest"][:16]) if empty["earliest"] else ""
    return empty["text"], {}, button, ({} if empty["earliest"] else {"display": "none"})


@page_layout
def layout(**query) -> dmc.Stack:
    """The /data page: indicator, region, kind and as-of filters over the published observations grid."""
    lang, scale, snap, state, out = page_view(query, state_from, render)
    names = model.region_names(snap=snap, lang=lang)
    choices = em.region_choices(snap)
    choices += [r for r in state["regions"] if r not in choices]
    controls = dmc.Paper(dmc.Group([
        dmc.MultiSelect(id="data-indicator", label=t("data.indicators", lang), value=state["indicators"],
                        data=model.indicator_options(lang), searchable=True, clearable=True, w={"base": "100%", "sm": 360},
                        placeholder=t("data.all_indicators", lang), comboboxProps={"withinPortal": True}),
        dmc.MultiSelect(id="data-region", label=t("col.region", lang), value=state["regions"],
                        data=[{"value": c, "label": names.get(c, c)} for c in choices], searchable=True, w={"base": "100%", "sm": 360},
                        comboboxProps={"withinPortal": True}),
        dmc.Stack([dmc.Text(t("ctl.freq", lang), size="sm", fw=500),
                   dmc.SegmentedControl(id="data-kind", value=state["kind"],
                                        data=[{"value": "", "label": t("data.all", lang)},
                                              {"value": "Y", "label": t("ctl.annual", lang)},
                                              {"value": "Q", "label": t("ctl.quarterly", lang)}])], gap=2),
        *asof_controls(state, lang, snap),
    ], align="flex-end", gap="md"), withBorder=True, p="sm", radius="md", className="controls")
    note_text, note_style, button_text, button_style = empty_note(out["empty"], lang)
    notice = dmc.Alert([dmc.Text(note_text, id="data-asof-empty-text", size="sm"),
                        dmc.Button(button_text, id="data-asof-earliest", size="xs", variant="light", mt="xs",
                                   style=button_style)],
                       id="data-asof-empty", color="yellow", variant="light", style=note_style)
    actions = dmc.Group([
        html.A(dmc.Button(t("data.export_csv", lang), variant="outline"), id="data-export-csv", href=out["csv"]),
        html.A(dmc.Button(t("data.export_xlsx", lang), variant="outline"), id="data-export-xlsx", href=out["xlsx"]),
    ], gap="xs")
    return dmc.Stack([
        dcc.Store(id="data-ctx", data={"lang": lang, "scale": scale}),
        keys_store("data", PARAMS), sync_store("data"),
        page_header(t("nav.data", lang), t("data.subtitle", lang), actions),
        stale_link_notice("data", lang, link_changes(query, state, lang, names)),
        controls,
        dcc.Store(id="data-asof-earliest-at", data=(out["empty"] or {}).get("earliest", "")),
        notice,
        dmc.Paper([
            dmc.Group([dmc.Text(out["info"], id="data-info", size="sm"),
                       dmc.Group(flag_badges(lang, snap.is_demo), gap=4)], justify="space-between"),
            data_grid("data-grid", grid_columns(lang), out["rows"], height=640, lang=lang,
                      options={"pagination": True, "paginationPageSize": 100, "enableCellTextSelection": True}),
        ], withBorder=True, p="sm", radius="md"),
    ], gap="md")


sync_url("data", [("data-indicator", "value"), ("data-region", "value"), ("data-kind", "value"),
                  ("data-asof", "value")])


@callback(Output("data-grid", "rowData"), Output("data-info", "children"),
               Output("data-export-csv", "href"), Output("data-export-xlsx", "href"),
               Output("data-asof-empty-text", "children"), Output("data-asof-empty", "style"),
               Output("data-asof-earliest", "children"), Output("data-asof-earliest", "style"),
               Output("data-asof-earliest-at", "data"),
               Input("data-indicator", "value"), Input("data-region", "value"), Input("data-kind", "value"),
               Input("data-asof", "value"), State("data-ctx", "data"), prevent_initial_call=True)
def update(indicators, regions, kind, asof, ctx):
    """Callback: re-render the data page for the changed filters (see render)."""
    snap = model.snapshot()
    state = state_from({"indicator": indicators, "region": regions, "kind": kind, "asof": asof}, snap)
    out = render(state, ctx["lang"], ctx["scale"], snap)
    return (out["rows"], out["info"], out["csv"], out["xlsx"], *empty_note(out["empty"], ctx["lang"]),
            (out["empty"] or {}).get("earliest", ""))


@callback(Output("data-asof", "value"), Input("data-asof-pub", "value"), prevent_initial_call=True)
def pick_publication(pub_id):
    """Choosing a publication sets the picker to the moment it was published."""
    if not pub_id:
        return dash.no_update
    pub = next((p for p in em.publications(model.snapshot()) if str(p["id"]) == str(pub_id)), None)
    return em.publication_moment(pub) if pub else dash.no_update


@callback(Output("data-asof", "value", allow_duplicate=True), Input("data-asof-earliest", "n_clicks"),
               State("data-asof-earliest-at", "data"), prevent_initial_call=True)
def show_earliest(clicks, earliest):
    """Callback: set the as-of date to the earliest one with data when the notice's button is clicked."""
    return earliest if clicks and earliest else dash.no_update
