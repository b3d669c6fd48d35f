"""The frame around every page: header, navigation, 万元/亿元 and language switches, the 示例数据 badge.

The shell itself reads no data (Dash calls it at the first request of any URL, /health included):
everything that depends on the language in the URL or on the store is filled in by callbacks.
"""
from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import Input, Output, State, dcc, html

from layouts.callbacks import callback, clientside_callback
from texts.i18n import lang_of, t
from plots.theme import MANTINE_THEME

NAV = [("nav.overview", "/"), ("nav.trends", "/trends"), ("nav.rankings", "/rankings"),
       ("nav.targets", "/targets"), ("nav.map", "/map"), ("nav.data", "/data"),
       ("nav.rounds", "/rounds"), ("nav.upload", "/upload"), ("nav.form", "/form"), ("nav.submissions", "/submissions"),
       ("nav.review", "/review"), ("nav.notes", "/notes"), ("nav.admin", "/admin")]
NAV_ICONS = {"/": "▦", "/trends": "↗", "/rankings": "≡", "/targets": "◎", "/map": "◇", "/data": "▤",
             "/upload": "⇪", "/review": "✓", "/admin": "⚙", "/rounds": "☑", "/form": "✎", "/submissions": "✉", "/notes": "※"}
# Kept for modules that imported the old name.
THEME = MANTINE_THEME


def _query(search: str | None) -> dict[str, str]:
    from urllib.parse import parse_qsl

    return dict(parse_qsl((search or "").lstrip("?")))


def nav_links(lang: str, pathname: str | None, search: str | None, roles: tuple[str, ...] = ()) -> list:
    """Role pages (server.auth.PAGE_ROLES) are listed only for their role; the server refuses them anyway."""
    from server.auth import PAGE_ROLES

    q = _query(search)
    keep = "&".join(f"{k}={q[k]}" for k in ("lang", "unit") if q.get(k))
    return [dmc.NavLink(label=t(key, lang), href=href + (f"?{keep}" if keep else ""),
                        leftSection=html.Span(NAV_ICONS[href], className="nav-icon"),
                        active=(pathname or "/") == href, id=f"nav-{href.strip('/') or 'overview'}")
            for key, href in NAV if href not in PAGE_ROLES or PAGE_ROLES[href] in roles]


@callback(Output("app-title", "children"), Output("app-title-short", "children"),
               Output("navbar-links", "children"), Output("lang-switch", "value"),
               Output("unit-switch", "value"), Output("unit-switch", "data"),
               Input("url", "pathname"), Input("url", "search"))
def localise_shell(pathname, search):
    """Callback: the shell's title, navigation (by role), language and unit switches follow the URL."""
    from server.auth import current_roles

    q = _query(search)
    lang = lang_of(q.get("lang"))
    unit = "yi" if q.get("unit") == "yi" else "wan"
    units = [{"value": "wan", "label": t("unit.wan", lang)}, {"value": "yi", "label": t("unit.yi", lang)}]
    return (t("app.title", lang), t("app.title_short", lang), nav_links(lang, pathname, search, current_roles()),
            lang, unit, units)


@callback(Output("demo-badge-slot", "children"), Input("url", "pathname"), Input("url", "search"))
def demo_badge(_pathname, search):
    """The 示例数据 badge, shown while any published revision is demo data."""
    from server.context import snapshot

    if not snapshot().is_demo:
        return None
    lang = lang_of(_query(search).get("lang"))
    return dmc.Tooltip(dmc.Badge(t("app.demo_badge", lang), color="orange", variant="filled", id="demo-badge"),
                       label=t("app.demo_notice", lang), multiline=True, w=260)


@callback(Output("skip-link", "children"), Input("url", "search"))
def localise_skip_link(search):
    """Callback: the skip-to-content link in the URL's language."""
    return t("a11y.skip", lang_of(_query(search).get("lang")))


# Language / unit switch -> the same view with the parameter changed (set_props avoids a callback cycle).
clientside_callback(
    """function (lang, unit) {
        if (!lang || !unit) { return window.dash_clientside.no_update; }
        var params = new URLSearchParams(window.location.search);
        if (lang === "zh") { params.delete("lang"); } else { params.set("lang", lang); }
        if (unit === "wan") { params.delete("unit"); } else { params.set("unit", unit); }
        var qs = params.toString();
        var target = qs ? "?" + qs : "";
        if (target !== window.location.search) {
            window.dash_clientside.set_props("url", {href: window.location.pathname + target});
        }
        return target;
    }""",
    Output("switch-sync", "data"), Input("lang-switch", "value"), Input("unit-switch", "value"),
    prevent_initial_call=True,
)

clientside_callback(
    """function (opened, shell) {
        return Object.assign({}, shell, {collapsed: {mobile: !opened}});
    }""",
    Output("app-shell", "navbar"), Input("nav-burger", "opened"), State("app-shell", "navbar"),
    prevent_initial_call=True,
)


def layout() -> dmc.MantineProvider:
    """No database reads here: Dash also calls this at the first request of any URL (even /health)."""
    lang = "zh"
    header = dmc.Group([
        dmc.Group([
            dmc.Burger(id="nav-burger", hiddenFrom="sm", size="sm", opened=False),
            html.Img(src=dash.get_asset_url("logo.svg"), height=30, alt="", className="app-logo"),
            dmc.Title(t("app.title", lang), order=3, id="app-title", visibleFrom="sm", className="app-title"),
            dmc.Title(t("app.title_short", lang), order=4, id="app-title-short", hiddenFrom="sm",
                      className="app-title"),
            html.Span(id="demo-badge-slot"),
        ], gap="sm", wrap="nowrap"),
        dmc.Group([
            dmc.SegmentedControl(id="unit-switch", value="wan", size="xs",
                                 data=[{"value": "wan", "label": t("unit.wan", lang)},
                                       {"value": "yi", "label": t("unit.yi", lang)}]),
            dmc.SegmentedControl(id="lang-switch", value=lang, size="xs",
                                 data=[{"value": "zh", "label": t("lang.name_zh", lang)},
                                       {"value": "en", "label": t("lang.name_en", lang)}]),
            html.Span(id="notify-bell-slot"),  # filled by layouts.bell
            html.Span(id="user-menu-slot"),  # filled by layouts.login_menu
        ], gap="xs", wrap="nowrap"),
    ], h="100%", px="md", justify="space-between", wrap="nowrap", className="app-header")
    navbar = dmc.Stack([
        dmc.Stack(nav_links(lang, "/", ""), gap=2, id="navbar-links"),
        # phones: the header has no room for the account, so the menu carries it (layouts.login_menu)
        html.Div(id="nav-account-slot", className="nav-account"),
    ], gap="sm", p="xs")
    return dmc.MantineProvider(
        theme=MANTINE_THEME,
        children=dmc.AppShell([
            html.A(t("a11y.skip", lang), href="#main-content", id="skip-link", className="skip-link"),
            dcc.Location(id="url", refresh="callback-nav"),  # callback-set URLs re-render the page, no reload
            dcc.Store(id="switch-sync"),
            dmc.AppShellHeader(header),
            dmc.AppShellNavbar(navbar),
            dmc.AppShellMain(dash.page_container, id="main-content"),
        ], id="app-shell", header={"height": 60},
            navbar={"width": 190, "breakpoint": "sm", "collapsed": {"mobile": True}}, padding="md"),
    )
