"""Period kinds the breaker found read as another period without a word (元-9月 as the year, 1月至9月 as 1月,
本月 under a group as 累计, a sheet name's year against the file name's, 是否累计 against the period phrase).
Each is read as the period it certainly names, or refused on the cell that holds it."""
import datetime as dt

import openpyxl
import pytest

from data.imports.periods import parse_period, sub_period
from workbooks import grid, long_form, save

TODAY = dt.date(2026, 1, 10)

# text -> (label, kind, 累计) or None (not understood: refused)
PHRASES = {
    "2024年元-9月": ("2024Q3", "Q", True),
    "2024年元至九月": ("2024Q3", "Q", True),
    "2024年元月": ("2024M01", "M", False),
    "2024年半年报": ("2024Q2", "Q", True),
    "2024年半年度": ("2024Q2", "Q", True),
    "2024年前9个月": ("2024Q3", "Q", True),
    "2024年前8个月": ("2024M08", "M", True),
    "2024年三季": ("2024Q3", "Q", False),
    "2024年第3季": ("2024Q3", "Q", False),
    "2024年3Q": ("2024Q3", "Q", False),
    "2024年Q3": ("2024Q3", "Q", False),
    "（2024年1月至2024年9月）": ("2024Q3", "Q", True),
    "2024年1月—9月": ("2024Q3", "Q", True),
    "表1  2024年1-9月各县高新技术企业数": ("2024Q3", "Q", True),   # a table number is no part of the period
    "表2-18 2024年各县（市、区）科技指标": ("2024", "Y", False),
    "2024年1~9月": ("2024Q3", "Q", True),
    "2024年四季度（全年）": ("2024", "Y", False),
    "2024年1-12月（全年）": ("2024", "Y", False),
    "2024年1-9月（前三季度）": ("2024Q3", "Q", True),    # the same period said twice
    # not understood whole: refused, never read as the part understood
    "2024年三季度（全年）": None,
    "2024年1-9月（7-9月）": None,
    "2023年1月至2024年6月": None,
    "2024年三季报": None,                               # 三季报: 1-9月 or the third quarter
    "2024年9月15日": None,                              # a date, not a period
    "2024年下半年": None,
    "2024年近半年": None,                               # the last six months, not 1-6月
    # second break pass: Roman quarters, a quarter's or a month's end, months without 月, quarters listed
    "2024年Ⅲ季度": ("2024Q3", "Q", False),
    "2024年III季度": ("2024Q3", "Q", False),
    "2024年II季度": ("2024Q2", "Q", False),
    "2024年IV季度": ("2024Q4", "Q", False),
    "截至2024年三季度末": ("2024Q3", "Q", True),         # the end of Q3: 累计 1-9月 for a flow (as 截至9月末)
    "2024年第三季度末": ("2024Q3", "Q", True),
    "2024年二季度末": ("2024Q2", "Q", True),
    "2024年9月末": ("2024Q3", "Q", True),
    "2024年9月": ("2024M09", "M", False),
    "邢台市2024年1-9县域科技指标": None,                 # 1-9 what? never the year 2024
    "邢台市2024年1至9县域科技指标": None,
    "2024年1-9": None,
    "2024年一、二、三季度": None,                        # three quarters listed: never the third alone
    "2024年1、2、3季度": None,
    "2024年第二季度（当季）": ("2024Q2", "Q", False),   # the wide template's own words (当季: the quarter alone)
}


@pytest.mark.parametrize("text", list(PHRASES))
def test_phrase(text):
    p = parse_period(text)
    assert (None if p is None else (p.label, p.kind, p.is_ytd)) == PHRASES[text]


def wide(title, *, sheet="Sheet1", header2=None, rows=(("清河县", 12305, 78), ("威县", 8300, 52))):
    """A1 title; row 2 县（市、区）| R&D经费（万元）| 高新技术企业数（家）; or, with header2, a group header in row 2
    (header2 = (group, [sub words])) over row 3."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title is not None:
        ws["A1"] = title
    if header2 is None:
        ws.append(["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"])
    else:
        group, subs = header2
        ws.append(["县（市、区）", group] + [None] * (len(subs) - 1))
        ws.append([None, *subs])
        ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=1 + len(subs))
        ws.merge_cells("A2:A3")
    for r in rows:
        ws.append(list(r))
    return save(wb)


def stored(result):
    return sorted((r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value)) for r in result.obs.itertuples())


def errors(result):
    return sorted((r.rule, r.cell) for r in result.errors.itertuples())


def both(period, ytd):
    return sorted([("HNTE", "130533", period, False, 52.0), ("HNTE", "130534", period, False, 78.0),
                   ("RD_EXP", "130533", period, ytd, 8300.0), ("RD_EXP", "130534", period, ytd, 12305.0)])


@pytest.mark.parametrize("title,period,ytd", [
    ("邢台市2024年元-9月县域科技指标", "2024Q3", True),
    ("邢台市2024年半年报县域科技指标", "2024Q2", True),
    ("邢台市2024年前9个月县域科技指标", "2024Q3", True),
    ("邢台市2024年三季县域科技指标", "2024Q3", False),
    ("邢台市2024年3Q县域科技指标", "2024Q3", False),
    ("邢台市县域科技指标（2024年1月至2024年9月）", "2024Q3", True),
    ("邢台市2024年四季度（全年）县域科技指标", "2024", False),
    ("邢台市2024年Ⅲ季度县域科技指标", "2024Q3", False),
    ("截至2024年三季度末邢台市县域科技指标", "2024Q3", True),
])
def test_title_spellings_end_to_end(analyse, title, period, ytd):
    r = analyse(("t.xlsx", wide(title)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == both(period, ytd)


def test_title_not_understood_is_refused_not_replaced_by_the_sheet_name(analyse):
    # the sheet says 2024年; the title's 三季报 is not understood: never stored as the year 2024
    r = analyse(("t.xlsx", wide("邢台市2024年三季报县域科技指标", sheet="2024年")), today=TODAY)
    assert r.obs.empty
    assert ("missing_period", "A1") in errors(r)
    msg = " ".join(r.errors["message_zh"])
    assert "三季报" in msg and "无法完整识别" in msg


def test_sources_disagree_refused_naming_both(analyse):
    # the title says 2024年1-9月, the sheet 2024年1-6月
    r = analyse(("t.xlsx", wide("邢台市2024年1-9月县域科技指标", sheet="2024年1-6月")), today=TODAY)
    assert r.obs.empty
    e = r.errors[r.errors["rule"].eq("missing_period")]
    assert set(e["cell"]) == {"A1"}
    assert "2024年1-9月" in e["message_zh"].iat[0] and "工作表名「2024年1-6月」" in e["message_zh"].iat[0]
    # the file name says 2024年1-9月, the sheet 2023年 and the title only 1-9月
    r = analyse(("2024年1-9月县域科技指标.xlsx", wide("邢台市1-9月县域科技指标", sheet="2023年")), today=TODAY)
    assert r.obs.empty
    msg = " ".join(r.errors["message_zh"])
    assert "工作表名「2023年」" in msg and "文件名「2024年1-9月县域科技指标」" in msg


def test_year_in_one_source_and_months_in_another_combine(analyse):
    r = analyse(("县域科技指标.xlsx", wide("邢台市1-9月县域科技指标", sheet="2024年")), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == both("2024Q3", True)
    r = analyse(("2024年1-9月县域科技指标.xlsx", wide("邢台市2024年县域科技指标")), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == both("2024Q3", True)


def test_long_form_ytd_flag_against_period_phrase(analyse):
    header = ["地区代码", "地区", "指标", "期别", "是否累计", "数值", "单位"]
    rows = [["130534", "清河县", "R&D经费", "2024年1-9月", "否", 12305, "万元"],
            ["130533", "威县", "R&D经费", "2024年7-9月", "是", 3100, "万元"],
            ["130535", "临西县", "R&D经费", "2024年1-9月", "是", 5722, "万元"],
            ["130581", "南宫市", "R&D经费", "2024年7-9月", "否", 900, "万元"],
            ["130582", "沙河市", "R&D经费", "2024年三季度", "是", 700, "万元"]]   # the flag tells: 1-9月
    r = analyse(("l.xlsx", long_form(rows, header=header)), today=TODAY)
    assert errors(r) == [("ytd_conflict", "D2"), ("ytd_conflict", "D3")]
    msgs = list(r.errors.sort_values("cell")["message_zh"])
    assert "D2「2024年1-9月」" in msgs[0] and "E2" in msgs[0] and "「否」" in msgs[0]
    assert "D3「2024年7-9月」" in msgs[1] and "E3" in msgs[1]
    assert stored(r) == [("RD_EXP", "130535", "2024Q3", True, 5722.0), ("RD_EXP", "130581", "2024Q3", False, 900.0),
                         ("RD_EXP", "130582", "2024Q3", True, 700.0)]


@pytest.mark.parametrize("title,subs,expected", [
    # 本月 of a 1-3月 table: 3月 alone, never 累计
    ("邢台市2024年1-3月技术合同登记情况", ["本月"], [("2024M03", False)]),
    ("邢台市2024年1-9月技术合同登记情况", ["本月", "本年累计"], [("2024M09", False), ("2024Q3", True)]),
    # 本年累计 of 2024年9月: 1-9月 累计, the quarter's
    ("邢台市2024年9月技术合同登记情况", ["本月", "本年累计"], [("2024M09", False), ("2024Q3", True)]),
    ("邢台市2024年8月技术合同登记情况", ["本月", "累计"], [("2024M08", False), ("2024M08", True)]),
    ("邢台市2024年1-9月技术合同登记情况", ["本季", "本年"], [("2024Q3", False), ("2024Q3", True)]),
])
def test_group_sub_columns_name_their_period(analyse, title, subs, expected):
    vals = [[3100, 29311][:len(subs)], [2900, 28049][:len(subs)]]
    rows = [("清河县", *vals[0]), ("威县", *vals[1])]
    r = analyse(("t.xlsx", wide(title, header2=("技术合同登记额（万元）", subs), rows=rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    want = sorted(("TECH_CONTRACT", code, p, y, float(v[i]))
                  for code, v in (("130534", vals[0]), ("130533", vals[1])) for i, (p, y) in enumerate(expected))
    assert stored(r) == want


def test_group_sub_column_uncertain_is_refused_on_its_header(analyse):
    # 本月 of a quarter (三季度: which month?) and of a year
    for title in ("邢台市2024年三季度技术合同登记情况", "邢台市2024年度技术合同登记情况"):
        r = analyse(("t.xlsx", wide(title, header2=("技术合同登记额（万元）", ["本月"]),
                                    rows=(("清河县", 3100), ("威县", 2900)))), today=TODAY)
        assert r.obs.empty
        assert ("missing_period", "B3") in errors(r)


def test_sub_period_rules():
    q3 = parse_period("2024年1-9月")
    assert (sub_period("本月", q3).label, sub_period("本月", q3).is_ytd) == ("2024M09", False)
    m9 = parse_period("2024年9月")
    assert (sub_period("本年累计", m9).label, sub_period("本年累计", m9).is_ytd) == ("2024Q3", True)
    assert sub_period("本年", m9) is None
    assert sub_period("本季", parse_period("2024年8月")) is None


def test_date_on_the_report_period_line_is_refused_on_its_cell(analyse):
    data = grid([["邢台市县域科技指标"], ["报告期：", dt.datetime(2024, 9, 30)], ["县（市、区）", "R&D经费（万元）"],
                 ["清河县", 12305]])
    r = analyse(("2024年县域科技指标.xlsx", data), today=TODAY)
    assert r.obs.empty
    assert ("period_is_date", "B2") in errors(r)


def test_stacked_table_with_another_period_is_refused_naming_its_title(analyse):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["一、2024年1-9月各县R&D经费", None], ["县（市、区）", "R&D经费（万元）"], ["清河县", 12305],
                ["威县", 8300], [None, None], ["二、2023年1-9月各县R&D经费", None], ["县（市、区）", "R&D经费（万元）"],
                ["临西县", 5200], ["南宫市", 9000]):
        ws.append(row)
    r = analyse(("t.xlsx", save(wb)), today=TODAY)
    assert stored(r) == [("RD_EXP", "130533", "2024Q3", True, 8300.0), ("RD_EXP", "130534", "2024Q3", True, 12305.0)]
    assert errors(r) == [("missing_period", "A6")]
    assert "二、2023年1-9月各县R&D经费" in r.errors["message_zh"].iat[0]
    # a second table of the same period: its rows are read as the first's
    ws["A6"] = "二、2024年1-9月各县R&D经费（续）"
    r = analyse(("t.xlsx", save(wb)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert [x[:3] + x[4:] for x in stored(r)] == [("RD_EXP", "130533", "2024Q3", 8300.0),
                                                 ("RD_EXP", "130534", "2024Q3", 12305.0),
                                                 ("RD_EXP", "130535", "2024Q3", 5200.0),
                                                 ("RD_EXP", "130581", "2024Q3", 9000.0)]


def test_whole_year_said_does_not_combine_with_a_part_of_it(analyse):
    # "2024年" says which year: with 1-9月 in the sheet's name it is 1-9月 of 2024 ...
    r = analyse(("t.xlsx", wide("邢台市2024年县域科技指标", sheet="1-9月")), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == both("2024Q3", True)
    # ... "2024年度" and "全年" say the whole year: against 1-9月 that is a conflict, never 1-9月 nor the year
    for title in ("邢台市2024年度县域科技指标", "邢台市2024年全年县域科技指标"):
        r = analyse(("t.xlsx", wide(title, sheet="1-9月")), today=TODAY)
        assert r.obs.empty
        assert ("missing_period", "A1") in errors(r)


def test_form_value_column_names_its_period(analyse):
    import io

    from workbooks import single_unit_form

    def form(period, head):
        wb = openpyxl.load_workbook(io.BytesIO(single_unit_form(period=period)))
        wb.active["D4"] = head
        return save(wb)

    # 本年累计 of a report for 2024年9月: 1-9月 累计 (2024Q3), never 2024M09 累计
    r = analyse(("f.xlsx", form("2024年9月", "本年累计")), today=TODAY)
    rd = [x for x in stored(r) if x[0] == "RD_EXP"]
    assert rd == [("RD_EXP", "130534", "2024Q3", True, 15400.0)]
    # 本年 of a single month: 9月 or 1-9月 is not said: refused on the header cell
    r = analyse(("f.xlsx", form("2024年9月", "本年")), today=TODAY)
    assert r.obs.empty
    assert ("missing_period", "D4") in errors(r)


def test_ytd_to_a_quarter_end_month_is_that_quarter(analyse):
    # 1—9月累计 is 2024Q3 累计 (as 截至9月底), 1—12月累计 the year; 1—8月累计 stays 2024M08 累计; stocks keep the month
    header = ["地区代码", "地区", "指标", "期别", "是否累计", "数值", "单位"]
    rows = [["130534", "清河县", "R&D经费", "2024M09", "是", 12305, "万元"],
            ["130533", "威县", "R&D经费", "2024M12", "是", 3100, "万元"],
            ["130535", "临西县", "R&D经费", "2024M08", "是", 2100, "万元"],
            ["130581", "南宫市", "R&D经费", "2024M09", "否", 300, "万元"],
            ["130582", "沙河市", "高新技术企业数", "2024M09", "是", 30, "家"]]
    r = analyse(("l.xlsx", long_form(rows, header=header)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [("HNTE", "130582", "2024M09", False, 30.0),
                         ("RD_EXP", "130533", "2024", False, 3100.0),
                         ("RD_EXP", "130534", "2024Q3", True, 12305.0),
                         ("RD_EXP", "130535", "2024M08", True, 2100.0),
                         ("RD_EXP", "130581", "2024M09", False, 300.0)]


def test_deadline_words_above_the_table_are_no_period(analyse):
    # "季后10日内报送" and "3个月内" name no period: the title's 2024年1-9月 holds
    wb = openpyxl.load_workbook(__import__("io").BytesIO(wide("邢台市2024年1-9月县域科技指标")))
    ws = wb.active
    ws.insert_rows(2)
    ws["A2"] = "本表于季后10日内报送，数据3个月内可更正"
    r = analyse(("t.xlsx", save(wb)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == both("2024Q3", True)


@pytest.mark.parametrize("title", ["邢台市2024年1-9县域科技指标", "邢台市2024年1至9县域科技指标",
                                   "邢台市2024年一、二、三季度县域科技指标"])
def test_title_period_with_a_part_not_understood_is_refused(analyse, title):
    # the second break pass: these were stored as the year 2024 (or as the single third quarter)
    r = analyse(("t.xlsx", wide(title)), today=TODAY)
    assert r.obs.empty
    assert ("missing_period", "A1") in errors(r)


def test_long_form_period_without_month_word_is_refused(analyse):
    # 期别 "2024年1-9" with 是否累计 是 was stored as the year 2024, not 累计, without a word
    data = grid([["地区代码", "地区", "指标", "期别", "是否累计", "数值", "单位"],
                 ["130534", "清河县", "R&D经费", "2024年1-9", "是", 12305, "万元"],
                 ["130534", "清河县", "R&D经费", "2024年Ⅲ季度", "否", 3100, "万元"]])
    r = analyse(("long.xlsx", data), today=TODAY)
    assert stored(r) == [("RD_EXP", "130534", "2024Q3", False, 3100.0)]
    assert errors(r) == [("missing_period", "D2")]


def test_a_full_year_span_flagged_ytd_is_the_q4_ytd_never_the_annual_figure(analyse):
    # "2025年1—4季度" is how the product itself names the Q4 累计 (and how annual_ytd_mismatch asks for it): with
    # 是否累计 = 是 on the row it is that 累计 (快报), which must never replace the 年报 figure; without the flag, said as
    # the year (全年), or for a stock, it stays the year
    rows = [["130534", "清河县", "RD_EXP", "", "2025年1—4季度", "是", 19350, "万元", "", ""],
            ["130533", "威县", "RD_EXP", "", "2025年1-12月", "是", 8300, "万元", "", ""],
            ["130532", "平乡县", "RD_EXP", "", "2025年1—12月", "", 5000, "万元", "", ""],
            ["130531", "广宗县", "RD_EXP", "", "2025年全年", "是", 4000, "万元", "", ""],
            ["130534", "清河县", "HNTE", "", "2025年1—4季度", "是", 78, "家", "", ""]]
    r = analyse(("t.xlsx", long_form(rows)), today=TODAY)
    assert r.problems.empty, r.problems[["rule", "cell", "message_zh"]].to_dict("records")
    assert [(o.indicator, o.region, o.period, bool(o.is_ytd), float(o.value), o.cell) for o in r.obs.itertuples()] == [
        ("RD_EXP", "130534", "2025Q4", True, 19350.0, "G2"), ("RD_EXP", "130533", "2025Q4", True, 8300.0, "G3"),
        ("RD_EXP", "130532", "2025", False, 5000.0, "G4"), ("RD_EXP", "130531", "2025", False, 4000.0, "G5"),
        ("HNTE", "130534", "2025", False, 78.0, "G6")]   # marked 否: see the next test (ytd_conflict)


def test_a_full_year_span_marked_not_ytd_is_a_conflict_and_a_ytd_title_is_the_q4_ytd(analyse):
    # 1—12月 / 1—4季度 marked 否: 快报 or 年报? neither is taken (ytd_conflict on both cells)
    rows = [["130534", "清河县", "RD_EXP", "", "2024年1-12月", "否", 12305, "万元", "", ""],
            ["130533", "威县", "RD_EXP", "", "2024年1—4季度", "否", 8300, "万元", "", ""]]
    r = analyse(("t.xlsx", long_form(rows)), today=TODAY)
    assert r.obs.empty
    assert sorted(set(zip(r.errors["rule"], r.errors["cell"])) - {("no_values", "")}) == [
        ("ytd_conflict", "E2"), ("ytd_conflict", "E3")]
    # a wide table titled 1—4季度累计: its flows are the Q4 累计 (as a long form's), its stocks the year-end
    data = grid([["邢台市2024年1—4季度累计县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"],
                 ["清河县", 19350, 78]])
    r = analyse(("w.xlsx", data), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert sorted((o.indicator, o.period, bool(o.is_ytd), float(o.value)) for o in r.obs.itertuples()) == [
        ("HNTE", "2024", False, 78.0), ("RD_EXP", "2024Q4", True, 19350.0)]
