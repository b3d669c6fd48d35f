"""The six dashboard pages in headless Chromium: both languages, every control, the chart's own data
checked against the indicator engine, meeting mode, offline (every request to 127.0.0.1), no console errors."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PAGES = {"/": "#overview-cards", "/trends": "#trends-main-graph .js-plotly-plot",
         "/rankings": "#rankings-bar-graph .js-plotly-plot", "/targets": "#targets-home-graph .js-plotly-plot",
         "/map": "#map-graph .js-plotly-plot", "/data": "#data-grid .ag-row"}
HEADINGS = {"zh": ["总览", "指标分析", "全市排名", "目标任务", "地图", "数据查询"],
            "en": ["Overview", "Trends", "Rankings", "Targets", "Map", "Data"]}

GRAPH_DATA = "sel => { const gd = document.querySelector(sel + ' .js-plotly-plot'); return gd && gd.data; }"


@pytest.fixture
def viewer(viewer_page, live_server):
    """A signed-in viewer whose page records every request that does not go to the live server."""
    page = viewer_page
    page.foreign_requests = []
    host = live_server.url
    page.on("request", lambda r: page.foreign_requests.append(r.url)
            if not (r.url.startswith(host) or r.url.startswith(("data:", "blob:"))) else None)
    return page


def graph(page, sel: str) -> list[dict]:
    return page.evaluate(GRAPH_DATA, sel)


def wait_graph(page, sel: str, predicate: str) -> None:
    """Wait until `predicate` (JS over `d`, the graph's data) holds."""
    page.wait_for_function(
        f"() => {{ const gd = document.querySelector('{sel} .js-plotly-plot'); const d = gd && gd.data;"
        f" return !!d && ({predicate}); }}", timeout=15_000)


def choose(page, select_id: str, label: str) -> None:
    page.click(f"#{select_id}")
    page.get_by_role("option", name=label, exact=True).click()


def segment(page, control_id: str, label: str) -> None:
    page.locator(f"#{control_id}").get_by_text(label, exact=True).click()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_offline_in_both_languages(viewer, live_server, lang):
    page = viewer
    for (path, ready), heading in zip(PAGES.items(), HEADINGS[lang]):
        page.goto(f"{live_server.url}{path}?lang={lang}")
        page.wait_for_selector(ready, timeout=20_000)
        page.wait_for_timeout(300)  # late requests (fonts, locale, topojson) would be recorded
        assert page.locator(".page-title").first.inner_text() in (heading, "清河县主要科技指标",
                                                                  "Key S&T indicators of Qinghe County")
        body = page.inner_text("body")
        assert ("示例数据" in body) == (lang == "zh"), path
        if lang == "en":
            assert "Demo data".upper() in body.upper()
            assert not re.search(r"[同比位次累计总量]{2}", page.inner_text(".mantine-AppShell-main")), path
    assert page.foreign_requests == []
    assert page.console_errors == []


def test_overview_cards_show_rank_yoy_target_and_sentence(viewer, live_server):
    page = viewer
    page.goto(live_server.url + "/")
    card = page.locator("#kpi-HNTE")
    card.wait_for()
    text = card.inner_text()
    assert re.search(r"第\d+/18", text) and "同比" in text and "全县高新技术企业" in text
    assert "目标完成率" in page.locator("#kpi-RD_EXP").inner_text()
    assert page.console_errors == []


def test_trends_controls_and_chart_data(viewer, live_server):
    page = viewer
    page.goto(live_server.url + "/trends?indicator=RD_EXP")
    sel = "#trends-main-graph"
    wait_graph(page, sel, "d.length >= 2")
    yoy = {x: y for x, y in zip(graph(page, sel)[1]["x"], graph(page, sel)[1]["y"])}
    assert round(yoy["2023"], 2) == 83.71  # the engine's 同比, as in the bureau's report

    segment(page, "trends-freq", "季度")
    # quarters named as officials write them (texts.i18n.period_text), never "2023Q1"
    wait_graph(page, sel, "d[0].x.includes('2023年第3季度') && !d[0].x.some(x => x.includes('Q')) "
                          "&& d.length === 4 && d[3].name === '环比'")  # 单季 bars, 同比, 累计同比, 环比
    segment(page, "trends-q", "累计")
    wait_graph(page, sel, "d[0].x.includes('2023年1—3季度') && !d[0].x.some(x => x.includes('Q')) "
                          "&& d.length === 2")
    assert "freq=Q" in page.url and "q=ytd" in page.url

    segment(page, "trends-cmp", "同比")
    choose(page, "trends-indicator", "高新技术企业数")
    wait_graph(page, sel, "d[0].name === '清河县' && d[0].y.length > 0 && d[0].y.every(v => v === null || v < 1000)")
    assert "indicator=HNTE" in page.url
    cmp = graph(page, "#trends-cmp-graph")
    assert [s["name"] for s in cmp][-1] == "全市"

    # a series break: 沙河市's R&D in 2021 is marked with its reason
    page.goto(live_server.url + "/trends?indicator=RD_EXP&region=130582")
    wait_graph(page, sel, "d.length >= 2")
    assert "口径" in page.inner_text("#trends-main-caption")
    assert page.console_errors == []


def test_rankings_rank_tied_controls_and_meeting_mode(viewer, live_server):
    page = viewer
    page.goto(live_server.url + "/rankings?indicator=HNTE&period=2023")
    sel = "#rankings-bar-graph"
    wait_graph(page, sel, "d[0].y.length === 18")
    bars = graph(page, sel)[0]
    assert "3. 清河县" in bars["y"]
    home = page.locator("#rankings-league .ag-row", has_text="清河县").first
    assert "第3/18" in home.inner_text()

    segment(page, "rankings-measure", "同比")
    wait_graph(page, sel, "d[0].text.every(t => t.endsWith('%') || t.includes('并列'))")
    choose(page, "rankings-indicator", "研究与试验发展(R&D)经费")
    wait_graph(page, sel, "d[0].y[0] === '1. 清河县'")  # R&D 2023 同比 +83.71% is first in the city
    assert graph(page, sel)[0]["text"][0].startswith("+83.71%")
    assert "indicator=RD_EXP" in page.url and "measure=yoy" in page.url
    choose(page, "rankings-period", "2022年")
    wait_graph(page, sel, "d[0].y[0] !== '1. 清河县'")
    assert "period=2022" in page.url
    assert "period=2022" in page.get_attribute("#export-png", "href")
    assert page.get_attribute("#export-pptx", "href").startswith("/export/deck.pptx?indicators=")

    bump = graph(page, "#rankings-bump-graph")
    assert len(bump) == 18 and bump[-1]["name"] == "清河"  # the home county drawn last, on top

    page.click("#rankings-meeting-open")
    page.wait_for_selector("#meeting-stage", state="visible")
    assert page.inner_text("#meeting-pos").startswith("1 /")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('#meeting-pos').innerText.startsWith('2 /')")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => document.querySelector('#meeting-pos').innerText.startsWith('1 /')")
    assert "全县" in page.inner_text("#meeting-sentence")
    page.click("#meeting-exit")
    page.wait_for_selector("#meeting-stage", state="hidden")
    assert page.console_errors == []


def test_targets_map_and_data(viewer, live_server):
    page = viewer
    page.goto(live_server.url + "/targets")
    wait_graph(page, "#targets-home-graph", "d[0].y.length > 0")
    assert any("%" in t for t in graph(page, "#targets-home-graph")[0]["text"])
    # one period for every row, the overview's by default (tg7): 2026年1—3季度
    page.wait_for_function("() => document.querySelector('#targets-home-caption').innerText.includes('2026年1—3季度')")
    choose(page, "targets-period", "2025年")
    page.wait_for_url(re.compile(r"period=2025"))
    page.wait_for_function("() => document.querySelector('#targets-home-caption').innerText.includes('期别：2025年')")

    page.goto(live_server.url + "/map?indicator=HNTE&period=2023&measure=rank")
    wait_graph(page, "#map-graph", "d[0].locations.length === 18")
    data = graph(page, "#map-graph")[0]
    assert dict(zip(data["locations"], data["z"]))["130534"] == 3
    assert "河北邢台经济开发区" in page.inner_text("#map-zones")
    segment(page, "map-measure", "同比")
    wait_graph(page, "#map-graph", "d[0].z.some(z => z !== null && z % 1 !== 0)")
    page.evaluate("() => document.querySelector('#map-graph .js-plotly-plot')"
                  ".emit('plotly_click', {points: [{location: '130534'}]})")
    page.wait_for_url(re.compile(r"/trends\?.*region=130534"))
    page.wait_for_selector("#trends-main-graph .js-plotly-plot")

    page.goto(live_server.url + "/data?indicator=GDP&region=130528")
    page.wait_for_selector("#data-grid .ag-row")
    assert "修订" in page.inner_text("#data-grid")
    segment(page, "data-kind", "年度")
    page.wait_for_function("() => !document.querySelector('#data-grid').innerText.includes('季度')")
    # as published on a day before the first publication (a shared link): 0 rows, and the page says why
    page.goto(live_server.url + "/data?indicator=GDP&region=130528&asof=2000-01-01")
    page.wait_for_selector("#data-asof-empty", state="visible")
    assert "2000-01-01" in page.inner_text("#data-asof-empty") and "最早" in page.inner_text("#data-asof-empty")
    assert "as_of=2000-01-01" in page.get_attribute("#data-export-xlsx", "href")
    assert page.console_errors == []


def test_language_and_unit_switches_keep_the_view(viewer, live_server):
    page = viewer
    page.goto(live_server.url + "/rankings?indicator=RD_EXP&period=2023")
    wait_graph(page, "#rankings-bar-graph", "d[0].y.length === 18")
    segment(page, "unit-switch", "亿元")
    # the bars' labels are bare numbers: the unit is on the axis title
    page.wait_for_function("() => (document.querySelector('#rankings-bar-graph .js-plotly-plot').layout"
                           ".xaxis.title.text || '').includes('亿元')")
    segment(page, "lang-switch", "EN")
    page.wait_for_function("() => document.querySelector('.page-title').innerText === 'Rankings'")
    assert "lang=en" in page.url and "unit=yi" in page.url and "indicator=RD_EXP" in page.url
    page.wait_for_function("() => (document.querySelector('#rankings-bar-graph .js-plotly-plot').layout"
                           ".xaxis.title.text || '').includes('100m yuan')")
    wait_graph(page, "#rankings-bar-graph", "d[0].text.every(t => !t.includes('yuan'))")  # unit on the axis
    assert page.locator("#nav-trends").inner_text().endswith("Trends")
    assert page.console_errors == []


def test_admin_sets_a_target_viewer_cannot(live_server, login_as, browser):
    page = login_as("admin")
    page.goto(live_server.url + "/targets?year=2026")
    page.wait_for_selector("#targets-edit-panel")
    choose(page, "targets-edit-indicator", "规上工业企业R&D经费")
    # what the form cannot read is refused with the field named, never stored after dropping characters (tg7)

    def save(typed: str, box: str, says: str) -> str:
        """Type a target, save it, and wait for the box (#targets-edit-error / -ok) to say `says`; its text."""
        page.fill("#targets-edit-value", typed)
        page.click("#targets-edit-save")
        page.wait_for_function(f"() => (document.querySelector('{box}') || {{innerText: ''}}).innerText"
                               f".includes({says!r})")
        return page.inner_text(box)

    assert "目标值：须大于0（填写的是-5）" in save("-5", "#targets-edit-error", "须大于0")
    save("1e12", "#targets-edit-error", "超出合理范围")
    assert page.input_value("#targets-edit-value") == "1e12"   # the text stays as typed
    # a unit typed with the figure is converted
    assert "清河县2026年规上工业企业R&D经费目标 50000万元" in save("5亿", "#targets-edit-ok", "50000万元")
    assert "清河县2026年规上工业企业R&D经费目标 30000万元" in save("30000", "#targets-edit-ok", "30000万元")
    page.goto(live_server.url + "/targets?year=2026")
    wait_graph(page, "#targets-home-graph", "d[0].y.includes('规上工业R&D经费')")  # the new target counts
    assert page.console_errors == []

    from browser_helpers import login

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    viewer = context.new_page()
    login(viewer, live_server, "viewer")
    viewer.goto(live_server.url + "/targets")
    viewer.wait_for_selector("#targets-home-graph .js-plotly-plot")
    assert viewer.locator("#targets-edit-panel").count() == 0
    context.close()
