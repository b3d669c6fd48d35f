"""Revisions over HTTP: list them, and submit, publish, reject or roll one back (maker–checker).

The same service functions as the review page, so the rules are identical: an approver publishes or
rejects what staff submitted, never their own batch (data.store); rejecting needs a comment.

Who sees which revisions (issue 11 finding 12): viewers only what was published (published and rolled
back); uploaders also their own drafts, submissions and rejected batches; approvers and admins all of them.
Answers are strict JSON: a missing date or name is null, never NaN or "NaT".
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from flask import Blueprint, request

from data import store
from data.db import reading
from server.api.registry import Operation, Param, document
from server.api.respond import json_response, plain_json
from server.auth import roles_required
from server.context import engine

if TYPE_CHECKING:
    from collections.abc import Callable
    from collections.abc import Iterable
    import pandas as pd
    from sqlalchemy.engine import Connection

bp = Blueprint("api_v1_revisions", __name__, url_prefix="/api/v1")

REVISION = {"type": "object", "properties": {
    "id": {"type": "integer"}, "kind": {"type": "string"}, "file_name": {"type": "string", "nullable": True},
    "sha256": {"type": "string", "nullable": True}, "status": {"type": "string"},
    "created_by": {"type": "string", "nullable": True}, "created_at": {"type": "string"},
    "submitted_by": {"type": "string", "nullable": True}, "reviewed_by": {"type": "string", "nullable": True},
    "review_comment": {"type": "string", "nullable": True},
    "published_at": {"type": "string", "nullable": True}, "rolled_back_at": {"type": "string", "nullable": True},
    "rolled_back_by": {"type": "string", "nullable": True}, "rollback_comment": {"type": "string", "nullable": True},
    "cancelled_by": {"type": "string", "nullable": True}, "cancelled_at": {"type": "string", "nullable": True},
    "cancel_comment": {"type": "string", "nullable": True},
    "row_count": {"type": "integer"}}}
FIELDS = list(REVISION["properties"])
STATUSES = ["draft", "submitted", "published", "rejected", "rolled_back", "cancelled"]
COMMENT_BODY = {"required": False, "content": {"application/json": {"schema": {
    "type": "object", "properties": {"comment": {"type": "string", "maxLength": 2000}}}}}}
ACTION_RESULT = {"type": "object", "properties": {"revision": REVISION, "data_version": {"type": "integer"}}}

document(Operation(method="get", path="/api/v1/revisions", tag="revisions", summary="修订列表 Revisions",
                   params=(Param("status", {"type": "string", "enum": STATUSES}),),
                   response={"type": "object", "properties": {"items": {"type": "array", "items": REVISION}}}))
for _action, _zh, _role in (("submit", "提交审核", "uploader"), ("publish", "发布", "approver"),
                            ("reject", "退回", "approver"), ("rollback", "撤回已发布修订", "approver"),
                            ("cancel", "提交人作废待审核批次", "uploader")):
    document(Operation(
        method="post", path=f"/api/v1/revisions/{{id}}/{_action}", tag="revisions",
        summary=f"{_zh} {_action.capitalize()} a revision",
        description=f"Needs the {_role} role." + {
            "reject": " The comment is required.", "rollback": " The comment (the reason) is required.",
            "cancel": " Only the batch's submitter; a pending batch (or draft) becomes cancelled."}.get(_action, ""),
        params=(Param("id", {"type": "integer", "minimum": 1}, location="path"),),
        request_body=COMMENT_BODY,
        responses={"200": {"description": "done", "content": {"application/json": {"schema": ACTION_RESULT}}}}))


PUBLIC_STATUSES = ("published", "rolled_back")  # what every signed-in reader may see


def _public(rev: dict) -> dict:
    return plain_json({k: v for k, v in rev.items() if k in FIELDS})


def visible(frame: pd.DataFrame, username: str | None, roles: Iterable[str]) -> "pd.DataFrame":  # noqa: F821
    """The rows of store.list_revisions a user may see: approvers and admins all; uploaders the published
    ones and their own; everyone else the published ones only."""
    if {"approver", "admin"} & set(roles):
        return frame
    public = frame["status"].isin(PUBLIC_STATUSES)
    if "uploader" in roles and username:
        public = public | frame["created_by"].eq(username).fillna(False).astype(bool)
    return frame[public]


@bp.get("/revisions")
@roles_required()
def list_revisions():
    """GET /api/v1/revisions[?status=]: the revisions the caller may see (see `visible`).

    Raises UserError (400) for an unknown status.
    """
    from server.auth import current_roles, current_username

    status = request.args.get("status")
    if status is not None and status not in STATUSES:
        from data.errors import UserError

        raise UserError(f"status 只能是 {'、'.join(STATUSES)} 之一：{status}",
                        f"status must be one of {', '.join(STATUSES)}: {status}")
    with reading(engine()) as conn:
        df = store.list_revisions(conn, (status,) if status else None)
    df = visible(df, current_username(), current_roles())
    return json_response({"items": [_public(r) for r in df.to_dict("records")]})


def _act(rev_id: str, action: Callable):
    from data.errors import UserError
    from server.auth import current_username

    if not rev_id.isdigit():
        raise UserError(f"修订号应为正整数：{rev_id}", f"A revision id is a positive integer: {rev_id}", status=404)
    rev_id = int(rev_id)
    body = request.get_json(silent=True) or {}
    comment = str(body.get("comment") or "").strip() or None
    with engine().begin() as conn:
        version = action(conn, rev_id, current_username(), comment)
        rev = store.get_revision(conn, rev_id)
    from data.workflow import notify
    from server.context import settings

    s = settings()
    notify.send_pending(engine(), s.smtp_url, s.smtp_from)   # e-mail what the action noted, as the pages do
    return json_response({"revision": _public(rev), "data_version": version})


@bp.post("/revisions/<id>/submit")
@roles_required("uploader")
def submit(id: str):  # noqa: A002 - the path parameter named in the spec
    """POST /api/v1/revisions/<id>/submit (uploader): the author sends a draft for review."""
    return _act(id, lambda conn, rid, user, _c: store.submit(conn, rid, user))


@bp.post("/revisions/<id>/publish")
@roles_required("approver")
def publish(id: str):  # noqa: A002 - the path parameter named in the spec
    """POST /api/v1/revisions/<id>/publish (approver): a submitted revision becomes the published data."""
    from data.imports.service import publish_revision

    return _act(id, publish_revision)


@bp.post("/revisions/<id>/reject")
@roles_required("approver")
def reject(id: str):  # noqa: A002 - the path parameter named in the spec
    """POST /api/v1/revisions/<id>/reject (approver): back to its author with the body's comment."""
    from data.imports.service import reject_revision

    return _act(id, lambda conn, rid, user, comment: reject_revision(conn, rid, user, comment or ""))


@bp.post("/revisions/<id>/rollback")
@roles_required("approver")
def rollback(id: str):  # noqa: A002 - the path parameter named in the spec
    """POST /api/v1/revisions/<id>/rollback (approver): publish the data as it was before revision <id>.
    The body's comment is the reason, required (400 without); the submitter is notified."""
    from data.imports.service import rollback_revision

    return _act(id, rollback_revision)


@bp.post("/revisions/<id>/cancel")
@roles_required("uploader")
def cancel(id: str):  # noqa: A002 - the path parameter named in the spec
    """POST /api/v1/revisions/<id>/cancel (uploader): the submitter withdraws a pending batch (status cancelled,
    已作废); 403 for anyone else, 400 for a batch that is not pending. The approvers are notified."""
    from data.imports.service import cancel_revision

    def run(conn: Connection, rid: int, user: str, comment: str | None) -> int:
        cancel_revision(conn, rid, user, comment)
        return store.data_version(conn)  # unchanged: nothing pending is ever shown
    return _act(id, run)
