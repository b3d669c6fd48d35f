"""Commands: backup FILE, restore FILE [--force], serve [--workers N]."""
from __future__ import annotations
from typing import TYPE_CHECKING

import json
import os
import sys

if TYPE_CHECKING:
    import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `backup FILE`, `restore FILE [--force]` and `serve` (gunicorn with several workers) to the CLI."""
    p = sub.add_parser("backup", help="write a portable backup of the whole store to FILE")
    p.add_argument("file")
    p.set_defaults(func=_backup)
    p = sub.add_parser("restore", help="restore a backup FILE into the configured database")
    p.add_argument("file")
    p.add_argument("--force", action="store_true", help="drop everything in the target database first")
    p.set_defaults(func=_restore)
    p = sub.add_parser("serve", help="production server: gunicorn with several workers")
    p.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: the WORKERS setting)")
    p.add_argument("--timeout", type=int, default=120)
    p.set_defaults(func=_serve)


def _engine():
    from server.cli import store_engine

    return store_engine(bootstrap=False)[0]  # a restore target must stay empty


def _backup(args: argparse.Namespace) -> int:
    from server.ops.backup import backup

    manifest = backup(_engine(), args.file)
    print(f"备份完成：{args.file}")
    print(json.dumps(manifest["tables"], ensure_ascii=False))
    return 0


def _restore(args: argparse.Namespace) -> int:
    from server.ops.backup import restore

    manifest = restore(_engine(), args.file, force=args.force)
    print(f"恢复完成：{args.file}")
    print(json.dumps(manifest["tables"], ensure_ascii=False))
    return 0


def _serve(args: argparse.Namespace) -> int:
    """Bootstrap once in the master, then let gunicorn fork the workers (each builds its own app)."""
    from data.bootstrap import ensure_database
    from data.db import make_engine
    from server.settings import from_env

    from sqlalchemy.exc import DBAPIError

    settings = from_env()
    engine = make_engine(settings.db_url)
    try:
        ensure_database(engine, load_demo=settings.demo)  # once, here: workers never bootstrap (server/wsgi.py)
    except DBAPIError as exc:
        print(f"错误：数据库无法连接，服务未启动（{type(exc.orig).__name__}）。请检查 DATABASE_URL 和数据库服务后重试。\n"
              f"Error: the database is unreachable; the server did not start. Check DATABASE_URL and the database.",
              file=sys.stderr)
        return 3
    finally:
        engine.dispose()
    workers = args.workers or settings.workers
    argv = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
            f"{settings.host}:{settings.port}", "--timeout", str(args.timeout), "--graceful-timeout", "30",
            "--access-logfile", "-" if settings.access_log else "/dev/null",
            "server.wsgi:application"]
    os.execv(sys.executable, argv)
    return 0
