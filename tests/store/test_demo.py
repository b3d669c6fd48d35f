"""The demo reproduces 清河县's report, through the store, on both backends."""
import pytest

from data import store
from data.bootstrap import ensure_database
from data.catalogue import load_indicators

REPORT = {  # 清河县科技和工业信息化局, reply of 2024-05-28; (2022, 2023) in catalogue units
    "RD_EXP": (8383, 15400),
    "SUPER_DEDUCT_FIRMS": (None, 71),
    "SUPER_DEDUCT_AMOUNT": (11478, 13200),
    "HNTE": (None, 69),
    "TSME": (None, 101),
    "PLATFORMS": (None, 26),
    "PLAT_RESEARCH_INST": (None, 3),
    "PLAT_ENT_TECH_CENTER": (None, 10),
    "PLAT_TECH_INNOV_CENTER": (None, 8),
    "PLAT_KEY_LAB": (None, 1),
    "PLAT_ALLIANCE": (None, 2),
    "PLAT_ACADEMICIAN_WS": (None, 1),
    "PLAT_ACADEMICIAN_LIAISON": (None, 1),
    "TECH_CONTRACT": (None, 32600),
    "TECH_CONTRACT_LOCAL": (None, 29300),
    "TECH_CONTRACT_JINGJIN": (None, 7365),
}


@pytest.fixture
def demo_engine(engine):
    assert ensure_database(engine, load_demo=True)
    assert not ensure_database(engine, load_demo=True)  # idempotent: loads once
    return engine


def test_qinghe_2022_2023_match_the_report(demo_engine):
    with demo_engine.connect() as conn:
        df = store.published_observations(conn, regions=["130534"])
    annual = df[df["period_kind"] == "Y"].set_index(["indicator", "period"])["value"]
    for ind, (v22, v23) in REPORT.items():
        assert annual[(ind, "2023")] == v23, ind
        if v22 is not None:
            assert annual[(ind, "2022")] == v22, ind
    # 26 platforms are exactly the sum of their sub-types.
    parts = [c for c in REPORT if c.startswith("PLAT_")]
    assert sum(annual[(c, "2023")] for c in parts) == 26


def test_report_rates_follow_from_raw_values(demo_engine):
    with demo_engine.connect() as conn:
        df = store.published_observations(conn, regions=["130534"])
    v = df[df["period_kind"] == "Y"].set_index(["indicator", "period"])["value"]
    assert round((v[("RD_EXP", "2023")] / v[("RD_EXP", "2022")] - 1) * 100, 2) == 83.71
    assert round((v[("SUPER_DEDUCT_AMOUNT", "2023")] / v[("SUPER_DEDUCT_AMOUNT", "2022")] - 1) * 100) == 15


def test_qinghe_is_third_in_the_city_for_hnte_and_tsme(demo_engine):
    from data.demo import COUNTIES

    with demo_engine.connect() as conn:
        df = store.published_observations(conn, indicators=["HNTE", "TSME"], regions=COUNTIES)
    y23 = df[df["period"] == "2023"]
    for ind in ("HNTE", "TSME"):
        s = y23[y23["indicator"] == ind].set_index("region")["value"]
        assert len(s) == 18
        assert int((s > s["130534"]).sum()) + 1 == 3, ind


def test_demo_covers_the_catalogue_years_quarters_and_edge_cases(demo_engine):
    with demo_engine.connect() as conn:
        df = store.published_observations(conn)
        ann = store.load_annotations(conn)
        revs = store.list_revisions(conn)
    base = set(load_indicators().query("formula.isna()", engine="python")["code"])
    assert set(df["indicator"]) == base
    assert {str(y) for y in range(2019, 2026)} <= set(df["period"])
    q = df[df["period_kind"] == "Q"]
    assert q["period"].min() == "2023Q1" and q["period"].max() == "2026Q3" and q["is_ytd"].any()
    assert df["value"].isna().sum() >= 3  # a few gaps, kept as missing
    assert (ann["kind"] == "series_break").sum() == 1
    assert set(df.loc[df["status"] == "revised", "region"]) == {"130528", "130500"}
    assert len(revs) == 2 and set(revs["status"]) == {"published"}
    # Q4 累计 equals the annual figure.
    ytd = df[(df["period"] == "2024Q4") & df["is_ytd"]].set_index(["indicator", "region"])["value"]
    yr = df[df["period"] == "2024"].set_index(["indicator", "region"])["value"]
    joined = ytd.to_frame("q4").join(yr.rename("y"), how="inner")
    assert ((joined["q4"] - joined["y"]).abs() < 1e-9).all()  # the census revision revised both


def test_city_quarters_are_the_sums_of_counties_and_the_zone(demo_engine):
    with demo_engine.connect() as conn:
        df = store.published_observations(conn)
    q = df[(df["period_kind"] == "Q") & df["value"].notna()]
    parts = q[q["region"] != "130500"].groupby(["indicator", "period", "is_ytd"])["value"].agg(["sum", "count"])
    city = q[q["region"] == "130500"].set_index(["indicator", "period", "is_ytd"])["value"]
    complete = parts[parts["count"] == 19]  # 18 counties and the development zone all reported
    assert len(complete) > 100
    assert ((complete["sum"] - city.reindex(complete.index)).abs() < 1e-6).all()


def test_as_of_between_the_demo_publishes_shows_the_figure_before_its_revision(demo_engine):
    from datetime import timedelta

    with demo_engine.connect() as conn:
        week_ago = store.now() - timedelta(days=10)
        before = store.published_observations(conn, as_of=week_ago, regions=["130528"], indicators=["GDP"])
        now = store.published_observations(conn, regions=["130528"], indicators=["GDP"])
    old = before.set_index(["period", "is_ytd"]).loc[("2024", False)]
    new = now.set_index(["period", "is_ytd"]).loc[("2024", False)]
    assert (old["status"], new["status"]) == ("final", "revised")
    assert new["value"] == round(old["value"] * 1.034)


def test_the_pipeline_gives_the_reports_rates_and_the_meeting_sentence(demo_engine):
    """83.71%, +15% and 升2位 come out of the indicator pipeline from the demo's raw values."""
    from data import snapshot
    from indicators.sentences import meeting_sentences

    snap = snapshot.get(demo_engine)
    a = snap.analysis
    rows = a[(a["region"] == "130534") & (a["period"] == "2023") & ~a["is_ytd"] & ~a["derived_from_ytd"]]
    got = rows.set_index(rows["indicator"].astype(str))
    assert round(got.loc["RD_EXP", "yoy_pct"], 2) == 83.71
    assert round(got.loc["SUPER_DEDUCT_AMOUNT", "yoy_pct"], 2) == 15.00
    assert (got.loc["RD_EXP", "rank"], got.loc["RD_EXP", "group_size"], got.loc["RD_EXP", "rank_change"]) == (3, 18, 2)
    assert (got.loc["HNTE", "rank"], got.loc["TSME", "rank"]) == (3, 3)
    sentences = meeting_sentences(a, "130534", "2023", load_indicators(), snap.regions, codes=["RD_EXP"])
    text = sentences["sentence"].iloc[0] if hasattr(sentences, "iloc") else sentences[0]
    assert text == "2023年全县R&D经费投入1.54亿元，同比增长83.71%，总量居全市第3位，较上年提升2位。"


def test_demo_data_is_the_same_in_every_process():
    """No set-ordered random draws: the demo is deterministic whatever PYTHONHASHSEED is."""
    import os
    import subprocess
    import sys

    code = ("from data.demo import demo_observations; o = demo_observations(); "
            "print(repr(float(o['value'].sum())))")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sums = {subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(sums) == 1


def test_no_sub_item_of_the_demo_stands_above_its_whole(demo_engine):
    """bw10: 58 published quarters of 其中：本地技术合同登记额 stood above 技术合同登记额. No published figure of a
    catalogue sub-item (parent, same unit) stands above its whole now, and 清河县's quarters are literal."""
    with demo_engine.connect() as conn:
        df = store.published_observations(conn)
    cat = load_indicators().set_index("code")
    sub = cat[cat["parent"].notna()]
    sub = sub[sub["unit"].to_numpy() == cat.loc[sub["parent"], "unit"].to_numpy()]
    parts = df[df["indicator"].isin(sub.index)].assign(whole=lambda d: d["indicator"].map(sub["parent"]))
    pairs = parts.merge(df, left_on=["whole", "region", "period", "is_ytd"],
                        right_on=["indicator", "region", "period", "is_ytd"], suffixes=("", "_whole"))
    assert len(pairs) > 1000   # every platform kind and 本地技术合同 beside its whole
    above = pairs[pairs["value"] > pairs["value_whole"]]
    assert above[["indicator", "region", "period", "value", "value_whole"]].to_dict("records") == []
    qh = df[(df["region"] == "130534") & df["period"].isin(["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024"])]
    table = qh[qh["indicator"].isin(["TECH_CONTRACT", "TECH_CONTRACT_LOCAL"])].pivot_table(
        index="period", columns="indicator", values="value")
    assert table.to_dict("index") == {
        "2024": {"TECH_CONTRACT": 40836.0, "TECH_CONTRACT_LOCAL": 35936.0},   # 技术合同 2024 as revised later
        "2024Q1": {"TECH_CONTRACT": 8466.0, "TECH_CONTRACT_LOCAL": 7450.0},
        "2024Q2": {"TECH_CONTRACT": 18237.0, "TECH_CONTRACT_LOCAL": 16049.0},
        "2024Q3": {"TECH_CONTRACT": 29758.0, "TECH_CONTRACT_LOCAL": 26187.0},
        "2024Q4": {"TECH_CONTRACT": 40836.0, "TECH_CONTRACT_LOCAL": 35936.0},
    }
