"""/review in English (bw10): a batch's rows carry the importer's warnings in the page language and name the online
form's own sheet as its file is named ("Online form, Qinghe County, 2021 G2"), never "同比变化幅度过大…" or
"在线填报-清河县-2021 G2" on an English page; the Chinese page keeps both in Chinese."""
import json
import re

import pytest
from browser_helpers import pick_option

pytestmark = pytest.mark.browser
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_review_rows_in_the_page_language(live_server, login_as, tmp_path):
    from data.workflow.form import form_file

    name, data = form_file("130534", "清河县", "2021", {"HNTE": 200.0}, statuses={"HNTE": "final"})
    (tmp_path / name).write_bytes(data)
    done = live_server.cli("import", "--user", live_server.accounts["uploader"][0], str(tmp_path / name), "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    rev = json.loads(done.stdout)["revision"]

    page = login_as("approver")
    for lang, batch, warning, cell in [
            ("en", f"Batch {rev}:", "Large year-on-year change: YoY +354.55% (last year 44)", "Online form, Qinghe County, 2021 G2"),
            ("zh", f"批次 {rev}：", "同比变化幅度过大：同比 +354.55%（上年同期 44）", "在线填报-清河县-2021 G2")]:
        page.goto(live_server.url + f"/review?lang={lang}")
        page.wait_for_selector("#review-select")
        pick_option(page, "review-select", batch, again=True)
        page.wait_for_selector("#review-rows-grid .ag-row")
        row = page.locator("#review-rows-grid .ag-center-cols-container .ag-row").first
        texts = {c.get_attribute("col-id"): c.inner_text() for c in row.locator(".ag-cell").all()}
        assert (texts["warning"], texts["cell"]) == (warning, cell), texts
        if lang == "en":
            assert [v for k, v in texts.items() if HAN.search(v)] == [], texts
