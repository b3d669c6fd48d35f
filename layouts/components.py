"""Building blocks shared by the pages: chart panels with their data table and caption, flags, headers."""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash_ag_grid as dag
import dash_mantine_components as dmc
from dash import dcc, html

from texts.i18n import source_text, t
from plots.theme import graph_config

if TYPE_CHECKING:
    from dash.development.base_component import Component
    from data.errors import UserError

GRID_THEME = "ag-theme-quartz"


def page_header(title: str, subtitle: str | None = None, right: Component | None = None) -> dmc.Group:
    """A page's header row: title (h2), an optional dimmed subtitle, and `right` (actions) at the end."""
    return dmc.Group([
        dmc.Stack([dmc.Title(title, order=2, className="page-title"),
                   dmc.Text(subtitle, c="dimmed", size="sm") if subtitle else None], gap=0),
        right,
    ], justify="space-between", align="flex-end", mb="sm", wrap="wrap")


def flag_badges(lang: str, demo: bool, preliminary: bool = False, revised: bool = False) -> list:
    """The figure-state badges: 示例数据 (demo), 快报 (preliminary), 修订 (revised), in `lang`."""
    out = []
    if demo:
        out.append(dmc.Badge(t("flag.demo", lang), color="orange", variant="light", className="flag-demo"))
    if preliminary:
        out.append(dmc.Badge(t("flag.preliminary", lang), color="grape", variant="light", className="flag-prelim"))
    if revised:
        out.append(dmc.Badge(t("flag.revised", lang), color="teal", variant="light", className="flag-revised"))
    return out


def caption(lang: str, title: str, unit: str, period: str, source: str, demo: bool,
            preliminary: bool = False, note: str | None = None, indicator: str | None = None,
            notes: list[str] | None = None) -> list:
    """Under every chart: title, unit, period, source and the 示例数据 / 快报 flags; with `indicator`, its
    definition panel (`definition_panel`); `notes`: the figure's 口径调整 / 说明 lines (figures.notes)."""
    parts = [html.Span(title, className="cap-title"),
             html.Span(t("cap.unit", lang, unit=unit)),
             html.Span(t("cap.period", lang, period=period)),
             html.Span(t("cap.source", lang, source=source_text(source, lang)))]
    if note:
        parts.append(html.Span(note, className="cap-note"))
    out = [dmc.Group(parts + flag_badges(lang, demo, preliminary), gap="md", className="chart-caption-row")]
    if notes:
        out.append(notes_list(notes, lang))
    if indicator:
        out.append(definition_panel(indicator, lang))
    return out


def notes_list(lines: list[str], lang: str) -> html.Div:
    """The 口径调整与说明 lines of a figure (figures.notes.note_lines), under its chart or card."""
    return html.Div([html.Div(line, className="figure-note") for line in lines], className="figure-notes",
                    title=t("notes.title", lang))


def definition_panel(indicator: str, lang: str) -> html.Details:
    """定义与口径: the indicator's definition, 口径, formula, source and unit from the catalogue
    (figures.definitions.definition), folded under a chart or a card; opens on click, no script."""
    from figures.definitions import definition

    d = definition(indicator, lang)
    rows = [("def.definition", d["definition"]), ("def.caliber", d["caliber"]), ("def.formula", d["formula"]),
            ("def.source", d["source"]), ("def.unit", d["unit"])]
    return html.Details([
        html.Summary(t("def.title", lang), className="definition-summary"),
        html.Dl([part for key, text in rows if text
                 for part in (html.Dt(t(key, lang)), html.Dd(text))], className="definition-list"),
    ], className="definition-panel", **{"data-indicator": indicator})


def chart_panel(prefix: str, lang: str, figure: dict, columns: list[dict], rows: list[dict], cap: list,
                height: int = 460, filename: str = "chart", config: dict | None = None) -> dmc.Paper:
    """A chart with its data table one click away (tabs) and the caption underneath."""
    return dmc.Paper([
        dmc.Tabs([
            dmc.TabsList([
                dmc.TabsTab(t("tab.chart", lang), value="chart", id=f"{prefix}-tab-chart"),
                dmc.TabsTab(t("tab.table", lang), value="table", id=f"{prefix}-tab-table"),
            ]),
            dmc.TabsPanel(dcc.Graph(id=f"{prefix}-graph", figure=figure,
                                    config={**graph_config(lang, filename), **(config or {})},
                                    style={"height": f"{height}px"}, className=f"chart chart-h{height}"),
                          value="chart", pt="xs"),
            dmc.TabsPanel(data_grid(f"{prefix}-table", columns, rows, height=height, lang=lang), value="table",
                          pt="xs"),
        ], value="chart", id=f"{prefix}-tabs"),
        html.Div(cap, id=f"{prefix}-caption", className="chart-caption"),
    ], withBorder=True, p="sm", radius="md", className="chart-panel")


def grid_locale(lang: str) -> dict:
    """dashGridOptions giving AG Grid's own texts (pagination, filters, "No Rows") in the page language.

    Chinese names a client function (assets/30_locales.js) reading the vendored AG_GRID_LOCALE_CN, so the
    table is loaded once per browser rather than sent with every grid. English is AG Grid's default.
    """
    return {"getLocaleText": {"function": "localeTextZh(params)"}} if lang != "en" else {}


def dates_provider(lang: str, children: Component | list) -> dmc.DatesProvider:
    """Month and weekday names of Mantine date pickers (zh-cn: assets/vendor/dayjs-locale-zh-cn.js)."""
    return dmc.DatesProvider(children, settings={"locale": "en" if lang == "en" else "zh-cn", "firstDayOfWeek": 1})


def grid_class(lang: str) -> str:
    """The grid's CSS classes: `grid-zh` adds the measure words of the Chinese pager (第 … 条, … 页)."""
    return GRID_THEME + ("" if lang == "en" else " grid-zh")


def data_grid(grid_id: str, columns: list[dict], rows: list[dict], height: int = 420, lang: str = "zh",
              **kw) -> html.Div:
    """An AG Grid with the house defaults: sortable, resizable columns whose long cells and headers wrap (nothing
    cut with an ellipsis), the grid's texts in `lang`, in a box of
    `height` px (`reserve_height`); `options` in `kw` merge into dashGridOptions, the rest go to the grid.
    """
    return reserve_height(dag.AgGrid(
        id=grid_id, columnDefs=columns, rowData=rows, className=grid_class(lang),
        # a cell or header too long for its column wraps onto another line, never "50,644 ten-th…" (bw10)
        defaultColDef={"sortable": True, "resizable": True, "minWidth": 90, "flex": 1, "wrapText": True,
                       "autoHeight": True, "wrapHeaderText": True, "autoHeaderHeight": True},
        dashGridOptions={"suppressCellFocus": True, "animateRows": False, **grid_locale(lang),
                         **kw.pop("options", {})}, **kw), height)


def reserve_height(component: Component, height: int) -> html.Div:
    """The component (a dcc.Graph or an AG Grid) inside a box of its final height in px, filling it. Dash
    loads these components' code lazily and draws a placeholder without the component's own style until it
    arrives: the box keeps the panel's height from the first paint (no layout jump when the chart's data
    arrive), and the placeholder shows the loading state (CSS `.reserved > .dash-graph--pending`)."""
    component.style = {**(getattr(component, "style", None) or {}), "height": "100%", "width": "100%"}
    return html.Div(component, style={"height": f"{height}px"}, className="reserved")


def columns(lang: str, fields: list[tuple[str, str]]) -> list[dict]:
    """[(field, i18n key)] -> ag-grid column definitions."""
    return [{"field": f, "headerName": t(k, lang)} for f, k in fields]


def error_alert(error: UserError | str, lang: str, id: str | None = None, title: str | None = None) -> dmc.Alert:  # noqa: A002
    """The one way pages show an error: a red alert with a data.errors.UserError's message in `lang` (or a
    ready text). `id` keeps the element findable by tests and scripts."""
    text = error.message(lang) if hasattr(error, "message") else str(error)
    kwargs = {"id": id} if id else {}
    if title:
        kwargs["title"] = title
    return dmc.Alert(text, color="red", **kwargs)


def empty_state(lang: str, key: str = "empty.no_data") -> dmc.Alert:
    """The 'no data' notice (catalogue key `key`) in `lang`."""
    return dmc.Alert(t(key, lang), color="gray", variant="light", className="empty-state")


def select(cid: str, label: str, data: list, value: str | None, **kw) -> dmc.Select:
    """A single-choice select with the house defaults (no deselect, dropdown in a portal)."""
    return dmc.Select(id=cid, label=label, data=data, value=value, allowDeselect=False,
                      comboboxProps={"withinPortal": True}, **kw)


def stale_link_notice(page: str, lang: str, changes: list[tuple[str, str, str]]):
    """A notice when a link's period, indicator or region no longer exists (renamed, rolled back, never
    published): names what was asked and what is shown instead. changes: [(what, asked, shown)] with what
    one of "indicator" | "period" | "region" | "year" | "round" (a period that is no round: its own words);
    None when nothing was replaced."""
    if not changes:
        return None
    lines = [t("stale.item_round", lang, asked=asked_words(what, asked, lang), shown=shown or "—") if what == "round"
             else t("stale.item", lang, what=t(f"stale.what.{what}", lang), asked=asked_words(what, asked, lang),
                    shown=shown or "—")
             for what, asked, shown in changes]
    return dmc.Alert([dmc.Text(line, size="sm") for line in lines], title=t("stale.title", lang),
                     id=f"{page}-stale-notice", color="yellow", variant="light", withCloseButton=True,
                     className="stale-notice")


def asked_words(what: str, asked: str, lang: str) -> str:
    """What a link asked for, in words where it has a name: a period by texts.i18n.period_name ("2026M10" ->
    "2026年1—10月" / "Jan–Oct 2026"), a catalogue indicator or region by its name in `lang`; anything else (no
    such code, a malformed period) as it was asked."""
    from texts.i18n import period_name

    if what in ("period", "year", "round"):
        return period_name(asked, lang)
    if what == "indicator":
        from layouts.model import indicator_name

        return indicator_name(asked, lang)
    if what == "region":
        from layouts.model import region_names

        return str(region_names(False, None, lang).get(asked) or asked)
    return asked


def replaced(what: str, asked: object, shown: str, shown_label: str | None = None,
             asked_label: str | None = None) -> list[tuple[str, str, str]]:
    """[(what, asked, shown label)] when the URL asked for something (non-empty) other than what is shown; asked
    in words by `asked_label` when given (a period in the indicator's own kind), else by `asked_words`."""
    asked = "" if asked is None else str(asked)
    if not asked or asked == shown:
        return []
    return [(what, asked_label or asked, shown_label if shown_label is not None else shown)]


def phone_cards(table: dmc.Table, headers: list[str]) -> dmc.Table:
    """The table (a dmc.Table of a head and a body of rows of cells) turned into one card per row on phones
    (below Mantine's sm, 48em: CSS `.phone-cards` in assets/10_dashboard.css): each cell is labelled with its
    column's header (`data-label`), so no column is clipped and the page never scrolls sideways. Wider screens
    keep the table. Returns the same table."""
    body = table.children[-1]
    for row in body.children if isinstance(body.children, list) else [body.children]:
        cells = row.children if isinstance(row.children, list) else [row.children]
        for cell, header in zip(cells, headers):
            setattr(cell, "data-label", header)
    table.className = f"{getattr(table, 'className', None) or ''} phone-cards".strip()
    return table
