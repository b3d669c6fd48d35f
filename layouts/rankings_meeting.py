"""Meeting mode of 全市排名: fullscreen, projector-size type, a chosen list of indicators stepped by
←/→ (assets/20_dashboard.js clicks the buttons); advanced automatically (dcc.Interval) only when asked
(the 播放 button, or `autoplay=1` in the address).

Deep links: `/rankings?meeting=1&indicator=HNTE&period=2023` opens on that indicator and period (the
indicator is put first in the list when it is not in it). Every county name is drawn (dtick 1) and
assets/20_dashboard.js fits the type to the screen (labels ≥ 18 px at 1920×1080); no plotly toolbar."""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash_mantine_components as dmc
from dash import ClientsideFunction, Input, Output, State, ctx, dcc, html

from layouts.callbacks import callback, clientside_callback
from layouts import model
from layouts import rankings_model as rm
from layouts.components import flag_badges
from layouts.rankings_chart import period_label, ranking_figure
from texts.i18n import t
from layouts.memo import per_version
from plots.theme import graph_config

if TYPE_CHECKING:
    from data.snapshot import Snapshot

ADVANCE_MS = 15_000


def deck_picker(state: dict, lang: str) -> html.Details:
    """The meeting's indicator list, folded under a native disclosure (keyboard and screen-reader friendly)."""
    return html.Details([
        html.Summary(t("meeting.deck_button", lang), id="meeting-deck-button", className="deck-summary"),
        html.Div(dmc.MultiSelect(
            id="meeting-deck", label=t("meeting.deck", lang), value=state["deck"], data=model.indicator_options(lang),
            searchable=True, w={"base": "100%", "sm": 420}, maxDropdownHeight=320, comboboxProps={"withinPortal": False}),
            className="deck-dropdown"),
    ], className="deck-picker")


def meeting_deck(deck: list[str] | None, indicator: str | None) -> tuple[list[str], int]:
    """(the slides, the index to open on): the named indicator's slide, added in front when missing."""
    deck = list(deck or model.key_indicators())
    if indicator and indicator not in deck:
        deck = [indicator, *deck]
    return deck, deck.index(indicator) if indicator in deck else 0


def slide(deck: list[str], index: int, period: str, measure: str, lang: str, scale: str, snap: Snapshot,
          within: bool = False) -> dict:
    """The meeting slide `index` (wrapping around) of `deck` (default: the key indicators) as a dict of its parts."""
    deck = deck or model.key_indicators()
    index = index % len(deck)
    return _slide(deck[index], index, len(deck), period, measure, lang, scale, snap, within)


@per_version
def _slide(ind: str, index: int, size: int, period: str, measure: str, lang: str, scale: str, snap: Snapshot,
           within: bool = False) -> dict:
    group = model.group_of(snap=snap)
    p = rm.slide_period(ind, period, snap, group)
    if p is None:
        return {"index": index, "title": model.indicator_name(ind, lang), "sub": t("empty.no_data", lang),
                "sentence": "", "figure": {"data": [], "layout": {}}, "pos": f"{index + 1} / {size}",
                "flags": flag_badges(lang, snap.is_demo)}
    result = rm.result(ind, p, measure, snap, group, within)
    fig = ranking_figure(result, scale, lang, font_size=22)
    # y labels: automargin; the right margin holds the value labels (charts.ranking sizes it)
    fig["layout"]["margin"] = {**fig["layout"]["margin"], "l": 20, "t": 40, "b": 60}
    fig["layout"]["yaxis"] = {**fig["layout"]["yaxis"], "tickmode": "linear", "dtick": 1}  # every county named
    fig["layout"]["meta"] = {"meeting": True}
    prelim = rm.is_preliminary(ind, p, snap)
    return {"index": index, "title": model.indicator_name(ind, lang),
            "sub": f"{period_label(p, ind, lang)} · {t(f'measure.{measure}', lang)} · "
                   f"{model.region_name(model.home(), snap=snap, lang=lang)}",
            "sentence": rm.sentence(ind, p, lang, snap, measure, within), "figure": fig, "pos": f"{index + 1} / {size}",
            # the period's 口径调整 / 说明 / 年报与累计不一致 (figures.notes), beside the flags, as on the page and slides
            "flags": flag_badges(lang, snap.is_demo, prelim)
            + [html.Span(f"◆ {line}", className="meeting-note") for line in result.note_lines(lang)]}


def modal(state: dict, lang: str, scale: str, snap: Snapshot) -> dmc.Modal:
    """Meeting mode: a full-screen modal with the first slide, navigation, autoplay and exit."""
    deck, start = meeting_deck(state["deck"], state["indicator"])
    first = slide(deck, start, state["period"], state["measure"], lang, scale, snap, state.get("within", False))
    autoplay = bool(state.get("autoplay"))
    button = {"size": "lg", "variant": "light"}
    return dmc.Modal(
        id="meeting-modal", opened=state["meeting"], fullScreen=True, keepMounted=True, withCloseButton=False,
        padding="md", zIndex=400, children=[
            html.Div([
                dmc.Group([html.Div(first["title"], id="meeting-title", className="meeting-title"),
                           dmc.Group(first["flags"], id="meeting-flags", gap=6, className="meeting-flags")],
                          justify="space-between", wrap="nowrap"),
                html.Div(first["sub"], id="meeting-sub", className="meeting-sub"),
                html.Div(first["sentence"], id="meeting-sentence", className="meeting-sentence"),
                dcc.Graph(id="meeting-graph", figure=first["figure"], className="meeting-graph",
                          config={**graph_config(lang, "meeting"), "displayModeBar": False},
                          style={"height": "100%"}),
                dmc.Group([
                    dmc.Button(t("meeting.prev", lang), id="meeting-prev", **button),
                    dmc.Button(t("meeting.pause" if autoplay else "meeting.play", lang), id="meeting-play",
                               **button),
                    dmc.Button(t("meeting.next", lang), id="meeting-next", **button),
                    dmc.Text(first["pos"], id="meeting-pos", size="xl", fw=700),
                    dmc.Button(t("meeting.exit", lang), id="meeting-exit", color="gray", **button),
                ], justify="center", className="meeting-controls"),
            ], id="meeting-stage"),
            dcc.Interval(id="meeting-interval", interval=ADVANCE_MS, disabled=not (state["meeting"] and autoplay)),
            dcc.Store(id="meeting-index", data=start),
            dcc.Store(id="meeting-autoplay", data=autoplay),
            dcc.Store(id="meeting-fullscreen"),
        ])


@callback(Output("meeting-modal", "opened"), Input("rankings-meeting-open", "n_clicks"),
               Input("meeting-exit", "n_clicks"), prevent_initial_call=True)
def open_close(_open, _exit):
    """Callback: open meeting mode from its button, close it from the exit button."""
    return ctx.triggered_id == "rankings-meeting-open"


@callback(Output("meeting-interval", "disabled"), Output("meeting-play", "children"),
               Input("meeting-play", "n_clicks"), Input("meeting-modal", "opened"),
               State("meeting-interval", "disabled"), State("meeting-autoplay", "data"), State("rankings-ctx", "data"),
               prevent_initial_call=True)
def play_pause(_clicks, opened, disabled, autoplay, page):
    """Paused on opening unless `autoplay=1` was asked for; the 播放/暂停 button toggles."""
    if ctx.triggered_id == "meeting-play":
        paused = not opened or not disabled
    else:
        paused = not (opened and autoplay)
    return paused, t("meeting.play" if paused else "meeting.pause", page["lang"])


@callback(
    Output("meeting-index", "data"), Output("meeting-title", "children"), Output("meeting-sub", "children"),
    Output("meeting-sentence", "children"), Output("meeting-graph", "figure"), Output("meeting-pos", "children"),
    Output("meeting-flags", "children"),
    Input("meeting-prev", "n_clicks"), Input("meeting-next", "n_clicks"), Input("meeting-interval", "n_intervals"),
    Input("meeting-deck", "value"), Input("rankings-period", "value"), Input("rankings-measure", "value"),
    Input("rankings-within", "checked"), Input("rankings-meeting-open", "n_clicks"),
    State("meeting-index", "data"), State("rankings-indicator", "value"), State("rankings-ctx", "data"),
    prevent_initial_call=True,
)
def step(_prev, _next, _tick, deck, period, measure, within, _open, index, indicator, page):
    """←/→ and the timer step; opening, or a new list/period/measure, shows the page's indicator."""
    step_by = {"meeting-prev": -1, "meeting-next": 1, "meeting-interval": 1}.get(ctx.triggered_id, 0)
    deck, start = meeting_deck(deck, indicator)
    index = (index or 0) + step_by if step_by else start
    s = slide(deck, index, period, measure, page["lang"], page["scale"], model.snapshot(), bool(within))
    return s["index"], s["title"], s["sub"], s["sentence"], s["figure"], s["pos"], s["flags"]


clientside_callback(ClientsideFunction("dashboard", "fullscreen"), Output("meeting-fullscreen", "data"),
                    Input("meeting-modal", "opened"), prevent_initial_call=True)
