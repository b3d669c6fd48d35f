"""口径调整与说明 (/notes): an approver records a series break or a note through the page's callback (the same check
and write as POST /api/v1/annotations: data.workflow.annotations); it is audited and listed at once; a bad field
answers a red alert naming it; other roles are refused by the review- id guard."""
from __future__ import annotations

import json

from auth_helpers import callback_body

OUT = "..review-notes-result.children...review-notes-list.children.."


def _body(app, **fields):
    state = {f"review-notes-{k}.value": v for k, v in {"indicator": "RD_EXP", "region": "130534", "period": "2024",
                                                        "kind": "series_break", "text": "2024年起含规下企业"}.items()}
    state.update({f"review-notes-{k}.value": v for k, v in fields.items()})
    state["review-notes-lang.data"] = "zh"
    return callback_body(app, OUT, {"review-notes-save.n_clicks": 1}, state)


def test_an_approver_records_a_break_on_the_page(app, client_as, audit_actions):
    resp = client_as("approver").post("/_dash-update-component", json=_body(app))
    assert resp.status_code == 200, resp.text
    text = json.dumps(resp.json, ensure_ascii=False)
    assert "已记录：2024" in text and "2024 · R&D经费 · 清河县 · 口径调整：2024年起含规下企业" in text
    assert ("approver1", "annotation.add", "RD_EXP/130534/2024") in audit_actions()
    listed = client_as("approver").get("/api/v1/annotations").json["items"]
    assert {"indicator": "RD_EXP", "region": "130534", "period": "2024", "kind": "series_break",
            "text": "2024年起含规下企业"} in listed


def test_a_bad_field_is_named_and_nothing_is_written(app, client_as, audit_actions):
    resp = client_as("approver").post("/_dash-update-component", json=_body(app, period="2024年"))
    assert resp.status_code == 200
    assert "期别格式应为 2023、2023Q3 或 2023M09" in json.dumps(resp.json, ensure_ascii=False)
    resp = client_as("approver").post("/_dash-update-component", json=_body(app, text="  "))
    assert "请填写说明文字（1—500字）" in json.dumps(resp.json, ensure_ascii=False)
    assert not [a for a in audit_actions() if a[1] == "annotation.add"]


def test_other_roles_are_refused(app, client_as):
    for role in ("viewer", "uploader", None):
        assert client_as(role).post("/_dash-update-component", json=_body(app)).status_code in (401, 403)


def test_the_page_renders_for_an_approver_with_its_form(app, client_as):
    """The layout itself, through Dash's page callback as the browser asks for it (a component given a prop it
    does not take raises there: the page was blank for every approver while the save callback still passed)."""
    for lang, title in (("zh", "口径调整与说明"), ("en", "Series breaks and notes")):
        body = callback_body(app, ".._pages_content.children..._pages_store.data..",
                             {"_pages_location.pathname": "/notes", "_pages_location.search": f"?lang={lang}"})
        resp = client_as("approver").post("/_dash-update-component", json=body)
        assert resp.status_code == 200, resp.text
        text = json.dumps(resp.json, ensure_ascii=False)
        assert title in text and "page-forbidden" not in text
        for part in ("indicator", "region", "period", "kind", "text", "save", "list"):
            assert f'"review-notes-{part}"' in text
        assert '"inputProps": {"maxLength": 500}' in text  # the length the server checks, also in the <textarea>
        # one region (or every region) per note: labelled 地区 / Region, not the trends page's 可多选对比
        assert _props(resp.json, "review-notes-region")["label"] == {"zh": "地区", "en": "Region"}[lang]


def _props(tree: object, component_id: str) -> dict | None:
    """The props of the component with `component_id` in a Dash layout as JSON."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == component_id:
            return tree["props"]
        tree = list(tree.values())
    if isinstance(tree, list):
        for child in tree:
            found = _props(child, component_id)
            if found is not None:
                return found
    return None
