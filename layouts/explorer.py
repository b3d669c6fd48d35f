"""数据查询: every published figure with its flags (快报/修订, notes, 口径调整), as published now or on a
past date, with CSV / Excel downloads (server.exports: formatted Excel, formula-safe CSV, audited)."""
from __future__ import annotations

from urllib.parse import urlencode

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, dcc, html

from layouts.callbacks import callback
from indicators import formatting as fmt
from layouts import model
from layouts import explorer_model as em
from layouts.components import data_grid, flag_badges, page_header
from texts.i18n import page_title, period_text, t, unit_label
from layouts.memo import page_layout, per_version
from layouts.urlstate import as_list, common, keys_store, sync_store, sync_url

PARAMS = ["indicator", "region", "kind", "asof"]
STATUSES = ("preliminary", "final", "revised", "estimated")


def register() -> None:
    dash.register_page("data", path="/data", name=t("nav.data"), title=page_title("nav.data"), layout=layout)


def state_from(query: dict, snap) -> dict:  # noqa: ANN001
    codes = set(model.catalogue().index)
    regions = set(snap.regions["code"])
    asof = str(query.get("asof") or "")[:10]
    return {"indicators": [c for c in as_list(query.get("indicator")) if c in codes],
            "regions": [r for r in as_list(query.get("region")) if r in regions] or [model.home()],
            "kind": query.get("kind") if query.get("kind") in ("Y", "Q") else "",
            "asof": asof if em.as_of_moment(asof) else ""}


def grid_rows(obs, lang: str, scale: str, snap) -> list[dict]:  # noqa: ANN001
    names = model.region_names(snap=snap)
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
        })
    return out


def grid_columns(lang: str) -> list[dict]:
    cols = [("indicator", "col.indicator", 220), ("region", "col.region", 130), ("period", "col.period", 150),
            ("value", "col.value", 140), ("unit", "col.unit", 90), ("status", "col.status", 90),
            ("note", "col.note", 180), ("break", "col.break", 260), ("revision", "col.revision", 100)]
    out = [{"field": f, "headerName": t(k, lang), "minWidth": w, "filter": True, "floatingFilter": True}
           for f, k, w in cols]
    out[5]["cellClassRules"] = {"cell-prelim": "params.data.flag === 'preliminary'",
                                "cell-revised": "params.data.flag === 'revised'"}
    return out


def export_href(path: str, state: dict, lang: str) -> str:
    params = {"table": "observations", "indicator": ",".join(state["indicators"]),
              "region": ",".join(state["regions"]), "period_kind": state["kind"], "as_of": state["asof"],
              "lang": lang}
    return path + "?" + urlencode({k: v for k, v in params.items() if v})


@per_version
def render(state: dict, lang: str, scale: str, snap) -> dict:  # noqa: ANN001
    obs = em.observations(state["indicators"], state["regions"], state["kind"], em.as_of_moment(state["asof"]), snap)
    rows = grid_rows(obs, lang, scale, snap)
    info = t("data.count", lang, n=len(rows)) + (" " + t("data.truncated", lang, n=em.MAX_ROWS)
                                                 if len(rows) >= em.MAX_ROWS else "")
    if state["asof"]:
        info = t("data.as_of", lang, date=state["asof"]) + " · " + info
    return {"rows": rows, "info": info, "csv": export_href("/export/table.csv", state, lang),
            "xlsx": export_href("/export/table.xlsx", state, lang)}


@page_layout
def layout(**query) -> dmc.Stack:
    lang, scale = common(query)
    snap = model.snapshot()
    state = state_from(query, snap)
    out = render(state, lang, scale, snap)
    names = model.region_names(snap=snap)
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
        dmc.TextInput(id="data-asof", label=t("data.asof", lang), value=state["asof"], debounce=600, w={"base": "100%", "sm": 190},
                      placeholder=t("data.asof_placeholder", lang), description=t("data.asof_hint", lang)),
    ], align="flex-end", gap="md"), withBorder=True, p="sm", radius="md", className="controls")
    actions = dmc.Group([
        html.A(dmc.Button(t("data.export_csv", lang), variant="outline"), id="data-export-csv", href=out["csv"]),
        html.A(dmc.Button(t("data.export_xlsx", lang), variant="outline"), id="data-export-xlsx", href=out["xlsx"]),
    ], gap="xs")
    return dmc.Stack([
        dcc.Store(id="data-ctx", data={"lang": lang, "scale": scale}),
        keys_store("data", PARAMS), sync_store("data"),
        page_header(t("nav.data", lang), t("data.subtitle", lang), actions),
        controls,
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
               Input("data-indicator", "value"), Input("data-region", "value"), Input("data-kind", "value"),
               Input("data-asof", "value"), State("data-ctx", "data"), prevent_initial_call=True)
def update(indicators, regions, kind, asof, ctx):
    snap = model.snapshot()
    state = state_from({"indicator": indicators, "region": regions, "kind": kind, "asof": asof}, snap)
    out = render(state, ctx["lang"], ctx["scale"], snap)
    return out["rows"], out["info"], out["csv"], out["xlsx"]
