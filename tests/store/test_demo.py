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
    assert (df["status"] == "revised").sum() == 1
    assert len(revs) == 2 and set(revs["status"]) == {"published"}
    # Q4 累计 equals the annual figure.
    ytd = df[(df["period"] == "2024Q4") & df["is_ytd"]].set_index(["indicator", "region"])["value"]
    yr = df[df["period"] == "2024"].set_index(["indicator", "region"])["value"]
    joined = ytd.to_frame("q4").join(yr.rename("y"), how="inner")
    joined = joined.drop(("GDP", "130528"), errors="ignore")  # revised after the census
    assert ((joined["q4"] - joined["y"]).abs() < 1e-9).all()
