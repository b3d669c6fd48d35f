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
