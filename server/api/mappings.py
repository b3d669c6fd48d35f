"""Remembered import mappings over HTTP (administrators): list them, and revoke one.

The same functions as the admin page (data/imports/mappings.py): a revoked mapping stops applying to
later uploads at once, and the audit log keeps what it was, who made it and when.
"""
from __future__ import annotations

from flask import Blueprint

from data.db import reading
from server.api.registry import Operation, Param, document
from server.api.respond import json_response, records
from server.auth import roles_required
from server.context import engine

bp = Blueprint("api_v1_mappings", __name__, url_prefix="/api/v1")

MAPPING = {"type": "object", "properties": {
    "id": {"type": "integer"}, "layout": {"type": "string"}, "kind": {"type": "string", "enum": ["region", "indicator"]},
    "label": {"type": "string"}, "action": {"type": "string", "enum": ["map", "ignore"]},
    "code": {"type": "string"}, "created_by": {"type": "string", "nullable": True},
    "created_at": {"type": "string"}}}

document(Operation(method="get", path="/api/v1/import-mappings", tag="imports",
                   summary="已记住的导入映射 Remembered import mappings", description="Needs the admin role.",
                   response={"type": "object", "properties": {"items": {"type": "array", "items": MAPPING}}}))
document(Operation(method="post", path="/api/v1/import-mappings/{id}/revoke", tag="imports",
                   summary="撤销导入映射 Revoke an import mapping", description="Needs the admin role.",
                   params=(Param("id", {"type": "integer", "minimum": 1}, location="path"),),
                   responses={"200": {"description": "revoked", "content": {"application/json": {"schema": {
                       "type": "object", "properties": {"revoked": MAPPING}}}}}}))


@bp.get("/import-mappings")
@roles_required("admin")
def list_mappings():
    """GET /api/v1/import-mappings (admin): every remembered import mapping as
    {"items": [row of data.imports.mappings.list_all]}.
    """
    from data.imports import mappings

    with reading(engine()) as conn:
        df = mappings.list_all(conn)
    return json_response({"items": records(df)})


@bp.post("/import-mappings/<id>/revoke")
@roles_required("admin")
def revoke(id: str):  # noqa: A002 - the path parameter named in the spec
    """POST /api/v1/import-mappings/<id>/revoke (admin): {"revoked": bool}. A malformed id is a 404
    UserError; the revocation is written to the audit log with the caller's name and address.
    """
    from data.errors import UserError
    from data.imports import mappings
    from server.auth import current_username
    from server.auth.events import client_ip

    if not id.isdigit() or int(id) < 1:
        raise UserError(f"映射编号应为正整数：{id[:40]}", f"A mapping id is a positive integer: {id[:40]}", status=404)
    with engine().begin() as conn:
        gone = mappings.revoke(conn, int(id), current_username(), ip=client_ip())
    return json_response({"revoked": gone})
