"""总览: the home county's key indicators for the latest year, as cards, read when the page renders."""
from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import dcc, html

from indicators import formatting as fmt
from layouts import charts, model
from layouts.components import empty_state, flag_badges, page_header
from indicators.targets import STATUSES
from texts.i18n import page_title, period_text, t
from layouts.overview_model import cards
from layouts.memo import page_layout
from layouts.rankings import brief_hrefs
from layouts.urlstate import common


def register() -> None:
    dash.register_page("overview", path="/", name=t("nav.overview"), title=page_title("nav.overview"), layout=layout)


def _link(path: str, lang: str, scale_param: str | None, **params) -> str:
    q = {"lang": "en" if lang == "en" else None, "unit": scale_param, **params}
    return path + "?" + "&".join(f"{k}={v}" for k, v in q.items() if v)


def _delta_color(value, polarity: int) -> str:  # noqa: ANN001
    if fmt.is_missing(value) or value == 0:
        return "gray"
    return "teal" if (value > 0) == (polarity > 0) else "red"


def _progress(p, lang: str) -> list:  # noqa: ANN001
    if p is None or fmt.is_missing(p["completion_pct"]):
        return []
    done, due = float(p["completion_pct"]), float(p["time_progress_pct"])
    color = {"ahead": "teal", "on_pace": "blue", "behind": "red", "completed": "teal",
             "not_completed": "red"}.get(str(p["status"]), "gray")
    return [
        dmc.Group([
            dmc.Text(t("overview.target", lang, year=int(p["year"]), pct=fmt.format_pct(done, lang=lang)), size="sm"),
            dmc.Text(t("overview.time_progress", lang, pct=fmt.format_pct(due, lang=lang)), size="sm", c="dimmed"),
        ], justify="space-between", gap="xs"),
        html.Div([
            html.Div(html.Div(className=f"progress-bar progress-{color}", style={"width": f"{min(done, 100)}%"}),
                     className="progress-track", role="img",
                     **{"aria-label": f"{t('col.completion', lang)} {fmt.format_pct(done, lang=lang)}，"
                                      f"{t('col.time_progress', lang)} {fmt.format_pct(due, lang=lang)}"}),
            html.Div(className="time-marker", style={"left": f"{min(due, 100)}%"}, title=t("col.time_progress", lang)),
        ], className="progress-wrap"),
        dmc.Text(t(f"target.status.{p['status']}", lang), size="xs", c=color) if str(p["status"]) in
        STATUSES else None,
    ]


def card(c: dict, lang: str, scale: str, scale_param: str | None, demo: bool) -> dmc.Paper:
    row, code = c["row"], c["code"]
    polarity = int(model.meta(code)["polarity"])
    change = model.change_of(row, c["kind"])
    rank_line = fmt.format_rank(row["rank"], row["group_size"], bool(row["tied"]), lang=lang)
    rc = row["rank_change"]
    return dmc.Paper([
        dmc.Group([
            dcc.Link(c["name"], href=_link("/trends", lang, scale_param, indicator=code), className="kpi-name"),
            dmc.Group(flag_badges(lang, False, c["preliminary"]), gap=4),
        ], justify="space-between", wrap="nowrap", align="flex-start"),
        html.Div(model.value_text(row["value"], code, scale, lang), className="kpi-value"),
        dmc.Text(period_text(c["period"], lang), size="sm", c="dimmed"),
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
        dcc.Graph(figure=charts.sparkline(c["spark_x"], c["spark_y"]), className="sparkline",
                  config={"staticPlot": True, "displayModeBar": False}, style={"height": "56px"}),
        dmc.Text(c["sentence"], size="sm", className="kpi-sentence"),
    ], withBorder=True, radius="md", p="md", className="kpi-card", id=f"kpi-{code}")


def summary_table(items: list[dict], lang: str, scale: str) -> dmc.Table:
    head = dmc.TableThead(dmc.TableTr([dmc.TableTh(t(k, lang)) for k in
                                       ("col.indicator", "col.period", "col.value", "col.yoy", "col.rank",
                                        "col.status")]))
    body = dmc.TableTbody([dmc.TableTr([
        dmc.TableTd(c["name"]), dmc.TableTd(period_text(c["period"], lang)),
        dmc.TableTd(model.value_text(c["row"]["value"], c["code"], scale, lang)),
        dmc.TableTd(fmt.format_change(model.change_of(c["row"], c["kind"]), c["kind"], lang=lang)),
        dmc.TableTd(fmt.format_rank(c["row"]["rank"], c["row"]["group_size"], bool(c["row"]["tied"]), lang=lang)),
        dmc.TableTd(t(f"status.{c['row']['status']}", lang) if str(c["row"]["status"]) in
                    ("preliminary", "final", "revised", "estimated") else ""),
    ]) for c in items])
    return dmc.Table([head, body], id="overview-table", striped=True, highlightOnHover=True,
                     className="summary-table")


@page_layout
def layout(**query) -> dmc.Stack:
    lang, scale = common(query)
    snap = model.snapshot()
    items = cards(lang, scale, snap)
    name = model.region_name(model.home(), snap=snap)
    docx, pdf = brief_hrefs(None, lang, scale)
    onepage = pdf + "&layout=onepage"
    exports = [html.A(dmc.Button(t(key, lang), variant="outline", size="xs"), href=href, target="_blank", id=cid)
               for key, href, cid in (("brief.export_docx", docx, "overview-docx"),
                                      ("brief.export_pdf", pdf, "overview-pdf"),
                                      ("brief.export_onepage", onepage, "overview-onepage"),
                                      ("screen.title", _link("/screen", lang, query.get("unit")), "overview-screen"))]
    header = page_header(t("overview.heading", lang, region=name), t("overview.subtitle", lang),
                         dmc.Group([*flag_badges(lang, snap.is_demo), *exports], gap=6))
    if not items:
        return dmc.Stack([header, empty_state(lang)])
    grid = dmc.SimpleGrid([card(c, lang, scale, query.get("unit"), snap.is_demo) for c in items],
                          cols={"base": 1, "sm": 2, "xl": 3}, spacing="md", id="overview-cards")
    return dmc.Stack([
        header, grid,
        dmc.Paper([dmc.Title(t("overview.table", lang), order=4, mb="xs"),
                   html.Div(summary_table(items, lang, scale), className="table-scroll")],
                  withBorder=True, radius="md", p="md"),
    ], gap="md")
