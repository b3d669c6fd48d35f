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


# stop 27: a note saying 清河县's figures are estimates (note_not_actuals), a unit stated in a hidden 计量单位 column
# (unit_hidden), a single month above its 累计 in a monthly 快报 form (single_above_ytd)
NOTE_ESTIMATES = grid([["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）"], ["清河县", 12305], ["威县", 8300],
                       ["注：清河县数据为预计数"]])


def _hidden_unit_form() -> bytes:
    import openpyxl
    from workbooks import save

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["清河县2024年1-9月科技创新主要指标"], ["指标名称", "计量单位", "数值"],
                ["研究与试验发展(R&D)经费", "亿元", 1.2305], ["高新技术企业数", "家", 78]):
        ws.append(row)
    ws.column_dimensions["B"].hidden = True
    return save(wb)


MONTH_ABOVE_YTD = grid([["科技创新主要指标快报"], ["综合机关名称：清河县科学技术局", None, None, "2024年9月"],
                        ["指标名称", "计量单位", "本月", "1-本月累计"], ["研究与试验发展(R&D)经费", "万元", 15000, 12305]])


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("县域科技指标（注释）.xlsx", NOTE_ESTIMATES, ["A5", "「注：清河县数据为预计数」中有“预计”"]),
    ("清河县季报.xlsx", _hidden_unit_form(), ["A3", "隐藏的 B 列 B3「亿元」写明单位为“亿元”"]),
    ("清河县快报.xlsx", MONTH_ABOVE_YTD, ["C4", "当期数 15000 大于本年1—9月累计 12305"]),
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
