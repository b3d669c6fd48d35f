"""br10: an NBS form's header block names the form's designer, not the reporting unit.

A single unit's form (统计报表) opens with 表号 / 制定机关 / 批准文号 / 有效期至 lines and then the unit's own line
(综合机关名称, 单位名称, 填报单位). When the unit's line was not read — its label carried a bracketed remark
(综合机关名称（盖章）：) — the first header line naming any region was taken: 制定机关：邢台市统计局, so 清河县's figures were
stored as 邢台市's (130500). A unit written with its province (河北省清河县科学技术局) was read as 河北省 and refused as
"「河北省」不是的县（市、区）"; a blank 单位名称： took the next cell's period (2024年1-9月) as the unit's name.
Now (table_shapes._form): the label may carry a bracketed remark, the designer's and the dates' lines
(FORM_AUTHORITY_LINE) never name the unit, a text naming a county and its city or province names the county
(find_region_in_text), and a blank label names nothing: refused asking for the unit, never a guess."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 11, 30)
HEAD = [["表    号：", None, "K301表"], ["制定机关：", None, "邢台市统计局"], ["批准文号：", None, "冀统制〔2023〕12号"],
        ["有效期至：", None, "2026年12月"], ["县域科技创新主要指标"]]
BODY = [["指标名称", "计量单位", "代码", "本期", "上年同期"], ["甲", "乙", "丙", "1", "2"],
        ["研究与试验发展(R&D)经费", "万元", "01", 12305, 10000], ["高新技术企业数", "家", "02", 78, 70],
        [], ["单位负责人：王某", None, "统计负责人：李某", "填表人：赵某", "报出日期：2024年10月15日"]]


def form(unit_line):
    return "k301.xlsx", grid([*HEAD, unit_line, *BODY], title="K301")


@pytest.mark.parametrize("unit_line", [
    ["综合机关名称（盖章）：清河县科技和工业信息化局（130534）", None, None, "2024年1-9月"],
    ["综合机关名称：河北省清河县科学技术局", None, None, "2024年1-9月"],
    ["填报单位(公章)：", "邢台市清河县科学技术局", None, "2024年1-9月"],
    ["综合机关名称：清河县科学技术局", None, None, "2024年1-9月"],
])
def test_the_units_own_line_names_the_unit(analyse, unit_line):
    r = analyse(form(unit_line), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "D10"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "D9")]


def test_a_blank_unit_line_is_refused_never_the_forms_designer(analyse):
    """单位名称： left blank: neither the next cell's period nor 制定机关's 邢台市 is the unit; the import is refused
    asking for the unit in the header (the fix the message gives works: the first case above)."""
    r = analyse(form(["单位名称：", None, None, "2024年1-9月"]), today=TODAY)
    assert refusals(r) == [("no_values", "", ""), ("region_missing", "A6", ""), ("unknown_region", "A6", "")]
    unit = r.errors[r.errors["rule"] == "unknown_region"].iloc[0]
    assert (unit.message_zh, unit.fix_zh) == ("表头未写明填报单位（单位名称或行政区划代码）",
                                              "请在表头填写“单位名称：××县”或“行政区划代码：130534”")
    assert "130500" not in set(r.obs["region"])


def test_without_a_unit_line_the_title_names_the_unit_not_the_designer(analyse):
    """No unit line at all: the title 清河县县域科技创新主要指标 names the unit; 制定机关：河北省统计局 never does."""
    head = [["表    号：", None, "K301表"], ["制定机关：", None, "河北省统计局"], ["清河县县域科技创新主要指标"],
            [None, None, None, "2024年1-9月"]]
    r = analyse(("k.xlsx", grid([*head, *BODY])), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("HNTE", "130534", "2024Q3", False, 78.0, "D8"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "D7")]
