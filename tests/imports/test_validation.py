"""Every rule reports every offending cell at once, with its severity and a fix."""
import pytest

from import_checks import long_rows, problems, publish


L = long_rows  # short: the tests below write many


def test_all_problems_reported_at_once_with_cells(analyse):
    r = analyse(L(["", "清河县", "HNTE", "", "2023", "", "abc"],
                  ["", "火星县", "HNTE", "", "2023", "", "5"],
                  ["", "清河县", "不存在的指标", "", "2023", "", "5"],
                  ["", "威县", "HNTE", "", "2023", "", "-3"],
                  ["", "威县", "TSME", "", "", "", "3"]))
    got = {(p.rule, p.cell, p.severity) for p in r.problems.itertuples()}
    assert {("not_number", "G2", "error"), ("unknown_region", "B3", "error"),
            ("unknown_indicator", "C4", "error"), ("negative", "G5", "error"),
            ("missing_period", "E6", "error")} <= got
    assert r.problems["fix_zh"].str.len().gt(0).all() and r.problems["fix_en"].str.len().gt(0).all()


def test_duplicates_conflicting_and_equal(analyse):
    r = analyse(L(["", "清河县", "HNTE", "", "2023", "", "69"], ["", "清河县", "HNTE", "", "2023", "", "70"],
                  ["", "威县", "HNTE", "", "2023", "", "5"], ["", "威县", "HNTE", "", "2023", "", "5"]))
    assert sorted(problems(r, "duplicate_conflict")["cell"]) == ["G2", "G3"]
    assert list(problems(r, "duplicate")["cell"]) == ["G5"]
    assert len(r.obs[r.obs["region"] == "130533"]) == 1


def test_unit_scale_against_published_history(analyse, sqlite_store):
    publish(sqlite_store, [("RD_EXP", "130534", "2023", "Y", False, 15400.0)])
    r = analyse(L(["", "清河县", "RD_EXP", "", "2024", "", "165000000"]))
    p = problems(r, "unit_scale")
    assert list(p["cell"]) == ["G2"] and "元" in p["message_zh"].iloc[0]


def test_ytd_falls_within_the_year_in_file_and_against_store(analyse, sqlite_store):
    publish(sqlite_store, [("RD_EXP", "130533", "2024Q1", "Q", True, 500.0)])
    r = analyse(L(["", "清河县", "RD_EXP", "", "2024Q1", "是", "300"], ["", "清河县", "RD_EXP", "", "2024Q2", "是", "200"],
                  ["", "威县", "RD_EXP", "", "2024Q2", "是", "400"]))
    # within the file both figures of a pair that cannot both hold are named (which one is wrong is not known)
    p = problems(r, "ytd_decrease").sort_values("cell")
    assert list(p["cell"]) == ["G2", "G3", "G4"]
    # never a raw period code ("小于 2024Q1 累计 300", rk7): the months in words
    assert list(p["message_zh"]) == ["累计数小于本年上一期累计数：本期累计 300 大于其后的本年1—6月累计 200",
                                     "累计数小于本年上一期累计数：本期累计 200 小于本年1—3月累计 300",
                                     "累计数小于本年上一期累计数：本期累计 400 小于本年1—3月累计 500"]
    assert list(p["message_en"])[1] == "A year-to-date figure falls within the year: YTD 200 < the year's Jan–Mar YTD 300"


@pytest.mark.parametrize("rows, published, expected", [
    # bp4: 1—10月 below the published 1—9月 (quarter against month), 1—6月 above a published 1—9月
    ([("2026M10", "7000")], [("2026Q3", "Q", 14737.0)],
     [("G2", "累计数小于本年上一期累计数：本期累计 7000 小于本年1—9月累计 14737")]),
    ([("2026Q2", "20000")], [("2026Q3", "Q", 14737.0)],
     [("G2", "累计数小于本年上一期累计数：本期累计 20000 大于其后的本年1—9月累计 14737")]),
    ([("2026M10", "0")], [("2026M08", "M", 7000.0), ("2026Q3", "Q", 7652.0)],
     [("G2", "累计数小于本年上一期累计数：本期累计 0 小于本年1—9月累计 7652")]),
    # the nearest contradicted figure is named; the file's own figure of a key comes before the published one
    ([("2026M05", "9000"), ("2026Q3", "15000")], [("2026Q2", "Q", 8000.0), ("2026Q3", "Q", 14737.0)],
     [("G2", "累计数小于本年上一期累计数：本期累计 9000 大于其后的本年1—6月累计 8000")]),
    # in order, another year, or 1—9月 as months and as a quarter: nothing to say
    ([("2026M10", "15000"), ("2026M09", "14737")], [("2026Q3", "Q", 14737.0), ("2025Q4", "Q", 99999.0)], []),
])
def test_ytd_order_across_months_quarters_and_the_store(analyse, sqlite_store, rows, published, expected):
    publish(sqlite_store, [("RD_EXP", "130534", p, k, True, v) for p, k, v in published])
    r = analyse(L(*[["", "清河县", "RD_EXP", "", p, "是", v] for p, v in rows]))
    assert [(x.cell, x.message_zh) for x in problems(r, "ytd_decrease").sort_values("cell").itertuples()] == expected


def test_yoy_swing_warns_and_a_note_confirms_it(analyse, sqlite_store):
    publish(sqlite_store, [("RD_EXP", "130534", "2022", "Y", False, 8383.0),
                           ("RD_EXP", "130533", "2022", "Y", False, 8383.0)])
    r = analyse(L(["", "清河县", "RD_EXP", "", "2023", "", "15400"],
                  ["", "威县", "RD_EXP", "", "2023", "", "15400", "", "", "新增两家研发大户，已核实"]))
    w = problems(r, "yoy_swing")
    assert list(w["cell"]) == ["G2"] and set(w["severity"]) == {"warning"}
    assert "+83.71%" in w["message_zh"].iloc[0]
    assert r.errors.empty  # warnings never block


def test_missing_markers_are_missing_not_zero(analyse):
    r = analyse(L(*[["", "清河县", ind, "", "2023", "", m] for ind, m in
                    [("HNTE", "—"), ("TSME", "/"), ("PLATFORMS", "…"), ("LITTLE_GIANTS", "／"), ("SCI_POP_BASES", "无")]]))
    assert r.errors.empty and len(r.obs) == 5 and r.obs["value"].isna().all()


@pytest.mark.parametrize("rows, published, expected", [
    # br9 m11 / y09: a single month or quarter above the 累计 ending the same month (file, store)
    ([("2026M09", "否", "15000"), ("2026年1-9月", "是", "12305")], [],
     [("G2", "single_above_ytd", "当季（当月）数大于本年截至同月的累计数：当期数 15000 大于本年1—9月累计 12305")]),
    ([("2026年第三季度", "否", "13000")], [("2026Q3", "Q", True, 12305.0)],
     [("G2", "single_above_ytd", "当季（当月）数大于本年截至同月的累计数：当期数 13000 大于本年1—9月累计 12305")]),
    # br9 y03: a 1—10月 above the published year (its 1—12月): said, a warning — the 年报 may revise the 快报 累计
    # (the shared case yearbook_continued_table: a 2024 年报 below the published 1—9月 is read)
    ([("2026年1-10月", "是", "16000")], [("2026", "Y", False, 15000.0)],
     [("G2", "ytd_vs_annual", "年报数与本年的累计数先后矛盾（年报可修订快报累计数，已导入）：本期累计 16000 大于其后的本年年报数 15000")]),
    ([("2025", "", "12000")], [("2025Q3", "Q", True, 12305.0)],
     [("G2", "ytd_vs_annual", "年报数与本年的累计数先后矛盾（年报可修订快报累计数，已导入）：年报数 12000 小于本年1—9月累计 12305")]),
    # in order: nothing
    ([("2026M09", "否", "1500"), ("2026年1-9月", "是", "12305")], [("2026", "Y", False, 15000.0)], []),
])
def test_br9_single_periods_and_years_against_their_year_to_date(analyse, sqlite_store, rows, published, expected):
    publish(sqlite_store, [("RD_EXP", "130534", p, k, ytd, v) for p, k, ytd, v in published])
    r = analyse(L(*[["", "清河县", "RD_EXP", "", p, f, v] for p, f, v in rows]))
    got = r.problems[r.problems["rule"].isin(["single_above_ytd", "ytd_decrease", "ytd_vs_annual"])].sort_values("cell")
    assert [(x.cell, x.rule, x.message_zh) for x in got.itertuples()] == expected
    assert {x.severity for x in got.itertuples()} <= ({"warning"} if expected and expected[0][1] == "ytd_vs_annual"
                                                       else {"error"})


def test_the_shared_yearbook_case_is_read_beside_the_demo_history(analyse, sqlite_store):
    """The shared case yearbook_continued_table (2024 年报 of 18 counties) against a store holding the demo data, whose
    published 2024年1—9月 技术合同 of 清河县 (29758) is above the file's 2024 年报 (29311): the case's outcome stands —
    36 values, 0 errors (the 年报 may revise the 快报 累计: ytd_vs_annual and annual_ytd_mismatch are warnings)."""
    from pathlib import Path

    from data.bootstrap import load_demo_data

    with sqlite_store.begin() as conn:
        load_demo_data(conn)
    case = Path(__file__).with_name("cases") / "yearbook_continued_table.xlsx"   # copied from ../shared/cases
    r = analyse((case.name, case.read_bytes()))
    assert r.errors.empty and len(r.obs) == 36
    assert [(p.rule, p.cell) for p in problems(r, "ytd_vs_annual").itertuples()] == [("ytd_vs_annual", "C21")]
