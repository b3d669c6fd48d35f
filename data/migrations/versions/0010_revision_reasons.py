"""Revisions keep why they were rolled back (rollback_comment) and a submitter's withdrawal of a pending batch
(status "cancelled": cancelled_by, cancelled_at, cancel_comment); content hashes of batches holding figures
that are not 正式 are recomputed with their status (a 快报 figure confirmed as 正式 is a new batch, not a duplicate).

Revision ID: 0010
Revises: 0004
"""
import hashlib

import numpy as np
import pandas as pd
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0004"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def _content_hash(rows: list) -> str:
    """data.imports.service.content_hash as of this migration: (indicator, region, period, 累计, value[, status
    when not final]) sorted."""
    df = pd.DataFrame(rows, columns=["indicator", "region", "period", "is_ytd", "value", "status"])
    keys = pd.DataFrame({"indicator": df["indicator"].astype(str), "region": df["region"].astype(str),
                         "period": df["period"].astype(str), "is_ytd": df["is_ytd"].astype(bool),
                         "value": pd.to_numeric(df["value"], errors="coerce").astype(float).round(6)})
    status = df["status"].fillna("final").astype(str)
    keys["status"] = status.where(status != "final", "")
    h = np.sort(pd.util.hash_pandas_object(keys, index=False).to_numpy())
    return hashlib.sha256(h.tobytes()).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("revisions") as b:
        b.add_column(sa.Column("rollback_comment", sa.Text))
        b.add_column(sa.Column("cancelled_by", sa.String(64)))
        b.add_column(sa.Column("cancelled_at", TS))
        b.add_column(sa.Column("cancel_comment", sa.Text))
    conn = op.get_bind()
    ids = [r[0] for r in conn.execute(sa.text(
        "SELECT DISTINCT r.id FROM revisions r JOIN observations o ON o.revision_id = r.id "
        "WHERE r.content_sha256 IS NOT NULL AND o.status IS NOT NULL AND o.status <> 'final'"))]
    for rid in ids:
        rows = conn.execute(sa.text("SELECT indicator, region, period, is_ytd, value, status FROM observations "
                                    "WHERE revision_id = :r"), {"r": rid}).all()
        conn.execute(sa.text("UPDATE revisions SET content_sha256 = :h WHERE id = :r"),
                     {"h": _content_hash([tuple(x) for x in rows]), "r": rid})


def downgrade() -> None:
    with op.batch_alter_table("revisions") as b:
        for name in ("cancel_comment", "cancelled_at", "cancelled_by", "rollback_comment"):
            b.drop_column(name)
