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
    "app.title_short": {"zh": "科技指标看板", "en": "S&T Dashboard"},
    "lang.name_zh": {"zh": "中文", "en": "中文"},
    "lang.name_en": {"zh": "EN", "en": "EN"},
    "unit.wan": {"zh": "万元", "en": "10k yuan"},
    "unit.yi": {"zh": "亿元", "en": "100m yuan"},
    "unit.万元": {"zh": "万元", "en": "10k yuan"},
    "unit.亿元": {"zh": "亿元", "en": "100m yuan"},
    "unit.元": {"zh": "元", "en": "yuan"},
    "unit.家": {"zh": "家", "en": "firms"},
    "unit.个": {"zh": "个", "en": "units"},
    "unit.项": {"zh": "项", "en": "items"},
    "unit.人": {"zh": "人", "en": "people"},
    "unit.件": {"zh": "件", "en": "items"},
    "unit.%": {"zh": "%", "en": "%"},
    "unit.pct": {"zh": "%", "en": "%"},
    "unit.pp": {"zh": "百分点", "en": "percentage points"},
    "unit.rank": {"zh": "位次", "en": "rank"},
    "period.year": {"zh": "{year}年", "en": "{year}"},
    "period.q_single": {"zh": "{year}年第{q}季度", "en": "Q{q} {year}"},
    "period.q_ytd": {"zh": "{year}年1—{q}季度", "en": "Q1–Q{q} {year}"},
    "period.q_ytd1": {"zh": "{year}年第1季度", "en": "Q1 {year}"},
    "period.m_single": {"zh": "{year}年{m}月", "en": "{m}/{year}"},
    "period.m_ytd": {"zh": "{year}年1—{m}月", "en": "Jan–{m}/{year}"},
    "flag.demo": {"zh": "示例数据", "en": "Demo data"},
    "flag.preliminary": {"zh": "快报", "en": "Preliminary"},
    "flag.revised": {"zh": "修订", "en": "Revised"},
    "flag.series_break": {"zh": "口径调整", "en": "Series break"},
    "status.preliminary": {"zh": "快报", "en": "Preliminary"},
    "status.final": {"zh": "正式", "en": "Final"},
    "status.revised": {"zh": "修订", "en": "Revised"},
    "status.estimated": {"zh": "估算", "en": "Estimated"},
    "cap.unit": {"zh": "单位：{unit}", "en": "Unit: {unit}"},
    "cap.period": {"zh": "期别：{period}", "en": "Period: {period}"},
    "cap.source": {"zh": "来源：{source}", "en": "Source: {source}"},
    "tab.chart": {"zh": "图表", "en": "Chart"},
    "tab.table": {"zh": "数据表", "en": "Data table"},
    "col.yoy": {"zh": "同比", "en": "YoY"},
    "col.yoy_ytd": {"zh": "累计同比", "en": "YTD YoY"},
    "col.rank": {"zh": "位次", "en": "Rank"},
    "col.rank_prev": {"zh": "上年位次", "en": "Last year"},
    "col.rank_change": {"zh": "位次变化", "en": "Rank change"},
    "col.region": {"zh": "地区", "en": "Region"},
    "col.share": {"zh": "占全市比重", "en": "Share of city"},
    "col.share_change": {"zh": "比重变化", "en": "Share change"},
    "col.measure": {"zh": "指标值", "en": "Measure"},
    "col.target": {"zh": "目标", "en": "Target"},
    "col.actual": {"zh": "完成", "en": "Actual"},
    "col.completion": {"zh": "完成率", "en": "Completion"},
    "col.time_progress": {"zh": "序时进度", "en": "Time progress"},
    "col.gap": {"zh": "与序时进度差", "en": "Gap to time progress"},
    "col.note": {"zh": "备注", "en": "Note"},
    "col.ytd": {"zh": "累计", "en": "YTD"},
    "col.revision": {"zh": "修订批次", "en": "Revision"},
    "col.break": {"zh": "口径说明", "en": "Series break"},
    "col.reason": {"zh": "说明", "en": "Explanation"},
    "col.average": {"zh": "全市平均", "en": "City average"},
    "yes": {"zh": "是", "en": "Yes"},
    "overview.subtitle": {"zh": "主要指标最新年度数据、同比、全市位次与目标完成情况",
                          "en": "Latest annual figures, year-on-year change, rank in the city and targets"},
    "overview.table": {"zh": "主要指标一览", "en": "Key indicators at a glance"},
    "overview.target": {"zh": "{year}年目标完成率 {pct}", "en": "{year} target: {pct} done"},
    "overview.time_progress": {"zh": "序时进度 {pct}", "en": "time progress {pct}"},
    "target.status.ahead": {"zh": "超序时进度", "en": "Ahead of schedule"},
    "target.status.on_pace": {"zh": "与序时进度持平", "en": "On schedule"},
    "target.status.behind": {"zh": "落后序时进度", "en": "Behind schedule"},
    "fmt.axis": {"zh": "{name}（{unit}）", "en": "{name} ({unit})"},
    "col.city_total": {"zh": "全市", "en": "City"},
    "ctl.indicator": {"zh": "指标", "en": "Indicator"},
    "ctl.regions": {"zh": "地区（可多选对比）", "en": "Regions (compare several)"},
    "ctl.freq": {"zh": "频度", "en": "Frequency"},
    "ctl.annual": {"zh": "年度", "en": "Annual"},
    "ctl.quarterly": {"zh": "季度", "en": "Quarterly"},
    "ctl.quarter_mode": {"zh": "季度口径", "en": "Quarters as"},
    "ctl.single": {"zh": "单季", "en": "Single quarter"},
    "ctl.ytd": {"zh": "累计", "en": "Year to date"},
    "ctl.compare": {"zh": "对比", "en": "Compare"},
    "trends.subtitle": {"zh": "数值与同比走势，口径调整标注，与全市平均及其他县（市、区）对比",
                        "en": "Values and year-on-year change over time, series breaks, city average and peers"},
    "trends.compare_title": {"zh": "{indicator}：地区对比", "en": "{indicator}: regions compared"},
    "ctl.measure": {"zh": "排名依据", "en": "Rank by"},
    "measure.value": {"zh": "总量", "en": "Level"},
    "measure.yoy": {"zh": "同比", "en": "YoY change"},
    "measure.share": {"zh": "占全市比重", "en": "Share of city"},
    "rank.tied": {"zh": "并列", "en": "tied"},
    "rank.nth": {"zh": "第{n}", "en": "#{n}"},
    "rankings.subtitle": {"zh": "全市各县（市、区）排序、位次变化与排名表；会议模式可全屏轮播",
                          "en": "Counties of the city ranked, rank changes and league table; meeting mode for the projector"},
    "rankings.chart_title": {"zh": "{indicator}（按{measure}排序）", "en": "{indicator} (by {measure})"},
    "rankings.bump_title": {"zh": "{indicator}：历年{measure}位次变化", "en": "{indicator}: rank by {measure} over the years"},
    "rankings.league": {"zh": "排名表", "en": "League table"},
    "meeting.open": {"zh": "会议模式", "en": "Meeting mode"},
    "meeting.deck": {"zh": "会议模式指标（按顺序轮播）", "en": "Meeting mode indicators (in order)"},
    "meeting.prev": {"zh": "← 上一项", "en": "← Previous"},
    "meeting.next": {"zh": "下一项 →", "en": "Next →"},
    "meeting.play": {"zh": "自动播放", "en": "Play"},
    "meeting.pause": {"zh": "暂停", "en": "Pause"},
    "meeting.exit": {"zh": "退出会议模式", "en": "Leave meeting mode"},
    "export.png": {"zh": "导出图片", "en": "Export PNG"},
    "export.pptx": {"zh": "导出PPT", "en": "Export PPTX"},
    "meeting.deck_button": {"zh": "会议指标", "en": "Meeting indicators"},
    # --- upload and review (imports) ---
    # --- login, accounts, admin (security) ---
    "admin.users": {"zh": "用户", "en": "Users"},
    "admin.tokens": {"zh": "API 令牌", "en": "API tokens"},
    "admin.audit": {"zh": "审计日志", "en": "Audit log"},
    "admin.add_user": {"zh": "新增用户", "en": "Add user"},
    "admin.edit_user": {"zh": "修改用户", "en": "Edit user"},
    "admin.username": {"zh": "用户名", "en": "User"},
    "admin.display_name": {"zh": "姓名", "en": "Name"},
    "admin.roles": {"zh": "角色", "en": "Roles"},
    "admin.save_roles": {"zh": "保存角色", "en": "Save roles"},
    "admin.reset_password": {"zh": "重置密码", "en": "Reset password"},
    "admin.disable": {"zh": "停用", "en": "Disable"},
    "admin.enable": {"zh": "启用", "en": "Enable"},
    "admin.state": {"zh": "状态", "en": "State"},
    "admin.active": {"zh": "有效", "en": "Active"},
    "admin.disabled": {"zh": "已停用", "en": "Disabled"},
    "admin.revoked": {"zh": "已撤销", "en": "Revoked"},
    "admin.must_change": {"zh": "须改密码", "en": "Must change password"},
    "admin.last_login": {"zh": "最近登录", "en": "Last login"},
    "admin.last_used": {"zh": "最近使用", "en": "Last used"},
    "admin.yes": {"zh": "是", "en": "Yes"},
    "admin.no": {"zh": "否", "en": "No"},
    "admin.token_name": {"zh": "令牌名称", "en": "Token name"},
    "admin.token_id": {"zh": "令牌编号", "en": "Token no."},
    "admin.create_token": {"zh": "生成令牌", "en": "Create token"},
    "admin.revoke_token": {"zh": "撤销令牌", "en": "Revoke token"},
    "admin.action": {"zh": "操作", "en": "Action"},
    "admin.date_range": {"zh": "日期范围", "en": "Dates"},
    "admin.col_at": {"zh": "时间（UTC）", "en": "Time (UTC)"},
    "admin.col_target": {"zh": "对象", "en": "Target"},
    "admin.col_detail": {"zh": "详情", "en": "Detail"},
    "admin.audit_count": {"zh": "共 {n} 条（最多显示 {limit} 条）", "en": "{n} rows (at most {limit})"},
    "admin.created": {"zh": "已创建用户 {user}。初始密码只显示这一次，首次登录须修改：", "en": "User {user} created. The initial password is shown only now and must be changed at first login:"},
    "admin.roles_saved": {"zh": "已保存 {user} 的角色", "en": "Roles of {user} saved"},
    "admin.password_reset": {"zh": "已重置 {user} 的密码。新密码只显示这一次，登录后须修改：", "en": "Password of {user} reset. Shown only now; it must be changed at login:"},
    "admin.enabled": {"zh": "已启用 {user}", "en": "{user} enabled"},
    "admin.disabled_done": {"zh": "已停用 {user}", "en": "{user} disabled"},
    "admin.token_created": {"zh": "已为 {user} 生成令牌 {id}。令牌只显示这一次，请立即复制：", "en": "Token {id} created for {user}. Shown only now; copy it:"},
    "admin.token_revoked": {"zh": "令牌 {id} 已撤销", "en": "Token {id} revoked"},
    "account.menu": {"zh": "我的账号", "en": "My account"},
    "account.logout": {"zh": "退出登录", "en": "Log out"},
    "account.login": {"zh": "登录", "en": "Log in"},
    # --- exports ---
}


def t(key: str, lang: str = "zh", **kwargs) -> str:
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["zh"]
    return text.format(**kwargs) if kwargs else text


def lang_of(value: str | None) -> str:
    return "en" if value == "en" else "zh"

def page_title(nav_key: str, lang: str = "zh") -> str:
    return f"{t(nav_key, lang)} · {t('app.title', lang)}"


def unit_label(unit: str, lang: str = "zh") -> str:
    key = f"unit.{unit}"
    return t(key, lang) if key in MESSAGES else unit


def period_text(period: str, lang: str = "zh", is_ytd: bool = False) -> str:
    """"2023" -> 2023年; "2023Q3" -> 2023年第3季度 or, 累计, 2023年1—3季度."""
    from indicators.periods import parse_period

    year, sub, kind = parse_period(str(period))
    if kind == "Y":
        return t("period.year", lang, year=year)
    if kind == "Q":
        key = "period.q_single" if not is_ytd else ("period.q_ytd1" if sub == 1 else "period.q_ytd")
        return t(key, lang, year=year, q=sub)
    return t("period.m_ytd" if is_ytd and sub > 1 else "period.m_single", lang, year=year, m=sub)
