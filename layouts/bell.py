"""The bell in the header: the signed-in account's unread notifications (submitted, published, rejected,
overdue), linking to 我的提交 (uploaders) or 审核发布 (approvers). Filled by a callback: the shell reads no data."""
from __future__ import annotations
from typing import TYPE_CHECKING

import dash_mantine_components as dmc
from dash import Input, Output, html

from layouts.callbacks import callback
from texts.i18n import lang_of, t

if TYPE_CHECKING:
    from dash.development.base_component import Component


@callback(Output("notify-bell-slot", "children"), Input("url", "pathname"), Input("url", "search"))
def bell(_pathname: str | None, search: str | None) -> Component | None:
    """Callback: the notification bell in the header for the signed-in user (unread count, link to
    /submissions in the URL's language); None when nobody is signed in.
    """
    from urllib.parse import parse_qsl

    from data.db import reading
    from data.workflow import notify
    from server.auth import current_account
    from server.context import engine

    user = current_account()
    if user is None:
        return None
    lang = lang_of(dict(parse_qsl((search or "").lstrip("?"))).get("lang"))
    with reading(engine()) as conn:
        n = notify.unread_count(conn, user.username)
    href = "/submissions"
    badge = dmc.Badge(str(n), color="red", size="xs", circle=True, id="notify-count") if n else None
    return html.A([html.Span("🔔", className="bell-icon"), badge],
                  href=href + ("?lang=en" if lang == "en" else ""), id="notify-bell",
                  title=t("wf.bell", lang, n=n), style={"textDecoration": "none", "marginRight": "6px"})
