"""English mode of the role pages and the login page: no Chinese in the interface, only in data (file names,
people's names, the cells of an uploaded sheet); region names are English too ("Qinghe County"). Chinese
mode: AG Grid's own texts (pagination) in Chinese too."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "imports"))
from workbooks import long_form  # noqa: E402

pytestmark = pytest.mark.browser
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The interface's own chrome: headings, labels, buttons, tabs, table and grid headers, pagination.
CHROME = ("h1, h2, h3, h4, h5, label, button, th, [role=tab], .mantine-Divider-label, .mantine-NavLink-label,"
          " .ag-header-cell-text, .ag-paging-panel, .ag-overlay, .mantine-Alert-root, .mantine-InputWrapper-description")
LANG_LINK = "中文"  # the switch back to Chinese is labelled in Chinese on purpose


def chinese_in_ui(page, data_selectors: tuple[str, ...] = ()) -> list[str]:
    """CJK runs in the visible text, after taking out data: the given elements and file names. Region names
    are not taken out: English mode names them in English."""
    chrome = page.eval_on_selector_all(CHROME, "els => els.filter(e => e.offsetParent).map(e => e.innerText)")
    text = page.inner_text("body")
    for sel in data_selectors:
        for data in page.eval_on_selector_all(sel, "els => els.map(e => e.innerText.trim())"):
            if data:  # an empty cell: replacing "" would put a space between every character
                text = text.replace(data, " ")
    text = re.sub(r"\S+\.(xlsx|xlsm|xls|csv)\b", " ", text).replace(LANG_LINK, " ")
    found = CJK.findall(text)
    found += [c for c in chrome if c.strip() != LANG_LINK and CJK.search(c)]
    return found


def test_login_page_in_english(live_server, page):
    page.goto(live_server.url + "/login?lang=en")
    page.wait_for_selector("#login-submit")
    assert page.inner_text("#login-submit") == "Log in"
    assert chinese_in_ui(page) == []
    page.click("#auth-lang-switch")
    page.wait_for_selector("#login-submit")
    assert page.inner_text("#login-submit") == "登录" and "lang=en" not in page.url


def test_upload_page_in_english_with_english_validation_messages(live_server, login_as):
    page = login_as("uploader")
    page.goto(live_server.url + "/upload?lang=en")
    page.wait_for_selector("#upload-file")
    assert page.inner_text("#upload-submit") == "Submit for review"
    data = long_form([["130534", "清河县", "HNTE", "高新技术企业数", "2026", "否", "九十八", "家", "正式", "备注"]])
    page.set_input_files("#upload-file input[type=file]",
                         files=[{"name": "清河-i18n.xlsx", "mimeType": XLSX, "buffer": data}])
    page.wait_for_selector("#upload-errors-grid .ag-row")
    messages = page.eval_on_selector_all("#upload-errors-grid .ag-cell[col-id=message]", "els => els.map(e => e.innerText)")
    assert "Not a number" in messages
    # Data in the report (the sheet's own labels and values) may be Chinese; the interface may not.
    data_cells = ",".join(f"#upload-errors-grid .ag-cell[col-id={c}]" for c in ("sheet", "row_label", "col_label", "value"))
    data_cells += ",#upload-skipped-grid .ag-cell[col-id=sheet]"  # the skipped rows name their sheet (data)
    assert chinese_in_ui(page, (data_cells,)) == []


def test_review_page_in_english(live_server, login_as):
    page = login_as("approver")
    page.goto(live_server.url + "/review?lang=en")
    page.wait_for_selector("#review-publish")
    assert page.inner_text("#review-publish") == "Publish"
    page.wait_for_selector("#review-detail *")
    # The first line of a revision's detail is its file name and the uploader's note (data).
    assert chinese_in_ui(page, ("#review-detail > p:first-child", ".ag-cell")) == []


def test_admin_page_in_english(live_server, login_as):
    page = login_as("admin")
    page.goto(live_server.url + "/admin?lang=en")
    page.wait_for_selector("#admin-users-grid td")
    assert page.inner_text("#admin-new-submit") == "Add user"
    people = "#admin-users-grid td:nth-child(2)"  # display names are data
    assert chinese_in_ui(page, (people,)) == []
    page.get_by_role("tab", name="Audit log").click()
    page.wait_for_selector("#admin-audit-grid .ag-paging-panel")
    paging = page.inner_text("#admin-audit-grid .ag-paging-panel")
    assert "Page" in paging and not CJK.search(paging)
    assert chinese_in_ui(page, (people, "#admin-audit-grid .ag-cell")) == []


def test_grids_speak_chinese_by_default(live_server, login_as):
    page = login_as("admin")
    page.goto(live_server.url + "/admin")
    page.get_by_role("tab", name="审计日志").click()
    page.wait_for_selector("#admin-audit-grid .ag-paging-panel")
    paging = page.inner_text("#admin-audit-grid .ag-paging-panel")
    assert "页" in paging and "Page" not in paging
    page.click("#admin-audit-dates")  # Mantine's calendar: dayjs zh-cn month and weekday names
    page.wait_for_selector(".mantine-DatePickerInput-calendarHeaderLevel")
    assert "月" in page.inner_text(".mantine-DatePickerInput-calendarHeaderLevel")
    assert "一" in page.inner_text(".mantine-DatePickerInput-weekdaysRow")
    page.keyboard.press("Escape")
    page.goto(live_server.url + "/data")
    page.wait_for_selector("#data-grid .ag-paging-panel")
    assert "第" in page.inner_text("#data-grid .ag-paging-panel") or "页" in page.inner_text("#data-grid .ag-paging-panel")
    page.goto(live_server.url + "/data?lang=en")
    page.wait_for_selector("#data-grid .ag-row")
    assert "Page" in page.inner_text("#data-grid .ag-paging-panel")
    assert not page.console_errors  # e.g. a vendored locale file that does not parse
