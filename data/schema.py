"""Database tables (SQLAlchemy Core). Changes go through a new Alembic migration in data/migrations."""
from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Text,
    UniqueConstraint,
)

metadata = MetaData()

from sqlalchemy import Table  # noqa: E402

regions = Table(
    "regions", metadata,
    Column("code", String(12), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("name_en", String(160), nullable=False, server_default=""),  # "" when unknown: pages fall back to name
    Column("short_name", String(64), nullable=False),
    Column("level", String(16), nullable=False),
    Column("parent", String(12)),
    Column("aliases", Text, nullable=False, default=""),  # "|"-separated
    Column("in_rankings", Boolean, nullable=False, default=False),
    Column("sort_order", Integer, nullable=False, default=0),
)

indicators = Table(
    "indicators", metadata,
    Column("code", String(40), primary_key=True),
    Column("name_zh", String(128), nullable=False),
    Column("short_zh", String(64), nullable=False),
    Column("name_en", String(160), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("decimals", Integer, nullable=False),
    Column("polarity", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("cumulative", Boolean, nullable=False),
    Column("additive", Boolean, nullable=False),
    Column("formula", Text),
    Column("parent", String(40)),
    Column("aliases", Text, nullable=False, default=""),
    Column("source", Text),
    Column("definition_zh", Text),
    Column("definition_en", Text),
    Column("sort_order", Integer, nullable=False, default=0),
)

users = Table(
    "users", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(128), nullable=False, default=""),
    Column("password_hash", String(256), nullable=False),
    Column("roles", String(128), nullable=False, default="viewer"),  # comma-separated
    Column("active", Boolean, nullable=False, default=True),
    Column("must_change_password", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_login_at", DateTime(timezone=True)),
    # Migration 0004: bumped by logout and disable, part of the session stamp (ends every copy of a session).
    Column("session_gen", Integer, nullable=False, default=0, server_default="0"),
)

# One revision per import (or demo load). draft -> submitted -> published | rejected | cancelled (by its submitter);
# published -> rolled_back.
revisions = Table(
    "revisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False, default="import"),  # import | demo | manual | restore
    Column("file_name", String(255)),
    Column("sha256", String(64)),
    Column("status", String(16), nullable=False, default="draft"),
    Column("created_by", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("submitted_by", String(64)),
    Column("submitted_at", DateTime(timezone=True)),
    Column("reviewed_by", String(64)),
    Column("reviewed_at", DateTime(timezone=True)),
    Column("review_comment", Text),
    Column("published_at", DateTime(timezone=True)),
    Column("publish_seq", Integer),  # strictly increasing across publishes: orders revisions for "as of"
    Column("rolled_back_by", String(64)),
    Column("rolled_back_at", DateTime(timezone=True)),
    Column("rollback_comment", Text),  # why it was rolled back (required since migration 0010)
    # a pending batch withdrawn by its submitter (status "cancelled", 已作废; migration 0010)
    Column("cancelled_by", String(64)),
    Column("cancelled_at", DateTime(timezone=True)),
    Column("cancel_comment", Text),
    Column("row_count", Integer, nullable=False, default=0),
    Column("report", Text),  # JSON validation report and counts
    Column("note", Text),
    # sha256 of the figures an import would write (indicator, region, period, 累计, value), so a workbook
    # identical to one already pending or published is refused whatever its bytes (migration 0005)
    Column("content_sha256", String(64)),
    Index("ix_revisions_status", "status"),
    Index("ix_revisions_content_sha256", "content_sha256"),
    Index("ux_revisions_publish_seq", "publish_seq", unique=True),
)

# Observations are never updated or deleted: a later published revision supersedes them.
observations = Table(
    "observations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("revision_id", Integer, ForeignKey("revisions.id"), nullable=False),
    Column("indicator", String(40), nullable=False),
    Column("region", String(12), nullable=False),
    Column("period", String(8), nullable=False),
    Column("period_kind", String(1), nullable=False),
    Column("is_ytd", Boolean, nullable=False, default=False),
    Column("value", Float),
    Column("reported_yoy", Float),
    Column("base_value", Float),
    Column("status", String(12), nullable=False, default="final"),
    Column("note", Text),
    UniqueConstraint("revision_id", "indicator", "region", "period", "is_ytd", name="uq_obs_key"),
    Index("ix_obs_key", "indicator", "region", "period", "is_ytd"),
)

targets = Table(
    "targets", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator", String(40), nullable=False),
    Column("region", String(12), nullable=False),
    Column("year", Integer, nullable=False),
    Column("value", Float),  # NULL: target withdrawn
    Column("set_by", String(64)),
    Column("set_at", DateTime(timezone=True), nullable=False),
    Column("note", Text),
    Index("ix_targets_key", "indicator", "region", "year"),
)

annotations = Table(
    "annotations", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("indicator", String(40), nullable=False),
    Column("region", String(12)),  # NULL: every region
    Column("period", String(8), nullable=False),
    Column("kind", String(16), nullable=False),  # series_break | note
    Column("text", Text, nullable=False),
    Column("created_by", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("username", String(64)),
    Column("action", String(48), nullable=False),
    Column("target", String(255)),
    Column("detail", Text),  # JSON
    Column("ip", String(64)),
    Index("ix_audit_at", "at"),
)

# Key/value settings editable by admins (home region, comparison group...). Also holds data_version.
app_settings = Table(
    "app_settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Added by migration 0002.
api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("name", String(64), nullable=False),
    Column("token_hash", String(128), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
)

login_attempts = Table(
    "login_attempts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False),
    Column("ip", String(64), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("success", Boolean, nullable=False),
    Index("ix_login_attempts_user_ip_at", "username", "ip", "at"),
    Index("ix_login_attempts_ip_at", "ip", "at"),  # migration 0004: the per-IP limit
)

# Remembered header/row mappings for an import layout (keyed by a signature of the sheet's headers).
import_mappings = Table(
    "import_mappings", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("layout", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # region | indicator
    Column("label", String(255), nullable=False),
    Column("code", String(40), nullable=False),  # "" when action is "ignore"
    Column("action", String(8), nullable=False, default="map", server_default="map"),  # map | ignore (0004)
    Column("created_by", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("layout", "kind", "label", name="uq_mapping"),
)

# ---- added by migration 0007 (reporting rounds, scopes, notifications, provenance) -------------------

# Uploader accounts bound to regions: such an account may submit figures for these regions only.
# An account with no rows here is not scoped (it may submit any region).
user_regions = Table(
    "user_regions", metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("region", String(12), primary_key=True),
)

# Where notifications are e-mailed (optional).
user_contacts = Table(
    "user_contacts", metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("email", String(255), nullable=False),
)

# In-app notifications (the bell): submitted, published, rejected, overdue.
notifications = Table(
    "notifications", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # submitted | published | rejected | overdue
    Column("revision_id", Integer),
    Column("dedupe", String(128)),  # one overdue notice per (user, region, period)
    Column("text_zh", Text, nullable=False),
    Column("text_en", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("read_at", DateTime(timezone=True)),
    Column("emailed_at", DateTime(timezone=True)),
    Index("ix_notifications_user", "username", "read_at"),
    UniqueConstraint("username", "dedupe", name="uq_notification_dedupe"),
)

# Original files, content-addressed (sha256), kept while any batch refers to them (never deleted).
stored_files = Table(
    "stored_files", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content_b64", Text, nullable=False),  # base64: portable through the JSON-lines backup
    Column("created_at", DateTime(timezone=True), nullable=False),
)

revision_files = Table(
    "revision_files", metadata,
    Column("revision_id", Integer, ForeignKey("revisions.id"), primary_key=True),
    Column("sha256", String(64), ForeignKey("stored_files.sha256"), primary_key=True),
    Column("name", String(255), nullable=False),
)

# Where each figure of a batch came from: file, sheet and cell (append-only like observations).
observation_sources = Table(
    "observation_sources", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("revision_id", Integer, ForeignKey("revisions.id"), nullable=False),
    Column("indicator", String(40), nullable=False),
    Column("region", String(12), nullable=False),
    Column("period", String(8), nullable=False),
    Column("is_ytd", Boolean, nullable=False, default=False),
    Column("file", String(255)),
    Column("sheet", String(255)),
    Column("cell", String(16)),
    Index("ix_obs_sources_rev", "revision_id"),
    Index("ix_obs_sources_key", "indicator", "region", "period", "is_ytd"),
)

# A corrected batch keeps its link to the rejected one it replaces: revisions.resubmits (migration 0007).
revisions.append_column(Column("resubmits", Integer))
