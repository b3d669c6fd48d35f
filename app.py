"""县域科技指标看板 — County S&T Indicator Dashboard.

`python app.py` serves on http://127.0.0.1:8050 with demo data on a fresh instance folder.
`python app.py --help` lists the other commands (import, user, backup, restore, serve --workers N...).
"""
from __future__ import annotations

import sys
from pathlib import Path

import dash
from flask import Flask

from data.bootstrap import ensure_database
from data.db import make_engine
from indicators.memory import keep_freed_memory
from server.cache import make_cache
from server.context import EXT, AppContext
from server.settings import Settings, from_env, secret_key

ROOT = Path(__file__).resolve().parent

# Modules that attach routes, hooks or pages to the app; each has `init_app(app: dash.Dash)`, and may have
# `finish_app(app)`, called once after every module's pages and callbacks are attached.
# Order matters: security first, so its request hooks guard everything registered after it.
APP_MODULES = ["server.auth", "server.ops", "server.warm", "layouts", "server.imports", "server.api", "server.exports"]


def create_app(settings: Settings | None = None, *, bootstrap: bool = True) -> dash.Dash:
    """Build the Dash app (and its Flask server) for the given settings."""
    import importlib

    settings = settings or from_env()
    if settings.keep_build_memory:  # builds reuse what the last build freed instead of fresh pages (indicators.memory)
        keep_freed_memory()
    server = Flask(__name__)
    server.config.update(
        SECRET_KEY=secret_key(settings),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        MAX_CONTENT_LENGTH=(settings.max_upload_mb + 5) * 1024 * 1024,
    )
    if settings.proxies:  # behind nginx: the client's address (login throttling, audit) and scheme
        from werkzeug.middleware.proxy_fix import ProxyFix

        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=settings.proxies, x_proto=settings.proxies)
    server.json.ensure_ascii = False  # Chinese messages stay readable in JSON answers
    engine = make_engine(settings.db_url, create=bootstrap)  # a worker never creates a SQLite file
    if bootstrap:
        ensure_database(engine, load_demo=settings.demo)
    server.extensions[EXT] = AppContext(settings=settings, engine=engine, cache=make_cache(settings))
    app = dash.Dash(
        __name__,
        server=server,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ROOT / "assets"),
        serve_locally=True,
        suppress_callback_exceptions=True,
        title="县域科技指标看板",
        update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
    )
    for name in APP_MODULES:
        importlib.import_module(name).init_app(app)
    for name in APP_MODULES:  # once every page and callback exists (server.auth: the role table)
        finish = getattr(importlib.import_module(name), "finish_app", None)
        if finish is not None:
            finish(app)
    return app


def main(argv: list[str] | None = None) -> int:
    from server.cli import run

    return run(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
