"""The page of an address the dashboard does not have (Dash pages' `not_found_404`), inside the shell and in
the URL's language (zh by default), instead of Dash's own English "404 - Page not found"."""
from __future__ import annotations

import dash
import dash_mantine_components as dmc

from layouts.components import page_header
from texts.i18n import lang_of, page_title, t


def register() -> None:
    """Register the not-found page: Dash pages serve the module named `not_found_404` for any unknown path."""
    dash.register_page("not_found_404", path="/404", name=t("nav.not_found"), title=page_title("nav.not_found"),
                       layout=layout)


def layout(**query) -> dmc.Stack:
    """What an unknown address shows: a title, what may have happened and a link to the overview (same lang)."""
    lang = lang_of(query.get("lang"))
    home = "/?lang=en" if lang == "en" else "/"
    return dmc.Stack([
        page_header(t("nav.not_found", lang)),
        dmc.Alert(t("notfound.text", lang), color="gray", variant="light", id="page-not-found"),
        dmc.Anchor(t("notfound.home", lang), href=home, id="not-found-home"),
    ], gap="md")
