"""Issue 12, point 5 on the page: a 19 MB workbook (limit 20 MB) is taken and reported; a 21 MB one gets
the Chinese message. The file travels as multipart (assets/40_upload.js), not base64 in a callback."""
from __future__ import annotations

import base64
import io
import random

import pytest
from openpyxl import Workbook

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MB = 1024 * 1024


def padded_workbook(target_mb: float) -> bytes:
    """One real figure on the 数据 sheet, and a hidden 附件 sheet of long random texts (30,000 characters a
    cell, far under the bounds: a few hundred rows, one column) that makes the file `target_mb` big."""
    def build(cells: int) -> bytes:
        wb = Workbook()
        ws = wb.active
        ws.title = "数据"
        ws.append(["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态", "备注"])
        ws.append(["130534", "清河县", "HNTE", "高新技术企业数", "2023", "否", 69, "家", "正式", ""])
        pad = wb.create_sheet("附件")
        pad.sheet_state = "hidden"
        rnd = random.Random(7)
        for _ in range(cells):
            pad.append([base64.b64encode(rnd.randbytes(22_500)).decode()])  # 30,000 characters
        bio = io.BytesIO()
        wb.save(bio)
        return bio.getvalue()

    per_cell = len(build(40)) / 40  # bytes a padding cell adds once compressed
    data = build(int(target_mb * MB / per_cell))
    while len(data) > target_mb * MB:
        data = build(int((target_mb * MB - (len(data) - target_mb * MB) * 2) / per_cell))
    return data


@pytest.fixture(scope="module")
def files():
    return {"19": padded_workbook(19.0), "21": padded_workbook(21.2)}


def test_a_19_mb_workbook_is_taken_and_a_21_mb_one_refused_in_chinese(login_as, live_server, files):
    assert 18 * MB < len(files["19"]) <= 19 * MB and len(files["21"]) > 21 * MB
    page = login_as("uploader")
    page.goto(live_server.url + "/upload")
    page.wait_for_selector("#upload-file")
    page.set_input_files("#upload-file input[type=file]",
                         files=[{"name": "清河-19MB.xlsx", "mimeType": XLSX, "buffer": files["19"]}])
    page.wait_for_function("() => (document.querySelector('#upload-file-name') || {}).innerText?.includes('清河-19MB')",
                           timeout=240_000)
    page.wait_for_selector("#upload-counts")
    assert "共 1 个数值" in page.inner_text("#upload-counts")
    page.set_input_files("#upload-file input[type=file]",
                         files=[{"name": "清河-21MB.xlsx", "mimeType": XLSX, "buffer": files["21"]}])
    page.wait_for_selector("#upload-error", timeout=60_000)
    msg = page.inner_text("#upload-error")
    assert "清河-21MB.xlsx" in msg and "超过 20 MB 的上限" in msg
    assert not page.console_errors
