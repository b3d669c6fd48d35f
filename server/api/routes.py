"""Read endpoints under /api/v1: regions, indicators, observations (with 同比, 位次 and 占比)."""
from __future__ import annotations
from typing import TYPE_CHECKING

from flask import Blueprint

from data.catalogue import load_indicators
from data.errors import UserError
from server.api import params, schemas as S
from server.api.access import require_viewer
from server.api.query import ObservationFilter, indicators_table, named_rows, regions_table, select_rows
from server.api.registry import Param, operation
from server.api.respond import json_response, listing, page_bounds, records
from server.context import snapshot

if TYPE_CHECKING:
    from collections.abc import Iterable
    from data.snapshot import Snapshot
    import pandas as pd

bp = Blueprint("api_v1", __name__, url_prefix="/api/v1")
bp.before_request(require_viewer)

PAGING = (
    Param("limit", {"type": "integer", "minimum": 1, "maximum": 10000, "default": 100}, "page size"),
    Param("offset", {"type": "integer", "minimum": 0, "maximum": 1000000000, "default": 0}, "rows to skip"),
    Param("format", {"type": "string", "enum": ["json", "csv"]},
          "json (default) or csv (UTF-8 with BOM); `Accept: text/csv` works too"),
)


@operation(bp, "/regions", summary="地区目录 Regions", tag="catalogue", csv=True,
           params=(Param("level", {"type": "string", "enum": ["province", "city", "county", "devzone"]}),
                   Param("parent", S.group_code, "a city code: its county-level units and zones"), *PAGING),
           response=S.page_of(S.REGION))
def regions():
    """GET /api/v1/regions: the regions catalogue, paged, JSON or CSV (?level=, ?parent= city code)."""
    known = snapshot().regions
    return listing(regions_table(known, params.choice("level", ("province", "city", "county", "devzone")),
                                 _one_code("parent", known["code"])), filename="regions.csv")


@operation(bp, "/regions/<code>", summary="一个地区 One region", tag="catalogue",
           params=(Param("code", S.region_code, location="path"),), response=S.REGION)
def region(code: str):
    """GET /api/v1/regions/<code>: one region; 404 UserError for an unknown code."""
    return _one(regions_table(snapshot().regions), code, "地区")


@operation(bp, "/indicators", summary="指标目录及定义 Indicators with definitions", tag="catalogue", csv=True,
           params=(Param("kind", {"type": "string", "enum": ["amount", "count", "ratio"]}),
                   Param("key", {"type": "boolean"}, "only the overview's key indicators"), *PAGING),
           response=S.page_of(S.INDICATOR))
def indicators():
    """GET /api/v1/indicators: the indicator catalogue with definitions, paged, JSON or CSV (?kind=, ?key=)."""
    return listing(indicators_table(params.choice("kind", ("amount", "count", "ratio")), params.boolean("key")),
                   filename="indicators.csv")


@operation(bp, "/indicators/<code>", summary="一个指标 One indicator", tag="catalogue",
           params=(Param("code", S.indicator_code, location="path"),), response=S.INDICATOR)
def indicator(code: str):
    """GET /api/v1/indicators/<code>: one indicator; 404 UserError for an unknown code."""
    return _one(indicators_table(), code, "指标")


OBS_PARAMS = (
    Param("region", S.region_code, "region codes (GB/T 2260)", many=True),
    Param("indicator", S.indicator_code, "indicator codes", many=True),
    Param("period", S.PERIOD, "2023, 2023Q3 or 2023M09", many=True),
    Param("period_kind", {"type": "string", "enum": ["Y", "Q", "M"]}),
    Param("ytd", {"type": "boolean"}, "true: 累计 (year-to-date) figures only; false: single periods only"),
    Param("group", S.group_code, "comparison group (city code): its members and its total"),
    Param("as_of", {"type": "string", "format": "date"},
          "the figures as published at the end of this day (China time); an ISO date-time works too"),
)


@operation(bp, "/observations", summary="观测值及同比、位次、占比 Observations with 同比, rank and share",
           tag="data", csv=True, params=(*OBS_PARAMS, *PAGING),
           response=S.page_of(S.OBSERVATION, **S.SNAPSHOT_META),
           description="One row per indicator, region, period and 累计 flag, from the published data.")
def observations():
    """GET /api/v1/observations: published figures with 同比, 位次 and 占比 (one row per indicator,
    region, period and 累计 flag), paged, JSON or CSV, with as_of, data_version and is_demo.
    """
    f, as_of = observation_filter()
    snap = snapshot(as_of=as_of)
    rows = select_rows(snap, f)
    limit, offset = page_bounds()
    page = named_rows(snap, rows.iloc[offset:offset + limit])   # ranks and names for the page's rows only
    meta = {"as_of": as_of.isoformat() if as_of else None, "data_version": stated_version(snap), "is_demo": snap.is_demo}
    return listing(page, meta, filename="observations.csv", total=len(rows))


def stated_version(snap: Snapshot) -> int:
    """The data version an answer states: the snapshot's, or the one its figures had at an as_of moment."""
    from data.snapshot import figures_version
    from server.context import engine

    return figures_version(engine(), snap)


def observation_filter() -> tuple[ObservationFilter, object]:
    """The observation filters of the current request (also used by the table exports)."""
    regions_known = set(snapshot().regions["code"])
    f = ObservationFilter(
        regions=tuple(params.codes("region", regions_known)),
        indicators=tuple(params.codes("indicator", set(load_indicators()["code"]))),
        periods=tuple(params.periods()),
        period_kind=params.choice("period_kind", ("Y", "Q", "M")),
        is_ytd=params.boolean("ytd"),
        group=_one_code("group", regions_known),
    )
    return f, params.as_of()


def _one_code(name: str, known: Iterable[str]) -> str | None:
    values = params.codes(name, set(known))
    if len(values) > 1:
        raise UserError(f"参数 {name} 只能有一个值", f"{name} takes one value")
    return values[0] if values else None


def _one(frame: pd.DataFrame, code: str, label: str):
    hit = frame[frame["code"] == code]
    if hit.empty:
        raise UserError(f"{label}代码 {code} 不存在", f"No such code: {code}", status=404)
    return json_response(records(hit)[0])


@operation(bp, "/rankings", summary="全市排名 Ranking of the comparison group", tag="data", csv=True,
           params=(Param("indicator", S.indicator_code, "indicator code", required=True),
                   Param("period", S.PERIOD, "2023, 2023Q3 or 2023M09; default: the latest year with a home figure"),
                   Param("measure", {"type": "string", "enum": ["value", "yoy", "share", "completion"]},
                         "总量 (value, default), 同比 (yoy), 占比 (share) or 完成率 (completion)"),
                   Param("within", {"type": "boolean"},
                         "true: 在已报单位中排名 — rank among the reporting units when some have not reported"),
                   Param("lang", {"type": "string", "enum": ["zh", "en"]}, "language of the texts"),
                   Param("as_of", {"type": "string", "format": "date"}, "the figures as published at that day"),
                   *PAGING),
           response=S.page_of(S.RANK_ROW, **S.RANKING_META),
           responses={"200": {"description": "OK", "content": {
               "application/json": {"schema": S.page_of(S.RANK_ROW, **S.RANKING_META)},
               "text/csv": {"schema": {"type": "string"}}}},
               "404": {"description": "本县在该时点没有该指标的数据 (no home figure to choose a period from)",
                       "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
           description="The same ranking the pages, the PNG/PPTX exports and meeting mode show (figures.ranking). "
                       "When some members have not reported (已报 n/N), ranks are null unless within=true.")
def rankings():
    """GET /api/v1/rankings: the comparison group's ranking of one indicator, built by
    figures.ranking like the pages and exports. Raises UserError 400 without ?indicator=, 404 when the home
    county has no figure to choose a default period from.
    """
    from figures import ranking as fr
    from figures.sentences import ranking_sentence
    from server.context import settings

    as_of = params.as_of()
    snap = snapshot(as_of=as_of)
    code = params.one("indicator")
    if code is None:
        raise UserError("请指定指标（indicator）", "indicator is required")
    fr.indicator_row(code)
    if len(params.many("period")) > 1:
        raise UserError("参数 period 只能有一个值", "period takes one value")
    s = settings()
    period = params.periods()[0] if params.one("period") else fr.latest_period(snap, s.home_region, [code])
    if period is None:
        raise UserError("本县暂无已发布的年度数据", "No published annual figures for the home region", status=404)
    measure = params.choice("measure", fr.MEASURES, "value")
    lang = params.choice("lang", ("zh", "en"), "zh")
    r = fr.ranking(snap, code, period, measure, home=s.home_region, group=s.group_city or None,
                   within_reported=params.within_reported())
    avg = r.average()
    meta = {"indicator": code, "period": period, "period_label": r.period_label(lang),
            "is_ytd": r.is_ytd, "measure": measure, "unit": r.unit, "group": r.group, "group_name": r.group_name,
            "reported": r.reported.n, "comparable": r.comparable.n, "expected": r.reported.size,
            "complete": r.comparable.is_complete, "scope": r.scope, "within_reported": r.within_reported,
            "state": r.state_text(lang), "home": r.home, "home_rank_text": r.rank_text(lang=lang),
            "average": avg, "average_label": r.average_label(lang),
            "sentence": ranking_sentence(r, snap.regions, lang), "notes": r.note_lines(lang),
            "as_of": as_of.isoformat() if as_of else None, "data_version": stated_version(snap), "is_demo": snap.is_demo}
    return listing(r.rows, meta, filename=f"ranking-{code}-{period}.csv")
