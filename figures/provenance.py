"""数据溯源 in words: data.workflow.provenance answers where a figure came from; this names the figure asked for as
every other page does (the indicator's and region's names, the period by texts.i18n.period_text), so a 404 reads
"没有已发布的数值：清河县2026年1—10月R&D经费（批次 6 已于 2026-12-01 10:05 撤回）", never "RD_EXP / 130534 / 2026M10".
Read by the /provenance page and GET /api/v1/provenance."""
from __future__ import annotations

from sqlalchemy.engine import Connection

from data import store
from data.catalogue import load_indicators
from data.workflow import provenance as prov


def key_words(conn: Connection, indicator: str, region: str, period: str, is_ytd: bool) -> tuple[str, str]:
    """(zh, en) words of one figure's key: "清河县2026年1—10月R&D经费" / "R&D expenditure of Qinghe County, Jan–Oct
    2026" (a stock: "2026年10月末"). An unknown code or a malformed period stays as asked (there is no name)."""
    from texts.i18n import period_text

    cat = load_indicators().set_index("code")
    known = indicator in cat.index
    regions = store.load_regions_frame(conn)
    reg = regions.set_index(regions["code"].astype(str))
    stock = known and not bool(cat.loc[indicator, "cumulative"])

    def when(lang: str) -> str:
        try:
            return period_text(period, lang, is_ytd=is_ytd, stock=stock)
        except ValueError:
            return str(period)

    ind_zh = str(cat.loc[indicator, "short_zh"] or cat.loc[indicator, "name_zh"]) if known else str(indicator)
    ind_en = str(cat.loc[indicator, "name_en"]) if known else str(indicator)
    if region in reg.index:
        reg_zh = str(reg.loc[region, "name"])
        en = reg.loc[region].get("name_en")
        reg_en = str(en) if isinstance(en, str) and en.strip() else reg_zh
    else:
        reg_zh = reg_en = str(region)
    return f"{reg_zh}{when('zh')}{ind_zh}", f"{ind_en} of {reg_en}, {when('en')}"


def provenance(conn: Connection, indicator: str, region: str, period: str, is_ytd: bool = False) -> dict:
    """data.workflow.provenance.provenance with its 404 naming the figure in words (`key_words`); UserError 404 when
    no published figure exists for the key (detail.reason, and detail.rolled_back when a rolled-back batch held it)."""
    return prov.provenance(conn, indicator, region, period, is_ytd, words=key_words)
