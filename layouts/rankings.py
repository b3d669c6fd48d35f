"""全市排名: the group's counties ranked on one indicator, rank moves over the years, league table, exports."""
from __future__ import annotations
from typing import TYPE_CHECKING

from urllib.parse import urlencode

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, dcc, html

from layouts.callbacks import callback
from indicators import formatting as fmt
from layouts import model
from plots import charts
from layouts import rankings_meeting
from layouts.rankings_chart import measure_texts, measure_unit, period_label, ranking_figure
from layouts import rankings_model as rm
from layouts.components import caption, chart_panel, columns, data_grid, page_header, replaced, select, \
    stale_link_notice
from texts.i18n import page_title, period_text, t
from layouts.memo import page_layout, per_version
from layouts.urlstate import as_list, page_view, keys_store, sync_store, sync_url

if TYPE_CHECKING:
    from data.snapshot import Snapshot
    from figures.ranking import Ranking

PARAMS = ["indicator", "period", "measure", "within", "deck", "meeting"]  # also read: autoplay=1 (meeting mode)


def register() -> None:
    """Register the /rankings page with Dash pages (title in the URL's language)."""
    dash.register_page("rankings", path="/rankings", name=t("nav.rankings"), title=page_title("nav.rankings"),
                       layout=layout)


def state_from(query: dict, snap: Snapshot) -> dict:
    """The rankings page's state from URL `query`: indicator and period, the comparison group,
    measure, within (rank among the reporting units), the meeting deck's indicators, meeting and autoplay flags.
    """
    indicator, periods, period = rm.chosen(query, snap)
    keys = set(model.key_indicators()) | set(model.catalogue().index)
    deck = [c for c in as_list(query.get("deck")) if c in keys] or model.key_indicators()
    return {"indicator": indicator, "period": period, "periods": periods, "group": model.group_of(snap=snap),
            "measure": query.get("measure") if query.get("measure") in rm.MEASURES else "value",
            "within": rm.within_of(query), "deck": deck, "meeting": query.get("meeting") in ("1", "true", True),
            "autoplay": query.get("autoplay") in ("1", "true", True)}


def link_changes(query: dict, state: dict, lang: str) -> list[tuple[str, str, str]]:
    """What a link asked for (indicator, period) that is not what is shown: for stale_link_notice."""
    ind = state["indicator"]
    asked = query.get("period")
    try:  # the asked period in the indicator's own kind ("2026年1—10月", a stock's "2026年10月末")
        asked_label = period_label(str(asked), ind, lang) if asked else None
    except ValueError:
        asked_label = None
    return replaced("indicator", query.get("indicator"), ind, model.indicator_name(ind, lang)) + \
        replaced("period", asked, state["period"],
                 period_label(state["period"], ind, lang) if state["period"] else "", asked_label)


def league_rows(result: Ranking, scale: str, lang: str) -> list[dict]:
    """The league table of a figures.ranking.Ranking: its rank texts ("并列第3/18", "在已报单位中排名：第1/17"),
    "—" where no rank is published, names in the page language."""
    frame, indicator, measure = result.rows, str(result.indicator["code"]), result.measure
    texts = measure_texts(frame, indicator, measure, scale, lang)
    return [{"rank": result.rank_text(r.region, lang) if not fmt.is_missing(r.rank) else fmt.MISSING,
             "region": r.name_en if lang == "en" else r.name,
             "value": model.value_text(r.value, indicator, scale, lang),
             "measure": txt, "rank_prev": fmt.format_rank(r.rank_prev, lang=lang) if not fmt.is_missing(r.rank_prev)
             else fmt.MISSING, "rank_change": fmt.format_rank_change(r.rank_change, lang=lang),
             "move": 0 if fmt.is_missing(r.rank_change) else int(r.rank_change), "home": bool(r.is_home)}
            for r, txt in zip(frame.itertuples(), texts)]


def league_columns(lang: str, measure: str) -> list[dict]:
    """The league table's columns in `lang`: rank, region, value, the measure, previous rank and its change."""
    cols = [("rank", "col.rank"), ("region", "col.region"), ("value", "col.value")]
    if measure != "value":
        cols.append(("measure", f"measure.{measure}"))
    cols += [("rank_prev", "col.rank_prev"), ("rank_change", "col.rank_change")]
    out = columns(lang, cols)
    out[-1]["cellClassRules"] = {"rank-up": "params.data.move > 0", "rank-down": "params.data.move < 0"}
    return out


def bump_figure(indicator: str, measure: str, lang: str, snap: Snapshot, group: str, within: bool = False):
    """The bump chart of the group's 位次 over the years (figure, table rows, columns, caption),
    the home county labelled.
    """
    years, wide = rm.bump(indicator, measure, snap, group, within=within)
    wide = wide.astype("float64")  # NaN, not NA, for the gaps
    names = model.region_names(short=True, snap=snap, lang=lang)
    home = model.home()
    series = [{"name": names.get(code, code), "home": code == home,
               "y": [None if v != v else int(v) for v in wide.loc[code].tolist()],
               "labels": [t("rank.nth", lang, n=int(v)) if v == v else "" for v in wide.loc[code].tolist()]
               if code == home else None}
              for code in wide.index]
    n = len(model.members(group, snap=snap))
    fig = charts.bump(years, series, n, t("col.rank", lang))
    rows = [{"region": names.get(code, code), **{y: ("" if v != v else int(v)) for y, v in zip(years, wide.loc[code])}}
            for code in wide.index]
    cols = [{"field": "region", "headerName": t("col.region", lang)}] + \
        [{"field": y, "headerName": period_text(y, lang)} for y in years]
    return fig, rows, cols, years


def render(state: dict, lang: str, scale: str, snap: Snapshot) -> dict:
    """What the rankings page shows for `state`: bar chart, bump chart, league table and the export links."""
    out = dict(_views(state["indicator"], state["period"], state["measure"], state["group"], lang, scale, snap,
                      state.get("within", False)))
    out["pptx"] = export_href("/export/deck.pptx", {"indicators": ",".join(state["deck"]), "period": state["period"],
                                                    "measure": state["measure"], "lang": lang, "unit": scale_param(scale),
                                                    "within": "1" if state.get("within") else ""})
    return out


@per_version
def _views(ind: str, period: str, measure: str, group: str, lang: str, scale: str, snap: Snapshot,
           within: bool = False) -> dict:
    """Everything but the meeting deck's export link (the deck does not change the figures)."""
    result = rm.result(ind, period, measure, snap, group, within) if period else None
    frame = result.rows if result is not None else None
    meta = model.meta(ind)
    title = model.indicator_name(ind, lang)
    unit = measure_unit(ind, measure, scale, lang)
    prelim = bool(period) and rm.is_preliminary(ind, period, snap)
    if frame is not None and len(frame):
        fig = ranking_figure(result, scale, lang)
        table = league_rows(result, scale, lang)
    else:
        fig, table = charts.ranking([], [], [], [], "", None, ""), []
    cap = caption(lang, t("rankings.chart_title", lang, indicator=title, measure=t(f"measure.{measure}", lang)),
                  unit, period_label(period, ind, lang) if period else fmt.MISSING, str(meta["source"]),
                  snap.is_demo, prelim, note=result.state_text(lang) or None if result is not None else None,
                  indicator=ind, notes=result.note_lines(lang) if result is not None else None)
    bfig, brows, bcols, years = bump_figure(ind, measure, lang, snap, group, within)
    bcap = caption(lang, t("rankings.bump_title", lang, indicator=title, measure=t(f"measure.{measure}", lang)),
                   t("unit.rank", lang), f"{years[0]}—{years[-1]}" if years else fmt.MISSING, str(meta["source"]),
                   snap.is_demo)
    return {"rank": (fig, table, league_columns(lang, measure), cap), "bump": (bfig, brows, bcols, bcap),
            "league": (table, league_columns(lang, measure)),
            "state": result.state_text(lang) if result is not None else "",
            "png": export_href("/export/chart.png", {"indicator": ind, "period": period, "measure": measure,
                                                     "lang": lang, "unit": scale_param(scale),
                                                     "within": "1" if within else ""})}


def scale_param(scale: str) -> str:
    """The URL value of the money unit: 'yi' for 亿元, '' for 万元 (the default)."""
    return "yi" if scale == "亿元" else ""


def export_href(path: str, params: dict) -> str:
    """`path` with the non-empty `params` as its query string."""
    return path + "?" + urlencode({k: v for k, v in params.items() if v})


def brief_hrefs(period: str | None, lang: str, scale: str, within: bool = False) -> tuple[str, str]:
    """/export/brief.docx and .pdf for the period shown: 亿元 when the page shows 亿元, else the official
    register (亿元 from 10,000万元 up, 万元 below); ranked among the reporting units when the page is (within),
    as the deck link is, so that the page's exports say the same."""
    q = {"period": period, "lang": lang if lang == "en" else None, "unit": "yi" if scale == "亿元" else None,
         "within": "1" if within else None}
    return export_href("/export/brief.docx", q), export_href("/export/brief.pdf", q)


def brief_links(period: str | None, lang: str, scale: str, within: bool = False) -> list:
    """The brief download buttons (DOCX, PDF) for `period`."""
    docx, pdf = brief_hrefs(period, lang, scale, within)
    return [html.A(dmc.Button(t("brief.export_docx", lang), variant="outline"), id="export-docx", href=docx,
                   target="_blank"),
            html.A(dmc.Button(t("brief.export_pdf", lang), variant="outline"), id="export-pdf", href=pdf,
                   target="_blank")]


@callback(Output("export-docx", "href"), Output("export-pdf", "href"), Input("rankings-period", "value"),
               Input("rankings-within", "checked"), State("rankings-ctx", "data"), prevent_initial_call=True)
def update_brief_links(period, within, ctx):
    """Callback: the brief links follow the chosen period and the 在已报单位中排名 switch."""
    return brief_hrefs(period, ctx["lang"], ctx["scale"], bool(within))


def controls(state: dict, lang: str) -> dmc.Paper:
    """The rankings page's controls: indicator, period, measure, within, the deck picker."""
    return dmc.Paper(dmc.Group([
        select("rankings-indicator", t("ctl.indicator", lang), model.indicator_options(lang), state["indicator"],
               searchable=True, w={"base": "100%", "sm": 320}),
        select("rankings-period", t("col.period", lang), period_options(state["periods"], state["indicator"], lang),
               state["period"], w={"base": "100%", "sm": 200}),
        dmc.Stack([dmc.Text(t("ctl.measure", lang), size="sm", fw=500),
                   dmc.SegmentedControl(id="rankings-measure", value=state["measure"],
                                        data=[{"value": m, "label": t(f"measure.{m}", lang)} for m in rm.MEASURES])],
                  gap=2),
        dmc.Switch(id="rankings-within", checked=bool(state.get("within")), label=t("rankings.within", lang),
                   size="md"),
    ], align="flex-end", gap="md"), withBorder=True, p="sm", radius="md", className="controls")


def period_options(periods: list[str], indicator: str, lang: str) -> list[dict]:
    """Select options for `periods` labelled as the indicator reports them (累计 or single period)."""
    return [{"value": p, "label": period_label(p, indicator, lang)} for p in periods]


@page_layout
def layout(**query) -> dmc.Stack:
    """The /rankings page: bar chart, bump chart, league table, exports and meeting mode."""
    lang, scale, snap, state, out = page_view(query, state_from, render)
    fig, rows, cols, cap = out["rank"]
    bfig, brows, bcols, bcap = out["bump"]
    actions = dmc.Group([
        rankings_meeting.deck_picker(state, lang),
        dmc.Button(t("meeting.open", lang), id="rankings-meeting-open", color="red", variant="filled"),
        html.A(dmc.Button(t("export.png", lang), variant="outline"), id="export-png", href=out["png"],
               target="_blank"),
        html.A(dmc.Button(t("export.pptx", lang), variant="outline"), id="export-pptx", href=out["pptx"],
               target="_blank"),
        *brief_links(state["period"], lang, scale, bool(state.get("within"))),
    ], gap="xs")
    return dmc.Stack([
        dcc.Store(id="rankings-ctx", data={"lang": lang, "scale": scale}),
        keys_store("rankings", PARAMS), sync_store("rankings"),
        page_header(t("nav.rankings", lang), t("rankings.subtitle", lang), actions),
        stale_link_notice("rankings", lang, link_changes(query, state, lang)),
        controls(state, lang),
        dmc.Grid([
            dmc.GridCol(chart_panel("rankings-bar", lang, fig, cols, rows, cap, height=560, filename="ranking"),
                        span={"base": 12, "lg": 7}),
            dmc.GridCol(dmc.Paper([dmc.Title(t("rankings.league", lang), order=4, mb="xs"),
                                   data_grid("rankings-league", out["league"][1], out["league"][0], height=560, lang=lang,
                                             getRowStyle={"styleConditions": [{
                                                 "condition": "params.data.home",
                                                 "style": {"backgroundColor": "#fdecea", "fontWeight": 700}}]})],
                                  withBorder=True, p="sm", radius="md"), span={"base": 12, "lg": 5}),
        ], gutter="md"),
        chart_panel("rankings-bump", lang, bfig, bcols, brows, bcap, height=420, filename="rank-change"),
        rankings_meeting.modal(state, lang, scale, snap),
    ], gap="md")


sync_url("rankings", [("rankings-indicator", "value"), ("rankings-period", "value"),
                      ("rankings-measure", "value"), ("rankings-within", "checked"), ("meeting-deck", "value"), ("meeting-modal", "opened")])


@callback(Output("rankings-period", "data"), Output("rankings-period", "value"),
               Input("rankings-indicator", "value"), State("rankings-period", "value"), State("rankings-ctx", "data"),
               prevent_initial_call=True)
def update_periods(indicator, period, ctx):
    """Callback: the period choices of the chosen indicator, keeping the chosen period when it exists."""
    snap = model.snapshot()
    state = state_from({"indicator": indicator, "period": period}, snap)
    return period_options(state["periods"], state["indicator"], ctx["lang"]), state["period"]


@callback(
    Output("rankings-bar-graph", "figure"), Output("rankings-bar-table", "rowData"),
    Output("rankings-bar-table", "columnDefs"), Output("rankings-bar-caption", "children"),
    Output("rankings-bump-graph", "figure"), Output("rankings-bump-table", "rowData"),
    Output("rankings-bump-table", "columnDefs"), Output("rankings-bump-caption", "children"),
    Output("rankings-league", "rowData"), Output("rankings-league", "columnDefs"),
    Output("export-png", "href"), Output("export-pptx", "href"),
    Input("rankings-indicator", "value"), Input("rankings-period", "value"), Input("rankings-measure", "value"),
    Input("rankings-within", "checked"), Input("meeting-deck", "value"), State("rankings-ctx", "data"),
    prevent_initial_call=True,
)
def update(indicator, period, measure, within, deck, ctx):
    """Callback: re-render charts, table and export links for the chosen indicator, period, measure and deck."""
    snap = model.snapshot()
    state = state_from({"indicator": indicator, "period": period, "measure": measure, "deck": deck,
                        "within": "1" if within else ""}, snap)
    out = render(state, ctx["lang"], ctx["scale"], snap)
    return (*out["rank"], *out["bump"], *out["league"], out["png"], out["pptx"])
