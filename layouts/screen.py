"""大屏: a full-screen view for an office display at 1920×1080 — the key cards, a ranking and the map together.

No mouse needed: the page has no controls; every REFRESH_MS it re-reads the current snapshot (so a publish shows
within a minute) and turns to the next key indicator for the ranking and the map. Charts are static (no
toolbar, no hover). Ranks come from figures through layouts.rankings_model, the map from layouts.geomap, the
cards from layouts.overview_model: the same figures as the pages. For intranet displays set PUBLIC_VIEW=1.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash
from dash import Input, Output, State, dcc, html

from layouts.callbacks import callback
from indicators import formatting as fmt
from layouts import model
from layouts import rankings_model as rm
from layouts.overview_model import cards
from layouts.memo import per_version
from layouts.urlstate import common
from texts.i18n import page_title, period_text, t

if TYPE_CHECKING:
    from data.snapshot import Snapshot

REFRESH_MS = 30_000  # a publish reaches the screen within 30 s (the issue asks for a minute)
STATIC = {"staticPlot": True, "displayModeBar": False, "responsive": True}


def register() -> None:
    """Register the /screen page with Dash pages (title in the URL's language)."""
    dash.register_page("screen", path="/screen", name=t("screen.title"), title=page_title("screen.title"),
                       layout=layout)


def _card(c: dict, lang: str, scale: str) -> html.Div:
    row = c["row"]
    change = model.change_of(row, c["kind"]) if row else None
    return html.Div([
        html.Div(c["name"], className="screen-card-name"),
        html.Div(model.value_text(row.get("value"), c["code"], scale, lang), className="screen-card-value"),
        html.Div([html.Span(f"{t('col.yoy', lang)} {fmt.format_change(change, c['kind'], lang=lang)}"),
                  html.Span(f"{t('col.rank', lang)} "
                            f"{c['rank_text']}",
                            className="screen-card-rank")], className="screen-card-line"),
        html.Div(period_text(c["period"], lang, is_ytd=c["is_ytd"], stock=c["stock"]), className="screen-card-period"),
    ], className="screen-card", id=f"screen-card-{c['code']}")


@per_version
def body(lang: str, scale: str, index: int, snap: Snapshot) -> list:
    """The screen's content for the `index`-th key indicator (cycled)."""
    from layouts.geomap import render as map_render
    from layouts.rankings import period_label, ranking_figure

    items = cards(lang, scale, snap)
    home = model.home()
    group = model.group_of(snap=snap)
    keys = [c["code"] for c in items] or model.key_indicators()
    ind = keys[index % len(keys)]
    period = rm.slide_period(ind, "", snap, group)
    heading = t("screen.heading", lang, region=model.region_name(home, snap=snap, lang=lang))
    badge = [html.Span(t("app.demo_badge", lang), className="screen-demo")] if snap.is_demo else []
    top = html.Div([html.H1(heading, className="screen-title"), *badge,
                    html.Div(t("screen.updated", lang, version=snap.version, seconds=REFRESH_MS // 1000),
                             className="screen-updated")], className="screen-header")
    grid = html.Div([_card(c, lang, scale) for c in items], className="screen-cards")
    if period is None:
        return [top, grid]
    result = rm.result(ind, period, "value", snap, group)
    fig = ranking_figure(result, scale, lang, font_size=17)
    fig["layout"]["yaxis"] = {**fig["layout"]["yaxis"], "tickmode": "linear", "dtick": 1}
    fig["layout"]["margin"] = {"l": 10, "r": 110, "t": 30, "b": 40}
    name = model.indicator_name(ind, lang)
    sub = f"{period_label(period, ind, lang)} · {name}"
    sentence = rm.sentence(ind, period, lang, snap)
    state = {"indicator": ind, "period": period, "periods": [period], "measure": "value"}
    map_fig = map_render(state, lang, scale, snap)["figure"]
    ranking_panel = html.Div([html.H2(t("screen.ranking", lang, name=sub), className="screen-panel-title"),
                              html.Div(sentence, className="screen-sentence"),
                              dcc.Graph(id="screen-ranking", figure=fig, config=STATIC, className="screen-graph")],
                             className="screen-panel")
    map_panel = html.Div([html.H2(t("screen.map", lang, name=sub), className="screen-panel-title"),
                          dcc.Graph(id="screen-map", figure=map_fig, className="screen-graph",
                                    config={**STATIC, "topojsonURL": dash.get_asset_url("topojson/")})],
                         className="screen-panel")
    return [top, grid, html.Div([ranking_panel, map_panel], className="screen-bottom")]


def layout(**query) -> html.Div:
    """The /screen page: the wall display of the key indicators, refreshed every REFRESH_MS."""
    lang, scale = common(query)
    snap = model.snapshot()
    return html.Div([
        dcc.Interval(id="screen-tick", interval=REFRESH_MS),
        dcc.Store(id="screen-ctx", data={"lang": lang, "scale": scale}),
        html.Div(body(lang, scale, 0, snap), id="screen-body"),
    ], id="screen-root", lang="zh-CN" if lang == "zh" else "en")


@callback(Output("screen-body", "children"), Input("screen-tick", "n_intervals"), State("screen-ctx", "data"),
               prevent_initial_call=True)
def refresh(n, ctx):
    """Every tick: the current snapshot (a publish shows at the next tick) and the next key indicator."""
    return body(ctx["lang"], ctx["scale"], int(n or 0), model.snapshot())
