"""Page state in the URL (?lang=en&unit=yi&indicator=…&region=…&period=…&measure=…).

Layouts receive the query string as keyword arguments and render that view, so a link opened by
another official shows the same thing. Controls write their values back with history.replaceState
(assets/20_dashboard.js `syncUrl`), which changes the address without re-rendering the page.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from dash import ClientsideFunction, Input, Output, State, dcc

from layouts import model
from layouts.callbacks import clientside_callback
from texts.i18n import lang_of
from layouts.model import scale_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from data.snapshot import Snapshot

GLOBAL_PARAMS = ("lang", "unit")


def common(query: dict) -> tuple[str, str]:
    """(lang, scale) from the query: language and the 万元/亿元 switch."""
    return lang_of(query.get("lang")), scale_of(query.get("unit"))


def page_view(query: dict, state_from: Callable[[dict, Snapshot], dict],
              render: Callable[[dict, str, str, Snapshot], dict]) -> tuple[str, str, Snapshot, dict, dict]:
    """(lang, scale, snapshot, state, view) of a page opened with URL `query`: the page's `state_from(query,
    snap)` read against the current snapshot, then its `render(state, lang, scale, snap)`. The one preamble of
    the data, map, rankings and trends layouts."""
    lang, scale = common(query)
    snap = model.snapshot()
    state = state_from(query, snap)
    return lang, scale, snap, state, render(state, lang, scale, snap)


def as_list(value: str | list[str] | None) -> list[str]:
    """A URL value as a list of strings: a list kept (blanks dropped), a comma-separated string split."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v not in (None, "")]
    return [v for v in str(value).split(",") if v]


def scalar(value: str | list[str] | None, default: str | None = None) -> str | None:
    """A URL value that names one thing (a period, an indicator, a region): Dash hands a repeated key
    (?period=2025&period=2024) over as a list, which is never passed on as such (a list bound into SQL was a
    traceback); its first non-blank value is taken, as the page shows which one it is. `default` when blank."""
    if isinstance(value, (list, tuple)):
        value = next((str(v) for v in value if v not in (None, "")), None)
    return default if value is None or str(value).strip() == "" else str(value).strip()


def keys_store(page: str, params: list[str]) -> dcc.Store:
    """The query parameter names the page's controls map to (read by syncUrl)."""
    return dcc.Store(id=f"{page}-url-keys", data=params)


def sync_url(page: str, controls: list[tuple[str, str]]) -> None:
    """Write the controls' values into the address bar whenever one changes (clientside, no round trip)."""
    clientside_callback(
        ClientsideFunction("dashboard", "syncUrl"),
        Output(f"{page}-url-sync", "data"),
        [Input(cid, prop) for cid, prop in controls],
        State(f"{page}-url-keys", "data"),
    )


def sync_store(page: str) -> dcc.Store:
    """The store through which `page` writes its state back to the URL."""
    return dcc.Store(id=f"{page}-url-sync")
