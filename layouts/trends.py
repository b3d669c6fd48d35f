"""指标分析: one indicator over time — value bars with 同比 (and 累计同比), breaks, city average and peers."""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, dcc

from figures import ranking as fr
from figures.growth import annual_cagr
from figures.notes import series_lines
from layouts.callbacks import callback
from indicators import formatting as fmt
from indicators.reasons import explain
from layouts import model
from plots import charts
from layouts.components import caption, chart_panel, columns, page_header, replaced, select, stale_link_notice
from texts.i18n import page_title, period_text, t, unit_label
from layouts.memo import page_layout, per_version
from layouts.trends_model import breaks, city_average, offers_qoq, series
from layouts.urlstate import as_list, page_view, keys_store, sync_store, sync_url

if TYPE_CHECKING:
    from data.snapshot import Snapshot

PARAMS = ["indicator", "region", "freq", "q", "cmp"]


def register() -> None:
    """Register the /trends page with Dash pages (title in the URL's language)."""
    dash.register_page("trends", path="/trends", name=t("nav.trends"), title=page_title("nav.trends"),
                       layout=layout)


def state_from(query: dict, snap: Snapshot) -> dict:
    """The trends page's state from URL `query`: indicator, regions (known ones, default the home
    county), freq Y|Q, quarter mode single|ytd and comparison value|yoy.
    """
    regions = set(snap.regions["code"])
    chosen = [r for r in as_list(query.get("region")) if r in regions] or [model.home()]
    return {
        "indicator": model.valid_indicator(query.get("indicator")),
        "regions": chosen,
        "freq": "Q" if query.get("freq") == "Q" else "Y",
        "q": "ytd" if query.get("q") == "ytd" else "single",
        "cmp": "yoy" if query.get("cmp") == "yoy" else "value",
    }


def link_changes(query: dict, state: dict, lang: str, snap: Snapshot) -> list[tuple[str, str, str]]:
    """The link's indicator or regions that are not shown (unknown codes): for stale_link_notice."""
    names = model.region_names(snap=snap, lang=lang)
    ind = state["indicator"]
    out = replaced("indicator", query.get("indicator"), ind, model.indicator_name(ind, lang))
    gone = [r for r in as_list(query.get("region")) if r not in state["regions"]]
    if gone:
        sep = t("list.sep", lang)
        out.append(("region", sep.join(gone), sep.join(names.get(r, r) for r in state["regions"])))
    return out


def _x_label(period: str, lang: str, ytd: bool, stock: bool = False) -> str:
    """A period on the axis, in the tables and the caption: the year alone for years ("2023", the caption writes
    "2019—2025年"), texts.i18n.period_text for quarters and months ("2023年1—3季度" 累计, "2023年第3季度" 单季,
    "2023年三季度末" for a stock's period-end figure)."""
    return period_text(period, lang, ytd, stock=stock) if len(period) > 4 else period


@per_version
def render(state: dict, lang: str, scale: str, snap: Snapshot) -> dict:
    """Both charts, their tables and captions for one state (used by the layout and the callback)."""
    ind = state["indicator"]
    cat = model.meta(ind)
    unit, kind, cumulative = str(cat["unit"]), str(cat["kind"]), bool(cat["cumulative"])
    freq, qmode = state["freq"], state["q"]
    primary = state["regions"][0]
    names = model.region_names(snap=snap, lang=lang)
    frame = series(ind, primary, freq, qmode, snap)
    ytd = freq == "Q" and cumulative and qmode == "ytd"
    stock = not cumulative and kind != "ratio"
    periods = list(frame["period"])
    x = [_x_label(p, lang, ytd, stock) for p in periods]  # the axis names periods as officials write them
    label_of = dict(zip(periods, x))
    disp_unit = unit_label(model.display_unit(unit, scale), lang)
    change_unit = t("unit.pp", lang) if kind == "ratio" else t("unit.pct", lang)
    yoy_key = "col.yoy_ytd" if ytd else "col.yoy"
    lines = [{"name": t(yoy_key, lang), "y": list(frame["yoy"]),
              "text": [fmt.format_change(v, kind, lang=lang) for v in frame["yoy"]]}]
    if "yoy_ytd" in frame:
        lines.append({"name": t("col.yoy_ytd", lang), "y": list(frame["yoy_ytd"]), "dash": "dash",
                      "text": [fmt.format_change(v, kind, lang=lang) for v in frame["yoy_ytd"]]})
    qoq = offers_qoq(freq, qmode, cumulative)
    if qoq:
        lines.append({"name": t("col.qoq", lang), "y": list(frame["qoq"]), "dash": "dot",
                      "text": [fmt.format_change(v, kind, lang=lang) for v in frame["qoq"]]})
    brk = breaks(ind, primary, periods, frame, lang, snap)
    for b in brk:
        b["label"] = t("flag.series_break", lang)
        b["x"] = label_of.get(b["x"], b["x"])
    shown = model.to_display(frame["value"].to_numpy(dtype=float), unit, scale)
    main_fig = charts.combo(x, list(shown), names.get(primary, primary), lines,
                            t("fmt.axis", lang, name=model.indicator_name(ind, lang, short=True), unit=disp_unit),
                            t("fmt.axis", lang, name=t("trends.yoy_qoq" if qoq else yoy_key, lang), unit=change_unit),
                            breaks=brk, bar_text=[model.number_text(v, ind, scale, lang) for v in frame["value"]])
    main_rows = [{"period": label_of[p], "value": model.value_text(v, ind, scale, lang),
                  "yoy": fmt.format_change(y, kind, lang=lang),
                  "yoy_ytd": fmt.format_change(r.get("yoy_ytd"), kind, lang=lang) if "yoy_ytd" in frame else "",
                  "qoq": fmt.format_change(r.get("qoq"), kind, lang=lang) if qoq else "",
                  "status": t(f"status.{s}", lang) if s in ("preliminary", "final", "revised", "estimated") else "",
                  "reason": explain(reason, lang) if isinstance(reason, str) else (note if isinstance(note, str) else "")}
                 for p, v, y, reason, s, note, r in zip(periods, frame["value"], frame["yoy"], frame["reason"],
                                                        frame["status"], frame["note"], frame.to_dict("records"))]
    main_cols = columns(lang, [("period", "col.period"), ("value", "col.value"), ("yoy", yoy_key)]
                        + ([("yoy_ytd", "col.yoy_ytd")] if "yoy_ytd" in frame else [])
                        + ([("qoq", "col.qoq")] if qoq else [])
                        + [("status", "col.status"), ("reason", "col.reason")])
    last = str(frame["period"].iloc[-1]) if len(frame) else ""
    prelim = bool(len(frame)) and frame["status"].iloc[-1] == "preliminary"
    title = model.indicator_name(ind, lang)
    span = f"{x[0]}—{label_of[last]}" if x else "—"
    source = str(cat["source"])  # catalogue text, Chinese only (like place names)
    note = " ".join(f"◆ {b['text']}" for b in brk) or None
    if freq == "Y":  # 年均增长 over the series, "—" with its reason across a 口径调整 (figures.growth)
        g = annual_cagr(snap, ind, primary)
        if g is not None:
            rate = fmt.format_pct(g["cagr_pct"], lang=lang) if g["reason"] is None else \
                t("trends.cagr_missing", lang, reason=explain(g["reason"], lang))
            ends = {"start": _x_label(g["start"], lang, False), "end": _x_label(g["end"], lang, False)}
            if g["is_ratio"]:   # a ratio: its change in 百分点, never a 年均增长 %
                pp = g["pp_change"]
                key = "trends.pp_missing" if pp is None else "trends.pp_flat" if round(pp, 2) == 0 else \
                    ("trends.pp_up" if pp > 0 else "trends.pp_down")
                text = t(key, lang, **ends, change=fmt.format_pp(abs(pp), lang=lang) if pp is not None else "",
                         rate=rate)
            else:
                text = t("trends.cagr", lang, **ends, rate=rate)
            note = f"{note} {text}" if note else text
    notes = series_lines(snap, fr.indicator_row(ind), primary, periods, label_of, names, lang)
    main_cap = caption(lang, f"{names.get(primary, primary)} · {title}", disp_unit, span, source, snap.is_demo,
                       prelim, note, indicator=ind, notes=notes)

    # comparison: chosen regions + city average
    cmp = state["cmp"]
    group = model.group_of(primary, snap=snap)
    series_list = []
    table_by_period: dict[str, dict] = {p: {"period": label_of[p]} for p in periods}
    for i, code in enumerate(state["regions"]):
        f = frame if i == 0 else series(ind, code, freq, qmode, snap)
        vals = dict(zip(f["period"], f["yoy" if cmp == "yoy" else "value"]))
        y = [vals.get(p) for p in periods]
        texts = [fmt.format_change(v, kind, lang=lang) if cmp == "yoy" else model.value_text(v, ind, scale, lang)
                 for v in y]
        series_list.append({"name": names.get(code, code), "role": "home" if code == model.home() else "peer",
                            "y": y if cmp == "yoy" else list(model.to_display(
                                [float("nan") if v is None else v for v in y], unit, scale)),
                            "text": texts})
        for p, txt in zip(periods, texts):
            table_by_period[p][f"r{i}"] = txt
    avg, avg_states = city_average(ind, group, freq, qmode, cmp, snap) if group else (None, {})
    if avg is not None and len(avg):
        y = [avg.get(p) for p in periods]
        label = t("col.city_total" if cmp == "yoy" else "col.average", lang)
        texts = [fmt.format_change(v, kind, lang=lang) if cmp == "yoy" else model.value_text(v, ind, scale, lang)
                 for v in y]
        # a period some units have not reported: the reporting units' average, and it says so (figures.completeness)
        texts = [t("trends.avg_partial", lang, value=txt, label=avg_states[p].average_label(lang))
                 if p in avg_states and not avg_states[p].is_complete else txt for p, txt in zip(periods, texts)]
        series_list.append({"name": label, "role": "city", "text": texts,
                            "y": y if cmp == "yoy" else list(model.to_display(
                                [float("nan") if v is None else v for v in y], unit, scale))})
        for p, txt in zip(periods, texts):
            table_by_period[p]["avg"] = txt
    cmp_unit = change_unit if cmp == "yoy" else disp_unit
    cmp_fig = charts.lines(x, series_list, t("fmt.axis", lang, name=t("col.yoy" if cmp == "yoy" else "col.value", lang),
                                             unit=cmp_unit), change=cmp == "yoy")
    cmp_cols = [{"field": "period", "headerName": t("col.period", lang)}] + \
        [{"field": f"r{i}", "headerName": names.get(c, c)} for i, c in enumerate(state["regions"])] + \
        ([{"field": "avg", "headerName": series_list[-1]["name"]}] if avg is not None and len(avg) else [])
    cmp_cap = caption(lang, t("trends.compare_title", lang, indicator=title), cmp_unit, span, source,
                      snap.is_demo, prelim)
    return {"main": (main_fig, main_rows, main_cols, main_cap),
            "cmp": (cmp_fig, list(table_by_period.values()), cmp_cols, cmp_cap),
            "q_disabled": freq == "Y" or not cumulative}


def controls(state: dict, lang: str, snap: Snapshot, q_disabled: bool) -> dmc.Paper:
    """The trends page's controls: indicator, regions (at most 6), frequency, quarter mode and comparison."""
    names = model.region_names(snap=snap, lang=lang)
    group = model.group_of(snap=snap)
    codes = model.members(group, snap=snap) + model.devzones(group, snap=snap)
    codes += [c for c in state["regions"] if c not in codes]
    return dmc.Paper(dmc.Group([
        select("trends-indicator", t("ctl.indicator", lang), model.indicator_options(lang), state["indicator"],
               searchable=True, w={"base": "100%", "sm": 320}),
        dmc.MultiSelect(id="trends-regions", label=t("ctl.regions", lang), value=state["regions"],
                        data=[{"value": c, "label": names.get(c, c)} for c in codes], searchable=True,
                        maxValues=6, w={"base": "100%", "sm": 360}, comboboxProps={"withinPortal": True}),
        dmc.Stack([dmc.Text(t("ctl.freq", lang), size="sm", fw=500),
                   dmc.SegmentedControl(id="trends-freq", value=state["freq"],
                                        data=[{"value": "Y", "label": t("ctl.annual", lang)},
                                              {"value": "Q", "label": t("ctl.quarterly", lang)}])], gap=2),
        dmc.Stack([dmc.Text(t("ctl.quarter_mode", lang), size="sm", fw=500),
                   dmc.SegmentedControl(id="trends-q", value=state["q"], disabled=q_disabled,
                                        data=[{"value": "single", "label": t("ctl.single", lang)},
                                              {"value": "ytd", "label": t("ctl.ytd", lang)}])], gap=2),
        dmc.Stack([dmc.Text(t("ctl.compare", lang), size="sm", fw=500),
                   dmc.SegmentedControl(id="trends-cmp", value=state["cmp"],
                                        data=[{"value": "value", "label": t("col.value", lang)},
                                              {"value": "yoy", "label": t("col.yoy", lang)}])], gap=2),
    ], align="flex-end", gap="md"), withBorder=True, p="sm", radius="md", className="controls")


@page_layout
def layout(**query) -> dmc.Stack:
    """The /trends page: the indicator over time and the comparison chart, with their tables."""
    lang, scale, snap, state, out = page_view(query, state_from, render)
    fig, rows, cols, cap = out["main"]
    cfig, crows, ccols, ccap = out["cmp"]
    return dmc.Stack([
        dcc.Store(id="trends-ctx", data={"lang": lang, "scale": scale}),
        keys_store("trends", PARAMS), sync_store("trends"),
        page_header(t("nav.trends", lang), t("trends.subtitle", lang)),
        stale_link_notice("trends", lang, link_changes(query, state, lang, snap)),
        controls(state, lang, snap, out["q_disabled"]),
        chart_panel("trends-main", lang, fig, cols, rows, cap, height=440, filename="trend"),
        chart_panel("trends-cmp", lang, cfig, ccols, crows, ccap, height=380, filename="compare"),
    ], gap="md")


sync_url("trends", [("trends-indicator", "value"), ("trends-regions", "value"), ("trends-freq", "value"),
                    ("trends-q", "value"), ("trends-cmp", "value")])


@callback(
    Output("trends-main-graph", "figure"), Output("trends-main-table", "rowData"),
    Output("trends-main-table", "columnDefs"), Output("trends-main-caption", "children"),
    Output("trends-cmp-graph", "figure"), Output("trends-cmp-table", "rowData"),
    Output("trends-cmp-table", "columnDefs"), Output("trends-cmp-caption", "children"),
    Output("trends-q", "disabled"),
    Input("trends-indicator", "value"), Input("trends-regions", "value"), Input("trends-freq", "value"),
    Input("trends-q", "value"), Input("trends-cmp", "value"), State("trends-ctx", "data"),
    prevent_initial_call=True,
)
def update(indicator, regions, freq, qmode, cmp, ctx):
    """Callback: re-render both charts for the chosen indicator, regions, frequency, quarter mode and comparison."""
    snap = model.snapshot()
    state = state_from({"indicator": indicator, "region": regions, "freq": freq, "q": qmode, "cmp": cmp}, snap)
    out = render(state, ctx["lang"], ctx["scale"], snap)
    return (*out["main"], *out["cmp"], out["q_disabled"])
