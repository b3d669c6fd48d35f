"""A ratio's change over the annual series on the trends page is stated in 百分点, never as a 年均增长 % (bw10:
"2019—2025年年均增长 13.55%" under 清河县's R&D强度, 0.37% → 0.78%); figures.growth.annual_cagr gives it once."""
from __future__ import annotations

import json


def _caption_text(out) -> str:
    return json.dumps(out["main"][-1], ensure_ascii=False, default=str)


def test_a_ratio_changes_in_percentage_points(figures_app):
    from figures.growth import annual_cagr
    from layouts import model
    from layouts.trends import render, state_from

    with figures_app.server.test_request_context("/"):
        snap = model.snapshot()
        g = annual_cagr(snap, "RD_INTENSITY", "130534")
        assert (g["start"], g["end"], g["cagr_pct"], g["is_ratio"], g["reason"]) == ("2019", "2025", None, True, None)
        assert round(g["pp_change"], 10) == 0.41
        zh = _caption_text(render(state_from({"indicator": "RD_INTENSITY"}, snap), "zh", "万元", snap))
        en = _caption_text(render(state_from({"indicator": "RD_INTENSITY"}, snap), "en", "万元", snap))
        assert "2019—2025年提高 0.41个百分点" in zh and "年均增长" not in zh
        assert "2019–2025: up 0.41 percentage points" in en and "average annual growth" not in en
        # an amount keeps its 年均增长
        assert annual_cagr(snap, "RD_EXP", "130534")["pp_change"] is None
        home = render(state_from({"indicator": "RD_EXP"}, snap), "zh", "万元", snap)
        assert "2019—2025年年均增长 20.12%" in _caption_text(home)
