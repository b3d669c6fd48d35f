"""The frame around every page: header, navigation, language switch and the 示例数据 badge."""
from __future__ import annotations

import dash
import dash_mantine_components as dmc
from dash import dcc, html

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


def layout() -> dmc.MantineProvider:
    """Read per request, so the demo badge and navigation reflect the current store."""
    lang = "zh"
    demo = is_demo_data()
    header = dmc.Group([
        html.Img(src=dash.get_asset_url("logo.svg"), height=28, alt=""),
        dmc.Title(t("app.title", lang), order=3, id="app-title"),
        dmc.Badge(t("app.demo_badge", lang), color="orange", variant="filled", id="demo-badge") if demo else None,
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
