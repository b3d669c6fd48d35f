"""Report 5 in the browser: /review flags a pending batch older than a published correction (and warns in the
publish confirmation), keeps the shown batch when it is picked again, asks a reason before rolling back;
/submissions shows who rolled back, when and why and lets the submitter withdraw (作废) a pending batch; /form
offers each figure's status, defaulting to the published one it replaces."""
import pytest
from browser_helpers import import_one, login, pick_option, published_value

pytestmark = pytest.mark.browser
KEY = {"indicator": "HNTE", "region": "130534", "period": "2021"}  # a past year of the demo data


def test_stale_batch_rollback_reason_and_withdrawal(live_server, login_as, browser, tmp_path):
    page = login_as("approver")
    before = published_value(page, live_server, KEY)
    uploader = live_server.accounts["uploader"][0]
    older = import_one(live_server, tmp_path / "更正.xlsx", KEY, "高新技术企业数", before + 3, "家", user=uploader)
    newer = import_one(live_server, tmp_path / "再次更正.xlsx", KEY, "高新技术企业数", before + 4, "家", user=uploader)
    approver = live_server.accounts["approver"][0]

    page.goto(live_server.url + "/review")
    page.wait_for_selector("#review-select")
    pick_option(page, "review-select", f"批次 {newer}：", again=True)
    page.wait_for_selector("#review-preview-counts")
    page.click("#review-publish")
    page.wait_for_selector("#review-modal-text")
    assert page.inner_text("#review-modal-warning") == ""
    page.click("#review-confirm")
    page.wait_for_function("rev => document.querySelector('#review-message')?.innerText.includes(`批次 ${rev} 已发布`)",
                           arg=newer)

    pick_option(page, "review-select", f"批次 {older}：", again=True)
    assert page.input_value("#review-select").endswith(f"（⚠ 早于已发布的批次 {newer}）")  # said in the list too
    page.wait_for_selector("#review-superseded-0")
    flag = page.inner_text("#review-superseded-0")
    assert f"本批次提交之后，批次 {newer} 已由 {approver} 于 " in flag
    assert f"发布本批次将撤销其中 1 个数值（已发布值→本批次值）：高新技术企业数 清河县 2021年 {before + 4:.0f}→{before + 3:.0f}。" in flag
    # picking the shown batch again keeps it (allowDeselect=False), never "暂无待审核的批次"
    pick_option(page, "review-select", f"批次 {older}：", again=True)
    assert page.is_visible("#review-superseded-0") and "暂无待审核的批次" not in page.inner_text("#review-detail")
    page.click("#review-publish")
    page.wait_for_selector("#review-modal-text")
    assert "发布本批次将撤销其中 1 个数值" in page.inner_text("#review-modal-warning")
    page.click("#review-cancel")

    pick_option(page, "review-rollback-select", f"批次 {newer}：", again=True)
    page.fill("#review-rollback-reason", "核实后再报")
    page.click("#review-rollback")
    page.wait_for_selector("#review-modal-text")
    page.click("#review-confirm")
    page.wait_for_function("rev => document.querySelector('#review-message')?.innerText.includes(`批次 ${rev} 已撤回`)",
                           arg=newer)
    assert published_value(page, live_server, KEY) == before

    ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    try:
        up = ctx.new_page()
        login(up, live_server, "uploader")
        up.goto(live_server.url + "/submissions")
        up.wait_for_selector(f"#mysub-row-{newer}")
        assert f"{approver} 于 " in up.inner_text(f"#mysub-row-{newer} .mysub-closing")
        assert up.inner_text(f"#mysub-row-{newer} .mysub-closing").endswith(" 撤回，原因：核实后再报")
        notes = up.inner_text("#mysub-notifications")
        assert f"批次 {newer} 已于 " in notes and f"被 {approver} 撤回，其数值不再作为已发布数据。撤回原因：核实后再报" in notes
        up.click(f"#mysub-row-{older} .mysub-cancel")
        up.wait_for_selector("#upload-mysub-modal-text")
        assert up.inner_text("#upload-mysub-modal-text").startswith(f"撤回并作废批次 {older}：该批次不再等待审核，也不会发布")
        up.fill("#mysub-cancel-note", "已被更正取代")
        up.click("#mysub-cancel-confirm")
        up.wait_for_selector("#mysub-message")
        assert up.inner_text("#mysub-message") == f"批次 {older} 已撤回作废，审核人已收到通知。"
        up.wait_for_selector(f"#mysub-row-{older} .mysub-state-cancelled")
        assert up.inner_text(f"#mysub-row-{older} .mysub-closing").endswith(" 撤回作废，说明：已被更正取代")
        assert up.locator(f"#mysub-row-{older} .mysub-cancel").count() == 0

        # /form: every 2026年三季度 figure of the demo is 快报, so each input offers 快报 by default
        up.goto(live_server.url + "/form")
        up.wait_for_selector("#form-row-RD_EXP")
        assert up.locator("#form-row-RD_EXP .form-status input").first.input_value() == "快报"
    finally:
        ctx.close()
    r = page.request.get(live_server.url + "/api/v1/revisions", params={"status": "cancelled"})
    assert [x["id"] for x in r.json()["items"]] == [older]
