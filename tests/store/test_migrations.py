"""Migrations create the store, and upgrading from the first migration keeps the data."""
from datetime import datetime, timezone

from sqlalchemy import inspect, text

from data.db import at_head, current_revision, head_revision, migrate


def test_fresh_database_reaches_head(engine):
    migrate(engine)
    assert at_head(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"regions", "indicators", "observations", "revisions", "targets", "annotations", "users",
            "audit_log", "api_tokens", "login_attempts", "import_mappings"} <= tables


def test_upgrade_from_first_migration_keeps_data(engine):
    migrate(engine, "0001")
    assert current_revision(engine) == "0001"
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO revisions (kind, status, created_at, row_count) "
                          "VALUES ('import', 'published', :now, 1)"), {"now": now})
        rev = conn.execute(text("SELECT max(id) FROM revisions")).scalar()
        conn.execute(text("INSERT INTO observations (revision_id, indicator, region, period, period_kind, "
                          "is_ytd, value, status) VALUES (:r, 'RD_EXP', '130534', '2023', 'Y', false, 15400, 'final')"),
                     {"r": rev})
        conn.execute(text("INSERT INTO users (username, display_name, password_hash, roles, active, "
                          "must_change_password, created_at) VALUES ('li', '李', 'x', 'viewer', true, false, :now)"),
                     {"now": now})
    migrate(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM observations WHERE region='130534'")).scalar() == 15400
        assert conn.execute(text("SELECT username FROM users")).scalar() == "li"
        # The tables added after 0001 exist and work.
        assert conn.execute(text("SELECT count(*) FROM api_tokens")).scalar() == 0
