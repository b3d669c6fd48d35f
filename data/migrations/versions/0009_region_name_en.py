"""English region names (regions.name_en: "Qinghe County"), filled from data/catalogue/regions.csv.

Revision ID: 0009
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("regions") as batch:
        batch.add_column(sa.Column("name_en", sa.String(160), nullable=False, server_default=""))
    # the catalogue's names arrive with the next start (data.bootstrap syncs the catalogue files)


def downgrade() -> None:
    with op.batch_alter_table("regions") as batch:
        batch.drop_column("name_en")
