"""The versioned observation store.

Observations are append-only: each import is a revision; publishing a revision makes its figures
the current ones for the keys it holds; rolling it back brings the earlier published figures back.
"What did the leaders see on date D" is `published_observations(conn, as_of=D)`.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import json
from datetime import datetime, timezone

import pandas as pd
from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.engine import Connection

from data import schema as t
from data.catalogue import load_indicators, load_regions
from data.frames import ANNOTATION_COLUMNS, OBS_COLUMNS, conform, empty
from data.errors import UserError
from data.targets import check_target

if TYPE_CHECKING:
    from sqlalchemy.sql.expression import Executable

OBS_KEY = ["indicator", "region", "period", "is_ytd"]


def now() -> datetime:
    return datetime.now(timezone.utc)


# ---- catalogues ---------------------------------------------------------------------------------

def sync_catalogues(conn: Connection) -> None:
    """Make the regions and indicators tables equal the catalogue files (idempotent)."""
    if get_setting(conn, "regions_source", "catalogue") == "catalogue":
        sync_regions(conn, load_regions())
    inds = load_indicators()
    conn.execute(t.indicators.delete())
    conn.execute(insert(t.indicators), [
        {"code": r.code, "name_zh": r.name_zh, "short_zh": r.short_zh, "name_en": r.name_en,
         "unit": r.unit, "decimals": int(r.decimals), "polarity": int(r.polarity), "kind": r.kind,
         "cumulative": bool(r.cumulative), "additive": bool(r.additive), "formula": r.formula,
         "parent": r.parent, "aliases": "|".join(r.aliases), "source": r.source,
         "definition_zh": r.definition_zh, "definition_en": r.definition_en,
         "sort_order": int(r.order)} for r in inds.itertuples()])


def load_regions_frame(conn: Connection) -> pd.DataFrame:
    """The regions table in the shape of catalogue.load_regions() (a national database holds its own)."""
    r = t.regions.c
    rows = conn.execute(select(r.code, r.name, r.name_en, r.short_name, r.level, r.parent, r.aliases, r.in_rankings,
                               r.sort_order).order_by(r.sort_order, r.code)).all()
    df = pd.DataFrame(rows, columns=["code", "name", "name_en", "short_name", "level", "parent", "aliases",
                                     "in_rankings", "order"])
    df["name_en"] = df["name_en"].fillna("").astype(object)
    df["aliases"] = [tuple(a for a in (x or "").split("|") if a) for x in df["aliases"]]
    df["in_rankings"] = df["in_rankings"].astype(bool)
    return df


def sync_regions(conn: Connection, regions: pd.DataFrame) -> None:
    """Replace the regions table (for national-scale databases built outside the catalogue file)."""
    conn.execute(t.regions.delete())
    conn.execute(insert(t.regions), [
        {"code": r.code, "name": r.name, "name_en": getattr(r, "name_en", "") or "", "short_name": r.short_name,
         "level": r.level, "parent": r.parent,
         "aliases": "|".join(r.aliases), "in_rankings": bool(r.in_rankings), "sort_order": int(r.order)}
        for r in regions.itertuples()])


# ---- settings and data version ------------------------------------------------------------------

def get_setting(conn: Connection, key: str, default: str | None = None) -> str | None:
    v = conn.execute(select(t.app_settings.c.value).where(t.app_settings.c.key == key)).scalar()
    return default if v is None else v


def set_setting(conn: Connection, key: str, value: str) -> None:
    if conn.execute(select(t.app_settings.c.key).where(t.app_settings.c.key == key)).first():
        conn.execute(update(t.app_settings).where(t.app_settings.c.key == key).values(value=value))
    else:
        conn.execute(insert(t.app_settings).values(key=key, value=value))


def data_version(conn: Connection) -> int:
    """Bumped in the same transaction as every publish, rollback, target or annotation change."""
    return int(get_setting(conn, "data_version", "0"))


PUBLISH_LOCK = 20240529  # pg_advisory_xact_lock key shared by every writer of data_version


def _bump_version(conn: Connection) -> int:
    # Serialise publishers before reading the version: under READ COMMITTED two PostgreSQL
    # transactions would otherwise both read v and both write v+1 (SQLite's BEGIN IMMEDIATE already queues).
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PUBLISH_LOCK})")
    v = data_version(conn) + 1
    set_setting(conn, "data_version", str(v))
    # server.warm builds the new snapshot once this transaction commits (a flag on the connection, popped
    # at its commit or rollback)
    conn.info["data_version_bumped"] = True
    return v


def version_at(conn: Connection, moment: datetime) -> int:
    """The data version the published figures had at `moment`: the one recorded (audit detail data_version) by the
    latest publish or rollback at or before it, by the revisions' own published_at / rolled_back_at (demo batches
    are dated back); 0 before any. A historical (as_of) answer or export is stamped with it, never with today's
    version, whose figures may differ (breakrank3 #9: two documents both stamped 53 gave opposite 同比 signs)."""
    r, a = t.revisions.c, t.audit_log.c
    at = _as_stored(moment, conn.dialect.name)
    events = []
    for col, action in ((r.published_at, "revision.publish"), (r.rolled_back_at, "revision.rollback")):
        row = conn.execute(select(r.id, col).where(col <= at).order_by(col.desc(), r.id.desc()).limit(1)).first()
        if row is not None:
            events.append((row[1], action, row[0]))
    if not events:
        return 0
    _when, action, rev_id = max(events, key=lambda e: (e[0], e[1] == "revision.rollback"))
    detail = conn.execute(select(a.detail).where(a.action == action, a.target == f"revision:{rev_id}")
                          .order_by(a.id.desc()).limit(1)).scalar()
    try:
        return int(json.loads(detail or "{}").get("data_version") or 0)
    except (TypeError, ValueError):
        return 0


# ---- audit --------------------------------------------------------------------------------------

def audit(conn: Connection, username: str | None, action: str, target: str = "",
          detail: dict | None = None, ip: str | None = None) -> None:
    conn.execute(insert(t.audit_log).values(
        at=now(), username=username, action=action, target=target[:255] if target else "",
        detail=json.dumps(detail or {}, ensure_ascii=False, default=str), ip=ip))


# ---- revisions ----------------------------------------------------------------------------------

def create_revision(conn: Connection, obs: pd.DataFrame, *, created_by: str | None,
                    kind: str = "import", file_name: str | None = None, sha256: str | None = None,
                    report: dict | None = None, note: str | None = None, at: datetime | None = None) -> int:
    """Store a draft revision with its observations (all rows or none: the caller's transaction); `at`: when it
    was made (default now; the demo data dates its batches back, and a batch is never made after its publish)."""
    obs = conform(obs, OBS_COLUMNS)
    dup = obs.duplicated(OBS_KEY, keep=False)
    if dup.any():
        raise UserError("同一批次中存在重复的指标/地区/期别", "Duplicate keys within one batch",
                        detail=obs.loc[dup, OBS_KEY].head(5).to_dict("records"))
    rev_id = conn.execute(insert(t.revisions).values(
        kind=kind, file_name=file_name, sha256=sha256, status="draft", created_by=created_by,
        created_at=at or now(), row_count=len(obs), note=note,
        report=json.dumps(report or {}, ensure_ascii=False, default=str),
    ).returning(t.revisions.c.id)).scalar_one()
    insert_observations(conn, rev_id, obs)
    audit(conn, created_by, "revision.create", f"revision:{rev_id}",
          {"file_name": file_name, "rows": len(obs), "sha256": sha256})
    return rev_id


SQLITE_BIG_BATCH = 20_000          # rows from which an insert gets a bigger SQLite page cache …
SQLITE_BATCH_CACHE_KIB = 32_768    # … of this many KiB (PRAGMA cache_size, negative = KiB), for the statement only
OBS_INSERT_COLUMNS = ["revision_id", *[c for c in OBS_COLUMNS if c != "revision_id"]]


def insert_observations(conn: Connection, rev_id: int, obs: pd.DataFrame) -> None:
    """Bulk insert in the caller's transaction: COPY on PostgreSQL, one executemany on SQLite."""
    if obs.empty:
        return
    frame = obs.drop(columns=["revision_id"]).assign(revision_id=rev_id)[OBS_INSERT_COLUMNS]
    if conn.dialect.name == "postgresql":
        _copy_observations(conn, frame)
        return
    if conn.dialect.name == "sqlite":
        cols = ", ".join(OBS_INSERT_COLUMNS)
        marks = ", ".join("?" * len(OBS_INSERT_COLUMNS))
        conn.exec_driver_sql("SELECT 1")  # make sure the transaction the raw cursor joins has begun
        cur = conn.connection.dbapi_connection.cursor()
        try:
            # A large batch updates two indexes keyed by text: with SQLite's default 2 MB page cache their pages
            # are evicted and read back over and over (100k rows: ~15 % of the insert). A bigger cache for this
            # statement only, then the connection's own setting again (pooled connections keep theirs).
            cache = cur.execute("PRAGMA cache_size").fetchone()[0] if len(frame) > SQLITE_BIG_BATCH else None
            if cache is not None:
                cur.execute(f"PRAGMA cache_size = {-SQLITE_BATCH_CACHE_KIB}")
            try:
                cur.executemany(f"INSERT INTO observations ({cols}) VALUES ({marks})", _row_tuples(frame))
            finally:
                if cache is not None:
                    cur.execute(f"PRAGMA cache_size = {int(cache)}")
        finally:
            cur.close()
        return
    frame = frame.astype(object).where(frame.notna(), None)
    rows = frame.to_dict("records")
    for chunk in range(0, len(rows), 20_000):
        conn.execute(insert(t.observations), rows[chunk:chunk + 20_000])


def _row_tuples(frame: pd.DataFrame) -> list[tuple]:
    """The frame's rows as tuples of plain Python values, None for a missing one (what
    frame.astype(object).where(frame.notna(), None).itertuples() gives), built column by column."""
    cols = []
    for name in frame.columns:
        col = frame[name]
        values = col.astype(object).to_numpy(dtype=object, copy=True)
        values[col.isna().to_numpy(dtype=bool)] = None
        cols.append(values)
    return list(zip(*cols))


def _copy_observations(conn: Connection, frame: pd.DataFrame) -> None:
    import io

    buf = io.StringIO()
    frame.to_csv(buf, index=False, header=False, na_rep="")
    conn.exec_driver_sql("SELECT 1")
    cur = conn.connection.dbapi_connection.cursor()
    try:
        with cur.copy(f"COPY observations ({', '.join(OBS_INSERT_COLUMNS)}) FROM STDIN WITH (FORMAT csv)") as cp:
            cp.write(buf.getvalue())
    finally:
        cur.close()


def get_revision(conn: Connection, rev_id: int) -> dict:
    row = conn.execute(select(t.revisions).where(t.revisions.c.id == rev_id)).mappings().first()
    if row is None:
        raise UserError(f"批次 {rev_id} 不存在", f"Batch {rev_id} does not exist", status=404)
    return dict(row)


def _status_error(rev_id: int, status: str, target: str) -> UserError:
    return UserError(
        f"批次 {rev_id} 当前状态为「{REVISION_STATUS_ZH.get(status, status)}」，不能{ACTION_ZH[target]}。",
        f"Batch {rev_id} is {REVISION_STATUS_EN.get(status, status)}; it cannot be {ACTION_EN[target]}.")


def _transition(conn: Connection, rev_id: int, allowed: tuple[str, ...], target: str) -> dict:
    """The revision, when its status allows the move to `target` (UserError 400 otherwise, 404 when unknown)."""
    rev = get_revision(conn, rev_id)
    if rev["status"] not in allowed:
        raise _status_error(rev_id, rev["status"], target)
    return rev


# The statuses a review action starts from (publish, reject: a batch awaiting review), as `publish` and `reject`
# check them; a page asks `check_reviewable` before it restates what the action will change.
REVIEWABLE = ("submitted",)


def check_reviewable(conn: Connection, rev_id: int, target: str) -> dict:
    """The revision, when it is still awaiting review for `target` ("published" or "rejected"); the same UserError as
    the action itself otherwise (批次 5 当前状态为「已发布」，不能发布。). A second browser tab's confirmation said
    "发布后…新增 1 个数值" for a batch another tab had published (breakrank3 #8)."""
    return _transition(conn, rev_id, REVIEWABLE, target)


def _move(conn: Connection, rev_id: int, allowed: tuple[str, ...], target: str, **values: object) -> None:
    """The status change itself, guarded by the status it starts from: UPDATE … WHERE status IN allowed. A second
    person's move in between (a submitter cancelling while an approver publishes, on PostgreSQL's READ COMMITTED)
    changes no row and raises the same refusal as `_transition`, never overwriting a published batch."""
    done = conn.execute(update(t.revisions).where(t.revisions.c.id == rev_id, t.revisions.c.status.in_(allowed))
                        .values(status=target, **values))
    if done.rowcount != 1:
        raise _status_error(rev_id, get_revision(conn, rev_id)["status"], target)


def rollback_reason(comment: str | None) -> str:
    """The reason a rollback is given, stripped; UserError 400 when it is blank (the submitter is told why their
    published batch was withdrawn: report 5 #7). The page asks with this check before its confirmation."""
    reason = (comment or "").strip()
    if not reason:
        raise UserError("撤回已发布的批次时请填写撤回原因，提交人会看到它。",
                        "Give a reason for withdrawing the published batch; the submitter will see it.")
    return reason


def submitter(rev: dict) -> str | None:
    """Who submitted the batch (else who created it): the one account that may cancel it while pending, and the
    one told when it is reviewed, rolled back or cancelled."""
    return rev.get("submitted_by") or rev.get("created_by")


CANCELLABLE = ("submitted", "draft")


def may_cancel(rev: dict, user: str | None) -> bool:
    """Whether `user` may cancel (作废) the batch now: it is pending and they submitted it (`cancel`'s rule)."""
    return rev.get("status") in CANCELLABLE and bool(user) and submitter(rev) == user


# The states: draft -> submitted -> published | rejected | cancelled; published -> rolled_back. "cancelled" (已作废,
# migration 0010) is a pending batch its submitter withdrew: nothing of it was ever published, it stays stored.
REVISION_STATUS_ZH = {"draft": "草稿", "submitted": "待审核", "published": "已发布",
                      "rejected": "已退回", "rolled_back": "已撤回", "cancelled": "已作废"}
ACTION_ZH = {"submitted": "提交", "published": "发布", "rejected": "退回", "rolled_back": "撤回", "cancelled": "作废"}
REVISION_STATUS_EN = {"draft": "a draft", "submitted": "awaiting review", "published": "published",
                      "rejected": "returned", "rolled_back": "withdrawn", "cancelled": "cancelled by its submitter"}
ACTION_EN = {"submitted": "submitted", "published": "published", "rejected": "returned", "rolled_back": "withdrawn",
             "cancelled": "cancelled"}


# ---- maker–checker (issue 11 finding 9): enforced here, so the page, the API and the CLI obey alike ----
# - only the draft's author submits it;
# - nobody publishes a batch they created or submitted (the checker is always a second person);
# - rejecting one's own batch is allowed: it publishes nothing, the batch stays stored, and the row in the
#   audit log says so ("self": true) — a maker withdrawing a mistake should not need a second person;
# - revisions the product generates itself (kind "demo") have no human maker and are exempt.
SYSTEM_KINDS = ("demo",)


def _makers(rev: dict) -> set[str]:
    return {u for u in (rev.get("created_by"), rev.get("submitted_by")) if u}


def _check_author(rev: dict, user: str) -> None:
    author = rev.get("created_by")
    if author and author != user and rev.get("kind") not in SYSTEM_KINDS:
        raise UserError(f"批次 {rev['id']} 由 {author} 创建，只有创建人本人可以提交审核。",
                        f"Batch {rev['id']} was created by {author}; only its author may submit it.", status=403)


def _check_checker(rev: dict, user: str) -> None:
    if rev.get("kind") not in SYSTEM_KINDS and user in _makers(rev):
        raise UserError(f"批次 {rev['id']} 由您本人创建或提交，按照“制单与审核分离”规则，须由另一位审核人发布。",
                        f"Batch {rev['id']} was created or submitted by you; another approver must publish it "
                        "(maker–checker).", status=403)


def submit(conn: Connection, rev_id: int, user: str) -> None:
    """draft -> submitted, by the draft's author only (UserError 403 for anyone else)."""
    _check_author(get_revision(conn, rev_id), user)
    _transition(conn, rev_id, ("draft",), "submitted")
    _move(conn, rev_id, ("draft",), "submitted", submitted_by=user, submitted_at=now())
    audit(conn, user, "revision.submit", f"revision:{rev_id}")


def publish(conn: Connection, rev_id: int, user: str, comment: str | None = None,
            allow_draft: bool = False, at: datetime | None = None) -> int:
    """Publish in the caller's transaction. Returns the new data version.

    `at` backdates the publication (demo data only: it must not precede an earlier publish).
    Maker–checker: UserError 403 when `user` created or submitted the revision (also with allow_draft)."""
    version = _bump_version(conn)  # takes the write lock first, so concurrent publishes queue
    allowed = ("submitted", "draft") if allow_draft else ("submitted",)
    rev = _transition(conn, rev_id, allowed, "published")
    _check_checker(rev, user)
    seq = (conn.execute(select(func.max(t.revisions.c.publish_seq))).scalar() or 0) + 1
    _move(conn, rev_id, allowed, "published", reviewed_by=user, reviewed_at=at or now(), review_comment=comment,
          published_at=at or now(), publish_seq=seq)
    audit(conn, user, "revision.publish", f"revision:{rev_id}", {"comment": comment, "data_version": version})
    return version


def reject(conn: Connection, rev_id: int, user: str, comment: str) -> None:
    rev = _transition(conn, rev_id, ("submitted", "draft"), "rejected")
    _move(conn, rev_id, ("submitted", "draft"), "rejected", reviewed_by=user, reviewed_at=now(), review_comment=comment)
    audit(conn, user, "revision.reject", f"revision:{rev_id}",
          {"comment": comment, **({"self": True} if user in _makers(rev) else {})})


def rollback(conn: Connection, rev_id: int, user: str, comment: str | None = None) -> int:
    """Withdraw a published revision: the figures published before it become current again. A reason is required
    (`rollback_reason`, UserError 400 without one, after the status check), kept on the revision
    (rollback_comment) and in the audit log."""
    version = _bump_version(conn)
    _transition(conn, rev_id, ("published",), "rolled_back")
    comment = rollback_reason(comment)
    _move(conn, rev_id, ("published",), "rolled_back", rolled_back_by=user, rolled_back_at=now(),
          rollback_comment=comment)
    audit(conn, user, "revision.rollback", f"revision:{rev_id}", {"comment": comment, "data_version": version})
    return version


def cancel(conn: Connection, rev_id: int, user: str, comment: str | None = None) -> None:
    """A pending batch (submitted, or a draft) withdrawn by the account that submitted it (else created it):
    status "cancelled" (已作废). Nothing is published or deleted; UserError 403 for anyone else, 400 for a batch
    that is not pending. The data version is unchanged (pending figures are never shown)."""
    rev = get_revision(conn, rev_id)
    owner = submitter(rev)
    if owner != user:
        raise UserError(f"批次 {rev_id} 由 {owner or '系统'} 提交，只有提交人本人可以作废。",
                        f"Batch {rev_id} was submitted by {owner or 'the system'}; only its submitter may cancel it.",
                        status=403)
    if rev["status"] not in CANCELLABLE:
        raise _status_error(rev_id, rev["status"], "cancelled")
    _move(conn, rev_id, CANCELLABLE, "cancelled", cancelled_by=user, cancelled_at=now(), cancel_comment=comment)
    audit(conn, user, "revision.cancel", f"revision:{rev_id}", {"comment": comment, "from": rev["status"]})


def list_revisions(conn: Connection, statuses: tuple[str, ...] | None = None) -> pd.DataFrame:
    q = select(t.revisions).order_by(t.revisions.c.id.desc())
    if statuses:
        q = q.where(t.revisions.c.status.in_(statuses))
    return pd.DataFrame(conn.execute(q).mappings().all(), columns=[c.name for c in t.revisions.columns])


# ---- reading published figures ------------------------------------------------------------------

def _as_stored(moment: datetime, dialect: str) -> datetime:
    """A moment in the form the database compares: SQLite keeps naive UTC text, so an aware +08:00
    time must become naive UTC first (compared as text it would be 8 hours off). Naive input is UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    return moment.replace(tzinfo=None) if dialect == "sqlite" else moment


def _visible_revisions(as_of: datetime | None):
    r = t.revisions.c
    if as_of is None:
        return select(r.id, r.publish_seq).where(r.status == "published")
    return select(r.id, r.publish_seq).where(
        r.published_at.is_not(None), r.published_at <= as_of,
        or_(r.rolled_back_at.is_(None), r.rolled_back_at > as_of))


def published_observations(conn: Connection, as_of: datetime | None = None,
                           indicators: list[str] | None = None,
                           regions: list[str] | None = None,
                           after_seq: int | None = None, periods: list[str] | None = None) -> pd.DataFrame:
    """The published figure for every key (latest publish wins), optionally as of a past moment.

    Returns OBS_COLUMNS; revision_id says which revision each figure comes from. With `after_seq`,
    only figures from revisions published after that publish_seq (for incremental snapshots); `indicators`,
    `regions` and `periods` narrow the keys read (each is part of the key, so the newest-wins rule is unchanged).
    """
    vis = _visible_revisions(_as_stored(as_of, conn.dialect.name) if as_of else None)
    if after_seq is not None:
        vis = vis.where(t.revisions.c.publish_seq > after_seq)
    vis = vis.subquery("vis")
    o = t.observations.c
    q = select(*[o[c] for c in OBS_COLUMNS], vis.c.publish_seq).join(vis, vis.c.id == o.revision_id)
    if indicators:
        q = q.where(o.indicator.in_(indicators))
    if regions:
        q = q.where(o.region.in_(regions))
    if periods:
        q = q.where(o.period.in_(periods))
    # Plain rows through the driver cursor, newest-wins in pandas: several times faster than a
    # window function plus ORM row processing on a million rows.
    rows = _fetch_raw(conn, q)
    if not rows:
        return empty(OBS_COLUMNS)
    df = pd.DataFrame.from_records(rows, columns=[*OBS_COLUMNS, "publish_seq"])
    df = df.sort_values("publish_seq", kind="stable").drop_duplicates(OBS_KEY, keep="last")
    return conform(df.drop(columns="publish_seq"), OBS_COLUMNS)


def _fetch_raw(conn: Connection, q: Executable) -> list[tuple]:
    compiled = q.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = tuple(params[k] for k in compiled.positiontup) if compiled.positiontup is not None else params
    conn.exec_driver_sql("SELECT 1")  # make SQLAlchemy begin the transaction the cursor joins
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(compiled.string, args)
        return cursor.fetchall()
    finally:
        cursor.close()


def publish_state(conn: Connection) -> tuple[int, int]:
    """(highest publish_seq, number of rolled-back revisions): a snapshot can be extended incrementally
    while the second number is unchanged."""
    r = t.revisions.c
    seq = conn.execute(select(func.max(r.publish_seq))).scalar() or 0
    rolled = conn.execute(select(func.count()).where(r.status == "rolled_back")).scalar() or 0
    return int(seq), int(rolled)


def revision_observations(conn: Connection, rev_id: int) -> pd.DataFrame:
    o = t.observations.c
    rows = conn.execute(select(*[o[c] for c in OBS_COLUMNS]).where(o.revision_id == rev_id)).all()
    return conform(pd.DataFrame(rows, columns=list(OBS_COLUMNS)), OBS_COLUMNS) if rows else empty(OBS_COLUMNS)


# ---- targets and annotations --------------------------------------------------------------------

def set_target(conn: Connection, indicator: str, region: str, year: int, value: float | None,
               user: str, note: str | None = None) -> None:
    """Targets keep their history: a new row per change; the latest one counts. `value` None withdraws the target;
    any other value must pass data.targets.check_target (finite, above 0, within range, at the catalogue's
    precision): UserError 400 otherwise, nothing written."""
    if value is not None and not (isinstance(value, float) and math.isnan(value)):
        value = check_target(indicator, value)
    conn.execute(insert(t.targets).values(indicator=indicator, region=region, year=int(year),
                                          value=None if value is None or pd.isna(value) else float(value),
                                          set_by=user, set_at=now(), note=note))
    _bump_version(conn)
    audit(conn, user, "target.set", f"{indicator}/{region}/{year}", {"value": value, "note": note})


def current_targets(conn: Connection) -> pd.DataFrame:
    """Latest target per (indicator, region, year); withdrawn targets (NULL) are left out."""
    g = t.targets.c
    latest = select(func.max(g.id)).group_by(g.indicator, g.region, g.year).scalar_subquery()
    rows = conn.execute(select(g.indicator, g.region, g.year, g.value, g.set_by, g.set_at)
                        .where(g.id.in_(latest), g.value.is_not(None))).all()
    df = pd.DataFrame(rows, columns=["indicator", "region", "year", "value", "set_by", "set_at"])
    return df.astype({"indicator": "string", "region": "string", "year": "int64", "value": "float64"})


def add_annotation(conn: Connection, indicator: str, region: str | None, period: str, kind: str,
                   text_: str, user: str | None) -> None:
    conn.execute(insert(t.annotations).values(indicator=indicator, region=region, period=period,
                                              kind=kind, text=text_, created_by=user, created_at=now()))
    _bump_version(conn)
    audit(conn, user, "annotation.add", f"{indicator}/{region}/{period}", {"kind": kind, "text": text_})


def load_annotations(conn: Connection) -> pd.DataFrame:
    a = t.annotations.c
    rows = conn.execute(select(a.indicator, a.region, a.period, a.kind, a.text)).all()
    return conform(pd.DataFrame(rows, columns=list(ANNOTATION_COLUMNS)), ANNOTATION_COLUMNS) if rows \
        else empty(ANNOTATION_COLUMNS)


def is_empty(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(t.revisions)).scalar() == 0
