"""Issue 11 finding 9: maker–checker on the maker, enforced in data.store so every path obeys.
Only the draft's author submits; nobody publishes what they created or submitted; self-reject is allowed
and marked in the audit row; the product's own demo revisions are exempt."""
from __future__ import annotations
from typing import TYPE_CHECKING

import json

import pandas as pd
import pytest
from sqlalchemy import select

from data import schema, store
from data.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

ROWS = [("HNTE", "130534", "2023", "Y", False, 70.0, "final")]


def _draft(conn: Connection, author: str = "staff", kind: str = "import") -> int:
    frame = pd.DataFrame(ROWS, columns=["indicator", "region", "period", "period_kind", "is_ytd", "value", "status"])
    return store.create_revision(conn, frame, created_by=author, kind=kind)


def test_only_the_author_submits(migrated):
    with migrated.begin() as conn:
        rev = _draft(conn, "staff")
    with pytest.raises(UserError) as err, migrated.begin() as conn:
        store.submit(conn, rev, "other-uploader")
    assert err.value.status == 403 and "只有创建人本人可以提交" in err.value.message_zh
    with migrated.begin() as conn:
        store.submit(conn, rev, "staff")
        assert store.get_revision(conn, rev)["status"] == "submitted"


@pytest.mark.parametrize("allow_draft", [False, True])
def test_the_author_cannot_publish_their_own_batch(migrated, allow_draft):
    with migrated.begin() as conn:
        rev = _draft(conn, "staff")
        if not allow_draft:
            store.submit(conn, rev, "staff")
    with pytest.raises(UserError) as err, migrated.begin() as conn:
        store.publish(conn, rev, "staff", allow_draft=allow_draft)
    assert err.value.status == 403 and "制单与审核分离" in err.value.message_zh
    with migrated.begin() as conn:
        assert store.get_revision(conn, rev)["status"] == ("draft" if allow_draft else "submitted")
        assert store.data_version(conn) == 0  # the refused publish bumped nothing
        store.publish(conn, rev, "boss", allow_draft=allow_draft)
        got = store.get_revision(conn, rev)
    assert (got["status"], got["created_by"], got["reviewed_by"]) == ("published", "staff", "boss")


def test_the_submitter_cannot_publish_either(migrated):
    """A legacy row whose submitter differs from its author: neither of them may publish it."""
    with migrated.begin() as conn:
        rev = _draft(conn, "staff")
        store.submit(conn, rev, "staff")
        conn.execute(schema.revisions.update().where(schema.revisions.c.id == rev).values(submitted_by="lead"))
    for person in ("staff", "lead"):
        with pytest.raises(UserError), migrated.begin() as conn:
            store.publish(conn, rev, person)


def test_self_reject_is_allowed_and_marked(migrated):
    with migrated.begin() as conn:
        rev = _draft(conn, "staff")
        store.submit(conn, rev, "staff")
        store.reject(conn, rev, "staff", "撤回，数据有误")
        a = schema.audit_log.c
        detail = conn.execute(select(a.detail).where(a.action == "revision.reject")).scalar()
        assert store.get_revision(conn, rev)["status"] == "rejected"
    assert json.loads(detail) == {"comment": "撤回，数据有误", "self": True}


def test_demo_revisions_have_no_human_maker(migrated):
    with migrated.begin() as conn:
        rev = _draft(conn, "system", kind="demo")
        store.publish(conn, rev, "system", allow_draft=True)
        assert store.get_revision(conn, rev)["status"] == "published"


def test_refusals_name_the_batch(migrated):
    """Submissions are 批次 (batches) on every page; the store's refusals say so too, in both languages."""
    with migrated.begin() as conn:
        rev = _draft(conn, "staff")
        store.submit(conn, rev, "staff")
    refusals = []
    for act in (lambda c: store.submit(c, rev, "staff"), lambda c: store.publish(c, rev, "staff"),
                lambda c: store.rollback(c, rev, "boss"), lambda c: store.get_revision(c, rev + 99)):
        with pytest.raises(UserError) as err, migrated.begin() as conn:
            act(conn)
        refusals.append((err.value.status, err.value.message_zh, err.value.message_en))
    with migrated.begin() as conn:
        other = _draft(conn, "staff")
    with pytest.raises(UserError) as err, migrated.begin() as conn:
        store.submit(conn, other, "someone")
    refusals.append((err.value.status, err.value.message_zh, err.value.message_en))
    assert refusals == [
        (400, f"批次 {rev} 当前状态为「待审核」，不能提交。", f"Batch {rev} is awaiting review; it cannot be submitted."),
        (403, f"批次 {rev} 由您本人创建或提交，按照“制单与审核分离”规则，须由另一位审核人发布。",
         f"Batch {rev} was created or submitted by you; another approver must publish it (maker–checker)."),
        (400, f"批次 {rev} 当前状态为「待审核」，不能撤回。", f"Batch {rev} is awaiting review; it cannot be withdrawn."),
        (404, f"批次 {rev + 99} 不存在", f"Batch {rev + 99} does not exist"),
        (403, f"批次 {other} 由 staff 创建，只有创建人本人可以提交审核。",
         f"Batch {other} was created by staff; only its author may submit it."),
    ]


def test_a_move_that_lost_a_race_changes_nothing(migrated):
    """Two people on one pending batch: the submitter's cancel checked the status (submitted) before the approver's
    publish committed. The cancel's write is guarded by the status it started from (store._move), so it changes no
    row and raises the refusal; the batch stays published with its publication intact (on PostgreSQL's READ
    COMMITTED the unguarded UPDATE would have marked a published batch 已作废)."""
    with migrated.begin() as conn:
        rev = _draft(conn, "staff")
        store.submit(conn, rev, "staff")
    with migrated.begin() as conn:
        assert store.may_cancel(store.get_revision(conn, rev), "staff")     # what the cancel saw
        store.publish(conn, rev, "boss")                                     # the approver was first
    with pytest.raises(UserError) as err, migrated.begin() as conn:
        store._move(conn, rev, store.CANCELLABLE, "cancelled", cancelled_by="staff")   # the cancel's write, late
    assert err.value.message_zh == f"批次 {rev} 当前状态为「已发布」，不能作废。"
    with migrated.begin() as conn:
        after = store.get_revision(conn, rev)
    assert (after["status"], after["cancelled_by"], after["reviewed_by"]) == ("published", None, "boss")
    assert not store.may_cancel(after, "staff")
