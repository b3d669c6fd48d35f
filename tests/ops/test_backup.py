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
    with target.connect() as conn:
        assert conn.execute(select(func.count()).select_from(schema.users)).scalar() == 0


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
