"""总览: the home county's key indicators for one chosen period (default: the latest the home county reported),
as cards that each name their period, read when the page renders."""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, dcc, html

from indicators import formatting as fmt
from layouts.callbacks import callback
from layouts import model
from plots import charts
from layouts.components import definition_panel, empty_state, flag_badges, notes_list, page_header, \
    phone_cards, replaced, reserve_height, select, stale_link_notice
from indicators.targets import STATUSES
from texts.i18n import page_title, period_name, period_text, t
from layouts.overview_model import cards, chosen_period
from layouts.memo import page_layout
from layouts.rankings import brief_hrefs
from layouts.urlstate import common, keys_store, sync_store, sync_url

if TYPE_CHECKING:
    from dash.development.base_component import Component


def register() -> None:
    """Register the / page with Dash pages (title in the URL's language)."""
    dash.register_page("overview", path="/", name=t("nav.overview"), title=page_title("nav.overview"), layout=layout)


def _link(path: str, lang: str, scale_param: str | None, **params) -> str:
    q = {"lang": "en" if lang == "en" else None, "unit": scale_param, **params}
    return path + "?" + "&".join(f"{k}={v}" for k, v in q.items() if v)


def _delta_color(value: float | None, polarity: int) -> str:
    if fmt.is_missing(value) or value == 0:
        return "gray"
    return "teal" if (value > 0) == (polarity > 0) else "red"


def _progress(p: dict | None, lang: str) -> list:
    """The card's target lines: 完成率 and 序时进度, and a bar of the figure the status is judged on (figures.targets
    judged_pct: 增量进度 for a stock during the year, written beside it) against the 序时进度 marker."""
    if p is None or fmt.is_missing(p["completion_pct"]):
        return []
    if str(p.get("basis")) == "level":
        # a ratio (figures.targets): value against target, never against 序时进度; at year end met or not
        code, status = str(p["indicator"]), str(p["status"])
        judged = status in STATUSES
        return [dmc.Text(t("overview.target_level", lang, year=int(p["year"]),
                           target=model.value_text(p["target"], code, "auto", lang),
                           actual=model.value_text(p["actual"], code, "auto", lang),
                           pct=fmt.format_pct(p["completion_pct"], lang=lang)), size="sm", className="kpi-target"),
                dmc.Text(t(f"target.status.{status}", lang), size="xs",
                         c="teal" if status == "completed" else "red") if judged else
                dmc.Text(t("targets.level_note", lang), size="xs", c="dimmed")]
    done, due = float(p["completion_pct"]), float(p["time_progress_pct"])
    judged = None if fmt.is_missing(p.get("judged_pct")) else float(p["judged_pct"])
    increment = str(p.get("judged_basis")) == "increment"
    color = {"ahead": "teal", "on_pace": "blue", "behind": "red", "completed": "teal",
             "not_completed": "red"}.get(str(p["status"]), "gray")
    bar_label = (t("overview.progress_label_increment", lang, done=fmt.format_pct(judged, lang=lang),
                   due=fmt.format_pct(due, lang=lang)) if increment else
                 t("overview.progress_label", lang, done=fmt.format_pct(judged, lang=lang),
                   due=fmt.format_pct(due, lang=lang)))
    width = 0.0 if judged is None else min(max(judged, 0.0), 100.0)
    return [
        dmc.Group([
            dmc.Text(t("overview.target", lang, year=int(p["year"]), pct=fmt.format_pct(done, lang=lang)), size="sm"),
            dmc.Text(t("overview.time_progress", lang, pct=fmt.format_pct(due, lang=lang)), size="sm", c="dimmed"),
        ], justify="space-between", gap="xs"),
        dmc.Text(t("targets.increment", lang, pct=fmt.format_pct(judged, lang=lang)), size="xs", c="dimmed")
        if increment and judged is not None else None,
        html.Div([
            html.Div(html.Div(className=f"progress-bar progress-{color}", style={"width": f"{width}%"}),
                     className="progress-track", role="img", **{"aria-label": bar_label}),
            html.Div(className="time-marker", style={"left": f"{min(due, 100)}%"}, title=t("col.time_progress", lang)),
        ], className="progress-wrap"),
        dmc.Text(t(f"target.status.{p['status']}", lang), size="xs", c=color) if str(p["status"]) in
        STATUSES else None,
    ]


def card_period(c: dict, lang: str) -> str:
    """The card's period as officials write it: "2026年1—3季度" (累计), "2026年三季度末" (stock), "2025年"."""
    return period_text(c["period"], lang, is_ytd=c["is_ytd"], stock=c["stock"])


def card(c: dict, lang: str, scale: str, scale_param: str | None, demo: bool) -> dmc.Paper:
    """One key indicator's card: name (link to trends), value, 同比 coloured by the indicator's
    polarity, 位次 and its change, target progress and the figure's flags.
    """
    row, code = c["row"], c["code"]
    polarity = int(model.meta(code)["polarity"])
    change = model.change_of(row, c["kind"]) if row else None
    rank_line = c["rank_text"]
    rc = c["rank_change"]
    return dmc.Paper([
        dmc.Group([
            dcc.Link(c["name"], href=_link("/trends", lang, scale_param, indicator=code), className="kpi-name"),
            dmc.Group(flag_badges(lang, False, c["preliminary"]), gap=4, className="flag-badges"),
        ], justify="space-between", wrap="nowrap", align="flex-start"),
        _provenance_link(html.Div(model.value_text(row.get("value"), code, scale, lang), className="kpi-value"),
                         code, c["period"], lang),
        dmc.Text(card_period(c, lang), size="sm", c="dimmed", className="kpi-period"),
        dmc.Group([
            html.Div([dmc.Text(t("col.yoy", lang), size="xs", c="dimmed"),
                      dmc.Text(fmt.format_change(change, c["kind"], lang=lang), fw=700,
                               c=_delta_color(change, polarity), className="kpi-yoy")]),
            html.Div([dmc.Text(t("col.rank", lang), size="xs", c="dimmed"),
                      dmc.Group([dmc.Text(rank_line, fw=700, className="kpi-rank"),
                                 dmc.Badge(fmt.format_rank_change(rc, lang=lang), size="sm", variant="light",
                                           color=_delta_color(rc, 1)) if not fmt.is_missing(rc) else None],
                                gap=6)]),
        ], gap="xl", mt="xs"),
        *_progress(c["progress"], lang),
        reserve_height(dcc.Graph(figure=charts.sparkline(c["spark_x"], c["spark_y"]), className="sparkline",
                                 config={"staticPlot": True, "displayModeBar": False}), 56),
        dmc.Text(c["sentence"], size="sm", className="kpi-sentence"),
        notes_list(c["notes"], lang) if c.get("notes") else None,
        definition_panel(code, lang),
    ], withBorder=True, radius="md", p="md", className="kpi-card", id=f"kpi-{code}")


def _provenance_link(child: Component | str, code: str, period: str, lang: str):
    """A reported figure links to 数据溯源 (derived figures are computed, not submitted)."""
    from layouts.provenance import href

    formula = model.meta(code)["formula"]
    if isinstance(formula, str) and formula:
        return child
    return dcc.Link(child, href=href(code, model.home(), str(period), False, lang), className="kpi-provenance")


def summary_table(items: list[dict], lang: str, scale: str) -> dmc.Table:
    """The overview's summary table: indicator, period, value, 同比, 位次 and status of each card item (one
    labelled card per item on phones: `phone_cards`)."""
    headers = [t(k, lang) for k in ("col.indicator", "col.period", "col.value", "col.yoy", "col.rank", "col.status")]
    head = dmc.TableThead(dmc.TableTr([dmc.TableTh(h) for h in headers]))
    body = dmc.TableTbody([dmc.TableTr([
        dmc.TableTd(c["name"]), dmc.TableTd(card_period(c, lang)),
        dmc.TableTd(model.value_text(c["row"].get("value"), c["code"], scale, lang)),
        dmc.TableTd(fmt.format_change(model.change_of(c["row"], c["kind"]) if c["row"] else None, c["kind"],
                                      lang=lang)),
        dmc.TableTd(c["rank_text"]),
        dmc.TableTd(t(f"status.{c['row'].get('status')}", lang) if str(c["row"].get("status")) in
                    ("preliminary", "final", "revised", "estimated") else ""),
    ]) for c in items])
    return phone_cards(dmc.Table([head, body], id="overview-table", striped=True, highlightOnHover=True,
                                 className="summary-table"), headers)


def body(items: list[dict], lang: str, scale: str, scale_param: str | None, demo: bool) -> list:
    """The overview's body: the card grid and the summary table, or the empty state."""
    if not items:
        return [empty_state(lang)]
    grid = dmc.SimpleGrid([card(c, lang, scale, scale_param, demo) for c in items],
                          cols={"base": 1, "sm": 2, "xl": 3}, spacing="md", id="overview-cards")
    return [grid, dmc.Paper([dmc.Title(t("overview.table", lang), order=4, mb="xs"),
                             html.Div(summary_table(items, lang, scale), className="table-scroll")],
                            withBorder=True, radius="md", p="md")]


def period_option_label(period: str, lang: str) -> str:
    """The overview's name of a period (its picker, its stale-link notice): 累计 text for sub-year periods."""
    return period_name(period, lang)


def period_options(options: list[str], lang: str) -> list[dict]:
    """Select options for the overview's periods (`period_option_label`)."""
    return [{"value": p, "label": period_option_label(p, lang)} for p in options]


def link_changes(query: dict, period: str | None, lang: str) -> list[tuple[str, str, str]]:
    """The link's period when it is not the one shown (rolled back, never published: `chosen_period` fell back
    to the default), for stale_link_notice as on the rankings page (DEVELOPING.md, links that no longer hold)."""
    return replaced("period", query.get("period"), period or "", period_option_label(period, lang) if period else "")


def export_hrefs(period: str | None, lang: str, scale: str) -> tuple[str, str, str]:
    """The brief's .docx, .pdf and one-page .pdf links for the period the cards show (the latest year when
    there is none)."""
    docx, pdf = brief_hrefs(period, lang, scale)
    return docx, pdf, pdf + "&layout=onepage"


@page_layout
def layout(**query) -> dmc.Stack:
    """The / page: the home county's key indicators for the chosen period, with brief exports."""
    lang, scale = common(query)
    snap = model.snapshot()
    period, options = chosen_period(query.get("period"), snap)
    items = cards(lang, scale, snap, period) if period else []
    name = model.region_name(model.home(), snap=snap, lang=lang)
    docx, pdf, onepage = export_hrefs(period, lang, scale)
    exports = [html.A(dmc.Button(t(key, lang), variant="outline", size="xs"), href=href, target="_blank", id=cid)
               for key, href, cid in (("brief.export_docx", docx, "overview-docx"),
                                      ("brief.export_pdf", pdf, "overview-pdf"),
                                      ("brief.export_onepage", onepage, "overview-onepage"),
                                      ("screen.title", _link("/screen", lang, query.get("unit")), "overview-screen"))]
    choice = select("overview-period", t("col.period", lang), period_options(options, lang), period,
                    w={"base": "100%", "sm": 220})
    header = page_header(t("overview.heading", lang, region=name), t("overview.subtitle_p", lang),
                         dmc.Group([choice, *flag_badges(lang, snap.is_demo), *exports], gap=6, align="flex-end"))
    return dmc.Stack([
        dcc.Store(id="overview-ctx", data={"lang": lang, "scale": scale, "unit": query.get("unit")}),
        keys_store("overview", ["period"]), sync_store("overview"),
        header, stale_link_notice("overview", lang, link_changes(query, period, lang)),
        html.Div(id="overview-rounds-slot"),
        html.Div(body(items, lang, scale, query.get("unit"), snap.is_demo), id="overview-body"),
    ], gap="md")


sync_url("overview", [("overview-period", "value")])


@callback(Output("overview-body", "children"), Output("overview-docx", "href"), Output("overview-pdf", "href"),
          Output("overview-onepage", "href"), Input("overview-period", "value"), State("overview-ctx", "data"),
          prevent_initial_call=True)
def update(period, ctx):
    """The cards and the brief's links for the chosen period (the links export what the cards show)."""
    snap = model.snapshot()
    period, _ = chosen_period(period, snap)
    items = cards(ctx["lang"], ctx["scale"], snap, period) if period else []
    return (body(items, ctx["lang"], ctx["scale"], ctx.get("unit"), snap.is_demo),
            *export_hrefs(period, ctx["lang"], ctx["scale"]))
