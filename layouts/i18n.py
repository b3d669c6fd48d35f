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
