"""The Word brief and the PDF brief: official layout, the engine's sentences, the key-indicator table,
rendered by LibreOffice (Word) and Chromium (PDF) to pages."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from tests.exports.office_render import rasterise, render

# The bureau's own report of 2024-05-28 (../shared/reference): the 2023 figures the brief must restate.
RD_2023 = "2023年全县R&D经费投入1.54亿元，同比增长83.71%，总量居全市第3位，较上年提升2位。"
TABLE_2023 = {  # indicator short name -> value, 同比, 位次 (literal, from the reference figures)
    "R&D经费": ["1.54亿元", "+83.71%", "第3/18"],
    "加计扣除额": ["1.32亿元", "+15.00%", "第3/18"],
    "高新技术企业": ["69家", "+13.11%", "第3/18"],
    "科技型中小企业": ["101家", "+14.77%", "第3/18"],
    "省级以上创新平台": ["26个", "+13.04%", "第3/18"],
    "技术合同登记额": ["3.26亿元", "+17.27%", "第6/18"],
}


def _docx(browser, query: str):
    r = browser.get("/export/brief.docx?" + query)
    assert r.status_code == 200, r.data[:300]
    assert r.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return Document(io.BytesIO(r.data)), r.data


def _east_asia(run) -> str:
    return run._r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_brief_docx_official_layout_and_figures(browser):
    doc, _ = _docx(browser, "period=2023")
    sec = doc.sections[0]
    mm = [round(x.mm, 1) for x in (sec.page_width, sec.page_height, sec.top_margin, sec.bottom_margin,
                                   sec.left_margin, sec.right_margin)]
    assert mm == [210, 297, 37, 35, 28, 26]  # A4, GB/T 9704 margins (stored in twips)
    paras = [p for p in doc.paragraphs if p.text.strip()]
    title = paras[0]
    assert title.text == "清河县2023年科技创新主要指标情况"
    assert _east_asia(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    texts = [p.text for p in paras]
    assert "一、总体情况" in texts and "二、主要指标情况" in texts and "三、主要指标表" in texts
    assert "（一）研究与试验发展(R&D)经费" in texts
    heading = paras[texts.index("一、总体情况")]
    assert _east_asia(heading.runs[0]) == "黑体"
    assert _east_asia(paras[texts.index("（一）研究与试验发展(R&D)经费")].runs[0]) == "楷体_GB2312"
    body = paras[texts.index(RD_2023)]
    assert _east_asia(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)  # 仿宋 三号
    assert body.paragraph_format.first_line_indent == Pt(32)
    overall = paras[texts.index("一、总体情况") + 1].text
    assert overall.startswith("2023年，清河县纳入监测的11项主要科技指标中，")
    # fallbacks for the title font are declared for Word/WPS
    font_table = next(p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml").blob
    assert "方正小标宋简体".encode() in font_table and b"altName" in font_table

    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["指标", "数值", "同比", "位次", "位次变化", "完成率"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:4]] for r in table.rows[1:]}
    for name, expected in TABLE_2023.items():
        assert rows[name] == expected, name
    assert rows["R&D经费"] and table.rows[1].cells[4].text == "升2位"
    assert "示例数据" in doc.sections[0].header.paragraphs[0].text


def test_brief_docx_units_language_and_targets(browser, analysis):
    doc, _ = _docx(browser, "period=2023&unit=wan")
    rows = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows[1:]}
    assert rows["R&D经费"] == "15400万元" and rows["技术合同登记额"] == "32600万元"
    doc, _ = _docx(browser, "period=2023&unit=yi&indicators=RD_EXP,HNTE")
    assert [r.cells[1].text for r in doc.tables[0].rows[1:]] == ["1.54亿元", "69家"]

    doc, _ = _docx(browser, "period=2023&lang=en&indicators=RD_EXP")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Key S&T indicators" in text and "up 83.71% year on year" in text and "ranking 3rd in the city" in text
    assert "Qinghe County" in text and "清河县" not in text and "邢台市" not in text
    assert "Demo data" in doc.sections[0].header.paragraphs[0].text
    # brk5 #13: English headings keep their space; 完成率 is "Completion" as in the deck's summary table
    paras = [p.text for p in doc.paragraphs if p.text.strip()]
    assert {"1. Overview", "2. Indicator by indicator", "(1) R&D expenditure", "3. Key indicators table"} <= set(paras)
    assert [c.text for c in doc.tables[0].rows[0].cells] == \
        ["Indicator", "Value", "YoY", "Rank", "Rank change", "Completion"]

    # a target year: 完成率 and 序时进度 from indicators.targets, for the figure of the period
    doc, _ = _docx(browser, "period=2025&indicators=RD_EXP,HNTE")
    a = analysis
    value = float(a[(a["region"] == "130534") & (a["indicator"] == "HNTE") & (a["period"] == "2025")]["value"].iloc[0])
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "完成年度目标的" in text and ("完成全年目标" in text or "未完成全年目标" in text)
    completion = [r.cells[5].text for r in doc.tables[0].rows[1:]]
    assert all(c.endswith("%") for c in completion), completion
    assert value > 0


def test_brief_refuses_what_it_cannot_write(browser):
    r = browser.get("/export/brief.docx?period=2031")
    assert r.status_code == 404 and "没有本县所选指标的已发布数据" in r.get_json()["message_zh"]
    r = browser.get("/export/brief.docx?period=2023年")
    assert r.status_code == 400 and r.get_json()["message_en"]
    r = browser.get("/export/brief.docx?indicators=NOPE")
    assert r.status_code == 400


def test_brief_docx_renders_in_libreoffice(browser, tmp_path):
    _, body = _docx(browser, "period=2023")
    path = tmp_path / "brief.docx"
    path.write_bytes(body)
    out = render(path, tmp_path / "out")
    assert len(out.pngs) == 3  # 11 indicators in 三号 type: three A4 pages
    for w, h in out.page_sizes:
        assert round(w / 72 * 25.4) == 210 and round(h / 72 * 25.4) == 297
    assert out.text_outside == []
    joined = "".join(out.texts).replace("\r", "").replace("\n", "")
    assert "清河县2023年科技创新主要指标情况" in joined.replace(" ", "")
    assert all(p.stat().st_size > 10_000 for p in out.pngs)


def test_brief_pdf_full_and_one_page(browser, tmp_path):
    r = browser.get("/export/brief.pdf?period=2023")
    assert r.status_code == 200 and r.mimetype == "application/pdf" and r.data[:5] == b"%PDF-"
    (tmp_path / "brief.pdf").write_bytes(r.data)
    full = rasterise(tmp_path / "brief.pdf", tmp_path)
    assert len(full.pngs) >= 2 and full.text_outside == []
    for w, h in full.page_sizes:
        assert round(w / 72 * 25.4) == 210 and round(h / 72 * 25.4) == 297
    r = browser.get("/export/brief.pdf?period=2023&layout=onepage")
    assert r.status_code == 200
    one = pdfium.PdfDocument(r.data)
    assert len(one) == 1
    text = one[0].get_textpage().get_text_range().replace(" ", "").replace("\r\n", "")
    assert "清河县2023年科技创新主要指标情况" in text and "示例数据" in text
    assert "1.54亿元" in text and "+83.71%" in text


def test_headings_are_numbered_in_chinese_beyond_ten():
    """Eleven key indicators are common: the eleventh sub-heading is （十一）, never （11）."""
    from server.exports.brief import chinese_numeral, numbered

    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 12, 19, 20, 21, 35, 99)] == \
        ["一", "九", "十", "十一", "十二", "十九", "二十", "二十一", "三十五", "九十九"]
    assert [numbered(i, "zh", 2) for i in (0, 9, 10)] == ["（一）", "（十）", "（十一）"]
    assert [numbered(i, "zh", 1) for i in (1, 10)] == ["二、", "十一、"]
    assert [numbered(i, "en", 2) for i in (0, 10)] == ["(1) ", "(11) "]


def test_brief_and_deck_name_one_period_for_their_indicators(browser):
    """A stock-only export is "三季度末" like its slides and sentences, never "第3季度" (a flow's single quarter);
    a deck that also holds 累计 figures is "1—3季度" whichever indicator comes first."""
    from urllib.parse import quote

    from pptx import Presentation

    doc, _ = _docx(browser, "period=2026Q3&indicators=HNTE,TSME")
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[0] == "清河县2026年三季度末科技创新主要指标情况"
    assert texts[4].startswith("2026年三季度末，清河县纳入监测的2项主要科技指标中")
    r = browser.get("/export/deck.pptx?period=2026Q3&indicator=HNTE")
    assert quote("2026年三季度末科技指标会议材料.pptx") in r.headers["Content-Disposition"]
    r = browser.get("/export/deck.pptx?period=2026Q3&indicator=HNTE,RD_EXP")
    assert quote("2026年1—3季度科技指标会议材料.pptx") in r.headers["Content-Disposition"]
    title = Presentation(io.BytesIO(r.data)).slides[0]
    assert "2026年1—3季度 · 与邢台市各县（市、区）比较" in [s.text_frame.text for s in title.shapes if s.has_text_frame]
