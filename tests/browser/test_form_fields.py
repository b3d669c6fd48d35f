"""The online form (在线填报) as staff type in it, in Chromium (bw10): each row's 状态 and 备注 show their whole text in
the page language at a desktop and at a phone width ("Preliminary" was cut to "Prelimina" / "Pre", the note's hint
to "Explain large c"), and a 其中 figure above its whole is refused as the importer refuses it."""
from __future__ import annotations

import pytest

from browser_helpers import signed_in_page

pytestmark = pytest.mark.browser

# each field whose text (value, else placeholder) is wider than its box: [id-ish, text, text px, box px]
CUT = """() => [...document.querySelectorAll('#upload-form-table input')].filter(e => e.type !== 'hidden' && e.clientWidth > 0).map(e => {
  const cs = getComputedStyle(e), s = document.createElement('span');
  s.style.font = cs.font; s.style.whiteSpace = 'pre'; s.style.position = 'absolute'; s.style.visibility = 'hidden';
  s.textContent = e.value || e.placeholder; document.body.appendChild(s);
  const need = s.getBoundingClientRect().width; s.remove();
  const room = e.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
  return [e.closest('tr').id, s.textContent, Math.round(need), Math.round(room)];
}).filter(([, text, need, room]) => text && need > room + 0.5)"""


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [1400, 390])
def test_form_fields_show_their_whole_text(browser, live_server, lang, width):
    with signed_in_page(browser, live_server, "uploader", width) as page:
        page.goto(live_server.url + f"/form?lang={lang}")
        page.wait_for_selector("#form-row-RD_EXP input")
        status = page.locator("#form-row-RD_EXP input").nth(1)
        assert status.input_value() == {"en": "Preliminary", "zh": "快报"}[lang]
        assert page.evaluate(CUT) == []


def test_form_refuses_a_part_above_its_whole(browser, live_server):
    with signed_in_page(browser, live_server, "uploader") as page:
        page.goto(live_server.url + "/form")
        page.wait_for_selector("#form-row-TECH_CONTRACT input")
        page.locator("#form-row-TECH_CONTRACT input").first.fill("40000")
        page.locator("#form-row-TECH_CONTRACT_LOCAL input").first.fill("50000")
        page.locator("#form-row-TECH_CONTRACT_LOCAL input").first.press("Tab")
        check = page.locator("#upload-form-check")
        check.get_by_text("其中：本地技术合同登记额：“其中”分项大于其所属的总数：其中：本地技术合同登记额 50000 大于技术合同登记额 40000",
                          exact=False).wait_for(timeout=20000)
        assert page.locator("#upload-form-submit").is_disabled()
