"""Refusals of issue 12 ("refuse rather than guess") as a staff member sees them on the upload page: the report
names the cell and both sources in Chinese, no figure is offered for submission, and the preview stays empty.
The import tests check the rules themselves; this checks that the page carries them to the user."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "imports"))
from workbooks import grid  # noqa: E402

pytestmark = pytest.mark.browser
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page, name, data):
    page.set_input_files("#upload-file input[type=file]", files=[{"name": name, "mimeType": XLSX, "buffer": data}])


# the title says 2024年1-9月, the sheet's name 2024年1-6月: which period is meant is not certain
PERIODS_DISAGREE = grid([["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "高新技术企业数（家）"],
                         ["清河县", 78], ["威县", 52]], title="2024年1-6月")
# an NBS-style form: the header says 本期（亿元）, the row's 计量单位 万元 (0.83 亿元 or 0.83 万元?)
UNITS_DISAGREE = grid([["县域科技活动情况季报"], ["综合机关名称：威县科学技术局", None, None, "行政区划代码：130533"],
                       ["2024年1-9月"], ["指标名称", "计量单位", "本期（亿元）", "上年同期"],
                       ["研究与试验发展(R&D)经费", "万元", 0.83, None]])


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("县域科技指标.xlsx", PERIODS_DISAGREE, ["A1", "2024年1-9月", "工作表名「2024年1-6月」"]),
    ("威县季报.xlsx", UNITS_DISAGREE, ["B5", "表头 C4 为“亿元”，B5 为“万元”"]),
])
def test_a_refused_file_names_the_cell_and_both_sources_and_offers_nothing(live_server, login_as, name, data,
                                                                         expected):
    page = login_as("uploader")
    page.goto(live_server.url + "/upload")
    page.wait_for_selector("#upload-file")
    upload(page, name, data)
    page.wait_for_selector("#upload-errors-grid .ag-row")
    page.wait_for_function("() => !document.querySelector('#upload-errors-grid .ag-overlay-loading-center')")
    report = page.inner_text("#upload-errors-grid")
    for text in expected:
        assert text in report, (text, report)
    assert page.is_disabled("#upload-submit")
    assert not page.console_errors
