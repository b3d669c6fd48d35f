"""Meeting mode on three projector sizes: a deep link opens the named indicator and period, every one of
the 18 county names is drawn and legible (no overlap, inside the screen), labels ≥ 18 px at 1920×1080,
no plotly toolbar, no auto-advance unless asked."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (1280, 720), (1920, 1080)]
LABELS = """() => {
  const gd = document.querySelector('#meeting-graph .js-plotly-plot');
  const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left,
    right: r.right, text: e.textContent, size: parseFloat(getComputedStyle(e).fontSize)}; };
  return {ticks: [...gd.querySelectorAll('.ytick text')].map(box),
          // value labels stand right of the plot as annotations at each bar's row (yref 'y'; plots/charts.py)
          values: [...gd.querySelectorAll('g.annotation')].filter(
            g => ((gd.layout.annotations || [])[+g.getAttribute('data-index')] || {}).yref === 'y')
            .map(g => box(g.querySelector('text'))),
          modebar: !!gd.querySelector('.modebar') && gd.querySelector('.modebar').getClientRects().length > 0};
}"""


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_meeting_deep_link_every_county_legible(browser, live_server, size):
    from browser_helpers import login

    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        login(page, live_server, "viewer")
        page.goto(live_server.url + "/rankings?meeting=1&indicator=HNTE&period=2023")
        page.wait_for_selector("#meeting-stage", state="visible", timeout=40_000)
        assert page.inner_text("#meeting-title") == "高新技术企业数"
        assert "2023年" in page.inner_text("#meeting-sub")
        assert "高新技术企业为69家" in page.inner_text("#meeting-sentence")
        page.wait_for_function("() => { const gd = document.querySelector('#meeting-graph .js-plotly-plot');"
                               " return gd && gd.data && gd.data[0].y.length === 18; }", timeout=15_000)
        page.wait_for_timeout(1500)  # the type is fitted to the screen after the first draw
        got = page.evaluate(LABELS)
        ticks = got["ticks"]
        names = [t["text"] for t in ticks]
        assert len(names) == 18 and "3. 清河县" in names, names
        assert all(t["top"] >= 0 and t["bottom"] <= height and t["left"] >= 0 for t in ticks)
        ordered = sorted(ticks, key=lambda t: t["top"])
        for a, b in zip(ordered, ordered[1:]):
            assert a["bottom"] <= b["top"] + 1, (a, b)  # no two names overlap
        assert min(t["size"] for t in ticks) >= 11
        assert len(got["values"]) == 18
        if width == 1920:
            assert min(t["size"] for t in ticks) >= 18 and min(v["size"] for v in got["values"]) >= 18
        assert got["modebar"] is False
        assert page.inner_text("#meeting-play") == "自动播放"  # paused: no auto-advance unless asked
        assert errors == []
    finally:
        context.close()


def test_meeting_only_advances_when_asked(viewer_page, live_server):
    page = viewer_page
    page.goto(live_server.url + "/rankings?meeting=1&indicator=TSME&period=2023&autoplay=1")
    page.wait_for_selector("#meeting-stage", state="visible", timeout=40_000)
    assert page.inner_text("#meeting-title") == "科技型中小企业（入库）数"
    page.wait_for_function("() => document.querySelector('#meeting-play').innerText === '暂停'", timeout=10_000)
    page.click("#meeting-play")
    page.wait_for_function("() => document.querySelector('#meeting-play').innerText === '自动播放'", timeout=10_000)
