"""口径调整与说明 (/notes): an approver records a series break or an explanatory note on a figure, and sees the
ones recorded. The check and the write are data.workflow.annotations' (the API's too): audited, and at once on
every chart, slide, brief and sentence (figures.notes). Output ids start with `review-` (approver role guard)."""
from __future__ import annotations

import dash
import dash_mantine_components as dmc
from typing import TYPE_CHECKING

from dash import Input, Output, State, dcc, html

from data.errors import UserError
from data.workflow import annotations
from layouts import model
from layouts.callbacks import callback
from layouts.components import error_alert
from texts.i18n import lang_of, page_title, t

if TYPE_CHECKING:
    from data.snapshot import Snapshot

PREFIX = "review-notes-"


def register() -> None:
    """Register the page at /notes (approvers: server.auth.PAGE_ROLES)."""
    dash.register_page("series_notes", path="/notes", name=t("nav.notes"), title=page_title("nav.notes"),
                       layout=layout)


def region_options(snap: Snapshot, lang: str) -> list[dict]:
    """Every region (empty value), then the group's county-level units and development zones."""
    group = model.group_of(snap=snap)
    names = model.region_names(snap=snap, lang=lang)
    codes = model.members(group, snap=snap) + model.devzones(group, snap=snap)
    return [{"value": "", "label": t("notes.all_regions", lang)}] + [{"value": c, "label": names.get(c, c)}
                                                                    for c in codes]


def recorded_rows(snap: Snapshot, lang: str) -> list:
    """The recorded breaks and notes, newest period first: one line each."""
    ann = snap.annotations
    if ann is None or not len(ann):
        return [dmc.Text(t("notes.none", lang), c="dimmed", size="sm")]
    names = model.region_names(snap=snap, lang=lang)
    rows = ann.astype(object).where(ann.notna(), None).to_dict("records")
    rows.sort(key=lambda r: (str(r["period"]), str(r["indicator"])), reverse=True)
    return [html.Div(t("notes.recorded_line", lang, period=r["period"],
                       indicator=model.indicator_name(str(r["indicator"]), lang, short=True),
                       region=names.get(r["region"], r["region"]) if r["region"] else t("notes.all_regions", lang),
                       kind=t("notes.kind." + str(r["kind"]), lang), text=r["text"]), className="figure-note")
            for r in rows]


def layout(lang: str = "zh", **_query):
    """The form (indicator, region or every region, period, kind, text) and the recorded breaks and notes;
    the refusal instead for anyone but an approver."""
    from server.auth import APPROVER, page_guard

    lang = lang_of(lang)
    refusal = page_guard(APPROVER, lang)
    if refusal is not None:
        return refusal
    snap = model.snapshot()
    return dmc.Stack([
        dmc.Stack([dmc.Title(t("notes.title", lang), order=2),
                   dmc.Text(t("notes.subtitle", lang), c="dimmed", size="sm")], gap=0),
        dcc.Store(id=PREFIX + "lang", data=lang),
        dmc.Paper(dmc.Stack([
            dmc.Group([
                dmc.Select(id=PREFIX + "indicator", label=t("ctl.indicator", lang), data=model.indicator_options(lang),
                           searchable=True, w=320),
                dmc.Select(id=PREFIX + "region", label=t("col.region", lang), data=region_options(snap, lang),
                           value="", w=220),
                dmc.TextInput(id=PREFIX + "period", label=t("col.period", lang), placeholder="2021 / 2023Q3", w=160),
                dmc.SegmentedControl(id=PREFIX + "kind", value="note", data=[
                    {"value": "series_break", "label": t("notes.kind.series_break", lang)},
                    {"value": "note", "label": t("notes.kind.note", lang)}]),
            ], align="flex-end"),
            # the length limit goes to the <textarea> itself: Textarea takes no maxLength of its own
            dmc.Textarea(id=PREFIX + "text", label=t("notes.text", lang), autosize=True, minRows=2,
                         inputProps={"maxLength": annotations.MAX_TEXT}),
            dmc.Group([dmc.Button(t("notes.save", lang), id=PREFIX + "save")]),
            html.Div(id=PREFIX + "result"),
        ]), withBorder=True, p="md", radius="md"),
        dmc.Title(t("notes.recorded", lang), order=4),
        html.Div(recorded_rows(snap, lang), id=PREFIX + "list"),
    ], gap="md")


def save(body: dict, user: str | None, lang: str) -> tuple[dmc.Alert, list | object]:  # object: dash.no_update
    """Check and record one annotation: (result alert, recorded list). A bad field is a red alert naming it."""
    from server.context import engine

    snap = model.snapshot()
    try:
        a = annotations.check(body, snap.regions["code"].astype(str))
        annotations.record(engine(), a, user)
    except UserError as exc:
        return error_alert(exc, lang, PREFIX + "error"), dash.no_update
    snap = model.snapshot()  # the new data version: the list shows the new note
    return (dmc.Alert(t("notes.saved", lang, period=a["period"], indicator=model.indicator_name(a["indicator"], lang)),
                      color="teal", id=PREFIX + "ok"), recorded_rows(snap, lang))


@callback(Output(PREFIX + "result", "children"), Output(PREFIX + "list", "children"),
          Input(PREFIX + "save", "n_clicks"), State(PREFIX + "indicator", "value"), State(PREFIX + "region", "value"),
          State(PREFIX + "period", "value"), State(PREFIX + "kind", "value"), State(PREFIX + "text", "value"),
          State(PREFIX + "lang", "data"), prevent_initial_call=True)
def on_save(_n: int | None, indicator: str | None, region: str | None, period: str | None, kind: str | None,
            text: str | None, lang: str | None) -> tuple[dmc.Alert, list | object]:  # object: dash.no_update
    """记录: an approver's click records the annotation (`save`); the guard refuses other roles."""
    from server.auth import current_username, require_role

    require_role("approver")
    return save({"indicator": indicator, "region": region, "period": period, "kind": kind, "text": text},
                current_username(), lang_of(lang))
