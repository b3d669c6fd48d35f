"""Upload → error report → fixed file → submit → another user approves → the overview shows the figure."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "imports"))
from workbooks import long_form  # noqa: E402

from browser_helpers import login  # noqa: E402

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(value, note=""):
    # 2025: a year that has ended (a period that has not ended is refused, issue 14)
    return long_form([["130534", "清河县", "HNTE", "高新技术企业数", "2025", "否", value, "家", "正式", note]])


def upload(page, name, data):
    page.set_input_files("#upload-file input[type=file]", files=[{"name": name, "mimeType": XLSX, "buffer": data}])


def test_upload_fix_submit_approve_and_see_it_on_the_overview(live_server, browser, login_as):
    page = login_as("uploader")
    page.goto(live_server.url + "/upload")
    page.wait_for_selector("#upload-file")
    # 1. A file with a text value: the report names the cell and nothing can be submitted.
    upload(page, "清河2026.xlsx", workbook("九十八<script>alert(1)</script>"))
    page.wait_for_selector("#upload-errors-grid .ag-row")
    grid = page.inner_text("#upload-errors-grid")
    assert "G2" in grid and "不是有效数字" in grid and "<script>" in grid  # shown as text, never run
    assert page.is_disabled("#upload-submit")
    # 2. The fixed file: no errors, the preview says one figure changes; submit it.
    upload(page, "清河2026-修正.xlsx", workbook(98))
    page.wait_for_selector("#upload-preview-counts")
    page.wait_for_selector("#upload-errors-grid", state="detached")
    assert "修改 1" in page.inner_text("#upload-preview-counts")
    page.click("#upload-submit")
    page.wait_for_selector("#upload-submitted")
    assert "已提交" in page.inner_text("#upload-submitted")
    assert not [e for e in page.console_errors if "alert" in e]

    # 3. The approver — another account — publishes it.
    ctx = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    approver = ctx.new_page()
    try:
        login(approver, live_server, "approver")
        approver.goto(live_server.url + "/review")
        approver.wait_for_selector("#review-preview-counts")
        assert "替换已发布数据 1 个" in approver.inner_text("#review-preview-counts")
        approver.click("#review-publish")
        approver.wait_for_selector("#review-modal-text")  # the confirmation restates the change
        assert "发布后 1 个数值替换已发布数据" in approver.inner_text("#review-modal-text")
        approver.click("#review-confirm")
        approver.wait_for_selector("#review-message")
        assert "已发布" in approver.inner_text("#review-message")
        # 4. The overview, for the period uploaded (its default is the latest period reported), shows the new figure.
        approver.goto(live_server.url + "/?period=2025")
        approver.wait_for_selector("#kpi-HNTE")
        card = approver.inner_text("#kpi-HNTE")
        assert "98" in card and "2025" in card
    finally:
        ctx.close()
