"""A yearbook series: the title names one indicator, the columns are periods only
("邢台市各县（市、区）高新技术企业数" over 县（市、区） | 2023年 | 2024年). Its cells were refused as lying outside
the table, with a fix that could not work. Each column now takes the one indicator the title names; a title that
names none, two, or another measure of one (增速, 占比, 新增) leaves the columns unknown indicators that the user
can map on the page, never a guess."""
import datetime as dt

import pytest
from import_checks import problems
from workbooks import grid


from data.imports import mappings

TODAY = dt.date(2026, 1, 10)


def series(title, header, rows, unit_line=None) -> bytes:
    lines = [[title]] + ([[unit_line]] if unit_line else [])
    return grid(lines + [header, *rows])


def stored(result):
    o = result.obs.sort_values(["indicator", "region", "period"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell) for r in o.itertuples()]


@pytest.mark.parametrize(("title", "unit_line", "header", "values", "expected"), [
    ("邢台市各县（市、区）高新技术企业数", "单位：家", ["县（市、区）", "2023年", "2024年"], [[69, 78], [40, 52]],
     [("HNTE", "130533", "2023", False, 40.0, "B5"), ("HNTE", "130533", "2024", False, 52.0, "C5"),
      ("HNTE", "130534", "2023", False, 69.0, "B4"), ("HNTE", "130534", "2024", False, 78.0, "C4")]),
    # the unit in the title's brackets, money in 亿元: scaled to the catalogue's 万元
    ("表2-18  各县（市、区）研究与试验发展(R&D)经费（单位：亿元）", None, ["地区", "2023年", "2024年"],
     [[0.8381, 1.5398], [0.7, 0.83]],
     [("RD_EXP", "130533", "2023", False, 7000.0, "B4"), ("RD_EXP", "130533", "2024", False, 8300.0, "C4"),
      ("RD_EXP", "130534", "2023", False, 8381.0, "B3"), ("RD_EXP", "130534", "2024", False, 15398.0, "C3")]),
    # 1-9月 columns of two years: each the 累计 of its own year
    ("各县技术合同登记额", "单位：万元", ["县（市、区）", "2023年1-9月", "2024年1-9月"], [[25100, 29311], [20010, 28049]],
     [("TECH_CONTRACT", "130533", "2023Q3", True, 20010.0, "B5"),
      ("TECH_CONTRACT", "130533", "2024Q3", True, 28049.0, "C5"),
      ("TECH_CONTRACT", "130534", "2023Q3", True, 25100.0, "B4"),
      ("TECH_CONTRACT", "130534", "2024Q3", True, 29311.0, "C4")]),
])
def test_the_title_names_the_indicator_of_period_columns(analyse, title, unit_line, header, values, expected):
    rows = [["清河县", *values[0]], ["威县", *values[1]]]
    r = analyse(("s.xlsx", series(title, header, rows, unit_line)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == expected
    assert r.counts()["cells"]["refused"] == 0


@pytest.mark.parametrize("title", [
    "邢台市各县（市、区）科技指标",                       # no indicator named
    "各县高新技术企业数和科技型中小企业数",                # two
    "各县（市、区）R&D经费增速",                         # a growth rate of R&D, never R&D itself
    "各县新增高新技术企业数",                            # the new ones of the year, not the stock
    "各县R&D经费占全市比重",                             # a share
    "各县（市、区）R&D经费较上年增减（万元）",             # an absolute change
    "各县（市、区）企业平均R&D经费（万元）",               # an average per firm
])
def test_a_title_without_one_certain_indicator_leaves_the_columns_to_map(analyse, title):
    rows = [["清河县", 12.5, 14.2], ["威县", 8.1, 9.0]]
    r = analyse(("s.xlsx", series(title, ["县（市、区）", "2023年", "2024年"], rows)), today=TODAY)
    assert r.obs.empty
    bad = problems(r, "unknown_indicator")
    assert bad[["cell", "value"]].values.tolist() == [["B2", "2023年"], ["C2", "2024年"]]
    assert [u["label"] for u in r.unmatched] == ["2023年", "2024年"]


def test_period_columns_mapped_by_the_user_are_read_next_time(analyse, sqlite_store):
    data = series("邢台市各县（市、区）科技指标", ["县（市、区）", "2023年", "2024年"], [["清河县", 69, 78]])
    first = analyse(("s.xlsx", data), today=TODAY)
    layout = first.files[0]["sheets"][0]["signature"]
    with sqlite_store.begin() as conn:
        mappings.save(conn, layout, "indicator", {"2023年": "HNTE", "2024年": "HNTE"}, "uploader")
    again = analyse(("s.xlsx", data), today=TODAY)
    assert again.errors.empty, again.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(again) == [("HNTE", "130534", "2023", False, 69.0, "B3"), ("HNTE", "130534", "2024", False, 78.0, "C3")]


def test_an_indicator_column_beside_a_period_column_is_not_given_the_title(analyse):
    # a column with its own indicator header: the bare 2023年 column beside it is not read as the title's indicator
    data = series("2024年各县高新技术企业数", ["县（市、区）", "高新技术企业数", "2023年"], [["清河县", 78, 69]])
    r = analyse(("s.xlsx", data), today=TODAY)
    assert stored(r) == [("HNTE", "130534", "2024", False, 78.0, "B3")]
    assert r.errors[["rule", "cell"]].values.tolist() == [["unread_cell", "C3"]]
