"""Revisions remember the hash of the figures they hold (refuse an identical import twice).

Revision ID: 0005
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("content_sha256", sa.String(64)))
    op.create_index("ix_revisions_content_sha256", "revisions", ["content_sha256"])


def downgrade() -> None:
    op.drop_index("ix_revisions_content_sha256", table_name="revisions")
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("content_sha256")
