"""数据溯源 without a published source says why and how to ask (data.workflow.provenance.not_found): a flow's
quarter asked without ytd=1 (published as 累计 only), a stock asked with ytd=1, a derived indicator (computed, its
components have the sources), and nothing at all. One JSON error shape, zh and en, with the reason in detail."""
from __future__ import annotations

import pytest

CASES = [
    ("indicator=RD_EXP&region=130534&period=2025Q3", "ask_ytd", "请加参数 ytd=1", "Ask with ytd=1",
     {"indicator": "RD_EXP", "region": "130534", "period": "2025Q3", "ytd": 1}),
    ("indicator=HNTE&region=130534&period=2025Q3&ytd=1", "ask_single", "请去掉参数 ytd=1", "without ytd=1",
     {"indicator": "HNTE", "region": "130534", "period": "2025Q3", "ytd": 0}),
    ("indicator=RD_INTENSITY&region=130534&period=2025", "derived", "请分别查询 RD_EXP、GDP 的来源",
     "ask for the sources of RD_EXP, GDP", None),
    ("indicator=RD_EXP&region=130534&period=2001", "none", "没有已发布的数值：清河县2001年R&D经费",
     "No published figure for R&D expenditure of Qinghe County, 2001", None),
]


@pytest.mark.parametrize("query, reason, zh, en, fix", CASES)
def test_a_missing_source_says_why(client, query, reason, zh, en, fix):
    r = client.get(f"/api/v1/provenance?{query}")
    assert r.status_code == 404
    body = r.get_json()
    assert set(body) == {"error", "message_zh", "message_en", "status", "detail"} and body["status"] == 404
    assert body["detail"]["reason"] == reason and zh in body["message_zh"] and en in body["message_en"]
    assert body["detail"].get("query") == fix
    if fix is not None:  # the fix works
        asked = "&".join(f"{k}={v}" for k, v in fix.items())
        assert client.get(f"/api/v1/provenance?{asked}").status_code == 200
