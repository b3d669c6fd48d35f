"""Backup and restore of the whole store, portable between SQLite and PostgreSQL.

A backup is a zip: manifest.json (format, schema revision, row counts, checksums) and one JSON-lines
file per table. It is written to a temporary file beside the target and renamed at the end, so a
failure (a full disk) leaves any earlier backup untouched.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import errno
import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from datetime import date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import DateTime, func, insert, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from data import schema
from data.db import alembic_config, current_revision
from data.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

FORMAT = 1
# Every table of the schema, parents before children (SQLAlchemy's foreign-key order), so foreign keys hold
# during the restore; a table added to data/schema.py is backed up without a second list to edit.
TABLES = schema.metadata.sorted_tables
APPEND_ONLY = ("observations", "audit_log")


def _jsonable(v: object):
    return v.isoformat() if isinstance(v, (datetime, date)) else v


def backup(engine: Engine, path: str | Path) -> dict:
    """Write a consistent backup to `path`; returns the manifest."""
    path = Path(path).resolve()
    if not path.parent.is_dir():
        raise UserError(f"备份目录不存在：{path.parent}", f"Backup folder does not exist: {path.parent}")
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".partial", dir=path.parent)
    os.close(fd)
    try:
        manifest = _write(engine, Path(tmp))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return manifest
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            raise UserError(f"磁盘空间不足，备份未完成（原有备份文件未改动）：{path}",
                            f"Disk full: the backup was not written (any earlier backup is untouched): {path}") from exc
        raise UserError(f"备份写入失败：{exc.strerror}", f"Backup failed: {exc.strerror}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write(engine: Engine, tmp: Path) -> dict:
    counts, sums = {}, {}
    with engine.connect() as conn, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        if engine.dialect.name == "postgresql":  # one snapshot for every table
            conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
        schema_rev = current_revision(engine) if engine.dialect.name != "sqlite" else \
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        for table in TABLES:
            digest = hashlib.sha256()
            n = 0
            with zf.open(f"{table.name}.jsonl", "w") as out:
                for row in conn.execute(select(table).order_by(*table.primary_key.columns)).mappings():
                    line = (json.dumps({k: _jsonable(v) for k, v in row.items()}, ensure_ascii=False) + "\n").encode()
                    out.write(line)
                    digest.update(line)
                    n += 1
            counts[table.name], sums[table.name] = n, digest.hexdigest()
        manifest = {"format": FORMAT, "schema_revision": schema_rev, "created_at": datetime.now().isoformat(),
                    "dialect": engine.dialect.name, "tables": counts, "sha256": sums}
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return manifest


def read_manifest(path: str | Path) -> dict:
    """The manifest.json of the backup ZIP at `path` (format, schema revision, tables, row counts).

    Raises UserError (400) when the file is not a readable ZIP with a JSON object manifest.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, FileNotFoundError, IsADirectoryError, json.JSONDecodeError,
            UnicodeDecodeError, OSError, EOFError, zlib.error) as exc:
        raise UserError(f"不是有效的备份文件：{path}", f"Not a valid backup file: {path}") from exc
    if not isinstance(manifest, dict):
        raise UserError(f"不是有效的备份文件：{path}", f"Not a valid backup file: {path}")
    return manifest


def _corrupt(path: Path, what: str) -> UserError:
    return UserError(f"备份文件已损坏（{what}），未做任何更改：{path}",
                     f"The backup is corrupt ({what}); nothing was changed: {path}")


def verify(path: str | Path) -> dict:
    """Check a backup completely before anything is touched: the manifest (format, schema revision, one
    count and one SHA-256 per table of TABLES), and for every table its rows (valid JSON objects, as many
    as the manifest says) against its checksum. Returns the manifest; raises UserError."""
    manifest = read_manifest(path)
    if manifest.get("format") != FORMAT:
        raise UserError("备份文件格式版本不受支持", "Unsupported backup format")
    counts, sums = manifest.get("tables"), manifest.get("sha256")
    rev = manifest.get("schema_revision")
    if not isinstance(counts, dict) or not isinstance(sums, dict) or not isinstance(rev, str) or not rev:
        raise _corrupt(path, "清单不完整 / incomplete manifest")
    try:
        from alembic.script import ScriptDirectory

        from data.db import alembic_config

        ScriptDirectory.from_config(alembic_config(None)).get_revision(rev)
    except Exception as exc:  # noqa: BLE001 - an unknown revision is a corrupt (or newer) manifest
        raise UserError(f"备份文件的数据库版本「{rev}」不被本程序识别（文件损坏，或来自更新的版本），未做任何更改",
                        f"The backup's schema revision {rev!r} is unknown (corrupt, or from a newer release); "
                        "nothing was changed") from exc
    try:
        with zipfile.ZipFile(path) as zf:
            for table in TABLES:
                if table.name not in counts or table.name not in sums:
                    raise _corrupt(path, f"清单缺少 {table.name} / manifest lacks {table.name}")
                digest, n = hashlib.sha256(), 0
                with zf.open(f"{table.name}.jsonl") as fh:
                    for line in fh:
                        digest.update(line)
                        if not isinstance(json.loads(line), dict):
                            raise ValueError(table.name)
                        n += 1
                if digest.hexdigest() != sums[table.name]:
                    raise _corrupt(path, f"{table.name} 校验和不符 / {table.name} checksum mismatch")
                if n != counts[table.name]:
                    raise _corrupt(path, f"{table.name} 行数不符 / {table.name} row count mismatch")
    except UserError:
        raise
    except (KeyError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, UnicodeDecodeError) as exc:
        raise _corrupt(path, f"{type(exc).__name__}") from exc
    return manifest


def restore(engine: Engine, path: str | Path, *, force: bool = False) -> dict:
    """Restore a backup into `engine`'s database (same or other backend). All or nothing.

    The whole backup is verified first (`verify`). Then one transaction drops the old tables (`force`),
    creates the backup's schema, loads every table, re-checks each table's checksum as it is read, and
    migrates to head; any failure rolls all of it back, so the database is exactly as it was (DDL is
    transactional on PostgreSQL and SQLite). The target must hold no revisions, users or audit rows
    unless `force`. Returns the manifest; raises UserError."""
    manifest = verify(path)
    try:
        with engine.begin() as conn:
            if force:
                _drop_all(conn)
            elif _used(conn):
                raise UserError("目标数据库已有数据；如确需覆盖，请加 --force",
                                "The target database is not empty; use --force")
            command.upgrade(alembic_config(conn), manifest["schema_revision"])
            _load(conn, path, manifest)
            if engine.dialect.name == "postgresql":
                _reset_sequences(conn)
            command.upgrade(alembic_config(conn), "head")  # a backup from an older release is upgraded
    except UserError:
        raise
    except (SQLAlchemyError, ValueError, TypeError, KeyError) as exc:
        raise UserError(f"备份内容无法写入数据库（{type(exc).__name__}），已全部撤销，数据库未做任何更改",
                        f"The backup could not be loaded ({type(exc).__name__}); everything was rolled back "
                        "and the database is unchanged") from exc
    return manifest


def _used(conn: Connection) -> bool:
    names = set(inspect(conn).get_table_names())
    return any(conn.execute(select(func.count()).select_from(t)).scalar()
               for t in (schema.revisions, schema.users, schema.audit_log) if t.name in names)


def _load(conn: Connection, path: Path, manifest: dict) -> None:
    with zipfile.ZipFile(path) as zf:
        for table in (schema.regions, schema.indicators, schema.app_settings):
            conn.execute(table.delete())  # catalogues and settings written by bootstrap are replaced
        for table in TABLES:
            digest = hashlib.sha256()
            batch = []
            dt_cols = {c.name for c in table.columns if isinstance(c.type, DateTime)}
            with zf.open(f"{table.name}.jsonl") as fh:
                for line in fh:
                    digest.update(line)
                    row = json.loads(line)
                    for c in dt_cols:
                        if row.get(c):
                            row[c] = datetime.fromisoformat(row[c])
                    batch.append(row)
                    if len(batch) >= 20_000:
                        conn.execute(insert(table), batch)
                        batch = []
            if batch:
                conn.execute(insert(table), batch)
            if digest.hexdigest() != manifest["sha256"][table.name]:  # changed since verify(): roll back
                raise UserError(f"备份文件已损坏（{table.name} 校验和不符），未做任何更改",
                                f"Backup is corrupt ({table.name} checksum mismatch); nothing was changed")


def _reset_sequences(conn: Connection) -> None:
    for table in TABLES:
        if "id" in table.c and table.c.id.primary_key:  # serial ids continue after the restored rows
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"))


def _drop_all(conn: Connection) -> None:
    """Drop every table of the store inside the caller's transaction."""
    pg = conn.dialect.name == "postgresql"
    for table in reversed(TABLES):
        conn.execute(text(f"DROP TABLE IF EXISTS {table.name}" + (" CASCADE" if pg else "")))
    conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    if pg:
        for t in APPEND_ONLY:
            conn.execute(text(f"DROP FUNCTION IF EXISTS {t}_append_only() CASCADE"))
