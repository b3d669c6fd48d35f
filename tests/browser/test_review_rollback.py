"""/review as an approver: publish a correction, roll it back, and the figure published before returns."""
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "imports"))
from workbooks import long_form  # noqa: E402

pytestmark = pytest.mark.browser
KEY = {"indicator": "HNTE", "region": "130534", "period": "2020"}  # a past year of the demo data


def figure(page, server) -> float:
    r = page.request.get(server.url + "/api/v1/observations", params={**KEY, "ytd": "false"})
    assert r.ok, r.text()
    items = r.json()["items"]
    assert len(items) == 1, items
    return items[0]["value"]


def choose(page, select_id: str, starts_with: str) -> None:
    if page.input_value(f"#{select_id}").startswith(starts_with):
        return  # already chosen: clicking the option again would deselect it
    page.click(f"#{select_id}")
    page.get_by_role("option").filter(has_text=starts_with).first.click()
    page.wait_for_function("([sel, text]) => document.querySelector(sel).value.startsWith(text)",
                           arg=[f"#{select_id}", starts_with])


def test_approver_rolls_back_a_published_revision_and_the_previous_figure_returns(live_server, login_as, tmp_path):
    page = login_as("approver")
    before = figure(page, live_server)
    corrected = before + 7
    # An uploader's correction, submitted from the command line (another user than the approver).
    f = tmp_path / "清河2020更正.xlsx"
    f.write_bytes(long_form([[KEY["region"], "清河县", KEY["indicator"], "高新技术企业数", KEY["period"], "否",
                              corrected, "家", "正式", "更正"]]))
    done = live_server.cli("import", str(f), "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    rev = json.loads(done.stdout)["revision"]
    label = f"批次 {rev}："

    page.goto(live_server.url + "/review")
    page.wait_for_selector("#review-select")
    choose(page, "review-select", label)
    page.wait_for_function("() => document.querySelector('#review-preview-counts')?.innerText.includes('替换已发布数据 1 个')")
    page.click("#review-publish")
    page.wait_for_selector("#review-modal-text")
    assert f"发布批次 {rev}：发布后 1 个数值替换已发布数据" in page.inner_text("#review-modal-text")
    page.click("#review-confirm")
    page.wait_for_selector("#review-message")
    assert f"批次 {rev} 已发布" in page.inner_text("#review-message")
    assert figure(page, live_server) == corrected

    choose(page, "review-rollback-select", label)
    page.click("#review-rollback")  # report 5 #7: no reason, no rollback (asked before any confirmation)
    page.wait_for_function("() => document.querySelector('#review-message')?.innerText.includes('请填写撤回原因')")
    assert not page.is_visible("#review-modal-text")
    page.fill("#review-rollback-reason", "数字有误，撤回")
    page.click("#review-rollback")
    page.wait_for_selector("#review-modal-text")
    assert f"撤回批次 {rev}：撤回后 1 个数值恢复为此前发布的值" in page.inner_text("#review-modal-text")
    assert page.inner_text("#review-modal-comment") == "撤回原因：数字有误，撤回"
    page.click("#review-confirm")
    page.wait_for_function("rev => document.querySelector('#review-message')?.innerText.includes(`批次 ${rev} 已撤回`)",
                           arg=rev)
    assert page.inner_text("#review-message") == (
        f"批次 {rev} 已撤回：1 个数值恢复为此前发布的值，0 个数值不再有已发布值（0 个已被更晚的批次替换，不受影响）；提交人已收到撤回原因。")
    assert figure(page, live_server) == before
    # It is no longer offered for rollback.
    page.click("#review-rollback-select")
    assert page.get_by_role("option").filter(has_text=label).count() == 0
