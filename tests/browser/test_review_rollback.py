"""/review as an approver: publish a correction, roll it back, and the figure published before returns."""
import pytest
from browser_helpers import import_one, pick_option, published_value

pytestmark = pytest.mark.browser
KEY = {"indicator": "HNTE", "region": "130534", "period": "2020"}  # a past year of the demo data


def test_approver_rolls_back_a_published_revision_and_the_previous_figure_returns(live_server, login_as, tmp_path):
    page = login_as("approver")
    before = published_value(page, live_server, KEY)
    corrected = before + 7
    # An uploader's correction, submitted from the command line (another user than the approver).
    rev = import_one(live_server, tmp_path / "清河2020更正.xlsx", KEY, "高新技术企业数", corrected, "家", note="更正")
    label = f"批次 {rev}："

    page.goto(live_server.url + "/review")
    page.wait_for_selector("#review-select")
    pick_option(page, "review-select", label)
    page.wait_for_function("() => document.querySelector('#review-preview-counts')?.innerText.includes('替换已发布数据 1 个')")
    page.click("#review-publish")
    page.wait_for_selector("#review-modal-text")
    assert f"发布批次 {rev}：发布后 1 个数值替换已发布数据" in page.inner_text("#review-modal-text")
    page.click("#review-confirm")
    page.wait_for_selector("#review-message")
    assert f"批次 {rev} 已发布" in page.inner_text("#review-message")
    assert published_value(page, live_server, KEY) == corrected

    pick_option(page, "review-rollback-select", label)
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
    assert published_value(page, live_server, KEY) == before
    # It is no longer offered for rollback.
    page.click("#review-rollback-select")
    assert page.get_by_role("option").filter(has_text=label).count() == 0
