"""目标任务: 完成率 against 序时进度 for the home county and across the group, all rows of one period (the overview's
default, layouts.targets_model.chosen_period, or the one picked); admins edit the targets."""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, dcc, html

from layouts.callbacks import callback
from indicators import formatting as fmt
from indicators.reasons import explain
from indicators.targets import STATUSES
from layouts import model
from plots import charts
from layouts import targets_model as tm
from layouts.components import caption, chart_panel, columns, empty_state, page_header, select
from texts.i18n import page_title, period_name, t
from figures import ranking as fr
from plots.theme import HOME
from layouts.memo import per_version
from layouts.urlstate import common, keys_store, sync_store, sync_url

if TYPE_CHECKING:
    from data.snapshot import Snapshot
    import pandas as pd

PARAMS = ["period", "indicator"]


def register() -> None:
    """Register the /targets page with Dash pages (title in the URL's language)."""
    dash.register_page("targets", path="/targets", name=t("nav.targets"), title=page_title("nav.targets"),
                       layout=layout)


def state_from(query: dict, snap: Snapshot) -> dict:
    """The targets page's state from URL `query`: one period for every row (`period`, else the overview's default
    period; an older link's `year` picks a period of that year: targets_model.chosen_period), its year, and an
    indicator with group targets that year (default the first).
    """
    period, periods = tm.chosen_period(query.get("period"), query.get("year"), snap)
    year = int(period[:4]) if period else None
    inds = tm.group_indicators(year, snap) if year else []
    indicator = query.get("indicator") if query.get("indicator") in inds else (inds[0] if inds else None)
    return {"period": period, "periods": periods, "year": year, "indicator": indicator, "indicators": inds}


def _level(frame: pd.DataFrame) -> list[bool]:
    """Rows of ratios during the year (figures.targets basis "level"): never set against 序时进度."""
    return [bool(x) for x in frame["level_in_year"]]   # indicators.targets' one flag (a ratio without a figure: 数据缺失)


def progress_figure(names: list[str], frame: pd.DataFrame, lang: str, is_home: list[bool] | None = None) -> dict:
    """The target progress bar chart: 完成率 (or progress on the increment for stocks) per row of
    `frame`, the 序时进度 line, bars coloured by status, the home county outlined.
    """
    # what is set against 序时进度: the figure the status is judged on (figures.targets: judged_pct, 增量进度 for a
    # stock during the year, else 完成率); none where no status can be judged; ratios during the year not drawn
    level = _level(frame)
    only_levels = bool(level) and all(level)   # one ratio across the group: its 完成率, no 序时进度 line
    if not only_levels:
        keep = [not x for x in level]
        names = [n for n, k in zip(names, keep) if k]
        is_home = [h for h, k in zip(is_home, keep) if k] if is_home else None
        frame = frame[keep]
    done = [None if fmt.is_missing(v) else float(v) for v in frame["completion_pct" if only_levels else "judged_pct"]]
    increment = [str(b) == "increment" for b in frame["judged_basis"]]
    texts = [t("targets.increment", lang, pct=fmt.format_pct(v, lang=lang)) if inc and v is not None
             else fmt.format_pct(v, lang=lang) for v, inc in zip(done, increment)]
    due = frame["time_progress_pct"].dropna()
    axis = "col.judged_progress" if any(increment) else "col.completion"
    # one 序时进度 line when every figure is of the same period; figures of different periods (1—10月 beside
    # 1—3季度) each get a mark at their own 序时进度, never one line that half of them are not judged against
    one_line = len(set(fmt.round_half_up(due.to_numpy(dtype=float), 2).tolist())) == 1
    fig = charts.ranking(names, done, texts, is_home or [False] * len(names),
                         t("fmt.axis", lang, name=t(axis, lang), unit=t("unit.pct", lang)),
                         float(due.iloc[0]) if one_line else None,
                         t("targets.due_line", lang, pct=fmt.format_pct(due.iloc[0], lang=lang)) if one_line else "")
    if len(due) and not one_line:
        marks = [None if fmt.is_missing(v) else float(v) for v in frame["time_progress_pct"]]
        fig["data"].append({"type": "scatter", "mode": "markers", "y": names, "x": marks, "name": t("col.time_progress", lang),
                            "marker": {"symbol": "line-ns", "size": 30, "line": {"width": 4, "color": "#8a6400"}},
                            "text": [fmt.format_pct(v, lang=lang) for v in marks],
                            "hovertemplate": "%{y}<br>" + t("col.time_progress", lang) + " %{text}<extra></extra>"})
        fig["layout"]["annotations"].append({"x": 0, "y": 1, "xref": "paper", "yref": "paper", "yanchor": "bottom",
                                             "xanchor": "left", "showarrow": False, "font": {"color": "#8a6400"},
                                             "text": t("targets.due_marks", lang)})
    # colour by status against 序时进度; the home county keeps its red outline in the group view
    colors = {"ahead": "#2f8f5b", "on_pace": "#2f5d8a", "behind": "#d9822b", "completed": "#2f8f5b",
              "not_completed": "#c92a2a"}
    fig["data"][0]["marker"]["color"] = [colors.get(str(s), "#9aa9b8") for s in frame["status"]]
    fig["data"][0]["marker"]["line"] = {"color": [HOME if h else "rgba(0,0,0,0)" for h in is_home or [False] * len(names)],
                                        "width": 3}
    return fig


def table_rows(frame: pd.DataFrame, lang: str, scale: str, names: dict | None = None) -> list[dict]:
    """Table rows of a progress frame: indicator, region, period, target, actual, completion, progress and status."""
    out = []
    for r in frame.itertuples():
        out.append({
            "indicator": model.indicator_name(r.indicator, lang), "region": (names or {}).get(r.region, r.region),
            # as officials write it, by the one rule (a stock's "2026年10月末", a flow's "2026年1—10月")
            "period": fr.period_label(model.meta(r.indicator), str(r.period), lang),
            "target": model.value_text(r.target, r.indicator, scale, lang),
            "actual": model.value_text(r.actual, r.indicator, scale, lang),
            "completion": fmt.format_pct(r.completion_pct, lang=lang),
            "progress": t("targets.increment", lang, pct=fmt.format_pct(r.progress_pct, lang=lang))
            if str(r.basis) == "increment" else fmt.format_pct(r.progress_pct, lang=lang),
            "time_progress": fmt.format_pct(r.time_progress_pct, lang=lang),
            "gap": fmt.format_pp(r.gap_pp, signed=True, lang=lang),
            "status": t(f"target.status.{r.status}", lang) if str(r.status) in STATUSES
            else t("targets.level_note", lang) if bool(r.level_in_year) else explain(r.reason, lang),
        })
    return out


TABLE_FIELDS = [("period", "col.period"), ("target", "col.target"), ("actual", "col.actual"),
                ("completion", "col.completion"), ("progress", "col.judged_progress"),
                ("time_progress", "col.time_progress"), ("gap", "col.gap"),
                ("status", "col.status")]


def _level_note(frame: pd.DataFrame, names: list[str], lang: str) -> str | None:
    """The caption's line naming the ratios not drawn (`_level`), None when there are none."""
    left = [n for n, x in zip(names, _level(frame)) if x]
    return t("targets.level_chart_note", lang, names=t("list.sep", lang).join(left)) if left else None


@per_version
def render_home(period: str | None, lang: str, scale: str, snap: Snapshot):
    """The home county's progress on every target of `period`'s year against the figures of `period` (figure, rows,
    columns, caption), None without targets."""
    frame = tm.home_progress(period, snap) if period else None
    if frame is None or frame.empty:
        return None
    names = [model.indicator_name(c, lang, short=True) for c in frame["indicator"]]
    fig = progress_figure(names, frame, lang)
    rows = table_rows(frame, lang, scale)
    level = _level_note(frame, names, lang)
    cap = caption(lang, t("targets.home_title", lang, region=model.region_name(model.home(), snap=snap, lang=lang),
                          year=int(period[:4])),
                  t("unit.pct", lang), period_name(period, lang), t("targets.source", lang), snap.is_demo,
                  note=t("targets.legend", lang) + (t("wf.superseded_sep", lang) + level if level else ""))
    return fig, rows, columns(lang, [("indicator", "col.indicator")] + TABLE_FIELDS), cap


@per_version
def render_group(indicator: str | None, period: str | None, lang: str, scale: str, snap: Snapshot):
    """The group's progress on one indicator's targets of `period`'s year against the figures of `period`
    (figure, rows, columns, caption), None without."""
    if not indicator or not period:
        return None
    frame = tm.group_progress(indicator, period, snap)
    if frame.empty:
        return None
    names = model.region_names(snap=snap, lang=lang)
    home = model.home()
    labels = [names.get(r, r) for r in frame["region"]]
    fig = progress_figure(labels, frame, lang, list(frame["region"] == home))
    rows = table_rows(frame, lang, scale, names)
    level = _level_note(frame, labels, lang) and t("targets.level_note", lang)
    cap = caption(lang, t("targets.group_title", lang, indicator=model.indicator_name(indicator, lang),
                          year=int(period[:4])),
                  t("unit.pct", lang), period_name(period, lang), t("targets.source", lang), snap.is_demo,
                  note=level or t("targets.legend", lang))
    return fig, rows, columns(lang, [("region", "col.region")] + TABLE_FIELDS), cap


def edit_panel(lang: str, snap: Snapshot, year: int | None):
    """Only admins see the form; the callback checks the role again on the server."""
    try:
        from server.auth import has_role
    except ImportError:
        return None
    if not has_role("admin"):
        return None
    group = model.group_of(snap=snap)
    names = model.region_names(snap=snap, lang=lang)
    regions = [model.home()] + [r for r in model.members(group, snap=snap) if r != model.home()]
    return dmc.Paper([
        dmc.Title(t("targets.edit_title", lang), order=4, mb="xs"),
        dmc.Group([
            select("targets-edit-indicator", t("ctl.indicator", lang), model.indicator_options(lang), None, w={"base": "100%", "sm": 280}),
            select("targets-edit-region", t("col.region", lang),
                   [{"value": r, "label": names.get(r, r)} for r in regions], model.home(), w={"base": "100%", "sm": 180}),
            dmc.NumberInput(id="targets-edit-year", label=t("targets.year", lang), value=year, min=2000, max=2100,
                            w={"base": "100%", "sm": 120}),
            # plain text, read on the server by data.targets.parse_target (a NumberInput drops what it cannot read:
            # "5亿" became 5, "1e12" 112, "１２３" nothing)
            dmc.TextInput(id="targets-edit-value", label=t("targets.value_in_unit", lang), w={"base": "100%", "sm": 200},
                          placeholder=t("targets.value_placeholder", lang)),
            dmc.TextInput(id="targets-edit-note", label=t("col.note", lang), w={"base": "100%", "sm": 240}),
            dmc.Button(t("targets.save", lang), id="targets-edit-save", color="red"),
        ], align="flex-end", gap="sm"),
        html.Div(id="targets-edit-result", className="edit-result"),
    ], withBorder=True, p="md", radius="md", id="targets-edit-panel")


def panel(prefix: str, lang: str, rendered: tuple | None, height: int, empty_key: str):
    """A rendered chart panel, or the empty state `empty_key` when there is nothing to show."""
    if rendered is None:
        return empty_state(lang, empty_key)
    fig, rows, cols, cap = rendered
    return chart_panel(prefix, lang, fig, cols, rows, cap, height=height, filename=prefix)


def layout(**query) -> dmc.Stack:
    """The /targets page: the home county's targets and the group's progress on one indicator."""
    lang, scale = common(query)
    snap = model.snapshot()
    state = state_from(query, snap)
    head = [dcc.Store(id="targets-ctx", data={"lang": lang, "scale": scale}), keys_store("targets", PARAMS),
            sync_store("targets"), page_header(t("nav.targets", lang), t("targets.subtitle", lang))]
    if state["period"] is None:
        return dmc.Stack(head + [empty_state(lang, "targets.none"), edit_panel(lang, snap, tm.years(snap)[0]
                                                                                if tm.years(snap) else None)],
                         gap="md")
    controls = dmc.Paper(dmc.Group([
        select("targets-period", t("targets.period", lang),
               [{"value": p, "label": period_name(p, lang)} for p in state["periods"]], state["period"],
               w={"base": "100%", "sm": 180}),
        select("targets-indicator", t("targets.group_indicator", lang),
               model.indicator_options(lang, state["indicators"]), state["indicator"], w={"base": "100%", "sm": 320}),
    ], align="flex-end"), withBorder=True, p="sm", radius="md", className="controls")
    home = render_home(state["period"], lang, scale, snap)
    group = render_group(state["indicator"], state["period"], lang, scale, snap)
    return dmc.Stack(head + [
        controls,
        dmc.Alert(t("targets.rule", lang), id="targets-rule", color="gray", variant="light",
                  title=t("targets.rule_title", lang)),
        html.Div(panel("targets-home", lang, home, 420, "targets.none"), id="targets-home"),
        html.Div(panel("targets-group", lang, group, 520, "targets.none_group"), id="targets-group"),
        edit_panel(lang, snap, state["year"]),
    ], gap="md")


sync_url("targets", [("targets-period", "value"), ("targets-indicator", "value")])


@callback(Output("targets-home", "children"), Output("targets-group", "children"),
               Output("targets-indicator", "data"),
               Input("targets-period", "value"), Input("targets-indicator", "value"), State("targets-ctx", "data"),
               prevent_initial_call=True)
def update(period, indicator, ctx):
    """Callback: re-render both panels and the indicator choices for the chosen period and indicator."""
    lang, scale = ctx["lang"], ctx["scale"]
    snap = model.snapshot()
    state = state_from({"period": period, "indicator": indicator}, snap)
    home = render_home(state["period"], lang, scale, snap)
    group = render_group(state["indicator"], state["period"], lang, scale, snap)
    return (panel("targets-home", lang, home, 420, "targets.none"),
            panel("targets-group", lang, group, 520, "targets.none_group"),
            model.indicator_options(lang, state["indicators"]))


@callback(Output("targets-edit-result", "children"), Input("targets-edit-save", "n_clicks"),
               State("targets-edit-indicator", "value"), State("targets-edit-region", "value"),
               State("targets-edit-year", "value"), State("targets-edit-value", "value"),
               State("targets-edit-note", "value"), State("targets-ctx", "data"), prevent_initial_call=True)
def save_target(_clicks, indicator, region, year, value, note, ctx):
    """Callback: save a target from the edit panel (targets_edit.save). Admin only."""
    from server.auth import current_username, require_role

    require_role("admin")
    from layouts.targets_edit import save

    return save(indicator, region, year, value, note, current_username(), ctx["lang"], ctx["scale"])
