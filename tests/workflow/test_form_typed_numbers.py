"""在线填报 reads what the user typed by the importer's own number rules (the form posts text, never a masked
number): "2,190,000" is 2190000; "1,02", "15898万元" and a negative count are refused, each named by its indicator
and cell; nothing is reshaped silently (stop 25 break pass: a typed "," became a decimal point, a "-" vanished)."""
import json

from data.workflow.form import form_file
from test_wf_paths import callback_key
from wf_helpers import client_for

CODES = ["GDP", "TSME", "HNTE", "TECH_CONTRACT", "FISCAL_EXP"]


def test_the_file_keeps_the_typed_text():
    name, data = form_file("130534", "清河县", "2024Q2", {"GDP": "2,190,000", "HNTE": None, "TSME": 40.0,
                                                        "TECH_CONTRACT": "  "})
    lines = data.decode("utf-8-sig").splitlines()
    assert name == "在线填报-清河县-2024Q2.csv"
    assert lines[1] == '130534,清河县,GDP,地区生产总值,2024Q2,是,"2,190,000",万元,正式,'
    assert lines[2] == "130534,清河县,TSME,科技型中小企业（入库）数,2024Q2,否,40,家,正式,"
    assert len(lines) == 3


def _check(app, typed: list[str]) -> str:
    c = client_for(app, "staff")
    key = callback_key(app, "upload-form-check.children")
    ids = [{"type": "upload-form-value", "ind": code} for code in CODES]
    nids = [{"type": "upload-form-vnote", "ind": code} for code in CODES]
    sids = [{"type": "upload-form-status", "ind": code} for code in CODES]
    outputs = [{"id": "upload-form-check", "property": "children"},
               {"id": "upload-form-submit", "property": key.split("upload-form-submit.")[1].rstrip(".")}]
    resp = c.post("/_dash-update-component", json={
        "output": key, "outputs": outputs,
        "inputs": [[{"id": i, "property": "value", "value": v} for i, v in zip(ids, typed)],
                   [{"id": i, "property": "value", "value": ""} for i in nids],
                   [{"id": i, "property": "value", "value": "final"} for i in sids]],
        "changedPropIds": [json.dumps(ids[0], separators=(",", ":")) + ".value"],
        "state": [[{"id": i, "property": "id", "value": i} for i in ids],
                  [{"id": i, "property": "id", "value": i} for i in nids],
                  [{"id": i, "property": "id", "value": i} for i in sids],
                  {"id": "upload-form-region", "property": "value", "value": "130534"},
                  {"id": "upload-form-period", "property": "value", "value": "2024Q2"},
                  {"id": "upload-form-ctx", "property": "data", "value": {"lang": "zh"}}]})
    assert resp.status_code == 200, resp.text
    return resp.get_json()["response"]


def _texts(node: object) -> list[str]:
    """Every text child of a Dash component tree, in order."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for n in node for t in _texts(n)]
    if isinstance(node, dict):
        return _texts(node.get("props", {}).get("children")) if "props" in node else []
    return []


def test_typed_numbers_are_read_or_refused_by_the_importer_rules(app):
    out = _check(app, ["2,190,000", "-3", "1,02", "４８６００", "15898万元"])
    assert _texts(out["upload-form-check"]["children"]) == [
        "共 3 个数值；错误 3 个，警告 0 个",
        "高新技术企业数：不是有效数字（请填写纯数字（可带千分位逗号）；缺报请填“—”，不要填文字或公式）",
        "一般公共预算支出：不是有效数字（请填写纯数字（可带千分位逗号）；缺报请填“—”，不要填文字或公式）",
        "科技型中小企业（入库）数：数值为负数（该指标不应为负，请核对符号）"]
    assert out["upload-form-submit"]["disabled"] is True


def test_typed_thousands_and_full_width_digits_pass(app):
    out = _check(app, ["2,190,000", "", "", "４８６００", ""])
    assert _texts(out["upload-form-check"]["children"]) == ["共 2 个数值；错误 0 个，警告 0 个"]
    assert out["upload-form-submit"]["disabled"] is False
