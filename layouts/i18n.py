"""The one message catalogue. Every UI string has zh (default) and en; tests check both exist."""
from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "app.title": {"zh": "县域科技指标看板", "en": "County S&T Indicator Dashboard"},
    "app.demo_badge": {"zh": "示例数据", "en": "Demo data"},
    "app.demo_notice": {"zh": "当前展示的是示例数据，仅供演示，不是官方统计数据。",
                        "en": "These are demo data for illustration, not official statistics."},
    "nav.overview": {"zh": "总览", "en": "Overview"},
    "nav.trends": {"zh": "指标分析", "en": "Trends"},
    "nav.rankings": {"zh": "全市排名", "en": "Rankings"},
    "nav.targets": {"zh": "目标任务", "en": "Targets"},
    "nav.map": {"zh": "地图", "en": "Map"},
    "nav.data": {"zh": "数据查询", "en": "Data"},
    "nav.upload": {"zh": "数据上传", "en": "Upload"},
    "nav.review": {"zh": "审核发布", "en": "Review"},
    "nav.admin": {"zh": "系统管理", "en": "Admin"},
    "lang.switch": {"zh": "English", "en": "中文"},
    "overview.heading": {"zh": "{region}主要科技指标", "en": "Key S&T indicators of {region}"},
    "col.indicator": {"zh": "指标", "en": "Indicator"},
    "col.period": {"zh": "期别", "en": "Period"},
    "col.value": {"zh": "数值", "en": "Value"},
    "col.unit": {"zh": "单位", "en": "Unit"},
    "col.status": {"zh": "状态", "en": "Status"},
    "empty.no_data": {"zh": "暂无已发布数据", "en": "No published data yet"},
    "page.coming": {"zh": "该页面正在建设中。", "en": "This page is being built."},
    # --- pages (overview, trends, rankings, targets, map, data) ---
    # --- upload and review (imports) ---
    # --- login, accounts, admin (security) ---
    # --- exports ---
}


def t(key: str, lang: str = "zh", **kwargs) -> str:
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["zh"]
    return text.format(**kwargs) if kwargs else text


def lang_of(value: str | None) -> str:
    return "en" if value == "en" else "zh"
