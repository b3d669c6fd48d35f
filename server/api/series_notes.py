"""Series breaks (口径调整) and explanatory notes on figures, over HTTP: list them, and record one (approver or
admin). Recording is audited (store.add_annotation writes the audit row) and bumps the data version, so the
trends charts, the 同比/CAGR rules and the exports see it at once."""
from __future__ import annotations
from typing import TYPE_CHECKING

from flask import Blueprint, jsonify, request

from data import store
from data.workflow import annotations
from data.db import reading
from server.api.registry import Operation, document
from server.auth import roles_required
from server.context import engine, snapshot

if TYPE_CHECKING:
    import pandas as pd

bp = Blueprint("api_v1_annotations", __name__, url_prefix="/api/v1")

KINDS = annotations.KINDS
ANNOTATION = {"type": "object", "required": ["indicator", "period", "kind", "text"], "properties": {
    "indicator": {"type": "string"}, "region": {"type": "string", "nullable": True,
                                                "description": "empty: every region"},
    "period": {"type": "string", "example": "2021"}, "kind": {"type": "string", "enum": list(KINDS)},
    "text": {"type": "string", "minLength": 1, "maxLength": 500}}}

document(Operation(method="get", path="/api/v1/annotations", tag="data",
                   summary="口径调整与说明 Series breaks and notes",
                   response={"type": "object", "properties": {"items": {"type": "array", "items": ANNOTATION}}}))
document(Operation(method="post", path="/api/v1/annotations", tag="data",
                   summary="记录口径调整或说明 Record a series break or a note",
                   description="Needs the approver or admin role; audited.",
                   request_body={"required": True, "content": {"application/json": {"schema": ANNOTATION}}},
                   responses={"200": {"description": "recorded", "content": {"application/json": {"schema": {
                       "type": "object", "properties": {"annotation": ANNOTATION,
                                                         "data_version": {"type": "integer"}}}}}}}))


@bp.get("/annotations")
@roles_required()
def list_annotations():
    """GET /api/v1/annotations: every series note (indicator, region, period, kind, text) as
    {"items": [...]}, missing values as null.
    """
    with reading(engine()) as conn:
        frame = store.load_annotations(conn)
    return jsonify(items=[{k: (None if v is None or v != v else v) for k, v in r.items()}
                          for r in frame.astype(object).to_dict("records")])


def parse(body: dict, regions: pd.DataFrame) -> dict:
    """The annotation in a request body, checked (data.workflow.annotations.check, the /notes page's check too):
    UserError (400) names the field to fix. regions: the snapshot's regions (code column)."""
    return annotations.check(body, regions["code"].astype(str))


@bp.post("/annotations")
@roles_required("approver", "admin")
def add_annotation():
    """POST /api/v1/annotations (approver, admin): add a series note from the JSON body (see parse);
    answers the note and the new data_version. Raises UserError (400) for a malformed body.
    """
    from server.auth import current_username

    a = parse(request.get_json(silent=True) or {}, snapshot().regions)
    version = annotations.record(engine(), a, current_username())
    return jsonify(annotation=a, data_version=version)
