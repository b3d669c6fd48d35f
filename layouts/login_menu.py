"""The signed-in user's menu in the header (account, log out), filled by a callback: the shell reads no data."""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash_mantine_components as dmc
from dash import Input, Output, dcc, html

from layouts.callbacks import callback
from texts.i18n import lang_of, t

if TYPE_CHECKING:
    from dash.development.base_component import Component


def account_actions(lang: str, where: str = "user") -> Component:
    """The account name (link to /account) and the log-out form, for the header (`where="user"`, ids
    user-menu-name, user-logout) or the phone menu in the navbar (`where="nav"`, ids nav-menu-name, nav-logout);
    a log-in link in public viewing mode."""
    from server.auth import csrf_token, current_account

    suffix = "?lang=en" if lang == "en" else ""  # the server-rendered pages follow the dashboard's language
    user = current_account()
    if user is None:  # public viewing mode
        return dmc.Anchor(t("account.login", lang), href="/login" + suffix, id=f"{where}-login-link", size="sm")
    # A plain form: logging out is a POST with the session's CSRF token, handled by server.auth.login.
    logout = html.Form([
        dcc.Input(type="hidden", name="csrf_token", value=csrf_token()),
        html.Button(t("account.logout", lang), type="submit", id=f"{where}-logout", className="user-logout"),
    ], method="POST", action="/logout" + suffix, style={"display": "inline"})
    return dmc.Group([
        dmc.Anchor(user.display_name or user.username, href="/account" + suffix, id=f"{where}-menu-name", size="sm"),
        logout,
    ], gap="xs", wrap="nowrap")


@callback(Output("user-menu-slot", "children"), Output("nav-account-slot", "children"),
          Input("url", "pathname"), Input("url", "search"))
def user_menu(_pathname, search):
    """The header's account actions and, for phones (where the header has no room), the same in the menu."""
    from urllib.parse import parse_qs

    lang = lang_of((parse_qs((search or "").lstrip("?")).get("lang") or [None])[0])
    return account_actions(lang, "user"), account_actions(lang, "nav")
