"""The OpenAPI 3.0 document, generated from the route registry (server.api.registry)."""
from __future__ import annotations

from flask import current_app

from server.api import schemas as S
from server.api.registry import OPERATIONS, Operation, Param, document

VERSION = "1.0.0"

# The upload endpoint is served by data/imports (server/imports/http.py); listed once that route exists.
_IMPORT_REPORT = {"type": "object", "required": ["ok", "counts", "errors", "warnings", "revision", "status"],
                  "properties": {
                      "ok": {"type": "boolean"}, "counts": {"type": "object"},
                      "errors": {"type": "array", "items": {"type": "object"}},
                      "warnings": {"type": "array", "items": {"type": "object"}},
                      "unmatched": {}, "preview": {},
                      "revision": {"type": "integer", "nullable": True, "description": "the revision created"},
                      "status": {"type": "string", "nullable": True, "enum": ["submitted", "draft", "dry-run", None]}}}
IMPORTS = document(Operation(
    method="post", path="/api/v1/imports", tag="imports",
    summary="上传数据文件 Upload spreadsheets as a new revision",
    description="Needs the uploader role (bearer token, or a session with X-CSRF-Token). Files go in the "
                "repeatable multipart field `file`. The figures are validated and stored as one revision, "
                "submitted for review unless submit=0; an approver publishes it. With errors nothing is "
                "written and the answer is 422 with the report.",
    params=(Param("dry_run", {"type": "boolean", "default": False}, "report only, write nothing"),
            Param("submit", {"type": "boolean", "default": True}, "false: leave the revision a draft")),
    request_body={"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}},
    responses={
        "200": {"description": "validated (and stored unless dry_run)",
                "content": {"application/json": {"schema": _IMPORT_REPORT}}},
        "422": {"description": "the files have errors: nothing written",
                "content": {"application/json": {"schema": _IMPORT_REPORT}}},
    },
))

ERRORS = {"400": "请求有误 (bad parameter)", "401": "请先登录 (no session or bearer token)",
          "403": "没有权限 (role missing)"}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _responses(op: Operation) -> dict:
    if op.responses is not None:
        out = dict(op.responses)
    else:
        content = {"application/json": {"schema": op.response}}
        if op.csv:
            content["text/csv"] = {"schema": {"type": "string"}}
        out = {"200": {"description": "OK", "content": content}}
    out.update({code: _error(text) for code, text in ERRORS.items()})
    if "{" in op.path or op.method != "get":
        out["404"] = _error("未找到 (no such code)")
    if op.method != "get":
        out["413"] = _error("上传内容过大 (file too large)")
    return out


def _operation(op: Operation) -> dict:
    out = {"summary": op.summary, "tags": [op.tag], "operationId": f"{op.method}_{op.path}".replace("/", "_")
           .replace("{", "").replace("}", "").strip("_"),
           "parameters": [p.openapi() for p in op.params], "responses": _responses(op)}
    if op.description:
        out["description"] = op.description
    if op.request_body:
        out["requestBody"] = op.request_body
    return out


def served(op: Operation) -> bool:
    """True when some route of this app answers op (so the spec never lists a missing endpoint)."""
    rule_path = op.path.replace("{", "<").replace("}", ">")
    return any(r.rule == rule_path and op.method.upper() in (r.methods or ())
               for r in current_app.url_map.iter_rules())


def build_spec() -> dict:
    """The OpenAPI 3.0.3 document of the served /api/v1 operations (registry.OPERATIONS), with the
    shared Error schema and bearer security; enums (region and indicator codes) are read from the catalogue now.
    """
    paths: dict = {}
    for op in OPERATIONS:
        if served(op):
            paths.setdefault(op.path, {})[op.method] = _operation(op)
    return {
        "openapi": "3.0.3",
        "info": {"title": "县域科技指标看板 API", "version": VERSION,
                 "description": "Published county S&T figures with 同比, 位次 and 占比. Read endpoints need a "
                                "signed-in session or `Authorization: Bearer <token>` (any role), unless the "
                                "server runs with PUBLIC_VIEW=1. Lists page with limit/offset and carry "
                                "`total` and a `next` link; add `format=csv` for CSV."},
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}, {"sessionCookie": []}],
        "tags": [{"name": "catalogue", "description": "地区与指标目录"},
                 {"name": "data", "description": "已发布数据"},
                 {"name": "imports", "description": "数据导入"},
                 {"name": "revisions", "description": "修订的提交、发布、退回与撤回"}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "API token (cst_…)"},
                "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "schemas": {"Error": S.ERROR, "Region": S.REGION, "Indicator": S.INDICATOR,
                        "Observation": S.OBSERVATION},
        },
    }
