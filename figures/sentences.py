"""Meeting sentences read from the one ranking: the value, 同比 and reason of the home county's analysis row,
and the rank, 并列, rank change and completeness state of `figures.ranking.ranking()` for the same measure.

Used by meeting mode, the deck's overview slide and the API, so a sentence can never say a rank the chart does
not show: "2023年全县高新技术企业为69家，同比增长…，总量居全市第3位，位次与上年持平。"; with only one county
reported: "2026年前三季度全县R&D经费投入1.80亿元，…，全市已报 1/18，暂不排名。"
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import pandas as pd

from figures.ranking import Ranking, any_within_reported, ranking
from indicators.formatting import is_missing
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


def unreported_sentence(r: Ranking, lang: str = "zh") -> str:
    """The home county's sentence when it has not reported and others have (`Ranking.home_unreported`): "2026年1—11月
    R&D经费本县未报（全市已报 17/18）。" / "In Jan–Nov 2026, R&D expenditure: not reported by the county (reported 17/18
    in the city)."; "" otherwise. The period opens as every indicator sentence does (indicators.sentences.period_phrase)."""
    from indicators.sentences import period_phrase
    from texts.i18n import t

    if not r.home_unreported:
        return ""
    ind = r.indicator
    phrase = period_phrase(str(r.period), bool(r.is_ytd), lang, stock=not bool(ind.get("cumulative", True)))
    name = str(ind.get("short_zh") or ind["name_zh"]) if lang == "zh" else str(ind.get("name_en") or ind["code"])
    if lang == "en":  # lower-case a leading word, never an acronym (as indicators.sentences does)
        name = name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name
    return t("figures.home_unreported_sentence", lang, period=phrase, name=name, state=r.home_unreported_text(lang))


def home_sentence(r: Ranking, regions: pd.DataFrame, lang: str = "zh") -> str:
    """The home county's sentence of a ranking in meeting materials (brief, deck slides): `ranking_sentence`, or
    `unreported_sentence` when the home county has not reported while others have; "" when nobody has."""
    return ranking_sentence(r, regions, lang) or unreported_sentence(r, lang)


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


# the 总体情况 count of an indicator without a 同比, by the reason its own sentence states
# (indicators.sentences.MISSING_YOY_ZH); no reason at all counts as no base; any other reason: "同比不可比"
YOY_COUNT_REASONS = ("no_base", "base_nonpositive", "series_break", "missing_value")


def yoy_count_key(r: Ranking) -> str:
    """The 总体情况 class of one ranking's home figure: "unreported" (`Ranking.home_unreported`); the 同比 direction
    (indicators.sentences.yoy_direction: "up_amount", "up_ratio", "down_amount", "down_ratio", "flat"); else the
    yoy reason of the analysis row its sentence explains ("no_base", "base_nonpositive", "series_break",
    "missing_value"; a missing reason is "no_base"), any other reason "not_comparable". One road with the indicator's
    own paragraph: a zero base is never counted as "暂无上年同期数据" (brk3 #7)."""
    from indicators.sentences import yoy_direction

    if r.home_unreported:
        return "unreported"
    row = r.home_analysis or {}
    direction = yoy_direction(row, r.indicator)
    if direction is not None:
        return direction if direction == "flat" else \
            f"{direction}_{'ratio' if str(r.indicator.get('kind')) == 'ratio' else 'amount'}"
    reason = row.get("yoy_reason")
    if not isinstance(reason, str) or not reason:
        return "no_base"
    return reason if reason in YOY_COUNT_REASONS else "not_comparable"


def in_top_three(r: Ranking) -> bool:
    """Whether the brief may say the home county is among the city's 前三位 on this ranking: a published city rank
    (never a rank among the reporting units) of 3 or better, shared (并列) by at most three units, whose group does
    not reach the bottom of the table. "并列第3" of two among eighteen is 前三; 0个 tied with 15 others (re-check N2
    of stop 24), eight units sharing 第3, or everyone tied, is no distinction."""
    home = r.home_rank_row
    if r.scope != "city" or not home or pd.isna(home.get("rank")):
        return False
    rank = int(home["rank"])
    ranks = pd.to_numeric(r.rows["rank"], errors="coerce")
    tied = int((ranks == rank).sum())
    return rank <= 3 and tied <= 3 and rank + tied - 1 < int(ranks.notna().sum())


def overall_sentence(rankings: list[Ranking], region: str, group: str, period_text: str, lang: str = "zh") -> str:
    """The 总体情况 sentence of the brief over the home county's value rankings (one per indicator the group has a
    figure for, the home county's own or not): counts only, each of what the indicator's own sentence says, and no
    count of 0.

    同比 (`yoy_count_key`, the classification of every indicator sentence): "2项同比增长" for amounts and counts,
    "1项比上年提高" for ratios (a change in 百分点 is never a 增长), "1项同比下降" / "1项比上年降低", "2项与上年持平" (0 in
    both years included); those without a 同比 say why, by the reason of their own paragraph ("2项指标暂无上年同期数据",
    "1项指标上年基数为零或负值、不计算增速", "1项指标因统计口径调整、同比不可比", "1项指标同比数据暂缺", "1项指标同比不
    可比"); an indicator the home county has not reported while others have: "1项指标本县未报". Rank moves count the
    indicators with a published rank and rank change (figures.ranking: same basis): "1项指标位次较上年提升", "1项指标位次
    较上年下降", "2项指标位次与上年持平"; the rest of those the home county reported say why ("1项指标上年无可比位次",
    "2项指标尚未报齐、暂不排名", or, when none is ranked, "邢台市各县（市、区）尚未报齐，暂不排名").
    前三位 (`in_top_three`): "R&D经费居全市前三位。", "R&D经费、科技型中小企业等2项指标居全市前三位。".
    When any rank is among the reporting units (`any_within_reported`, ?within=1) the comparison says so: "与邢台市
    各县（市、区）中的已报单位相比，" (a complete group's reporting units are all of them).
    region, group: names in `lang`; period_text: figures.ranking.set_period_text of the same rankings, which opens
    the sentence ("2026年11月末，", en "At the end of Nov 2026, " for a stock's date, "In Jan–Nov 2026, " else).

    "2026年1—10月，清河县纳入监测的2项主要科技指标中，2项指标暂无上年同期数据；邢台市各县（市、区）尚未报齐，暂不排名。"
    """
    from figures.ranking import set_period_kind
    from indicators.periods import parse_period
    from indicators.sentences import self_word
    from texts.i18n import t

    sep, end = ("，", "。") if lang == "zh" else (", ", ".")
    counts: dict[str, int] = {}
    for r in rankings:
        key = yoy_count_key(r)
        counts[key] = counts.get(key, 0) + 1
    order = ("up_amount", "up_ratio", "down_amount", "down_ratio", "flat", *YOY_COUNT_REASONS, "not_comparable",
             "unreported")
    # 本县 / "the county": the home unit naming itself (its catalogue name says which kind of unit it is)
    home_names = [r.rows.loc[r.rows["is_home"].to_numpy(), "name"] for r in rankings[:1]]
    home_zh = str(home_names[0].iloc[0]) if home_names and len(home_names[0]) else ""
    who = self_word({"name": home_zh}, lang) if home_zh else region
    yoy = [t(f"brief.overall_yoy_{key}", lang, k=counts[key], who=who) for key in order if counts.get(key)]
    ranked = [r.home_rank_row for r in rankings if r.ranks_published and r.home_rank_row
              and not pd.isna(r.home_rank_row.get("rank"))]
    moves = [int(h["rank_change"]) for h in ranked if not pd.isna(h.get("rank_change"))]
    unranked = len(rankings) - len(ranked) - counts.get("unreported", 0)
    if not ranked:
        rank_part = t("brief.overall_unranked_all", lang, group=group)
    else:
        parts = [t(f"brief.overall_rank_{key}", lang, k=k) for key, k in (
            ("up", sum(1 for m in moves if m > 0)), ("down", sum(1 for m in moves if m < 0)),
            ("same", sum(1 for m in moves if m == 0))) if k]
        if len(ranked) - len(moves):
            parts.append(t("brief.overall_no_prev_rank", lang, k=len(ranked) - len(moves)))
        if unranked:
            parts.append(t("brief.overall_unranked", lang, k=unranked))
        compared = "brief.overall_compared_reported" if any_within_reported(rankings) else "brief.overall_compared"
        rank_part = t(compared, lang, group=group) + sep.join(parts)
    # "At the end of Nov 2026, …" only where the name is a date inside the year: a year of stocks (and ratios) is
    # named "2024", which opens "In 2024, …" (bw10: "At the 2024, of the 2 key S&T indicators…")
    annual = bool(rankings) and parse_period(str(rankings[0].period))[2] == "Y"
    lead = "brief.overall_lead_end" if set_period_kind(rankings)[1] and not annual else "brief.overall_lead"
    text = (t(lead, lang, period=period_text, region=region, n=len(rankings)) + sep.join(yoy)
            + ("；" if lang == "zh" else "; ") + rank_part + end)
    top = [r for r in rankings if in_top_three(r)]
    if top:
        names = t("list.sep", lang).join(str(r.indicator["short_zh"] if lang == "zh" else r.indicator["name_en"])
                                         for r in top)
        text += t("brief.overall_top_one" if len(top) == 1 else "brief.overall_top", lang, names=names, k=len(top))
    return text
