"""地图: a choropleth of the group's counties; clicking a county opens its trends. Zones listed beside."""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, dcc, html

from layouts.callbacks import callback, clientside_callback
from indicators import formatting as fmt
from layouts import model
from plots import charts
from layouts import geomap_model as gm
from layouts import rankings_model as rm
from layouts.components import caption, chart_panel, columns, page_header, select, stale_link_notice
from texts.i18n import page_title, t, unit_label
from layouts.memo import page_layout, per_version
from layouts.rankings import link_changes, period_label, period_options
from layouts.urlstate import page_view, keys_store, sync_store, sync_url

if TYPE_CHECKING:
    from data.snapshot import Snapshot

PARAMS = ["indicator", "period", "measure"]


def register() -> None:
    """Register the /map page with Dash pages (title in the URL's language)."""
    dash.register_page("map", path="/map", name=t("nav.map"), title=page_title("nav.map"), layout=layout)


def state_from(query: dict, snap: Snapshot) -> dict:
    """The map page's state from URL `query`: indicator and period (as the rankings page), measure value|yoy|rank."""
    indicator, periods, period = rm.chosen(query, snap)
    measure = query.get("measure") if query.get("measure") in gm.MEASURES else "value"
    return {"indicator": indicator, "period": period, "periods": periods, "measure": measure}


@per_version
def render(state: dict, lang: str, scale: str, snap: Snapshot) -> dict:
    """What the map page shows for `state` (one computation per data version): the choropleth
    figure, its table rows and columns, the caption and the development zones (not on the map).
    """
    ind, period, measure = state["indicator"], state["period"], state["measure"]
    meta = model.meta(ind)
    kind = str(meta["kind"])
    frame = gm.table(ind, period, snap) if period else None
    if frame is None:
        return {"figure": {"data": [], "layout": {}}, "rows": [], "cols": [], "caption": [], "zones": []}
    values = {"value": model.to_display(frame["value"].to_numpy(dtype=float), str(meta["unit"]), scale),
              "yoy": frame["yoy"].to_numpy(dtype=float),
              "rank": frame["rank"].astype("float64").to_numpy()}[measure]
    en = model.region_names(snap=snap, lang=lang) if lang == "en" else {}
    texts = [f"{en.get(r.region, r.name)}<br>{model.value_text(r.value, ind, scale, lang)} · {t('col.yoy', lang)} "
             f"{fmt.format_change(r.yoy, kind, lang=lang)} · "
             f"{fmt.format_rank(r.rank, r.group_size, bool(r.tied), lang=lang)}" for r in frame.itertuples()]
    unit = {"value": model.display_unit(str(meta["unit"]), scale),
            "yoy": t("unit.pp", lang) if kind == "ratio" else t("unit.pct", lang), "rank": t("unit.rank", lang)}
    unit_text = unit_label(unit[measure], lang)
    fig = charts.choropleth(gm.polygons(list(frame["region"])), list(frame["region"]),
                            [None if v != v else float(v) for v in values], texts, unit_text,
                            reverse=measure == "rank", selected=model.home())
    rows = [{"region": en.get(r.region, r.name), "value": model.value_text(r.value, ind, scale, lang),
             "yoy": fmt.format_change(r.yoy, kind, lang=lang),
             "rank": fmt.format_rank(r.rank, r.group_size, bool(r.tied), lang=lang), "code": r.region}
            for r in frame.itertuples()]
    cols = columns(lang, [("region", "col.region"), ("value", "col.value"), ("yoy", "col.yoy"), ("rank", "col.rank")])
    cap = caption(lang, t("map.title", lang, indicator=model.indicator_name(ind, lang),
                          measure=t(f"map.measure.{measure}", lang)),
                  unit_text, period_label(period, ind, lang), str(meta["source"]), snap.is_demo,
                  rm.is_preliminary(ind, period, snap), t("map.click_hint", lang))
    zones = [{**z, "name": en.get(z["region"], z["name"])} for z in gm.devzone_rows(ind, period, snap)]
    return {"figure": fig, "rows": rows, "cols": cols, "caption": cap, "zones": zone_list(zones, ind, kind, scale, lang)}


def zone_list(zones: list[dict], ind: str, kind: str, scale: str, lang: str) -> list:
    """The development zones' cards (name linking to trends, value, 同比), or a 'no zones' note."""
    if not zones:
        return [dmc.Text(t("map.no_zones", lang), c="dimmed", size="sm")]
    return [dmc.Paper([
        dcc.Link(z["name"], href=f"/trends?region={z['region']}&indicator={ind}" + ("&lang=en" if lang == "en" else ""),
                 className="kpi-name"),
        dmc.Text(model.value_text(z["value"], ind, scale, lang), fw=700, size="lg"),
        dmc.Text(f"{t('col.yoy', lang)} {fmt.format_change(z['yoy'], kind, lang=lang)}", size="sm"),
    ], withBorder=True, p="xs", radius="sm", mb="xs") for z in zones]


@page_layout
def layout(**query) -> dmc.Stack:
    """The /map page: the comparison group coloured by value, 同比 or 位次, with its table."""
    lang, scale, snap, state, out = page_view(query, state_from, render)
    controls = dmc.Paper(dmc.Group([
        select("map-indicator", t("ctl.indicator", lang), model.indicator_options(lang), state["indicator"],
               searchable=True, w={"base": "100%", "sm": 320}),
        select("map-period", t("col.period", lang), period_options(state["periods"], state["indicator"], lang),
               state["period"], w={"base": "100%", "sm": 200}),
        dmc.Stack([dmc.Text(t("map.colour_by", lang), size="sm", fw=500),
                   dmc.SegmentedControl(id="map-measure", value=state["measure"],
                                        data=[{"value": m, "label": t(f"map.measure.{m}", lang)}
                                              for m in gm.MEASURES])], gap=2),
    ], align="flex-end"), withBorder=True, p="sm", radius="md", className="controls")
    return dmc.Stack([
        dcc.Store(id="map-ctx", data={"lang": lang, "scale": scale, "unit": query.get("unit")}),
        keys_store("map", PARAMS), sync_store("map"), dcc.Store(id="map-nav"),
        page_header(t("nav.map", lang), t("map.subtitle", lang)),
        stale_link_notice("map", lang, link_changes(query, state, lang)),
        controls,
        dmc.Grid([
            dmc.GridCol(chart_panel("map", lang, out["figure"], out["cols"], out["rows"], out["caption"],
                                    height=620, filename="map",
                                    config={"topojsonURL": dash.get_asset_url("topojson/")}),
                        span={"base": 12, "lg": 9}),
            dmc.GridCol(dmc.Paper([dmc.Title(t("map.zones", lang), order=4, mb="xs"),
                                   dmc.Text(t("map.zones_note", lang), size="xs", c="dimmed", mb="xs"),
                                   html.Div(out["zones"], id="map-zones")],
                                  withBorder=True, p="sm", radius="md", className="devzone-list"),
                        span={"base": 12, "lg": 3}),
        ], gutter="md"),
    ], gap="md")


sync_url("map", [("map-indicator", "value"), ("map-period", "value"), ("map-measure", "value")])


@callback(Output("map-period", "data"), Output("map-period", "value"),
               Input("map-indicator", "value"), State("map-period", "value"), State("map-ctx", "data"),
               prevent_initial_call=True)
def update_periods(indicator, period, ctx):
    """Callback: the period choices of the chosen indicator, keeping the chosen period when it exists."""
    state = state_from({"indicator": indicator, "period": period}, model.snapshot())
    return period_options(state["periods"], state["indicator"], ctx["lang"]), state["period"]


@callback(Output("map-graph", "figure"), Output("map-table", "rowData"), Output("map-table", "columnDefs"),
               Output("map-caption", "children"), Output("map-zones", "children"),
               Input("map-indicator", "value"), Input("map-period", "value"), Input("map-measure", "value"),
               State("map-ctx", "data"), prevent_initial_call=True)
def update(indicator, period, measure, ctx):
    """Callback: re-render the map for the chosen indicator, period and measure."""
    snap = model.snapshot()
    state = state_from({"indicator": indicator, "period": period, "measure": measure}, snap)
    out = render(state, ctx["lang"], ctx["scale"], snap)
    return out["figure"], out["rows"], out["cols"], out["caption"], out["zones"]


# A click on a county opens its trends, keeping language and unit (client side: no round trip).
clientside_callback(
    """function (click, indicator) {
        if (!click || !click.points || !click.points.length || !click.points[0].location) {
            return window.dash_clientside.no_update;
        }
        var params = new URLSearchParams(window.location.search);
        var keep = new URLSearchParams();
        ["lang", "unit"].forEach(function (k) { if (params.get(k)) { keep.set(k, params.get(k)); } });
        keep.set("region", click.points[0].location);
        keep.set("indicator", indicator);
        var href = "/trends?" + keep.toString();
        window.dash_clientside.set_props("url", {href: href});
        return href;
    }""",
    Output("map-nav", "data"), Input("map-graph", "clickData"), State("map-indicator", "value"),
    prevent_initial_call=True,
)
