"""Meeting sentences read from the one ranking: the value, 同比 and reason of the home county's analysis row,
and the rank, 并列, rank change and completeness state of `figures.ranking.ranking()` for the same measure.

Used by meeting mode, the deck's overview slide and the API, so a sentence can never say a rank the chart does
not show: "2023年全县高新技术企业为69家，同比增长…，总量居全市第3位，位次与上年持平。"; with only one county
reported: "2026年前三季度全县R&D经费投入1.80亿元，…，全市已报 1/18，暂不排名。"
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import pandas as pd

from figures.ranking import Ranking, ranking
from indicators.formatting import is_missing, round_half_up
from indicators.sentences import indicator_sentence

if TYPE_CHECKING:
    from data.snapshot import Snapshot


def ranking_sentence(r: Ranking, regions: pd.DataFrame, lang: str = "zh") -> str:
    """The home county's sentence for one ranking ("" when the home county has no figure)."""
    row = dict(r.home_analysis)
    if not row or is_missing(row.get("value")):
        return ""
    home = r.home_rank_row
    published = r.ranks_published and home and not pd.isna(home.get("rank"))
    row.update(rank=home.get("rank") if published else None, tied=bool(home.get("tied")) if published else False,
               rank_change=home.get("rank_change") if published else None)
    reg = regions[regions["code"].astype(str) == r.home]
    region = reg.iloc[0].to_dict() if len(reg) else {"name": r.home}
    return indicator_sentence(row, r.indicator, region, lang, rank_basis=r.measure,
                              rank_within=r.within_phrase(lang),
                              rank_state="" if r.ranks_published or r.share_not_applicable else r.state_text(lang))


def sentences(snap: Snapshot, codes: list[str], period: str, measure: str = "value", *, home: str,
              group: str | None = None, within_reported: bool = False, lang: str = "zh") -> pd.DataFrame:
    """One sentence per indicator with a home figure for the period: indicator, sentence, rank, state."""
    out = []
    for code in codes:
        r = ranking(snap, code, period, measure, home=home, group=group, within_reported=within_reported)
        text = ranking_sentence(r, snap.regions, lang)
        if text:
            out.append({"indicator": code, "sentence": text, "rank": r.home_rank_row.get("rank"),
                        "state": r.state_text(lang)})
    return pd.DataFrame(out, columns=["indicator", "sentence", "rank", "state"])


NO_BASE_REASONS = ("no_base", "missing_value")  # "暂无上年同期数据"; others (口径调整, base ≤ 0): "同比不可比"


def _home_change(r: Ranking) -> float | None:
    """The home county's 同比 on the ranking's period (百分点 for ratios), None when it has none."""
    row = r.home_analysis
    v = row.get("yoy_pp" if str(r.indicator.get("kind")) == "ratio" else "yoy_pct") if row else None
    return None if is_missing(v) else float(v)


def overall_sentence(rankings: list[Ranking], region: str, group: str, period_text: str, lang: str = "zh") -> str:
    """The 总体情况 sentence of the brief over the home county's value rankings (one per indicator with a home
    figure): counts only, and only of what is comparable. 同比增长 counts the indicators with a 同比 (rounded to 2
    decimals, 四舍五入); those without say so ("2项指标暂无上年同期数据", "1项指标同比不可比"). Rank moves count the
    indicators with a published rank and rank change (figures.ranking: same basis); the rest say why ("1项指标上年
    无可比位次", "2项指标尚未报齐、暂不排名", or, when none is ranked, "邢台市各县（市、区）尚未报齐，暂不排名").
    The top three are city ranks only (never a rank among the reporting units). region, group: names in `lang`.

    "2026年1—10月，清河县纳入监测的2项主要科技指标中，2项指标暂无上年同期数据；邢台市各县（市、区）尚未报齐，暂不排名。"
    """
    from texts.i18n import t

    sep, end = ("，", "。") if lang == "zh" else (", ", ".")
    changes = [_home_change(r) for r in rankings]
    with_yoy = [c for c in changes if c is not None]
    without = [r for r, c in zip(rankings, changes) if c is None]
    no_base = sum(1 for r in without if str(r.home_analysis.get("yoy_reason")) in NO_BASE_REASONS
                  or is_missing(r.home_analysis.get("yoy_reason")))
    yoy = []
    if with_yoy:
        yoy.append(t("brief.overall_grew", lang, grew=sum(1 for c in with_yoy if round_half_up(c, 2) > 0)))
    if no_base:
        yoy.append(t("brief.overall_no_base", lang, k=no_base))
    if len(without) - no_base:
        yoy.append(t("brief.overall_not_comparable", lang, k=len(without) - no_base))
    ranked = [r.home_rank_row for r in rankings if r.ranks_published and r.home_rank_row
              and not pd.isna(r.home_rank_row.get("rank"))]
    moves = [int(h["rank_change"]) for h in ranked if not pd.isna(h.get("rank_change"))]
    unranked = len(rankings) - len(ranked)
    if not ranked:
        rank_part = t("brief.overall_unranked_all", lang, group=group)
    else:
        parts = []
        if moves:
            parts.append(t("brief.overall_moves", lang, up=sum(1 for m in moves if m > 0),
                           down=sum(1 for m in moves if m < 0)))
        if len(ranked) - len(moves):
            parts.append(t("brief.overall_no_prev_rank", lang, k=len(ranked) - len(moves)))
        if unranked:
            parts.append(t("brief.overall_unranked", lang, k=unranked))
        rank_part = t("brief.overall_compared", lang, group=group) + sep.join(parts)
    text = (t("brief.overall_lead", lang, period=period_text, region=region, n=len(rankings)) + sep.join(yoy)
            + ("；" if lang == "zh" else "; ") + rank_part + end)
    top = [r for r in rankings if r.scope == "city" and r.home_rank_row
           and not pd.isna(r.home_rank_row.get("rank")) and int(r.home_rank_row["rank"]) <= 3]
    if top:
        names = t("list.sep", lang).join(str(r.indicator["short_zh"] if lang == "zh" else r.indicator["name_en"])
                                         for r in top)
        text += t("brief.overall_top", lang, names=names, k=len(top))
    return text
