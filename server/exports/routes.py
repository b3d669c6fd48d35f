"""/export/* downloads. Each needs a viewer (or PUBLIC_VIEW) and writes an audit row."""
from __future__ import annotations
from typing import TYPE_CHECKING

from urllib.parse import quote

from flask import Blueprint, Response

from data.catalogue import load_indicators
from data.errors import UserError
from server.api import params
from server.api.access import audit, require_viewer
from server.api.query import select_observations
from server.api.routes import observation_filter
from server.context import engine, settings, snapshot
from figures import ranking
from server.exports import brief, charts, datapackage, deck, excel, facts, pdf, renderer, tables
from server.exports.csv_safe import to_csv
from server.exports.labels import demo_notice, file_name
from server.exports.meta import ExportMeta, meta_for, now_local

if TYPE_CHECKING:
    from data.snapshot import Snapshot

bp = Blueprint("exports", __name__, url_prefix="/export")
bp.before_request(require_viewer)

MIME = {"png": "image/png", "svg": "image/svg+xml",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8", "zip": "application/zip",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf"}
MAX_DECK_INDICATORS = 30


def download(body: bytes, ext: str, filename: str) -> Response:
    """An attachment response with the MIME type of `ext`; the file name is sent ASCII-safe and as
    RFC 5987 UTF-8 (Chinese names survive every browser).
    """
    resp = Response(body, mimetype=MIME[ext].split(";")[0], content_type=MIME[ext])
    ascii_name = f"export.{ext}"
    resp.headers["Content-Disposition"] = f"attachment; filename={ascii_name}; filename*=UTF-8''{quote(filename)}"
    return resp


def _context():
    """(snapshot, export meta, lang) for the request's as_of and lang."""
    as_of = params.as_of()
    snap = snapshot(as_of=as_of)
    return snap, meta_for(snap, engine()), params.choice("lang", ("zh", "en"), "zh")


def _period(snap: Snapshot, codes: list[str], *, several: bool = False) -> str:
    """The request's one period; without one, for one indicator's chart the latest year with a home figure (as
    the rankings page opens), for a view of several indicators (deck, brief) the overview's default period
    (figures.ranking.default_period). Raises UserError 404 when the home county has no figure."""
    period = params.one("period")
    if period is None:
        home = settings().home_region
        latest = ranking.default_period(snap, home, codes, group=settings().group_city or None) if several \
            else ranking.latest_period(snap, home, codes)
        if latest is None:
            raise UserError("本县暂无已发布的数据", "No published figures for the home region", status=404)
        return latest
    return params.periods()[0] if len(params.many("period")) == 1 else _one_period_error()


def _rank_args() -> dict:
    """home, group and the "在已报单位中排名" choice (?within=1) of the request: the page's own arguments."""
    s = settings()
    return {"home": s.home_region, "group": s.group_city or None, "within_reported": params.within_reported()}


def _scale() -> str:
    """The 万元/亿元 choice (?unit=yi), as on the pages."""
    return "亿元" if params.choice("unit", ("wan", "yi"), "wan") == "yi" else "万元"


def _build(snap: Snapshot, code: str, period: str, measure: str):
    """figures.ranking.ranking, 404 when nobody in the group has a figure for the period."""
    r = ranking.ranking(snap, code, period, measure, **_rank_args())
    if r.reported.n == 0:
        ind = r.indicator  # named in words (figures.ranking.period_label, the indicator's own kind), never codes
        raise UserError(f"{ranking.period_label(ind, period, 'zh')}没有「{ind['name_zh']}」数据",
                        f"No {ind['name_en']} figure for {ranking.period_label(ind, period, 'en')}", status=404)
    return r


def _one_period_error():
    raise UserError("参数 period 只能有一个值", "period takes one value")


@bp.get("/chart.<fmt>")
def chart(fmt: str):
    """GET /export/chart.<png|svg>?indicator=&period=&measure=: the ranking chart as the pages
    show it. Raises UserError 404 for another format, 400 without an indicator or for an unknown one.
    """
    if fmt not in ("png", "svg"):
        raise UserError("图表格式只能是 png 或 svg", "Chart format must be png or svg", status=404)
    snap, meta, lang = _context()
    code = params.one("indicator")
    if code is None:
        raise UserError("请指定指标（indicator）", "indicator is required")
    ranking.indicator_row(code)  # an unknown code is a 400 before anything else
    period = _period(snap, [code])
    measure = params.choice("measure", ranking.MEASURES, "value")
    r = _build(snap, code, period, measure)
    width, height = params.integer("width", 1200, 400, 2400), params.integer("height", 800, 300, 2000)
    scale = params.integer("scale", 1, 1, 3)
    fig = charts.ranking_figure(r, meta, lang, width, height, _scale())
    body = renderer.render(fig, fmt, width, height, scale)
    audit(f"export.chart.{fmt}", f"{code}/{period}", {"measure": measure, "lang": lang, "width": width,
                                                       "height": height, "data_version": meta.version})
    return download(body, fmt, file_name(f"{charts.period_of(r, lang)}_{charts.name_of(r, lang)}_{measure}", fmt,
                                         meta.is_demo, lang))


@bp.get("/deck.pptx")
def deck_pptx():
    """GET /export/deck.pptx: the meeting deck (title, one ranking slide an indicator, summary,
    targets, trends) for ?indicator= codes (at most MAX_DECK_INDICATORS, default the key indicators); audited.
    """
    snap, meta, lang = _context()
    codes = params.codes("indicator", set(load_indicators()["code"])) or params.codes(
        "indicators", set(load_indicators()["code"])) or _key_indicators()
    if len(codes) > MAX_DECK_INDICATORS:
        raise UserError(f"一次最多导出 {MAX_DECK_INDICATORS} 个指标", f"At most {MAX_DECK_INDICATORS} indicators")
    period = _period(snap, codes, several=True)
    measure = params.choice("measure", ranking.MEASURES, "value")
    home = settings().home_region
    rankings = []
    for code in codes:
        try:
            rankings.append(_build(snap, code, period, measure))
        except UserError as exc:
            if exc.status != 404:  # an indicator without figures for the period is left out
                raise
    if not rankings:
        from texts.i18n import period_name

        raise UserError(f"{period_name(period, 'zh')}没有所选指标的数据",
                        f"No figures of the chosen indicators for {period_name(period, 'en')}", status=404)
    home_facts = facts.home_facts(snap, home, period, [r.indicator["code"] for r in rankings], lang, _scale(),
                                  group=rankings[0].group, within_reported=_rank_args()["within_reported"])
    body = deck.build_deck(snap, rankings, home, period, meta, lang, _scale(), home_facts)
    audit("export.deck", period, {"indicators": [r.indicator["code"] for r in rankings], "measure": measure,
                                  "lang": lang, "data_version": meta.version})
    from server.exports.labels import label

    name = ranking.set_period_text(period, rankings, lang)  # the brief of the same request names it alike
    return download(body, "pptx", file_name(label("deck.file", lang, period=name), "pptx", meta.is_demo, lang))


def _brief_request():
    """(Brief, meta, period, codes, lang) for /export/brief.*: period (default: the overview's,
    figures.ranking.default_period), indicators
    (default: the key indicators), unit=wan|yi (default: 亿元 from 10,000万元 up), within=1 (在已报单位中排名, as
    the deck and the rankings page take it), lang."""
    snap, meta, lang = _context()
    known = set(load_indicators()["code"])
    codes = params.codes("indicators", known) or params.codes("indicator", known) or _key_indicators()
    if len(codes) > MAX_DECK_INDICATORS:
        raise UserError(f"一次最多导出 {MAX_DECK_INDICATORS} 个指标", f"At most {MAX_DECK_INDICATORS} indicators")
    home = settings().home_region
    period = _period(snap, codes, several=True)
    scale = {"wan": "万元", "yi": "亿元"}.get(params.choice("unit", ("wan", "yi", "auto"), "auto"), "auto")
    rows = facts.home_facts(snap, home, period, codes, lang, scale,
                            group=ranking.group_of(snap.regions, home, settings().group_city),
                            within_reported=_rank_args()["within_reported"])
    if not any(f.reported for f in rows):  # only "本县未报" rows: nothing of the home county to brief on
        from texts.i18n import period_name

        raise UserError(f"{period_name(period, 'zh')}没有本县所选指标的已发布数据",
                        f"No published figures of the home region for {period_name(period, 'en')}", status=404)
    group = ranking.group_of(snap.regions, home, settings().group_city)
    doc = brief.build_brief(rows, ranking.region_name(snap.regions, home, lang),
                            ranking.region_name(snap.regions, group, lang),
                            period, meta, lang, now_local().strftime("%Y-%m-%d %H:%M"))
    return doc, meta, period, [f.code for f in rows], lang


@bp.get("/brief.docx")
def brief_docx():
    """GET /export/brief.docx: the brief (情况简报) as Word, audited; 示例数据- prefixes a demo file's name."""
    doc, meta, period, codes, lang = _brief_request()
    body = brief.to_docx(doc)
    audit("export.brief.docx", period, {"indicators": codes, "lang": lang, "data_version": meta.version})
    return download(body, "docx", file_name(doc.title, "docx", meta.is_demo, lang))


@bp.get("/brief.pdf")
def brief_pdf():
    """The brief as PDF; layout=onepage gives the one-page 指标简报 (总体情况 and the table)."""
    onepage = params.choice("layout", ("full", "onepage"), "full") == "onepage"
    doc, meta, period, codes, lang = _brief_request()
    body = pdf.html_to_pdf(brief.to_html(doc, onepage=onepage))
    audit("export.brief.pdf", period, {"indicators": codes, "lang": lang, "layout": "onepage" if onepage else "full",
                                       "data_version": meta.version})
    return download(body, "pdf", file_name(doc.title, "pdf", meta.is_demo, lang))


def _key_indicators() -> list[str]:
    inds = load_indicators()
    return list(inds.loc[inds["key"], "code"])


def _table(snap: Snapshot, lang: str = "zh") -> tables.ExportTable:
    name = params.choice("table", tables.TABLES, "observations")
    if name == "regions":
        return tables.regions_export(snap.regions)
    if name == "indicators":
        return tables.indicators_export()
    f, _ = observation_filter()
    return tables.observations_table(select_observations(snap, f), lang)


def _as_of_line(meta: ExportMeta, lang: str = "zh") -> str:
    from server.exports.labels import label

    kind = label("xlsx.as_of_asked" if meta.requested_as_of else "xlsx.as_of_latest", lang)
    return label("xlsx.as_of_line", lang, kind=kind, as_of=meta.as_of_text(), version=meta.version,
                 made=f"{now_local():%Y-%m-%d %H:%M}")


@bp.get("/table.xlsx")
def table_xlsx():
    """GET /export/table.xlsx: the filtered data table with its metadata sheet (as-of, version,
    sources, filters, what the flags and 位次 mean); audited.
    """
    from server.exports.labels import demo_label, label

    snap, meta, lang = _context()
    table = _table(snap, lang)
    title = table.title_zh if lang == "zh" else table.title_en
    sources = sorted({s for s in table.frame.get("source", []) if isinstance(s, str)})
    lines = [(label("xlsx.table", lang), title), (label("xlsx.as_of", lang), meta.as_of_text()),
             (label("xlsx.version", lang), str(meta.version)),
             (label("xlsx.made", lang), f"{now_local():%Y-%m-%d %H:%M}"),
             (label("xlsx.sources", lang), ("；" if lang == "zh" else "; ").join(sources) or label("xlsx.catalogue", lang)),
             (label("xlsx.filters", lang), _filters_text(lang)),
             (label("xlsx.flags", lang), label("xlsx.flags_text", lang)),
             (label("xlsx.rank", lang), label("xlsx.rank_text", lang))]
    if meta.is_demo:
        lines.insert(0, (demo_label(lang), demo_notice(lang)))
    body = excel.to_xlsx(table, lines, _as_of_line(meta, lang), meta.is_demo, lang)
    audit("export.table.xlsx", table.name, {"rows": len(table.frame), "filters": _filters_text(),
                                            "data_version": meta.version})
    return download(body, "xlsx", file_name(title, "xlsx", meta.is_demo, lang))


@bp.get("/table.csv")
def table_csv():
    """GET /export/table.csv: the same table as CSV, rounded as the Excel export shows it, in
    `lang`'s headers; with demo data every row carries the demo label. Audited.
    """
    snap, meta, lang = _context()
    table = _table(snap, lang)
    values, header = table.rounded_values(), table.header(lang)  # as the Excel export shows them
    if meta.is_demo:  # every row says so: a CSV travels without its title or notes
        from texts.i18n import t

        values = values.assign(_demo=t("app.demo_badge", lang))
        header = [*header, "数据性质" if lang == "zh" else "Data"]
    body = to_csv(values, header)
    audit("export.table.csv", table.name, {"rows": len(table.frame), "filters": _filters_text(),
                                           "data_version": meta.version})
    title = table.title_zh if lang == "zh" else table.title_en
    return download(body, "csv", file_name(title, "csv", meta.is_demo, lang))


@bp.get("/datapackage.zip")
def datapackage_zip():
    """GET /export/datapackage.zip: every published observation as a Frictionless data package; audited."""
    snap, meta, lang = _context()
    body = datapackage.build_zip(snap, meta, now_local().isoformat(timespec="seconds"))
    audit("export.datapackage", "observations", {"rows": len(snap.observations), "data_version": meta.version})
    return download(body, "zip", file_name("county-st-indicators-datapackage", "zip", meta.is_demo, lang))


def _filters_text(lang: str = "zh") -> str:
    from flask import request

    from server.exports.labels import label

    return "&".join(f"{k}={v}" for k, vs in request.args.lists() for v in vs) or label("xlsx.no_filters", lang)
