"""Initial store: catalogues, revisions, observations, targets, annotations, users, audit log.

Revision ID: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "regions",
        sa.Column("code", sa.String(12), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("short_name", sa.String(64), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("parent", sa.String(12)),
        sa.Column("aliases", sa.Text, nullable=False),
        sa.Column("in_rankings", sa.Boolean, nullable=False),
        sa.Column("sort_order", sa.Integer, nullable=False),
    )
    op.create_table(
        "indicators",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name_zh", sa.String(128), nullable=False),
        sa.Column("short_zh", sa.String(64), nullable=False),
        sa.Column("name_en", sa.String(160), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("decimals", sa.Integer, nullable=False),
        sa.Column("polarity", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("cumulative", sa.Boolean, nullable=False),
        sa.Column("additive", sa.Boolean, nullable=False),
        sa.Column("formula", sa.Text),
        sa.Column("parent", sa.String(40)),
        sa.Column("aliases", sa.Text, nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("definition_zh", sa.Text),
        sa.Column("definition_en", sa.Text),
        sa.Column("sort_order", sa.Integer, nullable=False),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("password_hash", sa.String(256), nullable=False),
        sa.Column("roles", sa.String(128), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("must_change_password", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_login_at", TS),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("file_name", sa.String(255)),
        sa.Column("sha256", sa.String(64)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.String(64)),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("submitted_by", sa.String(64)),
        sa.Column("submitted_at", TS),
        sa.Column("reviewed_by", sa.String(64)),
        sa.Column("reviewed_at", TS),
        sa.Column("review_comment", sa.Text),
        sa.Column("published_at", TS),
        sa.Column("publish_seq", sa.Integer),
        sa.Column("rolled_back_by", sa.String(64)),
        sa.Column("rolled_back_at", TS),
        sa.Column("row_count", sa.Integer, nullable=False),
        sa.Column("report", sa.Text),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_revisions_status", "revisions", ["status"])
    op.create_index("ux_revisions_publish_seq", "revisions", ["publish_seq"], unique=True)
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=False),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("region", sa.String(12), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("period_kind", sa.String(1), nullable=False),
        sa.Column("is_ytd", sa.Boolean, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("reported_yoy", sa.Float),
        sa.Column("base_value", sa.Float),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("note", sa.Text),
        sa.UniqueConstraint("revision_id", "indicator", "region", "period", "is_ytd", name="uq_obs_key"),
    )
    op.create_index("ix_obs_key", "observations", ["indicator", "region", "period", "is_ytd"])
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("region", sa.String(12), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("set_by", sa.String(64)),
        sa.Column("set_at", TS, nullable=False),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_targets_key", "targets", ["indicator", "region", "year"])
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("region", sa.String(12)),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_by", sa.String(64)),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("username", sa.String(64)),
        sa.Column("action", sa.String(48), nullable=False),
        sa.Column("target", sa.String(255)),
        sa.Column("detail", sa.Text),
        sa.Column("ip", sa.String(64)),
    )
    op.create_index("ix_audit_at", "audit_log", ["at"])
    op.create_table(
        "app_settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    _append_only("audit_log")
    _append_only("observations")


def _append_only(table: str) -> None:
    """The database itself refuses UPDATE and DELETE on append-only tables."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{table} is append-only'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )


def downgrade() -> None:
    for t in ("app_settings", "audit_log", "annotations", "targets", "observations", "revisions",
              "users", "indicators", "regions"):
        op.drop_table(t)
