"""Export wording, zh and en. Kept here until the '--- exports ---' section of layouts/i18n.py
(owned by the pages) takes them; the demo label itself comes from that catalogue."""
from __future__ import annotations

from layouts.i18n import t

LABELS: dict[str, dict[str, str]] = {
    "chart.title": {"zh": "{period}年{name}{measure}全市排名", "en": "{name} {measure}, {period}: city ranking"},
    "chart.axis": {"zh": "{measure}（{unit}）", "en": "{measure} ({unit})"},
    "footnote": {"zh": "数据来源：{source}。数据截至：{as_of}（数据版本 {version}）。",
                 "en": "Source: {source}. Data as of {as_of} (data version {version})."},
    "footnote.home": {"zh": "{home}数值位次{rank}。", "en": "{home} ranks {rank} by value."},
    "footnote.missing": {"zh": "{n}个地区无数据，未列入。", "en": "{n} regions without figures are not shown."},
    "deck.title": {"zh": "{region}科技创新主要指标", "en": "Key S&T indicators of {region}"},
    "deck.subtitle": {"zh": "{period}年 · 与{group}各县（市、区）比较", "en": "{period} · compared with the county-level units of {group}"},
    "deck.overview": {"zh": "总体情况", "en": "Overview"},
    "deck.made": {"zh": "生成时间：{when}", "en": "Generated {when}"},
    "table.title": {"zh": "{name}数据导出", "en": "{name} export"},
    "table.meta": {"zh": "说明", "en": "About"},
}


def label(key: str, lang: str = "zh", **kwargs) -> str:
    entry = LABELS[key]
    text = entry.get(lang) or entry["zh"]
    return text.format(**kwargs) if kwargs else text


def demo_label(lang: str = "zh") -> str:
    return t("app.demo_badge", lang)


def demo_notice(lang: str = "zh") -> str:
    return t("app.demo_notice", lang)
