"""bp4 #7: an upload that states no status (no 状态 column, or a blank 状态 cell) turned the 快报 figures it corrects
into 正式 (the review showed 快报→正式). Now each such figure keeps the status of the published figure it replaces,
as the online form offers (service.status_unsaid_from_published); a status the file states wins, and a figure
replacing none is 正式."""
import datetime as dt

import pandas as pd
from workbooks import grid

from data import store

TODAY = dt.date(2026, 1, 10)


def seed(engine):
    rows = [("RD_EXP", "130534", "2024Q3", "Q", True, 12000.0, "preliminary"),
            ("HNTE", "130534", "2024Q3", "Q", False, 78.0, "final"),
            ("RD_EXP", "130533", "2024Q3", "Q", True, 8000.0, "revised")]
    df = pd.DataFrame(rows, columns=["indicator", "region", "period", "period_kind", "is_ytd", "value", "status"])
    with engine.begin() as conn:
        rev = store.create_revision(conn, df, created_by="seed")
        store.publish(conn, rev, "seed-approver", allow_draft=True)


def statuses(result):
    o = result.obs.sort_values(["indicator", "region"])
    return [(r.indicator, r.region, r.status) for r in o.itertuples()]


TABLE = [["邢台市2024年1-9月县域科技指标"], ["县（市、区）", "R&D经费（万元）", "高新技术企业数（家）"],
         ["清河县", 12305, 80], ["威县", 8300, 52]]


def test_a_table_stating_no_status_keeps_the_replaced_figures_status(analyse, sqlite_store):
    seed(sqlite_store)
    r = analyse(("t.xlsx", grid(TABLE)), today=TODAY)
    assert r.errors.empty
    assert statuses(r) == [("HNTE", "130533", "final"), ("HNTE", "130534", "final"),
                           ("RD_EXP", "130533", "revised"), ("RD_EXP", "130534", "preliminary")]


def test_a_status_the_file_states_wins_and_a_blank_cell_is_unsaid(analyse, sqlite_store):
    seed(sqlite_store)
    head = ["地区代码", "地区", "指标代码", "指标", "期别", "是否累计", "数值", "单位", "状态"]
    rows = [["130534", "清河县", "RD_EXP", "", "2024年1-9月", "是", 12305, "万元", "正式"],
            ["130533", "威县", "RD_EXP", "", "2024年1-9月", "是", 8300, "万元", ""],
            ["130534", "清河县", "HNTE", "", "2024年1-9月", "否", 80, "家", "快报"]]
    r = analyse(("l.xlsx", grid([head, *rows])), today=TODAY)
    assert r.errors.empty
    assert statuses(r) == [("HNTE", "130534", "preliminary"), ("RD_EXP", "130533", "revised"),
                           ("RD_EXP", "130534", "final")]
