"""The reader pages' first views, computed right after a new snapshot (server.warm calls `warm_pages`).

Each view is the page's own `layout(**query)` as Dash's page router calls it for that address (memoised per
snapshot by layouts.memo, so the first reader gets the stored result); nothing here computes a figure of
its own. Views: every reader page's default address, and the trends page's quarterly view, in each
language asked for.
"""
from __future__ import annotations

import dash

# (page path, query) as a reader's browser opens them: the address bar's parameters are the layout's kwargs
VIEWS: tuple[tuple[str, dict], ...] = (
    ("/", {}), ("/trends", {}), ("/trends", {"freq": "Q"}), ("/rankings", {}), ("/map", {}), ("/data", {}),
    ("/targets", {}), ("/screen", {}),
)


def warm_pages(snap, langs: tuple[str, ...]) -> list[str]:  # noqa: ANN001 - snap: data.snapshot.Snapshot
    """Run the first view of every page in VIEWS for each language; returns the views computed."""
    by_path = {p["path"]: p["layout"] for p in dash.page_registry.values() if callable(p.get("layout"))}
    done = []
    for lang in langs:
        for path, query in VIEWS:
            layout = by_path.get(path)
            if layout is None:
                continue
            layout(**query, **({"lang": lang} if lang != "zh" else {}))
            done.append(f"{path}?{query}&lang={lang}")
    return done


def init_app(app) -> None:  # noqa: ANN001
    from server.warm import add_warmer

    add_warmer(app, warm_pages)
