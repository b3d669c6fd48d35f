"""Every rule reports every offending cell at once, with its severity and a fix."""

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
    p = problems(r, "ytd_decrease").sort_values("cell")
    assert list(p["cell"]) == ["G3", "G4"]
    # rk7 #3: never a raw period code ("小于 2024Q1 累计 300")
    assert list(p["message_zh"]) == ["累计数小于本年上一期累计数：本期累计 200 小于本年上一期累计 300",
                                     "累计数小于本年上一期累计数：本期累计 400 小于本年上一期累计 500"]
    assert list(p["message_en"]) == ["A year-to-date figure falls within the year: YTD 200 < the year's previous YTD 300",
                                     "A year-to-date figure falls within the year: YTD 400 < the year's previous YTD 500"]


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
