"""A5, C6 (breaker6): a 合计 is the city's figure only by the one definition (data.catalogue.CITY_TOTAL_LEVELS: the
city's county-level units AND its development zones). A 全市合计 of the 18 counties with no row of 河北邢台经济开发区,
equal to their sum, was stored as 邢台市 (short by the zone's figure); `全市合计（不含开发区）` was an unknown region
whose fix (rename it 全市合计) stored that same wrong figure. Now (build._total_is_city):
- every county and every zone listed: the 合计 is the city's figure; one equal to the counties alone while the listed
  zone has a figure is the counties' total (total_not_city), never stored;
- every county listed, no zone row: the 合计 is never stored (equal to the counties: it leaves the zone out; above
  them: the difference is not known to be the zone's), said by total_not_city on its cell;
- a label saying 不含开发区 (不含经济开发区, 不包括开发区) is a total of the counties only: checked against them, structure
  (total_counties), a total_not_city warning, never the city's figure; 含开发区 (含经济开发区, 含河北邢台经济开发区) says
  the zone is inside: the city's figure when every county is listed (a "其中：经济开发区" row under it says the same).
A county's label with such a bracket (襄都区（含开发区）) is no total and stays refused."""
import datetime as dt

import pytest
from import_checks import problems, refusals, stored
from workbooks import grid, long_form

TODAY = dt.date(2026, 1, 10)
HEAD = [["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"]]
COUNTIES = [["襄都区", 6521, 42], ["信都区", 11790, 74], ["任泽区", 9708, 58], ["南和区", 7435, 46],
            ["临城县", 3325, 21], ["内丘县", 5956, 32], ["柏乡县", 3300, 18], ["隆尧县", 8278, 48],
            ["宁晋县", 31411, 143], ["巨鹿县", 4803, 32], ["新河县", 2256, 14], ["广宗县", 2662, 15],
            ["平乡县", 4594, 30], ["威县", 8300, 52], ["清河县", 12305, 78], ["临西县", 5722, 40],
            ["南宫市", 9817, 66], ["沙河市", 20580, 90]]
ZONE = ["河北邢台经济开发区", 1953, 11]
CITY_OF = [("HNTE", "130500", "2024Q3", False, 910.0), ("RD_EXP", "130500", "2024Q3", True, 160716.0)]


def table(*rows):
    return ("t.xlsx", grid([*HEAD, *COUNTIES, *rows]))


def city(result):
    return [s[:5] for s in stored(result) if s[1] == "130500"]


def warned(result):
    return [(p.rule, p.cell, p.value) for p in result.warnings.itertuples()]


def skipped(result):
    return sorted((s["row"], s["kind"]) for s in result.preview["skipped"])


def test_total_equal_to_the_counties_without_a_zone_row_is_not_the_citys(analyse):
    """rg16: 18 counties and 全市合计 = their sum, no zone row: the counties' total (it leaves the zone out)."""
    r = analyse(table(["全市合计", 158763, 899]), today=TODAY)
    assert refusals(r) == []
    assert city(r) == [] and len(stored(r)) == 36
    assert warned(r) == [("total_not_city", "B21", "158763"), ("total_not_city", "C21", "899")]
    w = problems(r, "total_not_city")
    assert w["message_zh"].iloc[0] == ("合计行不是全市数（全市数 = 各县（市、区）+ 开发区），未作为全市数导入，已与各县（市、区）核对："
                                       "158763 等于所列各县（市、区）之和，表中没有河北邢台经济开发区（130571）一行，合计不含开发区")
    assert "增加“河北邢台经济开发区”一行" in w["fix_zh"].iloc[0]
    assert (21, "total") in skipped(r)
    c = r.counts()["cells"]
    assert (c["imported"], c["refused"], c["structure_kinds"]["total"]) == (36, 0, 2)


def test_total_above_the_counties_without_a_zone_row_is_not_guessed_to_hold_the_zone(analyse):
    """The difference (1953, 11) may be the zone's or anything else: not stored, said once (no total_mismatch)."""
    r = analyse(table(["全市合计", 160716, 910]), today=TODAY)
    assert refusals(r) == [] and city(r) == []
    assert warned(r) == [("total_not_city", "B21", "160716"), ("total_not_city", "C21", "910")]
    assert problems(r, "total_not_city")["message_zh"].iloc[0].endswith(
        "160716 比所列各县（市、区）之和 158763 多 1953，表中没有河北邢台经济开发区（130571）一行，无法确定差额是否就是开发区的数")


def test_total_below_the_counties_without_a_zone_row_is_a_mismatch(analyse):
    r = analyse(table(["全市合计", 150000, 899]), today=TODAY)
    assert warned(r) == [("total_mismatch", "B21", "150000"), ("total_not_city", "C21", "899")]
    assert city(r) == []


def test_counties_and_zone_listed_the_total_is_the_citys(analyse):
    """rg17 (the control): 18 counties, the zone's row, 全市合计 = all 19."""
    r = analyse(table(ZONE, ["全市合计", 160716, 910]), today=TODAY)
    assert refusals(r) == [] and warned(r) == []
    assert city(r) == CITY_OF
    assert [s for s in stored(r) if s[1] in ("130500", "130571")] == [
        ("HNTE", "130500", "2024Q3", False, 910.0, "C22"), ("HNTE", "130571", "2024Q3", False, 11.0, "C21"),
        ("RD_EXP", "130500", "2024Q3", True, 160716.0, "B22"), ("RD_EXP", "130571", "2024Q3", True, 1953.0, "B21")]


def test_zone_listed_but_total_equal_to_the_counties_alone_is_not_the_citys(analyse):
    r = analyse(table(ZONE, ["全市合计", 158763, 899]), today=TODAY)
    assert refusals(r) == [] and city(r) == []
    assert warned(r) == [("total_not_city", "B22", "158763"), ("total_not_city", "C22", "899")]
    assert problems(r, "total_not_city")["message_zh"].iloc[0].endswith(
        "158763 等于所列各县（市、区）之和 158763，不含表中所列河北邢台经济开发区（130571）的 1953")
    assert len(stored(r)) == 38   # the counties and the zone


@pytest.mark.parametrize("label", ["全市合计（不含开发区）", "全市（不含开发区）", "合计(不含经济开发区)",
                                   "全市合计（不包括开发区）", "邢台市（不含开发区）", "全市合计（不含河北邢台经济开发区）"])
@pytest.mark.parametrize("zone", [False, True])
def test_a_total_saying_it_leaves_the_zone_out_is_the_counties_total(analyse, label, zone):
    """rg09/rg10 (C6): checked against the counties only (a zone row is no member of it), never the city's figure."""
    rows = [ZONE] if zone else []
    r = analyse(table(*rows, [label, 158763, 899]), today=TODAY)
    n = 22 if zone else 21
    assert refusals(r) == [] and city(r) == []
    assert warned(r) == [("total_not_city", f"B{n}", "158763"), ("total_not_city", f"C{n}", "899")]
    assert problems(r, "total_not_city")["message_zh"].iloc[0].endswith(
        f"「{label}」按其名称不含开发区，只是各县（市、区）之和（所列各县（市、区）之和为 158763），"
        "全市数还含河北邢台经济开发区（130571）")
    assert (n, "total_counties") in skipped(r)
    assert r.counts()["cells"]["structure_kinds"]["total_counties"] == 2
    assert len(stored(r)) == (38 if zone else 36)


def test_a_counties_only_total_that_does_not_add_up_is_a_mismatch(analyse):
    r = analyse(table(ZONE, ["全市合计（不含开发区）", 160716, 899]), today=TODAY)
    assert [w for w in warned(r) if w[0] == "total_mismatch"] == [("total_mismatch", "B22", "160716")]
    assert city(r) == []


@pytest.mark.parametrize("label", ["全市合计（含开发区）", "全市（含经济开发区）", "合计（包括开发区）",
                                   "全市合计（含河北邢台经济开发区）"])
def test_a_total_saying_it_holds_the_zone_is_the_citys(analyse, label):
    """No zone row: the label says the zone is inside, every county is listed: the city's figure."""
    r = analyse(table([label, 160716, 910]), today=TODAY)
    assert refusals(r) == [] and warned(r) == []
    assert city(r) == CITY_OF


def test_a_total_holding_the_zone_with_its_row_is_checked_against_all(analyse):
    r = analyse(table(ZONE, ["全市合计（含开发区）", 160716, 910]), today=TODAY)
    assert refusals(r) == [] and warned(r) == [] and city(r) == CITY_OF
    r = analyse(table(ZONE, ["全市合计（含开发区）", 158763, 910]), today=TODAY)
    assert warned(r) == [("total_mismatch", "B22", "158763")]


def test_a_total_holding_the_zone_of_a_partial_table_is_a_check_row(analyse):
    r = analyse(("t.xlsx", grid([*HEAD, ["清河县", 12305, 78], ["威县", 8300, 52],
                                 ["合计（含开发区）", 20605, 130]])), today=TODAY)
    assert refusals(r) == [] and city(r) == [] and len(stored(r)) == 4
    assert (5, "total") in skipped(r)


def test_a_qizhong_zone_under_a_total_without_its_row_says_the_zone_is_inside(analyse):
    """The table's own word (其中：经济开发区 under the 合计): the total holds the zone; stored as the city's."""
    r = analyse(table(["全市合计", 158763, 899], ["  其中：经济开发区", 1953, 11]), today=TODAY)
    assert refusals(r) == [] and warned(r) == []
    assert city(r) == [("HNTE", "130500", "2024Q3", False, 899.0), ("RD_EXP", "130500", "2024Q3", True, 158763.0)]


def test_a_county_with_its_zone_in_brackets_is_no_total(analyse):
    """rg12: 襄都区（含开发区） is no total and no catalogue unit: refused, never a 合计 row."""
    rows = [["襄都区（含开发区）", 8474, 53] if c[0] == "襄都区" else c for c in COUNTIES]
    r = analyse(("t.xlsx", grid([*HEAD, *rows, ["全市合计", 160716, 910]])), today=TODAY)
    assert refusals(r) == [("unknown_region", "A3", "襄都区（含开发区）")]
    assert city(r) == []


@pytest.mark.parametrize("label", ["全市合计（不含开发区）", "全市（不含开发区）"])
def test_a_long_form_row_of_the_counties_only_total_is_refused(analyse, label):
    """A long form's 地区 全市（不含开发区） is no record of the city: refused as no unit's figure
    (region_total_excludes_zone, whose fix is to delete the row; unknown_region's "use a standard name" would have
    stored it as 邢台市), never 邢台市."""
    rows = [["130534", "清河县", "RD_EXP", "R&D经费", "2024Q3", "是", 12305, "万元"],
            ["", label, "RD_EXP", "R&D经费", "2024Q3", "是", 158763, "万元"]]
    r = analyse(("l.xlsx", long_form(rows)), today=TODAY)
    assert refusals(r) == [("region_total_excludes_zone", "B3", label)]
    assert "请删除该行" in r.errors["fix_zh"].iloc[0]
    assert city(r) == []


def test_a_long_forms_total_that_says_whether_the_zone_is_inside(analyse):
    """A long form's 全市（不含开发区） row was unknown_region with the fix "use a standard name", which would have stored
    the counties' total as the city's; it is refused as no unit's figure (region_total_excludes_zone). 全市（含开发区）
    is the city's own figure by the one definition."""
    import datetime as dt

    from import_checks import refusals, stored
    from workbooks import grid

    rows = [["地区", "指标", "期别", "数值"], ["全市（不含开发区）", "研究与试验发展(R&D)经费", "2024年", 150000],
            ["邢台市（含开发区）", "高新技术企业数", "2024年", 900], ["清河县", "高新技术企业数", "2024年", 78]]
    r = analyse(("l.xlsx", grid(rows)), today=dt.date(2026, 1, 10))
    assert [x[:2] for x in refusals(r)] == [("region_total_excludes_zone", "A2")]
    assert stored(r) == [("HNTE", "130500", "2024", False, 900.0, "D3"), ("HNTE", "130534", "2024", False, 78.0, "D4")]


def test_a_long_forms_city_code_beside_a_counties_only_name_is_refused(analyse):
    """breaker7 A5: 地区代码 130500 beside 地区 邢台市（不含开发区） stored the counties' total as the city's, the code
    winning; the name says it is no unit's figure, so the row contradicts its code (region_conflict)."""
    import datetime as dt

    from import_checks import refusals, stored
    from workbooks import grid

    rows = [["地区代码", "地区", "指标", "期别", "数值"], ["130500", "邢台市（不含开发区）", "研究与试验发展(R&D)经费", "2024年", 150000],
            ["130534", "清河县", "研究与试验发展(R&D)经费", "2024年", 12305]]
    r = analyse(("l.xlsx", grid(rows)), today=dt.date(2026, 1, 10))
    assert [x[:2] for x in refusals(r)] == [("region_conflict", "A2")]
    assert stored(r) == [("RD_EXP", "130534", "2024", False, 12305.0, "E3")]


@pytest.mark.parametrize("label", ["邢台市", "邢台", "邢台市全市"])
def test_the_citys_own_row_by_any_of_its_catalogue_names_is_the_total(analyse, label):
    """The city's row named by its catalogue name, short name or alias is the table's 合计 by another name (the
    alias 邢台市全市 was missed: the aliases tuple was read as the text of the tuple). With the zone's row listed and the
    sum right, it is the city's figure."""
    r = analyse(table(ZONE, [label, 160716, 910]), today=TODAY)
    assert refusals(r) == [] and warned(r) == []
    assert city(r) == CITY_OF


@pytest.mark.parametrize("total, names", [
    (["全市合计", 160716, 909], {"C22": ("909", "910")}),                         # a count one short
    (["合计", 161716, 910], {"B22": ("161716", "160716")}),                        # an amount 1000 over
    (["全市合计", 160716, 901], {"C22": ("901", "910")}),                         # two digits swapped (910 -> 901)
    (["全市合计", 161706, 901], {"B22": ("161706", "160716"), "C22": ("901", "910")}),
])
def test_br8_a_citys_total_contradicting_all_its_units_is_not_stored(analyse, total, names):
    """br8 A: every county and the zone listed, a 合计 that does not add up: one of them is wrong and the file does not
    say which; it was stored as 邢台市's figure beside a warning. Now that column's 合计 is not stored (the members are),
    and the warning says so; a column that adds up still gives the city's figure."""
    r = analyse(table(ZONE, total), today=TODAY)
    assert refusals(r) == []
    assert [(p.rule, p.cell) for p in r.warnings.itertuples()] == [("total_mismatch", c) for c in names]
    assert problems(r, "total_mismatch")["message_zh"].tolist() == [
        f"合计数与各县（市、区）之和不一致：{got}，所列各县（市、区）之和为 {summed}；合计行未作为全市数导入"
        for got, summed in names.values()]
    kept = {"B": ("RD_EXP", "130500", "2024Q3", True, 160716.0), "C": ("HNTE", "130500", "2024Q3", False, 910.0)}
    assert city(r) == sorted(v for col, v in kept.items() if f"{col}22" not in names)
    assert len(stored(r)) == 38 + len(city(r))


@pytest.mark.parametrize("amount, stored_as_city", [(160716.4, True), (160719, True), (160712, True),
                                                    (160707, False), (160721, False)])
def test_br8_a_citys_amount_within_rounding_of_its_units_is_stored(analyse, amount, stored_as_city):
    """Amounts are rounded where they were published: 19 members in whole 万元 may drift by √19 = 4.4 万元 (3.5
    standard deviations of 19 roundings; build._total_tolerance); 160707 against 160716 (digits swapped, br8 w05) is
    no rounding and is not stored."""
    r = analyse(table(ZONE, ["全市合计", amount, 910]), today=TODAY)
    assert refusals(r) == []
    assert [p.cell for p in problems(r, "total_mismatch").itertuples()] == ([] if stored_as_city else ["B22"])
    assert city(r) == [("HNTE", "130500", "2024Q3", False, 910.0)] + (
        [("RD_EXP", "130500", "2024Q3", True, float(amount))] if stored_as_city else [])


def test_br9_a_total_with_the_zone_as_its_part_may_add_the_zone_to_the_counties(analyse):
    """br9 c13: 全市合计 160716 / 910 with "其中：经济开发区" 1953 / 11 below it: the zone beside the counties, inside the
    total (158763 + 1953) — as the shared case city_subtotal_rows has it inside the counties' figures (158763). Both
    add up: the city's figure, no warning (it was total_mismatch naming the counties' sum alone, and not stored)."""
    r = analyse(table(["全市合计", 160716, 910], ["  其中：经济开发区", 1953, 11]), today=TODAY)
    assert refusals(r) == [] and warned(r) == []
    assert city(r) == CITY_OF
    assert [s[:5] for s in stored(r) if s[1] == "130571"] == [("HNTE", "130571", "2024Q3", False, 11.0),
                                                              ("RD_EXP", "130571", "2024Q3", True, 1953.0)]


def test_br8_a_long_forms_city_row_contradicting_all_its_units_is_left_out(analyse):
    """br8 v13: a long form's 邢台市 row (905 高新技术企业) under all 18 units and the zone (910 together) was stored
    with a warning. It is left out of the batch (city_total_contradicts, a warning: the rest is stored as written),
    and its cell counted as refused."""
    rows = [["", name, "", "高新技术企业数", "2024年9月末", "", hn] for name, _rd, hn in COUNTIES]
    rows += [["", ZONE[0], "", "高新技术企业数", "2024年9月末", "", ZONE[2]], ["", "邢台市", "", "高新技术企业数", "2024年9月末", "", 905]]
    r = analyse(("l.xlsx", long_form(rows)), today=TODAY)
    assert refusals(r) == []
    assert [(p.rule, p.cell, p.message_zh) for p in r.warnings.itertuples()] == [
        ("city_total_contradicts", "G21", "全市数与所列各县（市、区）及开发区之和不一致，未导入：全市数 905，所列各县（市、区）及开发区之和 910")]
    assert city(r) == [] and len(stored(r)) == 19
    c = r.counts()["cells"]
    assert (c["imported"], c["refused"]) == (19, 1)
