"""Two tables side by side on one sheet (a yearbook page printed as two blocks: 县 | figures || 县 | figures, or one
indicator's table beside another's). Every figure was given to the region label of column A on its row: the
right block's 清河县 29311 was stored for 临城县, and the two halves of one table became duplicates of each other.
Each block's figures now belong to the labels of its own block; a block that cannot be read as a table is refused,
naming its label column, with a fix that works (move it to a sheet of its own)."""
import datetime as dt

from import_checks import problems
from workbooks import XINGTAI, grid

TODAY = dt.date(2026, 1, 10)
CODES = {"襄都区": "130502", "信都区": "130503", "任泽区": "130505", "南和区": "130506", "临城县": "130522",
         "内丘县": "130523", "柏乡县": "130524", "隆尧县": "130525", "宁晋县": "130528", "巨鹿县": "130529",
         "新河县": "130530", "广宗县": "130531", "平乡县": "130532", "威县": "130533", "清河县": "130534",
         "临西县": "130535", "南宫市": "130581", "沙河市": "130582"}
HN = {n: 10 + i for i, n in enumerate(XINGTAI)}          # 高新技术企业数 of each county
TC = {n: 1000 + 100 * i for i, n in enumerate(XINGTAI)}  # 技术合同成交额


def stored(result):
    o = result.obs.sort_values(["indicator", "region", "period", "cell"])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell) for r in o.itertuples()]


def refusals(result):
    return sorted((p.rule, p.cell) for p in result.errors.itertuples())


def test_two_tables_of_different_indicators_each_figure_to_its_own_blocks_county(analyse):
    """Left 高新技术企业数 in county order, right 技术合同成交额 ranked by value (another order)."""
    left = ["临城县", "威县", "清河县"]
    right = ["清河县", "临城县", "威县"]
    rows = [["表1  高新技术企业数（2024年）", None, None, "表2  技术合同成交额排名（2024年）"],
            ["县（市、区）", "高新技术企业数（家）", None, "县（市、区）", "技术合同成交额（万元）"]]
    rows += [[a, HN[a], None, b, TC[b]] for a, b in zip(left, right)]
    r = analyse(("y.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [
        ("HNTE", "130522", "2024", False, 14.0, "B3"), ("HNTE", "130533", "2024", False, 23.0, "B4"),
        ("HNTE", "130534", "2024", False, 24.0, "B5"),
        ("TECH_CONTRACT", "130522", "2024", False, 1400.0, "E4"),
        ("TECH_CONTRACT", "130533", "2024", False, 2300.0, "E5"),
        ("TECH_CONTRACT", "130534", "2024", False, 2400.0, "E3")]
    assert r.counts()["cells"]["refused"] == 0


def test_a_shorter_right_table_of_other_counties(analyse):
    rows = [["表1  高新技术企业数（2024年）", None, None, "表2  科技型中小企业数（2024年）"],
            ["县（市、区）", "高新技术企业数（家）", None, "县（市、区）", "科技型中小企业数（家）"],
            ["临城县", 14, None, "清河县", 100], ["内丘县", 15, None, "巨鹿县", 102], ["柏乡县", 16]]
    r = analyse(("y.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [
        ("HNTE", "130522", "2024", False, 14.0, "B3"), ("HNTE", "130523", "2024", False, 15.0, "B4"),
        ("HNTE", "130524", "2024", False, 16.0, "B5"),
        ("TSME", "130529", "2024", False, 102.0, "E4"), ("TSME", "130534", "2024", False, 100.0, "E3")]


def halves(total=None, title="各县（市、区）高新技术企业和技术合同成交额（2024年）", zone=None):
    """18 counties printed as two halves of 9 under one title; `total` (label, HNTE, TC) at the bottom right,
    `zone` (HNTE, TC) a row of 河北邢台经济开发区 under the right half above it."""
    head = ["县（市、区）", "高新技术企业数（家）", "技术合同成交额（万元）"]
    rows = [[title], head + [None] + head]
    for a, b in zip(XINGTAI[:9], XINGTAI[9:]):
        rows.append([a, HN[a], TC[a], None, b, HN[b], TC[b]])
    if zone:
        rows.append([None, None, None, None, "河北邢台经济开发区", *zone])
    if total:
        rows.append([None, None, None, None, *total])
    rows.append(["资料来源：市科技局。"])
    return grid(rows)


def test_one_table_printed_in_two_halves(analyse):
    r = analyse(("y.xlsx", halves()), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    got = stored(r)
    assert len(got) == 36
    assert [g for g in got if g[1] in ("130502", "130529", "130534")] == [
        ("HNTE", "130502", "2024", False, 10.0, "B3"), ("HNTE", "130529", "2024", False, 19.0, "F3"),
        ("HNTE", "130534", "2024", False, 24.0, "F8"),
        ("TECH_CONTRACT", "130502", "2024", False, 1000.0, "C3"),
        ("TECH_CONTRACT", "130529", "2024", False, 1900.0, "G3"),
        ("TECH_CONTRACT", "130534", "2024", False, 2400.0, "G8")]
    assert {(g[0], g[1], g[4]) for g in got} == {("HNTE", CODES[n], float(HN[n])) for n in XINGTAI} | \
        {("TECH_CONTRACT", CODES[n], float(TC[n])) for n in XINGTAI}


def test_a_total_under_the_right_half_sums_both_halves_and_is_the_citys(analyse):
    total = ("全市合计", sum(HN.values()) + 7, sum(TC.values()) + 700)
    r = analyse(("y.xlsx", halves(total, zone=(7, 700))), today=TODAY)
    assert r.errors.empty and r.warnings.empty, r.problems[["rule", "cell", "message_zh"]].to_dict("records")
    assert [g for g in stored(r) if g[1] in ("130500", "130571")] == [
        ("HNTE", "130500", "2024", False, 340.0, "F13"), ("HNTE", "130571", "2024", False, 7.0, "F12"),
        ("TECH_CONTRACT", "130500", "2024", False, 34000.0, "G13"),
        ("TECH_CONTRACT", "130571", "2024", False, 700.0, "G12")]


def test_a_total_of_both_halves_without_the_zone_is_not_the_citys(analyse):
    """The 18 counties in two halves and a 全市合计 equal to their sum, no zone row: the counties' total, checked,
    never the city's figure (the city counts its development zone too)."""
    total = ("全市合计", sum(HN.values()), sum(TC.values()))
    r = analyse(("y.xlsx", halves(total)), today=TODAY)
    assert r.errors.empty
    assert r.warnings[["rule", "cell"]].values.tolist() == [["total_not_city", "F12"], ["total_not_city", "G12"]]
    assert [g for g in stored(r) if g[1] == "130500"] == [] and len(stored(r)) == 36


def test_a_total_of_the_right_half_alone_is_a_mismatch(analyse):
    total = ("全市合计", sum(HN[n] for n in XINGTAI[9:]), sum(TC[n] for n in XINGTAI[9:]))
    r = analyse(("y.xlsx", halves(total)), today=TODAY)
    assert sorted((p.rule, p.cell) for p in problems(r, "total_mismatch").itertuples()) == \
        [("total_mismatch", "F12"), ("total_mismatch", "G12")]


def test_a_total_in_the_left_table_only_checks_that_table(analyse):
    """Left 高新技术企业数 of three counties with its 合计, right 技术合同成交额 of three others, no 合计."""
    rows = [["各县（市、区）科技指标（2024年）"],
            ["县（市、区）", "高新技术企业数（家）", None, "县（市、区）", "技术合同成交额（万元）"],
            ["临城县", 14, None, "清河县", 2400], ["内丘县", 15, None, "威县", 2300], ["柏乡县", 16, None, "临西县", 2500],
            ["合计", 45]]
    r = analyse(("y.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty and r.warnings.empty, r.problems[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [
        ("HNTE", "130522", "2024", False, 14.0, "B3"), ("HNTE", "130523", "2024", False, 15.0, "B4"),
        ("HNTE", "130524", "2024", False, 16.0, "B5"),
        ("TECH_CONTRACT", "130533", "2024", False, 2300.0, "E4"),
        ("TECH_CONTRACT", "130534", "2024", False, 2400.0, "E3"),
        ("TECH_CONTRACT", "130535", "2024", False, 2500.0, "E5")]


def test_a_second_table_beyond_the_first_six_columns(analyse):
    """The label column was looked for in columns A–F only: a table whose labels stand in column G gave its
    figures to column A's counties."""
    head = ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）", "科技型中小企业数（家）", "技术合同成交额（万元）"]
    rows = [["各县（市、区）科技指标（2024年）"], head + [None, "县（市、区）", "高新技术企业数（家）"],
            ["临城县", 100, 14, 30, 1400, None, "威县", 23], ["内丘县", 110, 15, 31, 1500, None, "清河县", 24]]
    r = analyse(("y.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [
        ("HNTE", "130522", "2024", False, 14.0, "C3"), ("HNTE", "130523", "2024", False, 15.0, "C4"),
        ("HNTE", "130533", "2024", False, 23.0, "H3"), ("HNTE", "130534", "2024", False, 24.0, "H4"),
        ("RD_EXP", "130522", "2024", False, 100.0, "B3"), ("RD_EXP", "130523", "2024", False, 110.0, "B4"),
        ("TECH_CONTRACT", "130522", "2024", False, 1400.0, "E3"),
        ("TECH_CONTRACT", "130523", "2024", False, 1500.0, "E4"),
        ("TSME", "130522", "2024", False, 30.0, "D3"), ("TSME", "130523", "2024", False, 31.0, "D4")]


def test_a_right_block_with_codes_for_labels(analyse):
    rows = [["各县（市、区）科技指标（2024年）"],
            ["县（市、区）", "高新技术企业数（家）", None, "地区代码", "技术合同成交额（万元）"],
            ["临城县", 14, None, "130534", 2400], ["内丘县", 15, None, "130533", 2300]]
    r = analyse(("y.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [
        ("HNTE", "130522", "2024", False, 14.0, "B3"), ("HNTE", "130523", "2024", False, 15.0, "B4"),
        ("TECH_CONTRACT", "130533", "2024", False, 2300.0, "E4"),
        ("TECH_CONTRACT", "130534", "2024", False, 2400.0, "E3")]


def test_a_right_block_that_is_no_table_is_refused_naming_its_label_column(analyse):
    """Right of the table, a ranked list of counties with a grade in words: its cells cannot be figures of the
    left table's counties. Refused naming D2, with the fix to move it to a sheet of its own."""
    rows = [["各县（市、区）高新技术企业数（2024年）"],
            ["县（市、区）", "高新技术企业数（家）", None, "县（市、区）", "评价等级"],
            ["临城县", 14, None, "清河县", "优秀"], ["内丘县", 15, None, "威县", "良好"]]
    r = analyse(("y.xlsx", grid(rows)), today=TODAY)
    assert refusals(r) == [("side_by_side", "D2")]
    err = problems(r, "side_by_side").iloc[0]
    assert "D 列" in err["message_zh"] and "单独的工作表" in err["fix_zh"] and "D 列" in err["fix_zh"]
    assert r.counts()["cells"]["refused"] == 6
    assert stored(r) == [("HNTE", "130522", "2024", False, 14.0, "B3"), ("HNTE", "130523", "2024", False, 15.0, "B4")]


def test_labels_repeated_at_the_right_edge_stay_one_table(analyse):
    """A wide table printing its county names again right of its last column (no figures after them): one table."""
    rows = [["各县（市、区）科技指标（2024年）"],
            ["县（市、区）", "高新技术企业数（家）", "技术合同成交额（万元）", "县（市、区）"],
            ["临城县", 14, 1400, "临城县"], ["内丘县", 15, 1500, "内丘县"]]
    r = analyse(("y.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [
        ("HNTE", "130522", "2024", False, 14.0, "B3"), ("HNTE", "130523", "2024", False, 15.0, "B4"),
        ("TECH_CONTRACT", "130522", "2024", False, 1400.0, "C3"),
        ("TECH_CONTRACT", "130523", "2024", False, 1500.0, "C4")]


def test_blocks_titled_with_their_own_periods_after_a_table_number(analyse):
    """breaker4 sb07: "表1  2023年1-9月…" | "表2  2024年1-9月…": each block its own period. The table number's digits
    ran into the year once the spaces were gone ("表12023年"), and both blocks were refused as naming no year."""
    rows = [["表1  2023年1-9月各县高新技术企业数", None, None, "表2  2024年1-9月各县高新技术企业数"],
            ["县（市、区）", "高新技术企业数（家）", None, "县（市、区）", "高新技术企业数（家）"],
            ["清河县", 73, None, "清河县", 78], ["威县", 47, None, "威县", 52]]
    r = analyse(("y.xlsx", grid(rows)), today=TODAY)
    assert r.errors.empty, r.errors[["rule", "cell", "message_zh"]].to_dict("records")
    assert stored(r) == [
        ("HNTE", "130533", "2023Q3", False, 47.0, "B4"), ("HNTE", "130533", "2024Q3", False, 52.0, "E4"),
        ("HNTE", "130534", "2023Q3", False, 73.0, "B3"), ("HNTE", "130534", "2024Q3", False, 78.0, "E3")]
