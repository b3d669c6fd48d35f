"""A column header the matcher does not know: shown unmatched, mapped in the page, remembered for the layout."""
import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "imports"))
from workbooks import XINGTAI, wide_report  # noqa: E402

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNKNOWN = "研发投入（万元）"  # not an alias of RD_EXP: suggested, never applied automatically
RD_OPTION = "研究与试验发展(R&D)经费（万元）"
ROWS = len(XINGTAI) * 5  # 18 counties, five indicator columns; the 全市合计 (no zone row) is the counties' total,
#                          checked and not stored as the city's (docs/IMPORTS.md, totals)


def report(year: int, scale: int = 1) -> bytes:
    """The city's wide report for a year before the demo data (no history to clash with)."""
    n = len(XINGTAI)
    return wide_report(period=f"{year}年", rd_header=UNKNOWN, rd=[(500 + 50 * i) * scale for i in range(n)],
                       hnte=[(20 + i) * scale for i in range(n)],
                       tc=[((5000 + 100 * i) * scale, (3000 + 100 * i) * scale, (500 + 10 * i) * scale) for i in range(n)])


def upload(page, name, data):
    page.set_input_files("#upload-file input[type=file]", files=[{"name": name, "mimeType": XLSX, "buffer": data}])
    page.wait_for_function("name => (document.querySelector('#upload-file-name') || {}).innerText?.includes(name)", arg=name)


def counts(page) -> str:
    return page.inner_text("#upload-counts")


def test_unmatched_column_mapped_in_the_page_is_remembered_for_the_layout(live_server, login_as):
    page = login_as("uploader")
    page.goto(live_server.url + "/upload")
    page.wait_for_selector("#upload-file")

    upload(page, "邢台2018.xlsx", report(2018))
    page.wait_for_selector("#upload-map-box", state="visible")
    assert UNKNOWN in page.inner_text("#upload-map-list") and "C4" in page.inner_text("#upload-map-list")
    page.wait_for_selector("#upload-errors-grid .ag-row")
    assert "无法识别的指标" in page.inner_text("#upload-errors-grid")
    assert page.is_disabled("#upload-submit")

    select = page.locator("#upload-map-list input").first
    select.click()
    option = page.get_by_role("option", name=RD_OPTION, exact=True)
    if option.get_attribute("aria-selected") == "true":
        page.keyboard.press("Escape")  # already the suggestion: clicking it again would deselect it
    else:
        option.click()
    assert select.input_value() == RD_OPTION
    page.click("#upload-map-apply")
    page.wait_for_selector("#upload-map-box", state="hidden")
    page.wait_for_selector("#upload-errors-grid", state="detached")
    assert re.search(rf"共 {ROWS} 个数值；错误 0 个", counts(page)), counts(page)
    assert page.is_enabled("#upload-submit")
    remembered = json.loads(live_server.cli("import-mappings", "--json").stdout)
    assert [(m["kind"], m["code"]) for m in remembered if "研发投入" in m["label"]] == [("indicator", "RD_EXP")]
    page.click("#upload-submit")
    page.wait_for_selector("#upload-submitted")
    assert "已提交" in page.inner_text("#upload-submitted")

    # The same layout again (another year, other figures): the mapping is remembered, nothing to map.
    page.goto(live_server.url + "/upload")
    page.wait_for_selector("#upload-file")
    upload(page, "邢台2017.xlsx", report(2017, scale=2))
    page.wait_for_selector("#upload-preview-counts")
    assert re.search(rf"共 {ROWS} 个数值；错误 0 个", counts(page)), counts(page)
    assert page.is_hidden("#upload-map-box")
    assert page.locator("#upload-errors-grid").count() == 0
    assert page.is_enabled("#upload-submit")
    assert not page.console_errors, page.console_errors
