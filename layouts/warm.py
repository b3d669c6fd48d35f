"""The reader pages' first views, computed right after a new snapshot (server.warm calls `warm_pages`).

Each view is the page's own `layout(**query)` as Dash's page router calls it for that address (memoised per
snapshot by layouts.memo, so the first reader gets the stored result); nothing here computes a figure of
its own. Views: every reader page's default address, and the trends page's quarterly view, in each
language asked for.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import dash

if TYPE_CHECKING:
    from data.snapshot import Snapshot

# (page path, query) as a reader's browser opens them: the address bar's parameters are the layout's kwargs
VIEWS: tuple[tuple[str, dict], ...] = (
    ("/", {}), ("/trends", {}), ("/trends", {"freq": "Q"}), ("/rankings", {}), ("/map", {}), ("/data", {}),
    ("/targets", {}), ("/screen", {}),
)


def warm_view(path: str, query: dict, snap: Snapshot, langs: tuple[str, ...]) -> bool:
    """Run one page's first view (its `layout(**query)` as the page router calls it) in each language;
    False when no page has that path."""
    layout = next((p["layout"] for p in dash.page_registry.values()
                   if p.get("path") == path and callable(p.get("layout"))), None)
    if layout is None:
        return False
    for lang in langs:
        layout(**query, **({"lang": lang} if lang != "zh" else {}))
    return True


def warm_pages(snap: Snapshot, langs: tuple[str, ...]) -> list[str]:
    """Every view in VIEWS, for each language; returns the views computed."""
    return [f"{path}?{query}" for path, query in VIEWS if warm_view(path, query, snap, langs)]


def init_app(app: dash.Dash) -> None:
    """Register one server.warm warmer per view in VIEWS on `app`."""
    from functools import partial, update_wrapper

    from server.warm import add_warmer

    for path, query in VIEWS:  # one warmer per view: the watcher can stop between them for a newer version
        add_warmer(app, update_wrapper(partial(warm_view, path, query), warm_view))
