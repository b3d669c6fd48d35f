"""The display screen (大屏, /screen) as an office display shows it at 1920×1080: the key cards, the ranking with
every county named and the city map actually drawn from the vendored topojson (no CDN, no console error), in zh
and en; nothing to click."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MAP_DRAWN = """() => { const gd = document.querySelector('#screen-map .js-plotly-plot');
  return !!gd && !!gd.data && gd.data.length > 0 && gd.querySelectorAll('path.choroplethlocation').length >= 18; }"""
RANKING_NAMES = """() => { const gd = document.querySelector('#screen-ranking .js-plotly-plot');
  return gd ? [...gd.querySelectorAll('.ytick text')].map(e => e.textContent) : []; }"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_display_screen_draws_cards_ranking_and_map_offline(viewer_page, live_server, lang):
    page = viewer_page
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{live_server.url}/screen?lang={lang}")
    page.wait_for_selector("#screen-root .screen-card")
    page.wait_for_function(MAP_DRAWN, timeout=20_000)
    page.wait_for_function(f"() => ({RANKING_NAMES})().length === 18", timeout=20_000)
    title = page.inner_text(".screen-title")
    assert title == ("清河县科技创新主要指标" if lang == "zh" else "Key S&T indicators of Qinghe County"), title
    names = page.evaluate(RANKING_NAMES)
    assert any(n.endswith("清河县" if lang == "zh" else "Qinghe County") for n in names), names
    assert page.locator(".screen-card").count() >= 6
    assert not page.locator("#screen-root button, #screen-root a").count()  # nothing to click
    assert [u for u in requests if not u.startswith(live_server.url)] == []   # every file from this server
    assert page.console_errors == []
