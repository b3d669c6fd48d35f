"""The 科技创新主要指标情况 brief: one content model, written as Word (.docx) and as printable HTML (PDF).

Layout of Chinese official documents (GB/T 9704-2012 党政机关公文格式, as county bureaus use it):
A4, margins 37/35/28/26 mm (top/bottom/left/right); title in 小标宋 二号 (22 pt) centred; body in
仿宋 三号 (16 pt), first-line indent of two characters, fixed line spacing of 29 pt (22 lines a page);
first-level headings 一、 in 黑体, second-level （一） in 楷体; page numbers "— 1 —" in 宋体 四号.
Fonts are named with fallbacks: Word and WPS use a document's w:altName (fontTable) when the first
font is missing; the HTML lists families in order, ending in the Noto CJK fonts this server has.

Every figure, rank and sentence comes from server.exports.facts (the one read of the engine).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import io
from dataclasses import dataclass, field
from html import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from figures.ranking import any_within_reported, set_period_text
from figures.sentences import overall_sentence
from texts.i18n import t
from server.exports.facts import Fact

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.table import _Cell
    from docx.table import _Row
    from docx.text.paragraph import Paragraph
    from docx.styles.style import BaseStyle
    from docx.text.run import Run
    from server.exports.meta import ExportMeta

# (first choice, fallbacks…) per role; the last entries exist on this Debian server (fonts-noto-cjk).
TITLE_FONTS = ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "宋体", "SimSun",
               "Noto Serif CJK SC")
BODY_FONTS = ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC")
HEADING1_FONTS = ("黑体", "SimHei", "STHeiti", "Noto Sans CJK SC")
HEADING2_FONTS = ("楷体_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC")
PAGE_NO_FONTS = ("宋体", "SimSun", "Noto Serif CJK SC")
LATIN = "Times New Roman"
CN_NUMERALS = "一二三四五六七八九十"
RED = RGBColor(0xC0, 0x00, 0x00)


@dataclass
class Section:
    """One numbered section of the brief: its heading ("一、总体情况"), paragraphs and
    (heading, paragraphs) subsections ("（一）R&D经费").
    """
    heading: str  # "一、总体情况" (numbered here)
    paragraphs: list[str] = field(default_factory=list)
    subsections: list[tuple[str, list[str]]] = field(default_factory=list)  # ("（一）R&D经费", [...])


@dataclass
class Brief:
    """The brief (情况简报) as data, rendered to DOCX by to_docx and to PDF through HTML: title,
    subtitle (period and comparison group), the data line, the demo label, sections, the summary table and a note.
    """
    title: str
    subtitle: str  # period and comparison group
    meta_line: str  # data as of, version, generated
    demo: str | None  # the demo label when the data are demo data
    demo_notice: str | None
    sections: list[Section]
    table_title: str
    table_header: list[str]
    table_rows: list[list[str]]
    note: str
    lang: str


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 21 → 二十一 (1–99), as headings 一、（十一） are numbered in official
    documents (GB/T 9704-2012 §7.3.3 numbers them 一、（一）1.（1））; beyond 99 the Arabic number."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMERALS[tens - 1] + "十")
    return head + (CN_NUMERALS[ones - 1] if ones else "")


def numbered(i: int, lang: str, level: int) -> str:
    """The heading number of item `i` (from 0): level 1 "一、", level 2 "（一）" in zh
    (Chinese numerals); "1. " and "(1) " in en (the space Chinese punctuation does without).
    """
    if lang == "en":
        return f"{i + 1}. " if level == 1 else f"({i + 1}) "
    n = chinese_numeral(i + 1)
    return f"{n}、" if level == 1 else f"（{n}）"


def build_brief(facts: list[Fact], region: str, group: str, period: str, meta: ExportMeta, lang: str,
                made: str) -> Brief:
    """The content: 总体情况 (counts), 主要指标情况 (one part per indicator), 主要指标表. The period is named once
    for the brief and the deck of the same request (figures.ranking.set_period_text over the facts' rankings)."""
    ptext = set_period_text(period, [f.ranking for f in facts], lang)
    sections = [Section(f"{numbered(0, lang, 1)}{t('brief.overall', lang)}", [overall(facts, region, group,
                                                                                     ptext, lang)])]
    parts = Section(f"{numbered(1, lang, 1)}{t('brief.details', lang)}")
    for i, f in enumerate(facts):
        text = f.sentence + ((" " if lang == "en" else "") + f.target_sentence if f.target_sentence else "")
        parts.subsections.append((f"{numbered(i, lang, 2)}{f.name}", [text, *f.notes]))
    sections.append(parts)
    # 完成率 is one term with the deck's summary table and the 目标任务 page (col.completion)
    header = [t(k, lang) for k in ("col.indicator", "col.value", "col.yoy", "col.rank", "col.rank_change",
                                   "col.completion")]
    rows = [[f.short, f.value_text, f.change_text, f.rank_text, f.rank_change_text, f.completion_text]
            for f in facts]
    # ranks among the reporting units (?within=1 on an incomplete group) are no city ranks: subtitle and note say so
    within = any_within_reported([f.ranking for f in facts])
    return Brief(
        title=t("brief.title", lang, region=region, period=ptext),
        subtitle=t("brief.subtitle_reported" if within else "brief.subtitle", lang, group=group),
        meta_line=t("brief.meta", lang, as_of=meta.as_of_text(), version=meta.version, made=made),
        demo=t("app.demo_badge", lang) if meta.is_demo else None,
        demo_notice=t("app.demo_notice", lang) if meta.is_demo else None,
        sections=sections, table_title=f"{numbered(2, lang, 1)}{t('brief.table', lang)}",
        table_header=header, table_rows=rows,
        note=t("brief.note_reported" if within else "brief.note", lang, group=group), lang=lang)


def overall(facts: list[Fact], region: str, group: str, ptext: str, lang: str) -> str:
    """The 总体情况 sentence: figures.sentences.overall_sentence over the facts' own rankings (counts only, of
    what is comparable; what is not says so)."""
    return overall_sentence([f.ranking for f in facts], region, group, ptext, lang)


# ---------------------------------------------------------------- Word

def _set_fonts(run_or_style: Run | BaseStyle, fonts: tuple[str, ...], size: float | None = None, bold: bool | None = None,
               latin: str | None = None) -> None:
    font = run_or_style.font
    font.name = latin or LATIN
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), fonts[0])
    rfonts.set(qn("w:ascii"), latin or LATIN)
    rfonts.set(qn("w:hAnsi"), latin or LATIN)
    rfonts.set(qn("w:hint"), "eastAsia")


def _font_table(doc: DocxDocument, chains: list[tuple[str, ...]]) -> None:
    """Declare each first-choice font with w:altName (the next fallback) so Word/WPS substitute sensibly."""
    part = next((p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    from lxml import etree

    root = etree.fromstring(part.blob)
    present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for chain in chains:
        for name, alt in zip(chain, chain[1:]):
            if name in present:
                continue
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), name)
            el = etree.SubElement(font, qn("w:altName"))
            el.set(qn("w:val"), alt)
            el = etree.SubElement(font, qn("w:charset"))
            el.set(qn("w:val"), "86")  # GB2312
            el = etree.SubElement(font, qn("w:family"))
            el.set(qn("w:val"), "modern" if "黑" in name or "Hei" in name or "Sans" in name else "roman")
            present.add(name)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: SLF001


def _paragraph(doc_or_cell: DocxDocument | _Cell, text: str, fonts: tuple[str, ...], size: float = 16, bold: bool = False,
               align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = True, color: RGBColor | None = None, spacing: float | None = 29,
               style: str | None = None):
    para = doc_or_cell.add_paragraph(style=style) if style else doc_or_cell.add_paragraph()
    fmt = para.paragraph_format
    if spacing:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(spacing)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        para.alignment = align
    run = para.add_run(text)
    _set_fonts(run, fonts, size, bold)
    if color is not None:
        run.font.color.rgb = color
    return para


def _page_number(paragraph: Paragraph) -> None:
    """"— N —" with a PAGE field (Word, WPS and LibreOffice update it)."""
    def run(text: str = ""):
        r = paragraph.add_run(text)
        _set_fonts(r, PAGE_NO_FONTS, 14)
        return r

    run("— ")
    r = run()
    for kind, attr in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = attr
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)  # noqa: SLF001
    run(" —")


def to_docx(brief: Brief) -> bytes:
    """A4 Word document in the official layout (see module docstring). Editable text, a real table."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(20)
    normal = doc.styles["Normal"]
    _set_fonts(normal, BODY_FONTS, 16)
    _font_table(doc, [TITLE_FONTS, BODY_FONTS, HEADING1_FONTS, HEADING2_FONTS, PAGE_NO_FONTS])

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if brief.demo:
        r = header.add_run(f"{brief.demo}　{brief.demo_notice}")
        _set_fonts(r, HEADING1_FONTS, 10.5, True)
        r.font.color.rgb = RED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)

    _paragraph(doc, brief.title, TITLE_FONTS, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, spacing=35)
    _paragraph(doc, brief.subtitle, HEADING2_FONTS, 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, brief.meta_line, BODY_FONTS, 12, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, spacing=22)
    _paragraph(doc, "", BODY_FONTS, 16, indent=False)
    for sec in brief.sections:
        _paragraph(doc, sec.heading, HEADING1_FONTS, 16)
        for text in sec.paragraphs:
            _paragraph(doc, text, BODY_FONTS, 16)
        for sub, texts in sec.subsections:
            _paragraph(doc, sub, HEADING2_FONTS, 16, bold=True)
            for text in texts:
                _paragraph(doc, text, BODY_FONTS, 16)
    _paragraph(doc, brief.table_title, HEADING1_FONTS, 16)
    table = doc.add_table(rows=1, cols=len(brief.table_header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(42), Mm(27), Mm(31), Mm(22), Mm(16), Mm(18)]  # 156 mm: the A4 text width
    for column, width in zip(table.columns, widths):
        column.width = width
    for i, text in enumerate(brief.table_header):
        cell = table.rows[0].cells[i]
        cell.width = widths[i]
        cell.paragraphs[0].text = ""
        _cell_text(cell, text, HEADING1_FONTS, True)
    _repeat_header(table.rows[0])
    for row in brief.table_rows:
        cells = table.add_row().cells
        for i, text in enumerate(row):
            cells[i].width = widths[i]
            _cell_text(cells[i], text, BODY_FONTS, False, left=i == 0)
    _paragraph(doc, brief.note, BODY_FONTS, 12, indent=False, spacing=22)
    doc.core_properties.title = brief.title
    doc.core_properties.language = "zh-CN" if brief.lang == "zh" else "en"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _cell_text(cell: _Cell, text: str, fonts: tuple[str, ...], bold: bool, left: bool = False) -> None:
    para = cell.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(2)
    run = para.add_run(text)
    _set_fonts(run, fonts, 10.5, bold)


def _repeat_header(row: _Row) -> None:
    trpr = row._tr.get_or_add_trPr()  # noqa: SLF001
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


# ---------------------------------------------------------------- HTML (print / PDF)

def _css_fonts(chain: tuple[str, ...], generic: str = "serif") -> str:
    return ", ".join(f'"{f}"' for f in chain) + f", {generic}"


def to_html(brief: Brief, onepage: bool = False) -> str:
    """Self-contained printable HTML (no network): the whole brief, or the one-page 指标简报
    (title, 总体情况 and the table) when `onepage`."""
    lang = brief.lang
    body_size = "12pt" if onepage else "16pt"
    css = f"""
@page {{ size: A4; margin: {'20mm 20mm 18mm 20mm' if onepage else '37mm 26mm 35mm 28mm'}; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; font-family: "{LATIN}", {_css_fonts(BODY_FONTS)}; font-size: {body_size};
  line-height: {'1.6' if onepage else '29pt'}; color: #000; }}
h1 {{ font-family: "{LATIN}", {_css_fonts(TITLE_FONTS)}; font-size: {'18pt' if onepage else '22pt'};
  font-weight: normal; text-align: center; margin: 0 0 6pt; line-height: 1.5; }}
.subtitle {{ font-family: {_css_fonts(HEADING2_FONTS)}; text-align: center; margin: 0; }}
.meta {{ text-align: center; font-size: 10.5pt; color: #333; margin: 0 0 12pt; line-height: 1.5; }}
h2 {{ font-family: {_css_fonts(HEADING1_FONTS, 'sans-serif')}; font-size: {body_size}; font-weight: normal;
  margin: 0; text-indent: 2em; }}
h3 {{ font-family: {_css_fonts(HEADING2_FONTS)}; font-size: {body_size}; font-weight: bold; margin: 0;
  text-indent: 2em; }}
p {{ margin: 0; text-indent: 2em; text-align: justify; }}
table {{ border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: {'10.5pt' if onepage else '12pt'};
  line-height: 1.4; page-break-inside: auto; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; }}
th, td {{ border: 1px solid #000; padding: 3pt 4pt; text-align: center; }}
th {{ font-family: {_css_fonts(HEADING1_FONTS, 'sans-serif')}; font-weight: normal; }}
td:first-child {{ text-align: left; }}
.note {{ font-size: 10.5pt; text-indent: 0; line-height: 1.5; color: #333; }}
"""
    if brief.demo:  # in the page's top margin (a CSS page-margin box), on every page, never over the title (brk3 #14)
        notice = f"{brief.demo}　{brief.demo_notice or ''}".replace("\\", "\\\\").replace('"', '\\"')
        css += f"""@page {{ @top-right {{ content: "{notice}"; color: #c00000; font-size: 10.5pt; font-weight: bold;
  vertical-align: bottom; padding-bottom: 4mm; font-family: {_css_fonts(HEADING1_FONTS, 'sans-serif')}; }} }}
"""
    out = [f'<!DOCTYPE html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
           f"<title>{escape(brief.title)}</title><style>{css}</style></head><body>"]
    out.append(f"<h1>{escape(brief.title)}</h1><p class=\"subtitle\">{escape(brief.subtitle)}</p>"
               f'<p class="meta">{escape(brief.meta_line)}</p>')
    sections = brief.sections[:1] if onepage else brief.sections
    for sec in sections:
        out.append(f"<h2>{escape(sec.heading)}</h2>")
        out.extend(f"<p>{escape(p)}</p>" for p in sec.paragraphs)
        for sub, texts in sec.subsections:
            out.append(f"<h3>{escape(sub)}</h3>")
            out.extend(f"<p>{escape(p)}</p>" for p in texts)
    title = brief.table_title if not onepage else numbered(1, lang, 1) + t("brief.table", lang)
    out.append(f"<h2>{escape(title)}</h2><table><thead><tr>")
    out.extend(f"<th>{escape(h)}</th>" for h in brief.table_header)
    out.append("</tr></thead><tbody>")
    for row in brief.table_rows:
        out.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>")
    out.append(f'</tbody></table><p class="note">{escape(brief.note)}</p></body></html>')
    return "".join(out)
