"""The brief's and deck's target facts take the pages' road (figures.targets.progress): a stock is judged on its
increment since last year-end, a flow on 完成率 against months ÷ 12. Literal table from the demo data, 2026年1—3季度
(序时进度 75.00%): 高新技术企业 94 against a target of 93 with 86 at the end of 2025 → increment (94−86)÷(93−86)
= 114.29%, 39.29 百分点 ahead (on 完成率 alone it would have been 101.08%, 26.08 百分点)."""
from __future__ import annotations

CODES = ["FISCAL_ST", "HNTE", "RD_EXP", "TECH_CONTRACT", "TSME"]
EXPECTED_2026Q3 = [
    ("FISCAL_ST", "78.25%", "on_pace", "完成年度目标的78.25%，序时进度75.00%，与序时进度基本持平。"),
    ("HNTE", "101.08%", "ahead", "完成年度目标的101.08%，增量进度114.29%，序时进度75.00%，超出序时进度39.29个百分点。"),
    ("RD_EXP", "72.41%", "on_pace", "完成年度目标的72.41%，序时进度75.00%，与序时进度基本持平。"),
    ("TECH_CONTRACT", "84.74%", "ahead", "完成年度目标的84.74%，序时进度75.00%，超出序时进度9.74个百分点。"),
    ("TSME", "102.04%", "ahead", "完成年度目标的102.04%，增量进度123.08%，序时进度75.00%，超出序时进度48.08个百分点。"),
]


def test_target_facts_judge_stocks_on_the_increment_like_the_pages(api):
    from server.context import snapshot
    from server.exports.facts import home_facts

    with api.server.app_context():
        facts = home_facts(snapshot(), "130534", "2026Q3", CODES)
        en = {f.code: f.target_sentence for f in home_facts(snapshot(), "130534", "2026Q3", CODES, lang="en")}
    assert [(f.code, f.completion_text, f.status, f.target_sentence) for f in facts] == EXPECTED_2026Q3
    assert en["HNTE"] == ("101.08% of the annual target reached (114.29% of the planned increase) against a time "
                          "progress of 75.00%: ahead of schedule.")
