"""Issue 11 finding 6 through the page: the "apply mapping" callback stores only what the upload left
unmatched, only catalogue codes; a tampered select id or value is refused with a message, nothing stored.
The admin page lists and revokes what was stored."""
from __future__ import annotations
from typing import TYPE_CHECKING

import json
import sys
from pathlib import Path


from workbooks import wide_report

if TYPE_CHECKING:
    from dash import Dash

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "auth"))
from auth_helpers import UPLOAD_OUTPUTS as UPLOAD, add_user, callback_body, login, upload_transfer  # noqa: E402



def _body(app: Dash, transfer: dict, staged: dict | None, trigger: str, values: list, ids: list) -> dict:
    body = callback_body(app, UPLOAD, inputs={"upload-transfer.data": transfer, "upload-map-apply.n_clicks": 1,
                                              "upload-include-hidden.checked": False},
                         state={"upload-staged.data": staged, "upload-lang.data": "zh"})
    body["changedPropIds"] = [trigger]
    body["state"] += [[{"id": i, "property": "value", "value": v} for i, v in zip(ids, values)],
                      [{"id": i, "property": "id", "value": i} for i in ids]]
    return body


def _stored(app: Dash) -> list:
    from data.db import reading
    from data.imports import mappings
    from server.context import EXT

    with reading(app.server.extensions[EXT].engine) as conn:
        return mappings.list_all(conn)


def test_tampered_mapping_ids_and_values_are_refused(app):
    staff = app.server.test_client()
    login(staff, "staff", add_user(app, "staff", ["uploader"]))
    data = wide_report(names=["清河县", "威县", "市本级"], rd=[1, 2, 3], hnte=[1, 2, 3], tc=[(1, 1, 1)] * 3,
                       total_row=False)
    contents = upload_transfer(staff, "x.xlsx", data)
    first = staff.post("/_dash-update-component", json=_body(app, contents, None, "upload-transfer.data", [], []))
    out = first.get_json()["response"]
    staged = out["upload-staged"]["data"]
    ids = [c["props"]["id"] for row in out["upload-map-list"]["children"] for c in row["props"]["children"]
           if isinstance(c.get("props", {}).get("id"), dict)]
    assert [i["label"] for i in ids] == ["市本级"]
    layout = ids[0]["layout"]
    tampered = [
        ([{"type": "upload-map", "kind": "region", "layout": layout, "label": "清河县"}], ["130535"]),  # poisoning
        (ids, ["999999"]),                                                                              # no such code
        ([{"type": "upload-map", "kind": "county", "layout": layout, "label": "市本级"}], ["130500"]),   # bad kind
    ]
    for tids, values in tampered:
        resp = staff.post("/_dash-update-component",
                          json=_body(app, contents, staged, "upload-map-apply.n_clicks", values, tids))
        assert resp.status_code == 200, resp.text[:300]
        assert "upload-error" in json.dumps(resp.get_json(), ensure_ascii=False)
    assert _stored(app).empty
    # The honest choice is stored, with who made it; the report then says where it applied.
    ok = staff.post("/_dash-update-component",
                    json=_body(app, contents, staged, "upload-map-apply.n_clicks", ["130500"], ids))
    report = json.dumps(ok.get_json(), ensure_ascii=False)
    assert "按已记住的映射识别" in report and "upload-error" not in report
    assert _stored(app)[["label", "code", "created_by"]].values.tolist() == [["市本级", "130500", "staff"]]


def test_admin_page_lists_and_revokes(app):
    from data import schema, store
    from server.context import EXT

    with app.server.extensions[EXT].engine.begin() as conn:
        conn.execute(schema.import_mappings.insert().values(layout="wide:0123456789abcdef", kind="region",
                                                            label="市本级", code="130500", action="map",
                                                            created_by="staff", created_at=store.now()))
    admin = app.server.test_client()
    login(admin, "root", add_user(app, "root", ["admin"]))
    grid = admin.post("/_dash-update-component", json=callback_body(
        app, "admin-mappings-grid.rowData", {"admin-refresh.data": 0}, {"admin-lang.data": "zh"}))
    rows = grid.get_json()["response"]["admin-mappings-grid"]["rowData"]
    assert [(r["label"], r["code"], r["created_by"]) for r in rows] == [("市本级", "130500", "staff")]
    revoke = callback_body(app, "..admin-mapping-result.children...admin-refresh.data..",
                           {"admin-mapping-revoke.n_clicks": 1},
                           {"admin-mapping-id.value": rows[0]["id"], "admin-refresh.data": 0, "admin-lang.data": "zh"})
    key = next(k for k in app.callback_map if k.startswith("..admin-mapping-result.children"))
    revoke["output"] = key
    done = admin.post("/_dash-update-component", json=revoke)
    assert "已撤销映射" in json.dumps(done.get_json(), ensure_ascii=False)
    assert _stored(app).empty
    viewer = app.server.test_client()
    login(viewer, "vv", add_user(app, "vv", ["viewer", "uploader", "approver"]))
    assert viewer.post("/_dash-update-component", json=revoke).status_code == 403
