"""Meeting sentences (会议材料口径) built from the same snapshot rows the charts use.

zh: "2023年全县R&D经费投入1.54亿元，同比增长83.71%，总量居全市第3位，较上年提升2位。"
en: "In 2023, the county's R&D expenditure was 154.00 million yuan, up 83.71% year on year,
     ranking 3rd in the city, up 2 places on last year."
Rules: values by formatting.format_value (亿元 from 10,000万元); 同比 in % with two decimals
(增长/下降/持平), ratios in 百分点 (提高/降低/持平); rank 第N位 / 并列第N位 ("总量" for amounts and
counts); rank change 提升/降低 N位 / 位次与上年持平; a missing 同比 is explained from its
reason (explain_missing=True) or left out.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .formatting import format_pct, format_pp, format_value, is_missing, round_half_up
from .periods import parse_period

VERBS_ZH = {"RD_EXP": "投入", "IND_RD_EXP": "投入"}
QUARTERS_ZH = {1: "一", 2: "二", 3: "三", 4: "四"}
YTD_Q_ZH = {1: "一季度", 2: "上半年", 3: "前三季度", 4: "1—4季度"}   # the Q4 累计 (快报), never 全年 (the 年报's name)
YTD_Q_EN = {1: "Q1", 2: "the first half of", 3: "the first three quarters of", 4: ""}
TIED_EN = "tied"   # 并列 in English: the sentences and the tables (texts.i18n "rank.tied") say it with one word
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MISSING_YOY_ZH = {"series_break": "因统计口径调整，同比不可比", "base_nonpositive": "上年基数为零或负值，不计算增速",
                  "no_base": "无上年同期数据", "missing_value": "同比数据暂缺"}
MISSING_YOY_EN = {"series_break": "not comparable with last year (definition changed)",
                  "base_nonpositive": "no growth rate (last year's base was zero or negative)",
                  "no_base": "no figure for the same period last year",
                  "missing_value": "year-on-year change not available"}


def period_phrase(period: str, is_ytd: bool, lang: str = "zh", stock: bool = False) -> str:
    """The sentence's opening period, written as the product labels it (texts.i18n.period_text): 累计
    "2026年前三季度" / "2026年1—9月", a stock's period-end figure "2026年三季度末" / "2026年9月末" (en "At the end
    of Q3 2026"), a single quarter "2026年第三季度", a year "2025年"."""
    year, sub, kind = parse_period(period)
    if stock and not is_ytd and kind in ("Q", "M"):
        if lang == "en":
            return f"At the end of Q{sub} {year}" if kind == "Q" else f"At the end of {MONTHS_EN[sub - 1]} {year}"
        return f"{year}年{QUARTERS_ZH[sub]}季度末" if kind == "Q" else f"{year}年{sub}月末"
    if lang == "en":
        if kind == "Y":
            return f"In {year}"
        if kind == "Q" and is_ytd and sub == 4:
            return f"In Q1–Q4 {year}"   # the Q4 累计, as texts.i18n.period_text names it; "In 2025" is the annual figure
        if kind == "Q":
            return f"In {YTD_Q_EN[sub]} {year}" if is_ytd else f"In Q{sub} {year}"
        return f"In Jan–{MONTHS_EN[sub - 1]} {year}" if is_ytd and sub > 1 else f"In {MONTHS_EN[sub - 1]} {year}"
    if kind == "Y":
        return f"{year}年"
    if kind == "Q":
        return f"{year}年{YTD_Q_ZH[sub]}" if is_ytd else f"{year}年第{QUARTERS_ZH[sub]}季度"
    return f"{year}年1—{sub}月" if is_ytd and sub > 1 else f"{year}年{sub}月"


# How a county-level unit names itself, by the last character of its name: (全X as a subject, 本X, English)
_SELF_WORDS = {"县": ("全县", "本县", "the county"), "区": ("全区", "本区", "the district"),
               "市": ("全市", "本市", "the city"), "旗": ("全旗", "本旗", "the banner")}


def subject_zh(region: Mapping, self_reference: bool) -> str:
    """A sentence's subject: the region's name, or in its own materials 全县 / 全区 / 全市 / 全旗."""
    name = str(region.get("name", ""))
    words = _SELF_WORDS.get(name[-1:]) if self_reference else None
    return words[0] if words else name


def self_word(region: Mapping, lang: str = "zh") -> str:
    """How a region names itself in its own materials: "本县" (县), "本区", "本市", "本旗"; in English "the county",
    "the district", "the city", "the banner"; its name otherwise."""
    name = str(region.get("name", ""))
    words = _SELF_WORDS.get(name[-1:])
    return (words[1] if lang == "zh" else words[2]) if words else name


def _get(row: Mapping, key: str):
    v = row.get(key) if hasattr(row, "get") else None
    return None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v


def _zero_both_years(row: Mapping, reason: object) -> bool:
    """No growth rate because last year's base was zero, and this year's figure is zero too: flat (与上年持平)."""
    return reason == "base_nonpositive" and _get(row, "value") == 0 and _get(row, "value_prev") == 0


def yoy_direction(row: Mapping, indicator: Mapping) -> str | None:
    """How the sentence states the row's 同比: "up", "down" or "flat" (the 同比 rounded to 2 decimals, 四舍五入:
    +0.004% is 持平; a ratio's change in 百分点 likewise), "flat" also for 0 in both years (no growth rate on a zero
    base, but nothing changed); None when there is no 同比 (no base, 口径调整, a base ≤ 0 with a figure now).
    The one classification of the indicator sentences and of the brief's 总体情况 counts."""
    change = _get(row, "yoy_pp" if str(indicator.get("kind")) == "ratio" else "yoy_pct")
    if change is None:
        return "flat" if _zero_both_years(row, _get(row, "yoy_reason")) else None
    rounded = round_half_up(float(change), 2)
    return "flat" if rounded == 0 else "up" if rounded > 0 else "down"


RANK_LEAD_ZH = {"value": "总量", "yoy": "增速", "share": "占全市比重", "completion": "完成率"}
RANK_LEAD_EN = {"value": "", "yoy": "by growth ", "share": "by share of the city total ",
                "completion": "by target completion "}


def indicator_sentence(row: Mapping, indicator: Mapping, region: Mapping, lang: str = "zh",
                       self_reference: bool = True, explain_missing: bool = True, rank_basis: str = "value",
                       rank_within: str = "", rank_state: str = "") -> str:
    """One sentence for one snapshot row (a Series or dict with the snapshot columns).

    indicator: catalogue row (code, short_zh, name_en, unit, decimals, kind);
    region: region row (name, optionally name_en). The rank fields (rank, tied, rank_change, n_ranked) come
    from figures.ranking: rank_basis names the measure ranked (总量/增速/占全市比重/完成率); rank_within, when the
    rank is among the reporting units only, is where it stands, with their number (figures.completeness:
    "在已报的2个单位中" -> "总量在已报的2个单位中居第2位"; en "among the 2 reporting units"); rank_state replaces
    the rank when none is published ("全市已报 1/18，暂不排名").
    """
    kind = str(indicator.get("kind", "amount"))
    is_ratio = kind == "ratio"
    unit, decimals = str(indicator["unit"]), int(indicator.get("decimals", 0))
    period_text = period_phrase(str(row["period"]), bool(row.get("is_ytd", False)), lang,
                                stock=not bool(indicator.get("cumulative", True)))
    value_text = format_value(_get(row, "value"), unit, decimals, lang=lang)
    change = _get(row, "yoy_pp" if is_ratio else "yoy_pct")
    reason = _get(row, "yoy_reason")
    rank, tied, rank_change = _get(row, "rank"), bool(_get(row, "tied") or False), _get(row, "rank_change")
    if lang == "en":
        return _sentence_en(row, indicator, region, period_text, value_text, change, reason, rank, tied,
                            rank_change, is_ratio, self_reference, explain_missing, rank_basis, rank_within,
                            rank_state)
    name = str(indicator.get("short_zh") or indicator["name_zh"])
    verb = VERBS_ZH.get(str(indicator["code"]), "为")
    verb = "为" if name.endswith(verb) else verb  # "财政科技支出为…", never "支出支出"
    parts = [f"{period_text}{subject_zh(region, self_reference)}{name}{verb}{value_text}"]
    direction = yoy_direction(row, indicator)
    if change is not None:
        if is_ratio:
            parts.append("与上年持平" if direction == "flat" else
                         f"比上年{'提高' if direction == 'up' else '降低'}{format_pp(abs(change))}")
        else:
            parts.append("同比持平" if direction == "flat" else
                         f"同比{'增长' if direction == 'up' else '下降'}{format_pct(abs(change))}")
    elif direction == "flat":
        parts.append("与上年持平")   # 0 both years: flat, though no growth rate can be computed on a zero base
    elif explain_missing and reason in MISSING_YOY_ZH:
        parts.append(MISSING_YOY_ZH[reason])
    if rank is not None:
        lead = "" if is_ratio and rank_basis == "value" else RANK_LEAD_ZH.get(rank_basis, "")
        if is_ratio and rank_basis == "yoy":
            lead = "变动幅度"   # a ratio's 同比 is a change in 百分点, never a 增速
        parts.append(f"{lead}{'并列' if tied else '居'}全市第{int(rank)}位" if not rank_within else
                     f"{lead}{rank_within}{'并列' if tied else '居'}第{int(rank)}位")
        if rank_change is not None:
            rc = int(rank_change)
            parts.append("位次与上年持平" if rc == 0 else f"较上年{'提升' if rc > 0 else '降低'}{abs(rc)}位")
    elif rank_state:
        parts.append(f"全市{rank_state}")
    return "，".join(parts) + "。"


def _sentence_en(row: Mapping, indicator: Mapping, region: Mapping, period_text: str, value_text: str,
                 change: object, reason: object, rank: object, tied: bool, rank_change: object, is_ratio: bool,
                 self_reference: bool, explain_missing: bool, rank_basis: str = "value", rank_within: str = "",
                 rank_state: str = "") -> str:
    name = str(indicator.get("name_en") or indicator["code"])
    who = "the county's" if self_reference else f"{region.get('name_en') or region.get('name')}'s"
    # lower-case a leading word ("High-tech enterprises") but never an acronym ("S&T", "R&D", "GDP")
    name = name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name
    parts = [f"{period_text}, {who} {name} was {value_text}"]
    if str(indicator.get("kind")) == "count":  # a count's name is a plural noun: "the county had 94 high-tech enterprises"
        subject = "the county" if self_reference else str(region.get("name_en") or region.get("name"))
        number = format_value(_get(row, "value"), "", int(indicator.get("decimals", 0)), lang="en")
        parts = [f"{period_text}, {subject} had {number} {name}" if number != "1" else
                 # the catalogue's names are plural nouns: "had 1 key laboratories" is wrong English
                 f"{period_text}, the number of {name} in {'the county' if self_reference else subject} was 1"]
    direction = yoy_direction(row, indicator)
    if direction == "flat":
        parts.append("unchanged year on year")
    elif change is not None:
        word = "up" if direction == "up" else "down"
        if is_ratio:
            parts.append(f"{word} {format_pp(abs(change), lang='en')} on last year")
        else:
            parts.append(f"{word} {format_pct(abs(change), lang='en')} year on year")
    elif explain_missing and reason in MISSING_YOY_EN:
        parts.append(MISSING_YOY_EN[reason])
    if rank is not None:
        r = int(rank)
        suffix = "th" if 10 <= r % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(r % 10, "th")
        where = rank_within or "in the city"
        lead = "by change " if is_ratio and rank_basis == "yoy" else RANK_LEAD_EN.get(rank_basis, "")
        parts.append(f"ranking {lead}{TIED_EN + ' ' if tied else ''}{r}{suffix} {where}")
        if rank_change is not None:
            rc = int(rank_change)
            parts.append("unchanged from last year" if rc == 0 else
                         f"{'up' if rc > 0 else 'down'} {abs(rc)} place{'s' if abs(rc) > 1 else ''} on last year")
    elif rank_state:
        parts.append(rank_state)
    return ", ".join(parts) + "."


def meeting_sentences(analysis: pd.DataFrame, region: str, period: str, indicators: pd.DataFrame,
                      regions: pd.DataFrame, codes: list[str] | None = None, lang: str = "zh",
                      self_reference: bool = True, explain_missing: bool = True) -> pd.DataFrame:
    """Sentences for one region and period, one per indicator (catalogue order).

    For quarters/months the 累计 row is used where there is one (flows), else the period-end
    row (stocks); de-cumulated single periods are not used. Output: indicator, sentence, plus
    the row's value, yoy_pct, yoy_pp, yoy_reason, rank, rank_change for cross-checking.
    """
    from .pipeline import query_region

    cat = indicators.set_index(indicators["code"].astype(str))
    codes = list(cat.index) if codes is None else codes
    reg_rows = regions[regions["code"].astype(str) == str(region)]
    reg = reg_rows.iloc[0].to_dict() if len(reg_rows) else {"name": str(region)}
    rows = query_region(analysis, str(region), codes, period=period)
    rows = rows[~rows["derived_from_ytd"].to_numpy()]
    # 累计 first (True sorts after False, so take the last after sorting by is_ytd)
    rows = rows.sort_values(["is_ytd"], kind="stable").drop_duplicates("indicator", keep="last")
    by_code = {str(r["indicator"]): r for _, r in rows.iterrows()}
    out = []
    for code in codes:
        if code not in by_code or is_missing(by_code[code]["value"]):
            continue
        r = by_code[code]
        out.append({"indicator": code,
                    "sentence": indicator_sentence(r, cat.loc[code].to_dict() | {"code": code}, reg, lang,
                                                   self_reference, explain_missing),
                    "value": r["value"], "yoy_pct": r["yoy_pct"], "yoy_pp": r["yoy_pp"],
                    "yoy_reason": r["yoy_reason"], "rank": r["rank"], "rank_change": r["rank_change"]})
    return pd.DataFrame(out, columns=["indicator", "sentence", "value", "yoy_pct", "yoy_pp", "yoy_reason",
                                      "rank", "rank_change"])
