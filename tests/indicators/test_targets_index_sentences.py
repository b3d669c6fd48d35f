"""Targets, the composite index and meeting sentences."""
import numpy as np
import pandas as pd
import pytest

from data.catalogue import load_indicators
from indicators.index import composite_index, grade, load_weights
from indicators.pipeline import build_analysis
from indicators.sentences import indicator_sentence, meeting_sentences
from indicators.targets import target_progress, time_progress_pct

NA = np.nan


def reasons(col):
    return [None if pd.isna(x) else x for x in col]


def test_time_progress():
    assert [time_progress_pct(p) for p in ("2023Q1", "2023Q2", "2023")] == [25.0, 50.0, 100.0]
    assert time_progress_pct("2023M05") == pytest.approx(5 / 12 * 100)


def test_target_progress_statuses_and_reasons():
    # A finished year (序时进度 100%) is judged met / missed, not against the ±5 pp band: 96% is missed.
    actuals = pd.DataFrame({"indicator": ["RD_EXP"] * 5 + ["HNTE", "HNTE", "HNTE"],
                            "region": ["A", "B", "C", "D", "E", "A", "B", "C"],
                            "period": ["2023Q2", "2023Q2", "2023Q2", "2023Q2", "2023Q2", "2023", "2023", "2023Q4"],
                            "value": [60.0, 52.0, 40.0, NA, 10.0, 96.0, 100.0, 130.0]})
    targets = pd.DataFrame({"indicator": ["RD_EXP", "RD_EXP", "RD_EXP", "RD_EXP", "RD_EXP", "HNTE", "HNTE", "HNTE"],
                            "region": ["A", "B", "C", "D", "E", "A", "B", "C"], "year": [2023] * 8,
                            "value": [100.0, 100.0, 100.0, 100.0, 0.0, 100.0, 100.0, 100.0]})
    got = target_progress(actuals, targets)
    expected = pd.DataFrame({
        "completion_pct": [60.0, 52.0, 40.0, NA, NA, 96.0, 100.0, 130.0],
        "time_progress_pct": [50.0, 50.0, 50.0, 50.0, 50.0, 100.0, 100.0, 100.0],
        "status": ["ahead", "on_pace", "behind", None, None, "not_completed", "completed", "completed"],
        "reason": [None, None, None, "missing_value", "base_nonpositive", None, None, None],
    })
    np.testing.assert_allclose(got["completion_pct"], expected["completion_pct"])
    np.testing.assert_allclose(got["time_progress_pct"], expected["time_progress_pct"])
    assert reasons(got["status"]) == reasons(expected["status"])
    assert reasons(got["reason"]) == reasons(expected["reason"])
    no_target = target_progress(actuals.iloc[:1].assign(region="Z"), targets)
    assert no_target["reason"].iloc[0] == "no_base"
    assert len(target_progress(actuals.iloc[0:0], targets)) == 0


def test_weights_file_is_valid():
    w = load_weights(indicators=load_indicators())
    assert abs(w["weight"].sum() - 1) < 1e-9 and len(w) >= 4


def test_composite_index_minmax_grades_and_polarity():
    cat = pd.DataFrame({"code": ["UP", "DOWN"], "polarity": [1, -1]})
    weights = pd.DataFrame({"indicator": ["UP", "DOWN"], "weight": [0.5, 0.5]})
    values = pd.DataFrame({"indicator": ["UP"] * 4 + ["DOWN"] * 3,
                           "region": ["a", "b", "c", "d", "a", "b", "c"],
                           "value": [10.0, 5.0, 0.0, 7.0, 1.0, 2.0, 3.0]})
    groups = pd.DataFrame({"region": ["a", "b", "c", "d"], "group": "G"})
    got = composite_index(values, weights, cat, groups).set_index("region")
    # a: best on both -> 100; b: 0.5, 0.5 -> 50; c: worst on both -> 0; d lacks DOWN -> no score
    assert got.loc[["a", "b", "c"], "score"].tolist() == [100.0, 50.0, 0.0]
    assert got.loc[["a", "b", "c"], "grade"].tolist() == ["A", "C", "C"]
    assert got.loc[["a", "b", "c"], "rank"].tolist() == [1, 2, 3]
    assert pd.isna(got.loc["d", "score"]) and got.loc["d", "reason"] == "missing_value" and pd.isna(got.loc["d", "rank"])
    z = composite_index(values, weights, cat, groups, method="zscore").set_index("region")
    assert z.loc["b", "score"] == pytest.approx(50.0) and z.loc["a", "score"] > 80
    assert [grade(s) for s in (80, 79.99, 60, 59.9)] == ["A", "B", "B", "C"]


CAT = load_indicators()
REGIONS = pd.DataFrame({
    "code": ["130500", "130533", "130534", "130535"], "name": ["邢台市", "威县", "清河县", "临西县"],
    "level": ["city", "county", "county", "county"], "parent": ["130000", "130500", "130500", "130500"],
    "in_rankings": [False, True, True, True],
})


def _obs():
    rows = [("RD_EXP", "130534", "2022", 8383.0), ("RD_EXP", "130534", "2023", 15400.0),
            ("RD_EXP", "130533", "2022", 9000.0), ("RD_EXP", "130533", "2023", 16000.0),
            ("RD_EXP", "130535", "2022", 5000.0), ("RD_EXP", "130535", "2023", 20000.0),
            ("SUPER_DEDUCT_AMOUNT", "130534", "2022", 11478.0), ("SUPER_DEDUCT_AMOUNT", "130534", "2023", 13200.0),
            ("GDP", "130534", "2022", 1e6), ("GDP", "130534", "2023", 1e6),
            ("GDP", "130533", "2023", 2e6), ("GDP", "130535", "2023", 1e6), ("GDP", "130533", "2022", 2e6),
            ("GDP", "130535", "2022", 1e6),
            ("HNTE", "130534", "2022", 40.0), ("HNTE", "130534", "2023", 38.0)]
    df = pd.DataFrame(rows, columns=["indicator", "region", "period", "value"])
    return df.assign(period_kind="Y", is_ytd=False, reported_yoy=NA, base_value=NA, status="final")


def test_meeting_sentences_from_snapshot_rows():
    a = build_analysis(_obs(), CAT, REGIONS)
    s = meeting_sentences(a, "130534", "2023", CAT, REGIONS,
                          codes=["RD_EXP", "SUPER_DEDUCT_AMOUNT", "RD_INTENSITY", "HNTE"]).set_index("indicator")
    # 2022: 威县 9000 > 清河 8383 > 临西 5000 (2nd); 2023: 临西 20000 > 威县 16000 > 清河 15400 (3rd)
    assert s.loc["RD_EXP", "sentence"] == "2023年全县R&D经费投入1.54亿元，同比增长83.71%，总量居全市第3位，较上年降低1位。"
    assert s.loc["SUPER_DEDUCT_AMOUNT", "sentence"].startswith("2023年全县加计扣除额为1.32亿元，同比增长15.00%")
    # RD intensity 1.54% vs 0.8383%: +0.70 百分点, ranked 1st of 3 (威县 0.80, 临西 2.00 -> 2nd)
    assert "比上年提高0.70个百分点" in s.loc["RD_INTENSITY", "sentence"]
    assert s.loc["HNTE", "sentence"] == "2023年全县高新技术企业为38家，同比下降5.00%，总量居全市第1位，位次与上年持平。"
    en = meeting_sentences(a, "130534", "2023", CAT, REGIONS, codes=["RD_EXP"], lang="en")
    assert en["sentence"].iloc[0].startswith("In 2023, the county's R&D expenditure was 154.00 million yuan, "
                                             "up 83.71% year on year, ranking 3rd in the city")


@pytest.mark.parametrize("row, expected", [
    ({"value": 15400.0, "yoy_pct": 15400 / 8383 * 100 - 100, "rank": 3, "tied": False, "rank_change": 2},
     "2023年全县R&D经费投入1.54亿元，同比增长83.71%，总量居全市第3位，较上年提升2位。"),
    ({"value": 9000.0, "yoy_pct": -5.0, "rank": 3, "tied": True, "rank_change": -1},
     "2023年全县R&D经费投入9000万元，同比下降5.00%，总量并列全市第3位，较上年降低1位。"),
    ({"value": 9000.0, "yoy_pct": 0.001, "rank": 2, "tied": False, "rank_change": 0},
     "2023年全县R&D经费投入9000万元，同比持平，总量居全市第2位，位次与上年持平。"),
    ({"value": 9000.0, "yoy_pct": NA, "yoy_reason": "series_break", "rank": None},
     "2023年全县R&D经费投入9000万元，因统计口径调整，同比不可比。"),
])
def test_sentence_wording(row, expected):
    ind = CAT.set_index("code").loc["RD_EXP"].to_dict() | {"code": "RD_EXP"}
    assert indicator_sentence({"period": "2023", "is_ytd": False, **row}, ind, {"name": "清河县"}) == expected


def test_sentence_never_doubles_the_verb():
    ind = CAT.set_index("code").loc["FISCAL_ST"].to_dict() | {"code": "FISCAL_ST"}
    row = {"period": "2023", "is_ytd": False, "value": 6994.0, "yoy_pct": 8.234}
    assert indicator_sentence(row, ind, {"name": "清河县"}) == "2023年全县财政科技支出为6994万元，同比增长8.23%。"


def test_sentence_omits_missing_yoy_when_asked_and_periods():
    ind = CAT.set_index("code").loc["RD_EXP"].to_dict() | {"code": "RD_EXP"}
    row = {"period": "2023Q3", "is_ytd": True, "value": 9000.0, "yoy_pct": NA, "yoy_reason": "no_base"}
    assert indicator_sentence(row, ind, {"name": "清河县"}, explain_missing=False) == "2023年前三季度全县R&D经费投入9000万元。"
    row = {"period": "2023Q3", "is_ytd": False, "value": 9000.0, "yoy_pct": 3.0}
    assert indicator_sentence(row, ind, {"name": "清河县"}, lang="en") == \
        "In Q3 2023, the county's R&D expenditure was 90.00 million yuan, up 3.00% year on year."


def test_english_sentences_keep_acronyms_and_singular_units():
    from indicators.formatting import format_value

    assert format_value(1, "个", lang="en") == "1 unit" and format_value(2, "个", lang="en") == "2 units"
    row = pd.Series({"indicator": "ST_COMMISSIONERS", "region": "130534", "period": "2023", "value": 21.0,
                     "yoy_pct": 16.67, "yoy_pp": NA, "yoy_reason": None, "rank": 2, "tied": False,
                     "rank_change": 0, "is_ytd": False, "period_kind": "Y"})
    cat = load_indicators().set_index("code")
    text = indicator_sentence(row, {**cat.loc["ST_COMMISSIONERS"].to_dict(), "code": "ST_COMMISSIONERS"},
                              {"code": "130534", "name": "清河县"}, lang="en")
    assert "S&T commissioners" in text and "s&T" not in text


def test_sentence_writes_a_stock_at_period_end_and_ytd_months_with_the_long_dash():
    """A stock's quarter is its period-end figure, as the chart title and API period_label say ("2026年三季度末"),
    never "2026年第三季度"; 累计 months read "1—9月" like every other period label."""
    hnte = CAT.set_index("code").loc["HNTE"].to_dict() | {"code": "HNTE"}
    row = {"period": "2026Q3", "is_ytd": False, "value": 94.0, "yoy_pct": 11.904}
    assert indicator_sentence(row, hnte, {"name": "清河县"}) == "2026年三季度末全县高新技术企业为94家，同比增长11.90%。"
    assert indicator_sentence(row, hnte, {"name": "清河县"}, lang="en").startswith(
        "At the end of Q3 2026, the county had 94 high-tech enterprises, up 11.90% year on year")
    month = {"period": "2026M09", "is_ytd": False, "value": 94.0, "yoy_pct": NA}
    assert indicator_sentence(month, hnte, {"name": "清河县"}, explain_missing=False) == "2026年9月末全县高新技术企业为94家。"
    rd = CAT.set_index("code").loc["RD_EXP"].to_dict() | {"code": "RD_EXP"}
    ytd = {"period": "2026M09", "is_ytd": True, "value": 9000.0, "yoy_pct": NA}
    assert indicator_sentence(ytd, rd, {"name": "清河县"}, explain_missing=False) == "2026年1—9月全县R&D经费投入9000万元。"
    assert indicator_sentence(ytd, rd, {"name": "清河县"}, lang="en", explain_missing=False) == \
        "In Jan–Sep 2026, the county's R&D expenditure was 90.00 million yuan."
