"""Sentence wording by the conventions: a ratio's 同比 is a change in 百分点, so its rank is by 变动幅度, never by
增速; a figure of 0 in both years is 与上年持平, not "上年基数为零或负值，不计算增速"."""
from indicators.sentences import indicator_sentence

RATIO = {"code": "RD_INTENSITY", "short_zh": "R&D强度", "name_zh": "R&D经费投入强度", "name_en": "R&D intensity",
         "unit": "%", "decimals": 2, "kind": "ratio", "cumulative": False}
COUNT = {"code": "PLAT_ACADEMICIAN_LIAISON", "short_zh": "院士重点联系单位", "name_zh": "院士重点联系单位",
         "name_en": "academician liaison units", "unit": "个", "decimals": 0, "kind": "count", "cumulative": False}
HOME = {"name": "清河县", "name_en": "Qinghe County"}


def test_a_ratio_ranked_on_its_change_is_ranked_by_the_change_in_points():
    row = {"period": "2025", "is_ytd": False, "value": 0.78, "yoy_pp": 0.06, "rank": 3, "tied": True, "rank_change": 8}
    assert indicator_sentence(row, RATIO, HOME, rank_basis="yoy") == \
        "2025年全县R&D强度为0.78%，比上年提高0.06个百分点，变动幅度并列全市第3位，较上年提升8位。"
    assert indicator_sentence(row, RATIO, HOME, "en", rank_basis="yoy") == (
        "In 2025, the county's R&D intensity was 0.78%, up 0.06 percentage points on last year, ranking by change "
        "tied 3rd in the city, up 8 places on last year.")


def test_zero_in_both_years_is_flat():
    row = {"period": "2025", "is_ytd": False, "value": 0.0, "value_prev": 0.0, "yoy_reason": "base_nonpositive",
           "rank": 3, "tied": True, "rank_change": -1}
    assert indicator_sentence(row, COUNT, HOME) == "2025年全县院士重点联系单位为0个，与上年持平，总量并列全市第3位，较上年降低1位。"
    # a zero base with a figure now: no growth rate, said so
    grown = dict(row, value=2.0, rank=None)
    assert indicator_sentence(grown, COUNT, HOME) == "2025年全县院士重点联系单位为2个，上年基数为零或负值，不计算增速。"


def test_the_q4_ytd_is_named_as_the_product_labels_it_never_as_the_year():
    from indicators.sentences import period_phrase

    assert period_phrase("2025Q4", True) == "2025年1—4季度" and period_phrase("2025", False) == "2025年"
    assert period_phrase("2025Q4", True, "en") == "In Q1–Q4 2025" and period_phrase("2025", False, "en") == "In 2025"
    assert period_phrase("2026Q3", True) == "2026年前三季度"
