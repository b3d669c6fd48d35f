"""The frame around every page: header, navigation, language switch and the 示例数据 badge."""
from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import Input, Output, dcc, html

from layouts.i18n import t
from layouts.queries import is_demo_data

NAV = [("nav.overview", "/"), ("nav.trends", "/trends"), ("nav.rankings", "/rankings"),
       ("nav.targets", "/targets"), ("nav.map", "/map"), ("nav.data", "/data"),
       ("nav.upload", "/upload"), ("nav.review", "/review"), ("nav.admin", "/admin")]

THEME = {
    "primaryColor": "red",
    "fontFamily": '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif',
    "defaultRadius": "sm",
}


@dash.callback(Output("demo-badge-slot", "children"), Input("url", "pathname"))
def demo_badge(_pathname):
    """The 示例数据 badge, shown while any published revision is demo data."""
    if not is_demo_data():
        return None
    return dmc.Badge(t("app.demo_badge", "zh"), color="orange", variant="filled", id="demo-badge")


def layout() -> dmc.MantineProvider:
    """No database reads here: Dash also calls this at the first request of any URL (even /health)."""
    lang = "zh"
    header = dmc.Group([
        html.Img(src=dash.get_asset_url("logo.svg"), height=28, alt=""),
        dmc.Title(t("app.title", lang), order=3, id="app-title"),
        html.Span(id="demo-badge-slot"),
    ], h="100%", px="md", gap="sm")
    navbar = dmc.Stack([
        dmc.NavLink(label=t(key, lang), href=href, id=f"nav-{href.strip('/') or 'overview'}")
        for key, href in NAV
    ], gap=0, p="xs")
    return dmc.MantineProvider(
        theme=THEME,
        children=dmc.AppShell([
            dcc.Location(id="url"),
            dmc.AppShellHeader(header),
            dmc.AppShellNavbar(navbar),
            dmc.AppShellMain(dash.page_container),
        ], header={"height": 56}, navbar={"width": 200, "breakpoint": "sm", "collapsed": {"mobile": True}},
            padding="md"),
    )
