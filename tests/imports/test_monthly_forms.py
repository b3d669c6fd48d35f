"""br8 m01–m05, m11–m13: the statistics bureaus' monthly 快报 form (指标名称 | 计量单位 | 本月 | 1-本月累计 | 上年同期累计 |
同比增长（%）, the report's month above the header) was skipped as no table (unknown_layout, "use the template"), and
under 本月 | 本年累计 the 本月 cells were unread. Each period column is now read as its own period within the report's
(table_shapes._periods_form): 本月 of 2024年9月 is 9月 alone, 1-本月累计 / 本年累计 / 1-9月累计 its 1—9月 累计 (2024Q3),
the 上年同期 and 同比 columns beside the nearest period column on their left only; a period column naming other months
(1-8月累计 under 2024年9月) is refused on its header."""
import datetime as dt

import pytest
from import_checks import refusals, stored
from workbooks import grid

TODAY = dt.date(2026, 1, 10)


def form(cum_head: str, month: str = "2024年9月", unit: str = "清河县") -> tuple[str, bytes]:
    return "m.xlsx", grid([["科技创新主要指标快报"], ["表号：冀科快1表", None, None, "制定机关：河北省科学技术厅"],
                           [f"综合机关名称：{unit}科学技术局", None, None, month],
                           ["指标名称", "计量单位", "本月", cum_head, "上年同期累计", "同比增长（%）"],
                           ["甲", "乙", 1, 2, 3, 4],
                           ["研究与试验发展(R&D)经费", "万元", 1500, 12305, 6700, 83.66],
                           ["技术合同成交额", "万元", 3200, 25168, 26000, -3.2],
                           ["单位负责人：张三", None, "填表人：李四", None, "报出日期：2024年10月10日"]])


def sides(result):
    o = result.obs.sort_values(["indicator", "period"])
    return [(r.indicator, r.period, None if r.base_value != r.base_value else float(r.base_value),
             None if r.reported_yoy != r.reported_yoy else float(r.reported_yoy)) for r in o.itertuples()]


@pytest.mark.parametrize("cum_head", ["1-本月累计", "1至本月累计", "自年初累计", "本年累计", "1-9月累计"])
def test_a_monthly_form_reads_the_month_and_its_year_to_date(analyse, cum_head):
    r = analyse(form(cum_head), today=TODAY)
    assert refusals(r) == []
    assert stored(r) == [("RD_EXP", "130534", "2024M09", False, 1500.0, "C6"),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0, "D6"),
                         ("TECH_CONTRACT", "130534", "2024M09", False, 3200.0, "C7"),
                         ("TECH_CONTRACT", "130534", "2024Q3", True, 25168.0, "D7")]
    assert sides(r) == [("RD_EXP", "2024M09", None, None), ("RD_EXP", "2024Q3", 6700.0, 83.66),
                        ("TECH_CONTRACT", "2024M09", None, None), ("TECH_CONTRACT", "2024Q3", 26000.0, -3.2)]


def test_the_reporting_unit_named_in_the_header_block(analyse):
    r = analyse(form("1-本月累计", unit="威县"), today=TODAY)
    assert refusals(r) == []
    assert {s[1] for s in stored(r)} == {"130533"}


def test_a_period_column_naming_other_months_is_refused_on_its_header(analyse):
    r = analyse(form("1-8月累计"), today=TODAY)
    assert [(x.rule, x.cell) for x in r.errors.itertuples()] == [("missing_period", "D4")]
    assert "表头「1-8月累计」与表头上方的「" in r.errors["message_zh"].iloc[0]
    assert [s[:5] for s in stored(r)] == [("RD_EXP", "130534", "2024M09", False, 1500.0),
                                          ("TECH_CONTRACT", "130534", "2024M09", False, 3200.0)]


@pytest.mark.parametrize("cum_head", ["累计", "本月止累计"])
def test_br9_a_bare_or_nbs_spelled_year_to_date_column(analyse, cum_head):
    """br9 m07, m05: a bare 累计 beside 本月 was read as a 是否累计 label column (12305 lost, and 上年同期累计 / 同比
    given to 本月); 本月止累计 was unread."""
    r = analyse(form(cum_head), today=TODAY)
    assert refusals(r) == []
    assert sides(r) == [("RD_EXP", "2024M09", None, None), ("RD_EXP", "2024Q3", 6700.0, 83.66),
                        ("TECH_CONTRACT", "2024M09", None, None), ("TECH_CONTRACT", "2024Q3", 26000.0, -3.2)]


def test_br9_each_side_column_goes_with_its_own_period_column(analyse):
    """br9 m12: 本月 | 上年同月 | 1-本月累计 | 上年同期累计 | 同比: 上年同月 is 本月's base, 上年同期累计 the 累计's."""
    g = grid([["科技创新主要指标快报"], ["综合机关名称：清河县科学技术局", None, None, "2024年9月"],
              ["指标名称", "计量单位", "本月", "上年同月", "1-本月累计", "上年同期累计", "同比增长（%）"],
              ["研究与试验发展(R&D)经费", "万元", 1500, 1400, 12305, 6700, 83.66]])
    r = analyse(("m.xlsx", g), today=TODAY)
    assert refusals(r) == []
    assert sides(r) == [("RD_EXP", "2024M09", 1400.0, None), ("RD_EXP", "2024Q3", 6700.0, 83.66)]


def test_br9_december_year_to_date_is_the_fourth_quarters(analyse):
    """br9 m09: under 2024年12月, 1-本月累计 is the 快报's 1—12月 累计 (2024Q4 累计, as the product names it), never
    December alone (it was duplicate_conflict with 本月, whose fix stored 12305 as December)."""
    r = analyse(form("1-本月累计", month="2024年12月"), today=TODAY)
    assert refusals(r) == []
    assert [s[:5] for s in stored(r)] == [("RD_EXP", "130534", "2024M12", False, 1500.0),
                                          ("RD_EXP", "130534", "2024Q4", True, 12305.0),
                                          ("TECH_CONTRACT", "130534", "2024M12", False, 3200.0),
                                          ("TECH_CONTRACT", "130534", "2024Q4", True, 25168.0)]
