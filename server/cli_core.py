"""Core commands: run (development server) and init-db."""
from __future__ import annotations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `run` (the development server) and `init-db` (create or upgrade the store) to the CLI."""
    p = sub.add_parser("run", help="serve with the development server (default command)")
    p.add_argument("--debug", action="store_true")
    p.set_defaults(func=_run)
    p = sub.add_parser("init-db", help="create or upgrade the database; load demo data when empty")
    p.set_defaults(func=_init_db)


def _run(args: argparse.Namespace) -> int:
    from app import create_app
    from server.settings import from_env

    settings = from_env()
    app = create_app(settings)
    from server.warm import start_watcher

    start_watcher(app)  # builds and warms each new data version before a reader asks (server.warm)
    print(f"县域科技指标看板: http://{settings.host}:{settings.port}/", flush=True)
    app.run(host=settings.host, port=settings.port, debug=args.debug)
    return 0


def _init_db(args: argparse.Namespace) -> int:
    from data.bootstrap import ensure_database
    from server.cli import store_engine

    engine, settings = store_engine(bootstrap=False)
    loaded = ensure_database(engine, load_demo=settings.demo)
    print("数据库已就绪" + ("，已载入示例数据" if loaded else ""))
    return 0
