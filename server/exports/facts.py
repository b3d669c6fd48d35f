"""The home county's facts for meeting materials (Word brief, PDF, deck summary and targets slides).

One row per indicator for one period: value, 同比, 位次 and its change, 完成率 against 序时进度 and the
meeting sentence. Ranks, rank changes, the completeness state ("已报 n/N，暂不排名") and the sentence come
from the one read layer (figures.ranking.ranking, figures.sentences.home_sentence), so the brief, the
deck and the pages can never disagree; 完成率 and 序时进度 from figures.targets.progress, the road the
目标任务 page and the overview take (stocks judged on their increment since last year-end). Nothing here ranks.

Row choice for a quarter or month is figures.ranking's: the 累计 row for flows, the period-end row for
stocks, never a de-cumulated single period. An indicator the home county has not reported while other members of
its group have is kept (brk3 #2): its rank reads "本县未报（全市已报 17/18）" (figures.ranking.Ranking.home_rank_text)
and its sentence says so (figures.sentences.home_sentence), so no summary or brief drops what others reported.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from dataclasses import dataclass, field

import pandas as pd

from data.catalogue import load_indicators
from indicators import formatting as fmt
from figures.ranking import group_of, ranking
from figures.sentences import home_sentence
from indicators.conventions import MONEY_UNITS
from indicators.pipeline import query_region
from indicators.targets import STATUS_ZH
from figures.targets import progress as targets_progress
from texts.i18n import t
from server.exports.labels import label

if TYPE_CHECKING:
    from data.snapshot import Snapshot
    from figures.ranking import Ranking

STATUS_EN = {"ahead": "ahead of schedule", "on_pace": "on schedule", "behind": "behind schedule",
             "completed": "annual target met", "not_completed": "annual target not met"}
MONEY = MONEY_UNITS


@dataclass(frozen=True)
class Fact:
    """One indicator of the home county for one period (all texts already formatted)."""

    code: str
    name: str  # full name in the language
    short: str  # short name for tables and charts
    unit: str  # catalogue unit
    kind: str  # amount | count | ratio
    period: str
    is_ytd: bool
    value: float | None
    value_text: str  # with unit, money in the chosen 万元/亿元
    change: float | None  # 同比: % (amounts, counts) or 百分点 (ratios)
    change_text: str
    rank: int | None
    group_size: int | None
    tied: bool
    rank_text: str  # "第3/18", "并列第3/18", "已报 1/18，暂不排名", "—" (figures.ranking.Ranking.rank_text)
    rank_change: int | None  # positive = moved up
    rank_change_text: str
    completion_pct: float | None
    time_progress_pct: float | None
    target_text: str  # target with unit, "—" when none
    completion_text: str  # "102.50%" or "—"
    status: str | None  # indicators.targets.STATUSES
    sentence: str  # the engine's meeting sentence
    target_sentence: str  # 完成率 against 序时进度, "" when there is no target
    extra: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)  # 口径调整 / 说明 / 年报与累计不一致 lines (Ranking.note_lines)
    judged_pct: float | None = None  # the figure the status is judged on (figures.targets): 增量进度 or 完成率
    judged_basis: str | None = None  # "increment" (增量进度, a stock during the year) | "completion"
    basis: str | None = None  # figures.targets basis: "flow" | "increment" | "level" (a ratio: never against 序时进度)
    level_in_year: bool = False  # a ratio with its figure during the year: 完成率 alone (indicators.targets)
    actual_text: str = ""  # the figure the target is judged on, with unit ("0.75%"), "" without a target
    ranking: Ranking | None = field(default=None, compare=False, repr=False)  # the value ranking read (figures)
    reported: bool = True  # False: the home county has not reported, other members have (value None, "—")


def _num(v: object) -> float | None:
    return None if fmt.is_missing(v) else float(v)


def value_text(value: float | None, code: str, scale: str, lang: str) -> str:
    """Money follows the 万元/亿元 choice ("auto": 亿元 from 10,000万元); other units keep their own."""
    meta = _catalogue().loc[code]
    unit = str(meta["unit"])
    if unit in MONEY:
        decimals = int(meta["decimals"]) if scale == "万元" else None
        return fmt.format_value(value, unit, decimals, scale=scale, lang=lang)
    return fmt.format_value(value, unit, int(meta["decimals"]), lang=lang)


def _catalogue() -> pd.DataFrame:
    return load_indicators().set_index("code", drop=False)


def _target_sentence(p: dict | None, lang: str, scale: str = "auto") -> str:
    """The target's sentence of a brief paragraph: 完成率 against 序时进度 with the status; a ratio during the year
    (basis "level", figures.targets) "当前0.75%，年度目标0.90%，完成率83.33%（比率类指标，不比序时进度）。"."""
    if p is None or fmt.is_missing(p.get("completion_pct")):
        return ""
    done = fmt.format_pct(p["completion_pct"], lang=lang)
    status = str(p.get("status"))
    if bool(p.get("level_in_year", False)):
        code = str(p["indicator"])
        return label("target_level", lang, actual=value_text(p["actual"], code, scale, lang),
                     target=value_text(p["target"], code, scale, lang), pct=done)
    due = fmt.format_pct(p["time_progress_pct"], lang=lang)
    gap = _num(p.get("gap_pp"))
    if lang == "en":
        text = f"{done} of the annual target reached"
        if status in ("completed", "not_completed"):
            return f"{text}: {STATUS_EN[status]}."
        if str(p.get("basis")) == "increment":
            text += " (" + t("targets.increment", lang, pct=fmt.format_pct(p["progress_pct"], lang=lang)) + ")"
        return f"{text} against a time progress of {due}: {STATUS_EN.get(status, '')}."
    text = f"完成年度目标的{done}"
    if status in ("completed", "not_completed"):
        return f"{text}，{STATUS_ZH[status]}。"
    if gap is None or status not in STATUS_ZH:
        return f"{text}，序时进度{due}。"
    if str(p.get("basis")) == "increment":  # a stock is judged on its increment since last year-end
        text += "，" + t("targets.increment", lang, pct=fmt.format_pct(p["progress_pct"], lang=lang))
    if status == "on_pace":
        return f"{text}，序时进度{due}，与序时进度基本持平。"
    word = "超出" if gap > 0 else "落后"
    return f"{text}，序时进度{due}，{word}序时进度{fmt.format_pp(abs(gap))}。"


def home_facts(snap: Snapshot, home: str, period: str, codes: list[str], lang: str = "zh",
               scale: str = "auto", group: str | None = None, within_reported: bool = False) -> list[Fact]:
    """Facts of `home` for `period`, in the order of `codes`: one per indicator with a home figure, and one per
    indicator the home county has not reported while other members of the group have (`Fact.reported` False:
    value None, "—" for value, 同比, rank change and 完成率, rank_text "本县未报（全市已报 17/18）", the sentence
    "2026年1—11月R&D经费本县未报（全市已报 17/18）。"); indicators nobody in the group reported are left out.

    scale: "auto" | "万元" | "亿元" for money (other units ignore it); group: the comparison group (default
    the home county's city); within_reported: the reader's "在已报单位中排名" (?within=1), the same choice as the
    ranking slides of the same deck. Raises UserError only for an unknown code or a malformed period; the caller
    decides whether a list without a home figure is an error.
    """
    cat = _catalogue()
    group = group or group_of(snap.regions, home)
    out = []
    rankings = {c: ranking(snap, c, period, "value", home=home, group=group, within_reported=within_reported)
                for c in codes}
    rows = {c: r.home_analysis for c, r in rankings.items()
            if r.home_analysis and not fmt.is_missing(r.home_analysis.get("value"))}
    progress = _progress(snap, home, rows)
    for code in codes:
        r, meta = rankings[code], cat.loc[code]
        if code not in rows and not r.home_unreported:
            continue
        row = rows.get(code, {})
        kind = str(meta["kind"])
        change = _num(row.get("yoy_pp") if kind == "ratio" else row.get("yoy_pct"))
        home_rank = r.home_rank_row if r.ranks_published else {}
        rank, rc = _num(home_rank.get("rank")), _num(home_rank.get("rank_change"))
        tied = bool(home_rank.get("tied", False)) if rank is not None else False
        p = progress.get(code)
        target = _num(p["target"]) if p is not None else None
        done = _num(p["completion_pct"]) if p is not None else None
        out.append(Fact(
            code=code, name=str(meta["name_en"] if lang == "en" else meta["name_zh"]),
            short=str(meta["name_en"] if lang == "en" else meta["short_zh"]), unit=str(meta["unit"]), kind=kind,
            period=period, is_ytd=bool(r.is_ytd), value=_num(row.get("value")),
            value_text=value_text(row.get("value"), code, scale, lang), change=change,
            change_text=fmt.format_change(change, kind, lang=lang),
            rank=None if rank is None else int(rank), group_size=len(r.reported.expected), tied=tied,
            rank_text=r.home_rank_text(lang),
            rank_change=None if rc is None else int(rc), rank_change_text=fmt.format_rank_change(rc, lang=lang),
            completion_pct=done, time_progress_pct=_num(p["time_progress_pct"]) if p is not None else None,
            target_text=value_text(target, code, scale, lang) if target is not None else fmt.MISSING,
            completion_text=fmt.format_pct(done, lang=lang),
            status=str(p["status"]) if p is not None and not pd.isna(p["status"]) else None,
            sentence=home_sentence(r, snap.regions, lang), target_sentence=_target_sentence(p, lang, scale),
            notes=r.note_lines(lang),
            judged_pct=_num(p["judged_pct"]) if p is not None else None,
            judged_basis=str(p["judged_basis"]) if p is not None else None, ranking=r,
            basis=str(p["basis"]) if p is not None else None,
            level_in_year=bool(p.get("level_in_year", False)) if p is not None else False,
            actual_text=value_text(p["actual"], code, scale, lang) if p is not None else "",
            reported=code in rows,
        ))
    return out


def _progress(snap: Snapshot, home: str, rows: dict[str, dict]) -> dict[str, dict]:
    """完成率 of each row's figure against the home county's target for its year (indicators.targets)."""
    tg = snap.targets
    if tg is None or tg.empty or not rows:
        return {}
    tg = tg[(tg["region"].astype(str) == home).to_numpy()]
    actuals = pd.DataFrame([{"indicator": c, "region": home, "period": str(r["period"]), "value": r["value"]}
                            for c, r in rows.items()])
    if tg.empty or actuals.empty:
        return {}
    year = int(str(actuals["period"].iloc[0])[:4])
    tg = tg[(tg["year"].astype(int) == year).to_numpy()]
    actuals = actuals[actuals["indicator"].isin(set(tg["indicator"].astype(str)))]
    if actuals.empty:
        return {}
    out = targets_progress(snap, actuals, tg)
    return {str(r["indicator"]): r.to_dict() for _, r in out.iterrows()}


def home_trend(snap: Snapshot, home: str, code: str, years: int = 5, end: str | None = None) -> pd.DataFrame:
    """The home county's annual figures of the last `years` years up to `end` (a year or a quarter's year).

    Columns: period, value, change (同比 in the indicator's convention). Ranks are figures.ranking's alone.
    """
    rows = query_region(snap.analysis, home, [code])
    rows = rows[(rows["period_kind"] == "Y").to_numpy() & rows["value"].notna().to_numpy()]
    if end is not None:
        rows = rows[(rows["period"].astype(str) <= str(end)[:4]).to_numpy()]
    rows = rows.sort_values("period").tail(years)
    kind = str(_catalogue().loc[code, "kind"])
    return pd.DataFrame({"period": rows["period"].astype(str).to_numpy(),
                         "value": rows["value"].to_numpy(dtype=float, na_value=float("nan")),
                         "change": rows["yoy_pp" if kind == "ratio" else "yoy_pct"].to_numpy(
                             dtype=float, na_value=float("nan"))})
