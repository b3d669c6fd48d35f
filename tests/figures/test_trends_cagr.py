"""年均增长 on the trends page: a rate over the annual series, "—" with its reason across a 口径调整."""
from __future__ import annotations

import json


def _caption_text(out) -> str:
    return json.dumps(out["main"][-1], ensure_ascii=False, default=str)


def test_cagr_in_the_trends_caption(figures_app):
    from layouts import model
    from layouts.trends import render, state_from

    with figures_app.server.test_request_context("/"):
        snap = model.snapshot()
        shahe = render(state_from({"indicator": "RD_EXP", "region": "130582"}, snap), "zh", "万元", snap)
        assert "2019—2025年年均增长 —（统计口径调整，不可比）" in _caption_text(shahe)
        home = render(state_from({"indicator": "RD_EXP"}, snap), "zh", "万元", snap)
        assert "2019—2025年年均增长 20.12%" in _caption_text(home)
