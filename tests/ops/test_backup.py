"""Backup and restore: round trips on both backends, across backends, and a full disk."""
import subprocess
import zipfile
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from data import schema, store
from data.bootstrap import ensure_database
from data.db import make_engine, reading
from data.errors import UserError
from server.ops.backup import backup, restore


def _counts(engine):
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                for t in (schema.revisions, schema.observations, schema.audit_log, schema.users,
                          schema.targets, schema.annotations)}


def _published(engine):
    with reading(engine) as conn:
        df = store.published_observations(conn)
    return df.sort_values(["indicator", "region", "period", "is_ytd"]).reset_index(drop=True)


@pytest.fixture
def populated(engine):
    ensure_database(engine, load_demo=True)
    first_rows = _published(engine).head(3).assign(value=1.0)
    with engine.begin() as conn:
        conn.execute(schema.users.insert().values(username="li", display_name="李", password_hash="scrypt:x",
                                                  roles="viewer", active=True, must_change_password=False,
                                                  created_at=datetime.now(timezone.utc)))
        rev = store.create_revision(conn, first_rows, created_by="li")
        store.submit(conn, rev, "li")
        store.publish(conn, rev, "boss")
        store.rollback(conn, rev, "boss", "测试撤回")
    return engine


def test_round_trip_keeps_every_revision_audit_row_and_user(populated, tmp_path, db_url):
    path = tmp_path / "b.zip"
    manifest = backup(populated, path)
    assert manifest["tables"]["revisions"] == 3
    target = make_engine(f"sqlite:///{tmp_path / 'restored.sqlite'}")
    restore(target, path)
    assert _counts(target) == _counts(populated)
    with target.connect() as conn:
        assert conn.execute(select(schema.revisions.c.status).order_by(schema.revisions.c.id)).scalars().all() == \
            ["published", "published", "rolled_back"]
        assert conn.execute(select(schema.users.c.username)).scalars().all() == ["li"]
    assert _published(target).equals(_published(populated))


def test_a_backup_holds_every_table_of_the_schema_parents_first(populated, tmp_path):
    manifest = backup(populated, tmp_path / "b.zip")
    assert set(manifest["tables"]) == set(schema.metadata.tables)  # 18 tables today, none written by hand
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        assert {n for n in zf.namelist() if n.endswith(".jsonl")} == {f"{n}.jsonl" for n in schema.metadata.tables}
    order = [t.name for t in TABLES]
    for table in schema.metadata.tables.values():  # restored in this order: a row's parent is there before it
        for fk in table.foreign_keys:
            if fk.column.table is not table:
                assert order.index(fk.column.table.name) < order.index(table.name), (table.name, fk.target_fullname)


def test_restore_sqlite_backup_into_postgresql_gives_identical_published_figures(tmp_path, pg_url):
    source = make_engine(f"sqlite:///{tmp_path / 'src.sqlite'}")
    ensure_database(source, load_demo=True)
    backup(source, tmp_path / "b.zip")
    target = make_engine(pg_url)
    restore(target, tmp_path / "b.zip")
    assert _published(target).equals(_published(source))
    assert _counts(target) == _counts(source)
    with target.begin() as conn:  # sequences continue after the restored ids
        rev = store.create_revision(conn, _published(source).head(1), created_by="x")
    assert rev == 3
    target.dispose()


def test_restore_refuses_a_non_empty_database_unless_forced(populated, tmp_path):
    backup(populated, tmp_path / "b.zip")
    with pytest.raises(UserError, match="--force"):
        restore(populated, tmp_path / "b.zip")
    restore(populated, tmp_path / "b.zip", force=True)
    assert _counts(populated)["revisions"] == 3


def test_corrupt_backup_is_refused_and_nothing_changes(populated, tmp_path):
    good = tmp_path / "b.zip"
    backup(populated, good)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data.replace(b'"li"', b'"xx"') if item.filename == "users.jsonl" else data)
    target = make_engine(f"sqlite:///{tmp_path / 't.sqlite'}")
    with pytest.raises(UserError, match="损坏"):
        restore(target, bad)
    from sqlalchemy import inspect

    assert inspect(target).get_table_names() == []  # verified before anything was created


@pytest.fixture
def tiny_disk(tmp_path):
    """A 256 KiB filesystem: a real ENOSPC, not a simulated one."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt)], capture_output=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {res.stderr.decode().strip()}")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=False)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_full_disk_gives_a_clear_error_and_leaves_the_old_backup_untouched(populated, tiny_disk):
    old = tiny_disk / "backup.zip"
    old.write_bytes(b"previous backup")
    filler = tiny_disk / "filler"
    filler.write_bytes(b"\0" * (200 * 1024))  # leave less room than a demo backup needs (~90 KB)
    with pytest.raises(UserError, match="磁盘空间不足"):
        backup(populated, old)
    assert old.read_bytes() == b"previous backup"
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["backup.zip", "filler"]  # no partial file left


# ---- issue 11, finding 2: a restore is all or nothing ------------------------------------------------

from server.ops.backup import TABLES  # noqa: E402


def _fingerprint(engine, tmp_path, name):
    """Every table's row count and checksum, as a backup of it records them."""
    m = backup(engine, tmp_path / f"{name}.zip")
    return m["tables"], m["sha256"], m["schema_revision"]


def _rewrite(good, bad, table, change, *, fix_manifest):
    """Copy backup `good` to `bad` with `change(lines) -> lines` applied to `table`'s rows; with
    fix_manifest the manifest's count and checksum are made to agree (so only loading can find it)."""
    import hashlib
    import json

    with zipfile.ZipFile(good) as src:
        members = {i.filename: src.read(i) for i in src.infolist()}
    lines = change(members[f"{table}.jsonl"].splitlines(keepends=True))
    members[f"{table}.jsonl"] = b"".join(lines)
    if fix_manifest:
        manifest = json.loads(members["manifest.json"])
        manifest["tables"][table] = len(lines)
        manifest["sha256"][table] = hashlib.sha256(b"".join(lines)).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(name, data)


def _flip_a_line(lines):
    if not lines:
        return [b'{"id": 1}\n']
    return [lines[0].replace(b"1", b"2", 1) if b"1" in lines[0] else lines[0] + b" "] + lines[1:]


def _unloadable_row(lines):
    return lines + [b'{"no_such_column": 1}\n']


@pytest.mark.parametrize("table", [t.name for t in TABLES])
@pytest.mark.parametrize("damage", ["checksum", "unloadable"])
def test_a_corrupt_table_leaves_the_database_exactly_as_it_was_even_with_force(populated, tmp_path, table, damage):
    good = tmp_path / "good.zip"
    backup(populated, good)
    before = _fingerprint(populated, tmp_path, "before")
    bad = tmp_path / "bad.zip"
    if damage == "checksum":
        _rewrite(good, bad, table, _flip_a_line, fix_manifest=False)
    else:
        _rewrite(good, bad, table, _unloadable_row, fix_manifest=True)
    with pytest.raises(UserError, match="未做任何更改|数据库未做任何更改"):
        restore(populated, bad, force=True)
    assert _fingerprint(populated, tmp_path, "after") == before


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_truncated_backup_or_a_manifest_without_a_table_changes_nothing(populated, tmp_path):
    import json

    good = tmp_path / "good.zip"
    backup(populated, good)
    before = _fingerprint(populated, tmp_path, "before")
    data = good.read_bytes()
    (tmp_path / "cut.zip").write_bytes(data[: len(data) // 2])
    with zipfile.ZipFile(good) as src:
        members = {i.filename: src.read(i) for i in src.infolist()}
    manifest = json.loads(members["manifest.json"])
    del manifest["sha256"]["observations"]
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(tmp_path / "partial.zip", "w") as dst:
        for name, blob in members.items():
            dst.writestr(name, blob)
    for name in ("cut.zip", "partial.zip"):
        with pytest.raises(UserError) as info:
            restore(populated, tmp_path / name, force=True)
        assert "未做任何更改" in info.value.message_zh or "不是有效的备份文件" in info.value.message_zh
    assert _fingerprint(populated, tmp_path, "after") == before


def test_a_good_forced_restore_after_failed_ones_still_works(populated, tmp_path):
    good = tmp_path / "good.zip"
    backup(populated, good)
    _rewrite(good, tmp_path / "bad.zip", "observations", _unloadable_row, fix_manifest=True)
    with pytest.raises(UserError):
        restore(populated, tmp_path / "bad.zip", force=True)
    restore(populated, good, force=True)
    assert _counts(populated)["revisions"] == 3
