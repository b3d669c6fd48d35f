"""Deterministic demo data (示例数据) for 邢台市's 18 county-level units, its development zone and city totals.

清河县's 2022 and 2023 figures are those of its S&T bureau's 2024 report; the rest is plausible
but invented, and every page and export labels it 示例数据.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.frames import ANNOTATION_COLUMNS, OBS_COLUMNS, conform

CITY = "130500"
DEVZONE = "130571"
HOME = "130534"
COUNTIES = ["130502", "130503", "130505", "130506", "130522", "130523", "130524", "130525", "130528",
            "130529", "130530", "130531", "130532", "130533", "130534", "130535", "130581", "130582"]
YEARS = list(range(2019, 2026))
QUARTERS = [(y, q) for y in range(2023, 2027) for q in range(1, 5) if (y, q) <= (2026, 3)]
SEED = 20240528

# 2023 levels chosen so ranks match the report: 清河 is 3rd for HNTE and TSME, and R&D moves 5th -> 3rd.
#                 襄都  信都   任泽   南和  临城  内丘  柏乡  隆尧   宁晋   巨鹿  新河  广宗  平乡  威县  清河   临西  南宫   沙河
RD_2023 = [8700, 14900, 12100, 9100, 4300, 7400, 3900, 10600, 38600, 6200, 2800, 3100, 5600, 9800, 15400, 6900, 11800, 24800]
RD_2022 = [7800, 13800, 11200, 8000, 4000, 6800, 3500, 8100, 34100, 5500, 2500, 2900, 5100, 7900, 8383, 6300, 8200, 22300]
HNTE_2023 = [38, 66, 52, 41, 19, 31, 16, 45, 128, 28, 12, 14, 26, 47, 69, 35, 58, 84]
TSME_2023 = [66, 92, 85, 71, 35, 55, 30, 76, 196, 51, 22, 27, 46, 80, 101, 60, 97, 138]
# Relative economic size of each county (GDP 2023 in 万元 = size * 1e4 * 100).
SIZE = [1.9, 2.6, 2.0, 1.7, 1.1, 1.5, 0.9, 2.1, 4.3, 1.4, 0.8, 0.9, 1.2, 1.9, 2.15, 1.5, 2.0, 3.6]

QINGHE = {  # the report's figures, (2022, 2023)
    "RD_EXP": (8383, 15400),
    "SUPER_DEDUCT_FIRMS": (62, 71),
    "SUPER_DEDUCT_AMOUNT": (11478, 13200),
    "HNTE": (61, 69),
    "TSME": (88, 101),
    "PLATFORMS": (23, 26),
    "PLAT_RESEARCH_INST": (2, 3),
    "PLAT_ENT_TECH_CENTER": (9, 10),
    "PLAT_TECH_INNOV_CENTER": (7, 8),
    "PLAT_KEY_LAB": (1, 1),
    "PLAT_ALLIANCE": (2, 2),
    "PLAT_ACADEMICIAN_WS": (1, 1),
    "PLAT_ACADEMICIAN_LIAISON": (1, 1),
    "TECH_CONTRACT": (27800, 32600),
    "TECH_CONTRACT_LOCAL": (24900, 29300),
    "TECH_CONTRACT_JINGJIN": (5900, 7365),
    "ST_COMMISSIONERS": (18, 21),
    "SCI_POP_BASES": (1, 3),
    "LITTLE_GIANTS": (3, 4),
}
PLATFORM_PARTS = ["PLAT_RESEARCH_INST", "PLAT_ENT_TECH_CENTER", "PLAT_TECH_INNOV_CENTER", "PLAT_KEY_LAB",
                  "PLAT_ALLIANCE", "PLAT_ACADEMICIAN_WS", "PLAT_ACADEMICIAN_LIAISON"]
PLATFORM_MIX = [0.10, 0.40, 0.28, 0.06, 0.08, 0.05, 0.03]
# Indicators shown quarterly: 累计 flows and end-of-quarter stocks.
QUARTERLY_FLOWS = ["RD_EXP", "GDP", "FISCAL_ST", "FISCAL_EXP", "IND_RD_EXP", "IND_REVENUE",
                   "TECH_CONTRACT", "TECH_CONTRACT_LOCAL", "TECH_CONTRACT_JINGJIN"]
QUARTERLY_STOCKS = ["HNTE", "TSME"]
YTD_SHARE = np.array([0.21, 0.46, 0.72, 1.0])


def _path(rng: np.random.Generator, level_2023: float, growth: float, integer: bool) -> dict[int, float]:
    """A yearly series through `level_2023`, growing about `growth` a year with noise."""
    out = {2023: level_2023}
    for y in range(2022, YEARS[0] - 1, -1):
        out[y] = out[y + 1] / (1 + growth + rng.normal(0, 0.04))
    for y in range(2024, YEARS[-1] + 1):
        out[y] = out[y - 1] * (1 + growth + rng.normal(0, 0.04))
    return {y: float(round(v)) if integer else float(round(v)) for y, v in out.items()}


def _county_levels(rng: np.random.Generator) -> dict[str, list[float]]:
    """2023 levels for every county, per base indicator."""
    size = np.array(SIZE)
    noise = lambda s: np.exp(rng.normal(0, s, len(size)))  # noqa: E731
    gdp = size * 1_000_000
    ind_rev = gdp * 1.3 * noise(0.15)
    ind_firms = np.round(size * 110 * noise(0.1))
    return {
        "RD_EXP": RD_2023,
        "GDP": list(gdp),
        "FISCAL_EXP": list(gdp * 0.17 * noise(0.08)),
        "FISCAL_ST": list(gdp * 0.17 * 0.021 * noise(0.3)),
        "IND_REVENUE": list(ind_rev),
        "IND_RD_EXP": list(np.array(RD_2023) * 0.78 * noise(0.05)),
        "IND_FIRMS": list(ind_firms),
        "IND_FIRMS_RD": list(np.round(ind_firms * 0.38 * noise(0.15))),
        "SUPER_DEDUCT_FIRMS": list(np.round(np.array(HNTE_2023) * 1.05 * noise(0.1))),
        "SUPER_DEDUCT_AMOUNT": list(np.array(RD_2023) * 0.8 * noise(0.15)),
        "HNTE": HNTE_2023,
        "TSME": TSME_2023,
        "PLATFORMS": list(np.round(np.array(HNTE_2023) * 0.33 * noise(0.2))),
        "TECH_CONTRACT": list(size * 14000 * noise(0.35)),
        "TECH_CONTRACT_JINGJIN": list(size * 3000 * noise(0.4)),
        "ST_COMMISSIONERS": list(np.round(size * 9 * noise(0.2))),
        "SCI_POP_BASES": list(np.round(size * 1.3 * noise(0.3))),
        "LITTLE_GIANTS": list(np.round(size * 1.6 * noise(0.4))),
    }


GROWTH = {"RD_EXP": 0.12, "GDP": 0.06, "FISCAL_EXP": 0.04, "FISCAL_ST": 0.09, "IND_REVENUE": 0.07,
          "IND_RD_EXP": 0.12, "IND_FIRMS": 0.04, "IND_FIRMS_RD": 0.08, "SUPER_DEDUCT_FIRMS": 0.12,
          "SUPER_DEDUCT_AMOUNT": 0.15, "HNTE": 0.14, "TSME": 0.16, "PLATFORMS": 0.09,
          "TECH_CONTRACT": 0.22, "TECH_CONTRACT_JINGJIN": 0.2, "ST_COMMISSIONERS": 0.06,
          "SCI_POP_BASES": 0.1, "LITTLE_GIANTS": 0.2}
COUNTS = {"IND_FIRMS", "IND_FIRMS_RD", "SUPER_DEDUCT_FIRMS", "HNTE", "TSME", "PLATFORMS",
          "ST_COMMISSIONERS", "SCI_POP_BASES", "LITTLE_GIANTS"} | set(PLATFORM_PARTS)


def annual_frame() -> pd.DataFrame:
    """Annual figures 2019–2025 for the 18 counties, the development zone and the city total."""
    rng = np.random.default_rng(SEED)
    levels = _county_levels(rng)
    rows = []
    for i, region in enumerate(COUNTIES):
        series = {}
        for ind, lv in levels.items():
            series[ind] = _path(rng, float(lv[i]), GROWTH[ind], ind in COUNTS)
        if ind_rd := series.get("IND_FIRMS_RD"):  # never more firms with R&D than firms
            series["IND_FIRMS_RD"] = {y: min(v, series["IND_FIRMS"][y]) for y, v in ind_rd.items()}
        series["RD_EXP"][2022] = float(RD_2022[i])
        fixed = dict(QINGHE) if region == HOME else {}
        for ind, (v22, v23) in fixed.items():
            series.setdefault(ind, {})[2022], series[ind][2023] = float(v22), float(v23)
        for ind in sorted({"RD_EXP", *fixed} - set(PLATFORM_PARTS) - {"TECH_CONTRACT_LOCAL"}):  # sorted: rng draws in a fixed order
            g = GROWTH[ind]  # keep the other years on trend around the fixed 2022/2023
            for y in range(2021, YEARS[0] - 1, -1):
                series[ind][y] = float(round(series[ind][y + 1] / (1 + g + rng.normal(0, 0.03))))
            for y in range(2024, YEARS[-1] + 1):
                series[ind][y] = float(round(series[ind][y - 1] * (1 + g + rng.normal(0, 0.03))))
        local = {y: float(round(v * 0.88)) for y, v in series["TECH_CONTRACT"].items()}
        series["TECH_CONTRACT_LOCAL"] = local | series.get("TECH_CONTRACT_LOCAL", {})
        for y, total in series["PLATFORMS"].items():
            if fixed and y in (2022, 2023):
                continue
            parts = np.floor(np.array(PLATFORM_MIX) * total)
            parts[1] += total - parts.sum()
            for code, v in zip(PLATFORM_PARTS, parts):
                series.setdefault(code, {})[y] = float(v)
        for ind, by_year in series.items():
            for y, v in by_year.items():
                rows.append((ind, region, str(y), v))
    df = pd.DataFrame(rows, columns=["indicator", "region", "period", "value"])
    # The development zone reports its own figures (small, additive ones only).
    dz = df[df["region"] == "130524"].copy()
    dz["region"] = DEVZONE
    dz["value"] = (dz["value"] * 0.6).round()
    df = pd.concat([df, dz], ignore_index=True)
    city = df.groupby(["indicator", "period"], as_index=False)["value"].sum().assign(region=CITY)
    df = pd.concat([df, city], ignore_index=True)
    df["period_kind"] = "Y"
    df["is_ytd"] = False
    df["status"] = "final"
    df.loc[(df["period"] == "2025") & df["indicator"].isin(["RD_EXP", "IND_RD_EXP"]), "status"] = "preliminary"
    return df


def quarterly_frame(annual: pd.DataFrame) -> pd.DataFrame:
    """Quarterly figures 2023Q1–2026Q3: 累计 flows whose Q4 equals the year, end-of-quarter stocks.

    Each county keeps its own seasonal pattern from year to year (so single-quarter 同比 stays close to
    the annual growth), and the city's quarters are the sums of its counties and development zone.
    """
    rng = np.random.default_rng(SEED + 1)
    rows = []
    by_key = annual.set_index(["indicator", "region", "period"])["value"]
    pattern: dict[tuple[str, str], np.ndarray] = {}
    for (ind, region, period), total in by_key.items():
        if ind not in QUARTERLY_FLOWS + QUARTERLY_STOCKS or region == CITY or not 2023 <= int(period) <= 2025:
            continue
        year = int(period)
        if ind in QUARTERLY_FLOWS:
            base = pattern.setdefault((ind, region), YTD_SHARE + np.r_[rng.normal(0, 0.015, 3), 0.0])
            shares = np.maximum.accumulate(np.clip(base + np.r_[rng.normal(0, 0.004, 3), 0.0], 0.05, 1.0))
            for q in range(1, 5):
                rows.append((ind, region, f"{year}Q{q}", True, round(total * shares[q - 1])))
        else:
            prev = by_key.get((ind, region, str(year - 1)), total)
            for q in range(1, 5):
                rows.append((ind, region, f"{year}Q{q}", False, round(prev + (total - prev) * q / 4)))
    df = pd.DataFrame(rows, columns=["indicator", "region", "period", "is_ytd", "value"])
    # 2026: extend 2025 by each series' 2025 growth, up to Q3 only.
    val = {(r.indicator, r.region, r.period): r.value for r in df.itertuples()}
    extra = []
    for r in df[df["period"].isin(["2025Q1", "2025Q2", "2025Q3"])].itertuples():
        prev = val.get((r.indicator, r.region, "2024" + r.period[4:]))
        g = min(max(r.value / prev, 0.9), 1.3) if prev else 1.0
        extra.append((r.indicator, r.region, "2026" + r.period[4:], r.is_ytd, round(r.value * g)))
    df = pd.concat([df, pd.DataFrame(extra, columns=df.columns)], ignore_index=True)
    df = _parts_within_whole(df, annual)
    city = df.groupby(["indicator", "period", "is_ytd"], as_index=False)["value"].sum().assign(region=CITY)
    df = pd.concat([df, city], ignore_index=True)
    df["period_kind"] = "Q"
    df["status"] = np.where(df["period"] == "2026Q3", "preliminary", "final")
    return df


def _parts_within_whole(quarters: pd.DataFrame, annual: pd.DataFrame) -> pd.DataFrame:
    """其中：本地技术合同登记额's quarters as the share of its whole (技术合同登记额) its year has: each quarter's 累计 is
    the whole's 累计 that quarter times 本地 ÷ 技术合同 of the year (2025's for 2026), so a part never stands above its
    whole (validate's part_above_whole rule) and its Q4 equals its year. Before, each drew its own seasonal pattern and
    58 quarters' 本地 stood above the whole (bw10). The random draws are unchanged: nothing else moves."""
    part, whole = "TECH_CONTRACT_LOCAL", "TECH_CONTRACT"
    year_value = annual.set_index(["indicator", "region", "period"])["value"]
    q_value = quarters.set_index(["indicator", "region", "period"])["value"]
    out = quarters.copy()
    rows = out.index[out["indicator"] == part]
    for i in rows:
        region, period = out.at[i, "region"], out.at[i, "period"]
        year = str(min(int(period[:4]), 2025))
        share = year_value[(part, region, year)] / year_value[(whole, region, year)]
        out.at[i, "value"] = round(q_value[(whole, region, period)] * share)
    return out


def demo_observations() -> pd.DataFrame:
    """Revision 1 of the demo: every figure, with a few real-world gaps."""
    annual = annual_frame()
    df = pd.concat([annual, quarterly_frame(annual)], ignore_index=True)
    gaps = ((df["region"] == "130531") & (df["indicator"] == "LITTLE_GIANTS") & df["period"].isin(["2019", "2020"])) | \
           ((df["region"] == "130530") & (df["indicator"] == "TECH_CONTRACT") & (df["period"] == "2021")) | \
           ((df["region"] == "130524") & (df["indicator"] == "IND_REVENUE") & (df["period"] == "2024Q2"))
    df.loc[gaps, "value"] = np.nan
    df.loc[gaps, "note"] = "未报送"
    return conform(df, OBS_COLUMNS)


def demo_revision_2() -> pd.DataFrame:
    """Revision 2: 宁晋县's 2024 GDP revised after the economic census (修订): the year, its Q4 累计,
    and the city totals that include them."""
    obs = demo_observations()
    keys = obs["indicator"].eq("GDP") & ((obs["period"] == "2024") | ((obs["period"] == "2024Q4") & obs["is_ytd"]))
    county = obs[keys & obs["region"].eq("130528")].copy()
    delta = (county["value"] * 0.034).round().to_numpy()
    county["value"] += delta
    city = obs[keys & obs["region"].eq(CITY)].copy().sort_values("period").reset_index(drop=True)
    city["value"] += delta[np.argsort(county["period"].to_numpy())]
    out = pd.concat([county, city], ignore_index=True)
    out["status"] = "revised"
    out["note"] = "第五次全国经济普查后修订"
    return conform(out, OBS_COLUMNS)


def demo_annotations() -> pd.DataFrame:
    return conform(pd.DataFrame([{
        "indicator": "RD_EXP", "region": "130582", "period": "2021", "kind": "series_break",
        "text": "2021年起R&D经费按新统计口径（含非规上企业）核算，与上年不可比",
    }]), ANNOTATION_COLUMNS)


def demo_targets() -> pd.DataFrame:
    """Annual targets for 2025 and 2026: the home county's and every county's 技术合同 task."""
    annual = annual_frame()
    rows = []
    for ind, growth in (("RD_EXP", 0.15), ("TECH_CONTRACT", 0.12), ("HNTE", 0.10), ("TSME", 0.12),
                        ("FISCAL_ST", 0.08), ("SUPER_DEDUCT_AMOUNT", 0.10)):
        base = annual[(annual["indicator"] == ind) & (annual["period"] == "2024")]
        for r in base.itertuples():
            if ind != "TECH_CONTRACT" and r.region != HOME:
                continue
            if r.region in (CITY, DEVZONE):
                continue
            rows.append({"indicator": ind, "region": r.region, "year": 2025, "value": round(r.value * (1 + growth))})
            rows.append({"indicator": ind, "region": r.region, "year": 2026,
                         "value": round(r.value * (1 + growth) ** 2)})
    return pd.DataFrame(rows)
