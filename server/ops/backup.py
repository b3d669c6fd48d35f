"""Backup and restore of the whole store, portable between SQLite and PostgreSQL.

A backup is a zip: manifest.json (format, schema revision, row counts, checksums) and one JSON-lines
file per table. It is written to a temporary file beside the target and renamed at the end, so a
failure (a full disk) leaves any earlier backup untouched.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import DateTime, func, insert, select, text
from sqlalchemy.engine import Engine

from data import schema
from data.db import current_revision, migrate
from data.errors import UserError

FORMAT = 1
# Parents before children, so foreign keys hold during the restore.
TABLES = [schema.regions, schema.indicators, schema.users, schema.revisions, schema.observations,
          schema.targets, schema.annotations, schema.audit_log, schema.app_settings, schema.api_tokens,
          schema.login_attempts, schema.import_mappings,
          # migration 0007 (workflow)
          schema.user_regions, schema.user_contacts, schema.notifications, schema.stored_files,
          schema.revision_files, schema.observation_sources]
APPEND_ONLY = ("observations", "audit_log")


def _jsonable(v):  # noqa: ANN001
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
    try:
        with zipfile.ZipFile(path) as zf:
            return json.loads(zf.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, FileNotFoundError, json.JSONDecodeError) as exc:
        raise UserError(f"不是有效的备份文件：{path}", f"Not a valid backup file: {path}") from exc


def restore(engine: Engine, path: str | Path, *, force: bool = False) -> dict:
    """Restore a backup into `engine`'s database (same or other backend).

    The target must hold no revisions, users or audit rows unless `force`, which drops every table first.
    """
    manifest = read_manifest(path)
    if manifest.get("format") != FORMAT:
        raise UserError("备份文件格式版本不受支持", "Unsupported backup format")
    if force:
        _drop_all(engine)
    migrate(engine, manifest["schema_revision"])
    with engine.connect() as conn:
        used = sum(conn.execute(select(func.count()).select_from(t)).scalar()
                   for t in (schema.revisions, schema.users, schema.audit_log))
    if used:
        raise UserError("目标数据库已有数据；如确需覆盖，请加 --force", "The target database is not empty; use --force")
    with zipfile.ZipFile(path) as zf, engine.begin() as conn:
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
            if digest.hexdigest() != manifest["sha256"][table.name]:
                raise UserError(f"备份文件已损坏（{table.name} 校验和不符），未做任何更改",
                                f"Backup is corrupt ({table.name} checksum mismatch); nothing was changed")
        if engine.dialect.name == "postgresql":
            _reset_sequences(conn)
    migrate(engine)  # a backup from an older release is upgraded after the restore
    return manifest


def _reset_sequences(conn) -> None:  # noqa: ANN001
    for table in TABLES:
        if "id" in table.c and table.c.id.primary_key:  # serial ids continue after the restored rows
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"))


def _drop_all(engine: Engine) -> None:
    with engine.begin() as conn:
        for table in reversed(TABLES):
            conn.execute(text(f"DROP TABLE IF EXISTS {table.name}" +
                              (" CASCADE" if engine.dialect.name == "postgresql" else "")))
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        if engine.dialect.name == "postgresql":
            for t in APPEND_ONLY:
                conn.execute(text(f"DROP FUNCTION IF EXISTS {t}_append_only() CASCADE"))
