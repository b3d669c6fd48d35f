"""Notifications: the bell (in-app, per account) and, when SMTP_URL is set, e-mail.

Rows are written in the same transaction as the action they report (submitted, published, rejected)
or once per (account, region, period) for overdue units. E-mail goes out after the transaction commits
(`send_pending`), so a failed mail server never undoes an action; unsent mail is retried on the next call.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import logging
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from data import schema as t
from data import store

if TYPE_CHECKING:
    from collections.abc import Iterable

log = logging.getLogger(__name__)
KINDS = ("submitted", "published", "rejected", "rolled_back", "cancelled", "overdue")


def _add(conn: Connection, usernames: Iterable[str], kind: str, text_zh: str, text_en: str, *,
         revision_id: int | None = None, dedupe: str | None = None) -> int:
    n = 0
    for name in sorted({u for u in usernames if u}):
        if dedupe and conn.execute(select(t.notifications.c.id).where(
                t.notifications.c.username == name, t.notifications.c.dedupe == dedupe)).first():
            continue
        conn.execute(insert(t.notifications).values(username=name, kind=kind, revision_id=revision_id, dedupe=dedupe,
                                                    text_zh=text_zh, text_en=text_en, created_at=store.now()))
        n += 1
    return n


def _approvers(conn: Connection) -> list[str]:
    u = t.users.c
    rows = conn.execute(select(u.username, u.roles).where(u.active.is_(True))).all()
    return [r.username for r in rows if "approver" in (r.roles or "").split(",")]


def on_submitted(conn: Connection, rev_id: int, user: str | None) -> None:
    """Every active approver but the submitter hears of a new batch."""
    _add(conn, [a for a in _approvers(conn) if a != user], "submitted",
         f"批次 {rev_id} 已由 {user} 提交，等待审核。", f"Batch {rev_id} was submitted by {user} for review.",
         revision_id=rev_id)


def on_reviewed(conn: Connection, rev_id: int, action: str, approver: str, comment: str | None) -> None:
    """The submitter hears that their batch was published or rejected (with the comment)."""
    rev = store.get_revision(conn, rev_id)
    who = [store.submitter(rev)]
    reason = (comment or "").strip()
    if action == "published":
        zh = f"批次 {rev_id} 已由 {approver} 发布。" + (f"意见：{reason}" if reason else "")
        en = f"Batch {rev_id} was published by {approver}." + (f" Comment: {reason}" if reason else "")
    else:
        zh = f"批次 {rev_id} 被 {approver} 退回。退回意见：{reason}。请在“我的提交”中更正后重新提交。"
        en = f"Batch {rev_id} was rejected by {approver}. Reason: {reason}. Correct it in My submissions and resubmit."
    _add(conn, who, action, zh, en, revision_id=rev_id)


def on_rolled_back(conn: Connection, rev_id: int) -> None:
    """The submitter hears that their published batch was rolled back: who, when (bureau clock) and why."""
    from data.workflow.batches import _when

    rev = store.get_revision(conn, rev_id)
    who, at, why = rev.get("rolled_back_by") or "", _when(rev.get("rolled_back_at")), rev.get("rollback_comment") or ""
    _add(conn, [store.submitter(rev)], "rolled_back",
         f"批次 {rev_id} 已于 {at} 被 {who} 撤回，其数值不再作为已发布数据。撤回原因：{why}",
         f"Batch {rev_id} was rolled back by {who} on {at}; its figures are no longer published. Reason: {why}",
         revision_id=rev_id)


def on_cancelled(conn: Connection, rev_id: int) -> None:
    """Every active approver but the submitter hears that a pending batch was withdrawn (作废) by its submitter."""
    rev = store.get_revision(conn, rev_id)
    who, why = rev.get("cancelled_by") or "", rev.get("cancel_comment") or ""
    _add(conn, [a for a in _approvers(conn) if a != who], "cancelled",
         f"批次 {rev_id} 已由提交人 {who} 撤回作废，无需审核。" + (f"说明：{why}" if why else ""),
         f"Batch {rev_id} was withdrawn (cancelled) by its submitter {who}; no review is needed."
         + (f" Note: {why}" if why else ""), revision_id=rev_id)


def on_overdue(conn: Connection, region: str, region_name: str, period: str, period_zh: str, period_en: str,
               deadline: str, region_name_en: str | None = None) -> int:
    """Uploaders bound to the region hear once that its figures for the period are overdue (the English text names
    the region in English: region_name_en, else the catalogue's name_en, else region_name)."""
    r, u = t.user_regions.c, t.users.c
    names = conn.execute(select(u.username).join(t.user_regions, r.user_id == u.id)
                         .where(r.region == region, u.active.is_(True))).scalars().all()
    if region_name_en is None:
        from data.catalogue import load_regions

        hit = load_regions().set_index("code")["name_en"].get(region)
        region_name_en = hit if isinstance(hit, str) and hit else region_name
    return _add(conn, names, "overdue", f"{region_name}{period_zh}数据已逾期（截止日期 {deadline}），请尽快报送。",
                f"{region_name_en}: figures for {period_en} are overdue (due {deadline}).",
                dedupe=f"overdue:{region}:{period}")


def unread_count(conn: Connection, username: str) -> int:
    n = t.notifications.c
    return int(conn.execute(select(func.count()).where(n.username == username, n.read_at.is_(None))).scalar() or 0)


def list_for(conn: Connection, username: str, limit: int = 50) -> list[dict]:
    n = t.notifications.c
    rows = conn.execute(select(t.notifications).where(n.username == username).order_by(n.id.desc()).limit(limit))
    return [dict(r) for r in rows.mappings()]


def mark_read(conn: Connection, username: str) -> None:
    n = t.notifications.c
    conn.execute(update(t.notifications).where(n.username == username, n.read_at.is_(None)).values(read_at=store.now()))


def set_email(conn: Connection, username: str, email: str | None, *, actor: str | None) -> None:
    from data.errors import UserError

    uid = conn.execute(select(t.users.c.id).where(t.users.c.username == username)).scalar()
    if uid is None:
        raise UserError(f"用户 {username} 不存在", f"No user named {username}", status=404)
    c = t.user_contacts.c
    conn.execute(t.user_contacts.delete().where(c.user_id == uid))
    email = (email or "").strip()
    if email:
        if "@" not in email or any(ch in email for ch in " \r\n,;<>"):
            raise UserError(f"邮箱地址无效：{email}", f"Invalid e-mail address: {email}")
        conn.execute(insert(t.user_contacts).values(user_id=uid, email=email))
    store.audit(conn, actor, "user.email", f"user:{username}", {"email": email})


def send_pending(engine: Engine, smtp_url: str, sender: str = "", timeout: float = 10.0) -> int:
    """E-mail every notification not yet sent to accounts with an address. Returns the number sent.

    smtp_url: smtp://[user:password@]host[:port] (STARTTLS when ?starttls=1) or smtps://host[:port].
    Failures are logged and retried next time; they never raise."""
    if not smtp_url:
        return 0
    import smtplib

    n, c, u = t.notifications.c, t.user_contacts.c, t.users.c
    with engine.connect() as conn:
        rows = conn.execute(select(n.id, n.kind, n.text_zh, n.text_en, c.email)
                            .join(t.users, u.username == n.username)
                            .join(t.user_contacts, c.user_id == u.id)
                            .where(n.emailed_at.is_(None)).order_by(n.id)).all()
    if not rows:
        return 0
    url = urlparse(smtp_url)
    host, port = url.hostname or "127.0.0.1", url.port or (465 if url.scheme == "smtps" else 25)
    sender = sender or f"county-dashboard@{host}"
    sent = []
    try:
        cls = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
        with cls(host, port, timeout=timeout) as smtp:
            if "starttls=1" in (url.query or ""):
                smtp.starttls()
            if url.username:
                smtp.login(unquote(url.username), unquote(url.password or ""))
            for r in rows:
                msg = EmailMessage()
                msg["From"], msg["To"] = sender, r.email
                msg["Subject"] = "【县域科技指标看板】" + r.text_zh[:60]
                msg.set_content(f"{r.text_zh}\n\n{r.text_en}\n")
                smtp.send_message(msg)
                sent.append(r.id)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("notification e-mail failed: %s", exc)
    if sent:
        with engine.begin() as conn:
            conn.execute(update(t.notifications).where(n.id.in_(sent)).values(emailed_at=store.now()))
    return len(sent)


def notify_overdue(conn: Connection, state: dict, period_text: dict[str, str] | None = None) -> int:
    """Tell the uploaders bound to each overdue unit of a round (figures.rounds.round_state), once per unit
    and period. period_text(period, lang) words the period (texts.i18n.period_text from the pages; the code
    otherwise). Returns the number of notices written."""
    period_text = period_text or (lambda p, _lang: p)
    names = dict(zip(state["unit_states"]["region"], state["unit_states"]["name"]))
    p = state["period"]
    return sum(on_overdue(conn, reg, names.get(reg, reg), p, period_text(p, "zh"), period_text(p, "en"),
                          state["deadline"].isoformat()) for reg in state["overdue"])
