"""Hardening (issue 11): per-user session generation, per-IP login throttle index, ignore-mappings.

- users.session_gen: bumped by logout (and disable): every copy of a session cookie stops working.
- login_attempts (ip, at) index: the per-IP limit across user names counts by address.
- import_mappings.action: "map" (label -> catalogue code) or "ignore" (the row/column is reported as
  ignored, never silently dropped); code is "" for "ignore".

Revision ID: 0004
Revises: 0009 (written against 0002; chained after main's head 0009 when main was merged in)
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_gen", sa.Integer, nullable=False, server_default="0"))
    with op.batch_alter_table("import_mappings") as batch:
        batch.add_column(sa.Column("action", sa.String(8), nullable=False, server_default="map"))
    op.create_index("ix_login_attempts_ip_at", "login_attempts", ["ip", "at"])


def downgrade() -> None:
    op.drop_index("ix_login_attempts_ip_at", "login_attempts")
    with op.batch_alter_table("import_mappings") as batch:
        batch.drop_column("action")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_gen")
