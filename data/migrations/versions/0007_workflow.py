"""Reporting rounds: region-scoped accounts, notifications, original files and cell provenance,
resubmission links.

Revision ID: 0007
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "user_regions",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("region", sa.String(12), primary_key=True),
    )
    op.create_table(
        "user_contacts",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("email", sa.String(255), nullable=False),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("revision_id", sa.Integer),
        sa.Column("dedupe", sa.String(128)),
        sa.Column("text_zh", sa.Text, nullable=False),
        sa.Column("text_en", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("read_at", TS),
        sa.Column("emailed_at", TS),
        sa.UniqueConstraint("username", "dedupe", name="uq_notification_dedupe"),
    )
    op.create_index("ix_notifications_user", "notifications", ["username", "read_at"])
    op.create_table(
        "stored_files",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content_b64", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "revision_files",
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), primary_key=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("stored_files.sha256"), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
    )
    op.create_table(
        "observation_sources",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=False),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("region", sa.String(12), nullable=False),
        sa.Column("period", sa.String(8), nullable=False),
        sa.Column("is_ytd", sa.Boolean, nullable=False),
        sa.Column("file", sa.String(255)),
        sa.Column("sheet", sa.String(255)),
        sa.Column("cell", sa.String(16)),
    )
    op.create_index("ix_obs_sources_rev", "observation_sources", ["revision_id"])
    op.create_index("ix_obs_sources_key", "observation_sources", ["indicator", "region", "period", "is_ytd"])
    with op.batch_alter_table("revisions") as b:
        b.add_column(sa.Column("resubmits", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("revisions") as b:
        b.drop_column("resubmits")
    for name in ("observation_sources", "revision_files", "stored_files", "notifications", "user_contacts",
                 "user_regions"):
        op.drop_table(name)
