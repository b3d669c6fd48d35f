"""报送 (/rounds, every signed-in reader): for a period, each unit × indicator's state (未报, 已提交, 已发布,
退回, 逾期), "本期已报 n/N", the deadline and the overdue units. Computed by data.workflow.rounds, which the
API (/api/v1/rounds), the CLI (`app.py rounds`) and the overview panel read too."""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, dcc, html

from layouts.components import error_alert
from layouts.callbacks import callback
from texts.i18n import lang_of, page_title, period_name, t

if TYPE_CHECKING:
    from dash.development.base_component import Component

STATE_COLOR = {"published": "green", "submitted": "blue", "rejected": "red", "overdue": "orange", "missing": "gray"}
STATE_BG = {"published": "#d3f9d8", "submitted": "#d0ebff", "rejected": "#ffe3e3", "overdue": "#ffe8cc",
            "missing": "#f1f3f5"}


def register() -> None:
    """Register the /rounds page with Dash pages (title in the URL's language)."""
    dash.register_page("rounds", path="/rounds", name=t("nav.rounds"), title=page_title("nav.rounds"), layout=layout)


def state_word(state: str, lang: str) -> str:
    """A unit's round state (missing 未报, submitted 已提交, rejected 退回, published 已发布, overdue 逾期) in `lang`."""
    return t(f"wf.round.{state}", lang)


def compute(period: str | None = None) -> dict:
    """The reporting round of `period` (default: the latest ended quarter) for the home county's
    group: each unit's state and the counts. Read only: a page view never notifies anyone (overdue notices are
    sent by `python app.py rounds --notify`, from a scheduled job: any old period in a link would otherwise send
    uploaders demands for rounds nobody ran)."""
    from data.db import reading
    from figures.rounds import round_group, round_state
    from data.workflow.periods import latest_ended
    from server.context import engine, settings

    s = settings()
    period = period or latest_ended("Q")
    with reading(engine()) as conn:
        return round_state(conn, period, round_group(conn, s.home_region, s.group_city))


def unit_names(st: dict, lang: str) -> dict[str, str]:
    """code -> the round's unit names in the page language ("Qinghe County" in en: layouts.model.region_names,
    from the regions' name_en), the store's name where the snapshot has none."""
    from layouts.model import region_names

    names = dict(zip(st["unit_states"]["region"].astype(str), st["unit_states"]["name"]))
    if lang == "zh":
        return names
    english = region_names(False, None, lang)
    return {code: english.get(code) or name for code, name in names.items()}


def summary(st: dict, lang: str) -> list:
    """"本期已报 n/N", the deadline and the overdue units (also the overview panel's content)."""
    names = unit_names(st, lang)
    overdue = t("list.sep", lang).join(names.get(r, r) for r in st["overdue"])
    return [dmc.Text(t("wf.round_reported", lang, period=period_name(st["period"], lang), n=st["reported"],
                       N=st["expected"]), fw=700, size="lg", id="rounds-reported"),
            dmc.Text(t("wf.round_deadline", lang, date=st["deadline"].isoformat()), size="sm", c="dimmed"),
            dmc.Text(t("wf.round_overdue", lang, units=overdue) if overdue else t("wf.round_none_overdue", lang),
                     size="sm", c="orange" if overdue else "dimmed", id="rounds-overdue")]


def _grid(st: dict, lang: str):
    from data.catalogue import load_indicators

    cat = load_indicators().set_index("code")
    inds = st["indicators"]
    cells = st["cells"].set_index(["region", "indicator"])["state"]
    head = [html.Th(t("col.region", lang)), html.Th(t("col.status", lang))] + \
        [html.Th(cat.loc[c, "short_zh"] if lang == "zh" else cat.loc[c, "name_en"], style={"fontSize": "12px"})
         for c in inds]
    body = []
    names = unit_names(st, lang)
    for u in st["unit_states"].itertuples():
        tds = [html.Td(names.get(str(u.region), u.name)), html.Td(dmc.Badge(state_word(u.state, lang), color=STATE_COLOR[u.state],
                                                   className=f"round-unit-state round-{u.state}"),
                                         id=f"rounds-unit-{u.region}")]
        for c in inds:
            s = cells.get((u.region, c), "missing")
            tds.append(html.Td(state_word(s, lang), style={"background": STATE_BG[s], "fontSize": "12px"},
                               className=f"round-cell round-{s}"))
        body.append(html.Tr(tds, id=f"rounds-row-{u.region}"))
    return html.Div(dmc.Table([html.Thead(html.Tr(head)), html.Tbody(body)], id="rounds-table", withTableBorder=True),
                    className="matrix-scroll")


def link_period(asked: str | list[str] | None, lang: str) -> tuple[str, Component | None]:
    """(the round to show, a notice or None) for a link's ?period=: a quarter or a year that has begun is shown;
    anything else (2026Q5, abc, a month, 2030, a repeated key) shows the latest ended quarter with a notice naming
    what was asked and why (it showed the reader an English exception, or a round for 2030)."""
    from data.workflow.periods import has_begun, is_round_period, latest_ended
    from layouts.components import stale_link_notice
    from layouts.urlstate import scalar

    asked = scalar(asked)
    default = latest_ended("Q")
    if asked is None:
        return default, None
    if is_round_period(asked) and has_begun(asked):
        return asked, None
    return default, stale_link_notice("rounds", lang, [("round", asked, period_name(default, lang))])


def layout(lang: str = "zh", period: str | None = None, **_query):
    """The /rounds page (signed in, or public viewing): a period's reporting round."""
    from server.auth import current_account

    from layouts.urlstate import scalar

    lang = lang_of(scalar(lang))
    if current_account() is None:
        from server.context import settings

        if not settings().public_view:
            return dmc.Alert(t("auth.need_login", lang), color="red", id="page-forbidden")
    from data.workflow.periods import round_periods

    period, notice = link_period(period, lang)
    opts = round_periods(period)
    return dmc.Stack([
        dmc.Stack([dmc.Title(t("nav.rounds", lang), order=2), dmc.Text(t("wf.rounds_subtitle", lang), c="dimmed", size="sm")], gap=0),
        notice,
        dcc.Store(id="rounds-lang", data=lang),
        dmc.Select(id="rounds-period", label=t("col.period", lang), w=240, allowDeselect=False,
                   data=[{"value": x, "label": period_name(x, lang)} for x in opts], value=period),
        html.Div(id="rounds-body"),
    ])


@callback(Output("rounds-body", "children"), Input("rounds-period", "value"), State("rounds-lang", "data"))
def body(period: str | None, lang: str | None) -> list | Component:
    """Callback: the round's summary, legend and grid for the chosen period; errors as an alert."""
    from data.errors import UserError

    lang = lang_of(lang)
    try:
        st = compute(period)
    except (UserError, ValueError) as exc:
        return error_alert(exc, lang)
    legend = dmc.Group([dmc.Badge(state_word(s, lang), color=STATE_COLOR[s], variant="light") for s in STATE_COLOR])
    return dmc.Stack([dmc.Paper(summary(st, lang), withBorder=True, p="md"), legend, _grid(st, lang)])


def panel_period(shown: str | None) -> str | None:
    """The round the overview's 报送 panel describes: the period its cards show when that is a round (a quarter or
    a year); for a month, which is no round, the last quarter ended by that month's end (2026年1—10月 -> 2026Q3,
    2026年1—2月 -> 2025Q4); without a period the latest ended quarter (None)."""
    from data.workflow.periods import is_round_period
    from indicators.periods import parse_period, period_label

    if not shown:
        return None
    if is_round_period(shown):
        return shown
    try:
        year, month, _ = parse_period(shown)
    except ValueError:
        return None
    return period_label(year, month // 3, "Q") if month >= 3 else period_label(year - 1, 4, "Q")


def overview_panel(lang: str, shown: str | None = None):
    """The overview page's 报送 panel: 本期已报 n/N and the overdue units of the round of the period the cards show
    (`panel_period`), linking to that round. When the cards show a month (no round), the panel first says so and
    names the round it describes instead ("2026年1—10月不单独组织报送（报送按季度和年度），下面是2026年1—3季度的
    报送情况"), so its n/N never reads as the cards' period's."""
    period = panel_period(shown)
    try:
        st = compute(period)
    except Exception:  # noqa: BLE001 - the overview must render even if the round cannot be computed
        return None
    q = "&lang=en" if lang == "en" else ""
    note = [] if not shown or shown == st["period"] else [
        dmc.Text(t("wf.round_not_round", lang, period=period_name(shown, lang), round=period_name(st["period"], lang)),
                 size="sm", c="dimmed", id="overview-rounds-other")]
    return dmc.Paper([*note, *summary(st, lang),
                      html.A(t("wf.round_open", lang), href=f"/rounds?period={st['period']}{q}")],
                     withBorder=True, p="md", id="overview-rounds-panel")


@callback(Output("overview-rounds-slot", "children"), Input("overview-period", "value"), State("overview-ctx", "data"))
def overview_slot(period: str | None, ctx: dict | None) -> Component | None:
    """Filled per request (submitted batches do not change the data version the overview is memoised on) and on
    every pick of the overview's period picker (which rewrites the address without a navigation): the round of
    the period the cards show."""
    from server.auth import current_account

    if current_account() is None:
        return None
    from layouts import model
    from layouts.overview_model import chosen_period

    shown, _ = chosen_period(period, model.snapshot())   # the period the cards show
    return overview_panel(lang_of((ctx or {}).get("lang")), shown)
