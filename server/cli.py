"""Command line: `python app.py [command] ...`. With no command it serves the app (development server)."""
from __future__ import annotations

import argparse
import importlib
import sys

# Each module adds its sub-commands with `add_commands(subparsers)`.
COMMAND_MODULES = ["server.cli_core", "server.ops.cli", "server.auth.cli", "server.imports.cli", "server.workflow.cli"]


def store_engine(bootstrap: bool = True):
    """(engine, settings) for a command: the configured database, migrated and bootstrapped (catalogues,
    first-run accounts, demo data on an empty store) unless `bootstrap` is False (backup and restore)."""
    from data.bootstrap import ensure_database
    from data.db import make_engine
    from server.settings import from_env

    settings = from_env()
    engine = make_engine(settings.db_url)
    if bootstrap:
        ensure_database(engine, load_demo=settings.demo)
    return engine, settings


def build_parser() -> argparse.ArgumentParser:
    """The `python app.py` argument parser: one subcommand set per COMMAND_MODULES module (each has
    add_commands), the settings table (environment variables) as the --help epilog.
    """
    from server.settings import settings_help

    parser = argparse.ArgumentParser(prog="python app.py", description="县域科技指标看板 command line",
                                     epilog=settings_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_commands(sub)
    return parser


def run(argv: list[str]) -> int:
    """Run the command line `argv` (no words: `run`) and return its exit status; a UserError prints
    its message to stderr and exits 2, never a traceback.
    """
    from server.ops.logs import configure

    configure()  # JSON event lines (imports, snapshot cache) on stderr, as under the server
    parser = build_parser()
    args = parser.parse_args(argv or ["run"])
    from data.errors import UserError

    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"错误：{exc.message_zh}", file=sys.stderr)
        return 2
