"""The one message catalogue. Every UI string has zh (default) and en; tests check both exist."""
from __future__ import annotations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

import string

from indicators.formatting import plural_en
from indicators.sentences import TIED_EN

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
    "unit.wan": {"zh": "万元", "en": "¥10k"},
    "unit.yi": {"zh": "亿元", "en": "¥100m"},
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
    "period.m_single": {"zh": "{year}年{m}月", "en": "{m} {year}"},
    "period.m_ytd": {"zh": "{year}年1—{m}月", "en": "Jan–{m} {year}"},
    "flag.demo": {"zh": "示例数据", "en": "Demo data"},
    "flag.preliminary": {"zh": "快报", "en": "Preliminary"},
    "flag.revised": {"zh": "修订", "en": "Revised"},
    "flag.series_break": {"zh": "口径调整", "en": "Series break"},
    "flag.derived": {"zh": "计算值", "en": "Computed"},
    "flag.from_ytd": {"zh": "由累计数推算", "en": "From year-to-date figures"},
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
    "col.value_rank": {"zh": "数值位次", "en": "Rank by value"},
    "col.value_rank_change": {"zh": "数值位次变化", "en": "Rank change (by value)"},
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
    "target.status.completed": {"zh": "完成全年目标", "en": "Annual target met"},
    "target.status.not_completed": {"zh": "未完成全年目标", "en": "Annual target missed"},
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
    "rank.tied": {"zh": "并列", "en": TIED_EN},
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
    "targets.subtitle": {"zh": "各项目标任务完成率与序时进度对比（本县及全市各县）",
                         "en": "Completion of annual targets against time progress, for the county and the city's counties"},
    "targets.year": {"zh": "目标年度", "en": "Target year"},
    "targets.group_indicator": {"zh": "全市对比指标", "en": "Indicator compared across the city"},
    "targets.due_line": {"zh": "序时进度 {pct}", "en": "Time progress {pct}"},
    "targets.due_marks": {"zh": "｜ 各指标按其期别的序时进度", "en": "| time progress of each figure's own period"},
    "targets.home_title": {"zh": "{region}{year}年目标完成情况", "en": "{region}: {year} targets"},
    "targets.group_title": {"zh": "{indicator}：全市各县{year}年目标完成率", "en": "{indicator}: {year} target completion by county"},
    "targets.source": {"zh": "目标：县科技局；完成：已发布统计数据", "en": "Targets: county S&T bureau; actuals: published figures"},
    "targets.none": {"zh": "暂无目标任务数据", "en": "No targets set yet"},
    "targets.none_group": {"zh": "暂无可在全市对比的目标任务", "en": "No targets to compare across the city"},
    "targets.edit_title": {"zh": "设置目标（管理员）", "en": "Set a target (administrators)"},
    "targets.value_in_unit": {"zh": "目标值（按当前单位）", "en": "Target (in the unit shown)"},
    "targets.save": {"zh": "保存目标", "en": "Save target"},
    "targets.edit_missing": {"zh": "请填写指标、地区、年度和目标值", "en": "Fill in indicator, region, year and target"},
    "targets.saved": {"zh": "已保存：{region}{year}年{indicator}目标 {value}（留有修改记录）",
                      "en": "Saved: {region} {year} target for {indicator}: {value} (history kept)"},
    "map.subtitle": {"zh": "全市各县（市、区）分布；点击地图上的县可查看其指标分析",
                     "en": "The city's counties on a map; click a county to open its trends"},
    "map.colour_by": {"zh": "着色依据", "en": "Colour by"},
    "map.measure.value": {"zh": "总量", "en": "Level"},
    "map.measure.yoy": {"zh": "同比", "en": "YoY change"},
    "map.measure.rank": {"zh": "位次", "en": "Rank"},
    "map.title": {"zh": "{indicator}（按{measure}着色）", "en": "{indicator} (coloured by {measure})"},
    "map.click_hint": {"zh": "点击县域查看其指标分析", "en": "Click a county to see its trends"},
    "map.zones": {"zh": "开发区", "en": "Development zones"},
    "map.zones_note": {"zh": "开发区单独统计、不参与排名，地图上无区划边界", "en": "Reported separately, not ranked, no boundary on the map"},
    "map.no_zones": {"zh": "本市无单列开发区数据", "en": "No development zones reported"},
    "targets.legend": {"zh": "绿色：超序时进度；蓝色：与序时进度持平；橙色：落后序时进度",
                       "en": "Green: ahead of schedule; blue: on schedule; orange: behind"},
    "data.subtitle": {"zh": "已发布数据明细，含快报/修订标记、备注和口径调整说明；可查看任一日期当时发布的数据",
                      "en": "Published figures with preliminary/revised flags, notes and series breaks; as published on any date"},
    "data.indicators": {"zh": "指标（不选为全部）", "en": "Indicators (none = all)"},
    "data.all_indicators": {"zh": "全部指标", "en": "All indicators"},
    "data.all": {"zh": "全部", "en": "All"},
    "data.asof": {"zh": "发布截至日期", "en": "As published on"},
    "data.asof_hint": {"zh": "留空为最新发布", "en": "Empty: latest"},
    "data.as_of": {"zh": "截至{date}发布的数据", "en": "As published on {date}"},
    "data.count": {"zh": "共 {n} 条", "en": "{n} {n:plural:row|rows}"},
    "data.truncated": {"zh": "（仅显示前 {n} 条，请缩小筛选范围）", "en": "(first {n} shown; narrow the filters)"},
    "data.export_csv": {"zh": "导出CSV", "en": "Export CSV"},
    "data.export_xlsx": {"zh": "导出Excel", "en": "Export Excel"},
    "data.asof_placeholder": {"zh": "如 2024-05-28", "en": "e.g. 2024-05-28"},
    # --- upload and review (imports) ---
    "upload.title": {"zh": "数据上传", "en": "Upload data"},
    "upload.subtitle": {"zh": "上传 Excel/CSV 报表：逐格校验、预览变化，提交后由审核人发布",
                        "en": "Upload Excel/CSV reports: cell-level checks and a preview; an approver publishes"},
    "upload.template_long": {"zh": "下载长表模板", "en": "Long-form template"},
    "upload.template_wide": {"zh": "下载全市宽表模板", "en": "City wide-table template"},
    "upload.drop": {"zh": "将文件拖到此处，或点击选择文件（.xlsx / .xlsm / .xls / .csv）",
                    "en": "Drop a file here or click to choose (.xlsx / .xlsm / .xls / .csv)"},
    "upload.too_big": {"zh": "文件「{name}」大小 {size:.1f} MB，超过 {limit} MB 的上限。请删去无关工作表或分批上传。",
                       "en": "{name} is {size:.1f} MB, above the {limit} MB limit."},
    "upload.file": {"zh": "文件：{name}", "en": "File: {name}"},
    "upload.counts": {"zh": "共 {rows} 个数值；错误 {errors} 个，警告 {warnings} 个",
                      "en": "{rows} {rows:plural:figure|figures}; {errors} {errors:plural:error|errors}, {warnings} {warnings:plural:warning|warnings}"},
    "upload.preview_counts": {"zh": "新增 {added}，修改 {changed}，不变 {unchanged}，未涉及的已发布数据 {untouched}",
                              "en": "Adds {added}, changes {changed}, unchanged {unchanged}, leaves {untouched} published {untouched:plural:figure|figures} untouched"},
    "upload.errors": {"zh": "错误（必须修正）", "en": "Errors (must be fixed)"},
    "upload.warnings": {"zh": "警告（请核实）", "en": "Warnings (please check)"},
    "upload.no_problems": {"zh": "校验通过，没有发现问题。", "en": "All checks passed."},
    "upload.preview": {"zh": "预览：与当前已发布数据对比", "en": "Preview against the published figures"},
    "upload.added": {"zh": "新增", "en": "Added"},
    "upload.changed": {"zh": "修改（原值 → 新值）", "en": "Changed (old → new)"},
    "upload.mapping": {"zh": "未能自动识别的行/列：请指定对应的地区或指标（系统会记住此格式）",
                       "en": "Unmatched rows/columns: choose what they are (remembered for this layout)"},
    "upload.map_apply": {"zh": "保存映射并重新校验", "en": "Save mapping and re-check"},
    "upload.note": {"zh": "提交说明（可选）", "en": "Note for the approver (optional)"},
    "upload.submit": {"zh": "提交审核", "en": "Submit for review"},
    "upload.submitted": {"zh": "已提交：修订 {rev}，等待审核人发布。", "en": "Submitted as revision {rev}; waiting for an approver."},
    "upload.fix_first": {"zh": "请先修正全部错误，再重新上传。", "en": "Fix every error and upload again."},
    "imp.col.severity": {"zh": "级别", "en": "Severity"},
    "imp.col.sheet": {"zh": "工作表", "en": "Sheet"},
    "imp.col.cell": {"zh": "单元格", "en": "Cell"},
    "imp.col.row_label": {"zh": "行", "en": "Row"},
    "imp.col.col_label": {"zh": "列", "en": "Column"},
    "imp.col.raw_value": {"zh": "填报值", "en": "Value"},
    "imp.col.problem": {"zh": "问题", "en": "Problem"},
    "imp.col.fix": {"zh": "修改建议", "en": "How to fix"},
    "imp.col.region": {"zh": "地区", "en": "Region"},
    "imp.col.ytd": {"zh": "累计", "en": "YTD"},
    "imp.col.old": {"zh": "原值", "en": "Old"},
    "imp.col.new": {"zh": "新值", "en": "New"},
    "review.title": {"zh": "审核发布", "en": "Review and publish"},
    "review.subtitle": {"zh": "发布或退回已提交的修订；已发布的修订可以撤回（恢复此前的数据，不删除任何记录）",
                        "en": "Publish or reject submitted revisions; roll back published ones (nothing is deleted)"},
    "review.pending": {"zh": "待审核的修订", "en": "Submitted revisions"},
    "review.none": {"zh": "暂无待审核的修订", "en": "No revisions waiting for review"},
    "review.comment": {"zh": "审核意见（退回时必填）", "en": "Comment (required to reject)"},
    "review.publish": {"zh": "发布", "en": "Publish"},
    "review.reject": {"zh": "退回", "en": "Reject"},
    "review.published": {"zh": "修订 {rev} 已发布。", "en": "Revision {rev} published."},
    "review.rejected": {"zh": "修订 {rev} 已退回。", "en": "Revision {rev} rejected."},
    "review.rollback_title": {"zh": "撤回已发布的修订", "en": "Roll back a published revision"},
    "review.rollback": {"zh": "撤回", "en": "Roll back"},
    "review.rolled_back": {"zh": "修订 {rev} 已撤回，此前发布的数据已恢复。", "en": "Revision {rev} rolled back."},
    "review.rule": {"zh": "规则：提交人不能发布自己提交的修订（制单与审核分离）。",
                    "en": "Rule: the submitter cannot publish their own revision (maker–checker)."},
    "review.revision_label": {"zh": "修订 {id}：{file}（{by} 提交，{rows} 个数值）",
                              "en": "Revision {id}: {file} (by {by}, {rows} {rows:plural:figure|figures})"},
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
    "admin.audit_count": {"zh": "共 {n} 条（最多显示 {limit} 条）", "en": "{n} {n:plural:row|rows} (at most {limit})"},
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
    # --- upload, review, admin: messages, roles ---
    "list.sep": {"zh": "、", "en": ", "},
    "fmt.paren": {"zh": "{name}（{detail}）", "en": "{name} ({detail})"},
    "fmt.label": {"zh": "{label}：", "en": "{label}: "},
    "upload.map_label": {"zh": "{sheet} {cells}：「{label}」", "en": "{sheet} {cells}: “{label}”"},
    "upload.err_no_file": {"zh": "请先上传文件。", "en": "Upload a file first."},
    "upload.err_not_received": {"zh": "没有收到文件，请重新选择。", "en": "No file was received; choose it again."},
    "upload.err_incomplete": {"zh": "文件传输不完整，请重新上传。", "en": "The upload was incomplete; try again."},
    "review.err_choose": {"zh": "请选择待审核的修订。", "en": "Choose a submitted revision."},
    "review.err_choose_rollback": {"zh": "请选择要撤回的修订。", "en": "Choose a revision to roll back."},
    "admin.err_choose_user": {"zh": "请先选择用户", "en": "Choose a user first"},
    "admin.err_disable_self": {"zh": "不能停用自己的账号", "en": "You cannot disable your own account"},
    "admin.err_token_id": {"zh": "请输入令牌编号", "en": "Enter the token number"},
    "admin.col_ip": {"zh": "IP 地址", "en": "IP address"},
    "role.viewer": {"zh": "查看", "en": "Viewer"},
    "role.uploader": {"zh": "上传", "en": "Uploader"},
    "role.approver": {"zh": "审核", "en": "Approver"},
    "role.admin": {"zh": "管理", "en": "Administrator"},
    # --- server-rendered pages (server/auth/templates) and the 403 refusal ---
    "auth.need_login": {"zh": "请先登录后再访问此页面。", "en": "Please log in to open this page."},
    "auth.need_role": {"zh": "您没有访问此页面的权限（需要「{role}」角色）。如需开通，请联系系统管理员。",
                       "en": "You have no access to this page (it needs the {role} role). Ask an administrator for it."},
    "auth.forbidden": {"zh": "无权访问", "en": "Access denied"},
    "auth.forbidden_title": {"zh": "无权访问（403）", "en": "Access denied (403)"},
    "auth.denied": {"zh": "没有权限执行此操作", "en": "Your roles do not allow this"},
    "auth.username": {"zh": "用户名", "en": "User name"},
    "auth.password": {"zh": "密码", "en": "Password"},
    "auth.browse_public": {"zh": "不登录，直接浏览公开数据", "en": "Browse the public data without logging in"},
    "auth.forgot": {"zh": "忘记密码请联系系统管理员重置。", "en": "Forgot your password? Ask an administrator to reset it."},
    "auth.failed": {"zh": "用户名或密码错误", "en": "Wrong user name or password"},
    "auth.locked": {"zh": "登录失败次数过多，请 15 分钟后再试", "en": "Too many failed attempts; try again in 15 minutes"},
    "auth.disabled": {"zh": "该账号已停用，请联系系统管理员", "en": "This account is disabled; ask an administrator"},
    "auth.logout_confirm": {"zh": "确认退出", "en": "Log out now"},
    "auth.back": {"zh": "返回看板", "en": "Back to the dashboard"},
    "auth.enter": {"zh": "进入看板", "en": "Open the dashboard"},
    "auth.change_password": {"zh": "修改密码", "en": "Change password"},
    "auth.password_done": {"zh": "密码已修改。", "en": "Your password has been changed."},
    "auth.must_change": {"zh": "首次登录须修改初始密码后才能继续使用。",
                         "en": "Change your initial password before you continue."},
    "auth.current_password": {"zh": "当前密码", "en": "Current password"},
    "auth.new_password": {"zh": "新密码（至少 10 个字符）", "en": "New password (at least 10 characters)"},
    "auth.new_again": {"zh": "再次输入新密码", "en": "New password again"},
    "auth.save": {"zh": "保存", "en": "Save"},
    "auth.wrong_current": {"zh": "当前密码不正确", "en": "The current password is wrong"},
    "auth.mismatch": {"zh": "两次输入的新密码不一致", "en": "The two new passwords differ"},
    "auth.same": {"zh": "新密码不能与当前密码相同", "en": "The new password must differ from the current one"},
    "auth.new_token_note": {"zh": "新令牌如下，只显示这一次，请立即复制保存：",
                            "en": "Your new token, shown only now; copy it and keep it safe:"},
    "auth.token_no": {"zh": "编号", "en": "No."},
    "auth.token_name": {"zh": "名称", "en": "Name"},
    "auth.created_at": {"zh": "创建时间", "en": "Created"},
    "auth.revoke": {"zh": "撤销", "en": "Revoke"},
    "auth.no_tokens": {"zh": "暂无令牌", "en": "No tokens"},
    "auth.new_token_name": {"zh": "新令牌名称", "en": "Name of the new token"},
    "auth.token_placeholder": {"zh": "例如：数据导出脚本", "en": "e.g. export script"},
    # --- exports ---
    "export.chart.title": {"zh": "{period}年{name}{measure}全市排名", "en": "{name} {measure}, {period}: city ranking"},
    "export.chart.axis": {"zh": "{measure}（{unit}）", "en": "{measure} ({unit})"},
    "export.footnote": {"zh": "数据来源：{source}。数据截至：{as_of}（数据版本 {version}）。",
                 "en": "Source: {source}. Data as of {as_of} (data version {version})."},
    "export.footnote.home": {"zh": "{home}数值位次{rank}。", "en": "{home} ranks {rank} by value."},
    "export.footnote.missing": {"zh": "{n}个地区无数据，未列入。", "en": "{n} {n:plural:region has|regions have} no figures and {n:plural:is|are} not shown."},
    "export.deck.title": {"zh": "{region}科技创新主要指标", "en": "Key S&T indicators of {region}"},
    "export.deck.subtitle": {"zh": "{period}年 · 与{group}各县（市、区）比较", "en": "{period} · compared with the county-level units of {group}"},
    "export.deck.overview": {"zh": "总体情况", "en": "Overview"},
    "export.deck.made": {"zh": "生成时间：{when}", "en": "Generated {when}"},
    "export.table.title": {"zh": "{name}数据导出", "en": "{name} export"},
    "export.table.meta": {"zh": "说明", "en": "About"},
    # ==== harden-input: new keys of this branch go right below this line ====
    "upload.sending": {"zh": "正在上传文件…", "en": "Uploading the file…"},

    # ==== end of harden-input ====
    # ==== harden-auth: new keys of this branch go right below this line ====
    "auth.locked_ip": {"zh": "来自此网络地址的登录失败次数过多，请 15 分钟后再试",
                       "en": "Too many failed attempts from this network address; try again in 15 minutes"},
    "upload.map_ignore": {"zh": "忽略此行/列（记住，报告中列为已忽略）",
                          "en": "Ignore this row/column (remembered; listed as ignored in the report)"},
    "admin.mappings_title": {"zh": "已记住的导入映射", "en": "Remembered import mappings"},
    "admin.mappings_help": {"zh": "映射对以后所有同格式的上传生效，并在其导入报告中列出。撤销后按指标目录重新识别。",
                            "en": "Mappings apply to every later upload of the same layout and are listed in its report. "
                                  "Once revoked, labels are matched by the catalogue alone."},
    "admin.mapping_id": {"zh": "映射编号", "en": "Mapping id"},
    "admin.mapping_revoke": {"zh": "撤销映射", "en": "Revoke mapping"},
    "admin.mapping_revoked": {"zh": "已撤销映射 {id}：{label} → {code}", "en": "Mapping {id} revoked: {label} → {code}"},
    "admin.mapping_ignore": {"zh": "（忽略）", "en": "(ignored)"},
    "admin.col.layout": {"zh": "表格格式", "en": "Layout"},
    "admin.col.kind": {"zh": "类型", "en": "Kind"},
    "admin.col.label": {"zh": "原名称", "en": "Label"},
    "admin.col.code": {"zh": "对应代码", "en": "Code"},
    "admin.col.created_by": {"zh": "设置人", "en": "Made by"},
    "admin.col.created_at": {"zh": "设置时间", "en": "Made at"},
    "auth.keep_tokens": {"zh": "保留我的 API 令牌（不勾选则全部作废）",
                         "en": "Keep my API tokens (unticked: all of them are revoked)"},

    # ==== end of harden-auth ====
    # ==== imports: new keys of this branch go right below this line ====
    # imported counts the value cells and the 上年同期 / 同比 cells read beside them (data.imports.accounting): an NBS
    # form of 5 values with their bases says "导入 10", so the line says what the 10 are
    "upload.cells": {"zh": "非空单元格 {total} 个：导入 {imported}（数值及所附上年同期、同比），识别为表格结构 {structure}，"
                           "未导入（见错误和警告） {refused}",
                     "en": "{total} non-empty {total:plural:cell|cells}: {imported} imported (values and the last-year and "
                           "growth cells beside them), {structure} recognised as table structure, "
                           "{refused} not imported (see errors and warnings)"},
    "upload.skipped": {"zh": "跳过的表格结构行及原因", "en": "Structure rows skipped, and why"},
    "upload.skipped_row": {"zh": "行号", "en": "Row"},
    "upload.skipped_reason": {"zh": "原因", "en": "Reason"},

    # ==== end of imports ====
    # ==== oneroad: new keys of this branch go right below this line ====
    "targets.increment": {"zh": "增量进度{pct}", "en": "{pct} of the planned increase"},
    "targets.increment_name": {"zh": "{name}（增量进度）", "en": "{name} (planned increase)"},
    "col.judged_progress": {"zh": "对照序时的进度", "en": "Progress judged"},
    "targets.rule_title": {"zh": "序时进度怎么比", "en": "How progress is judged"},
    "targets.rule": {"zh": "累计类指标（如R&D经费、技术合同）：完成率＝本年累计÷全年目标，与序时进度（已过月数÷12）比较。"
                           "存量类指标（如高新技术企业数）：按增量进度＝（本期末−上年末）÷（目标−上年末）与序时进度比较。"
                           "两者相差在±5个百分点以内（含5）为“与序时进度持平”；全年结束后按完成率是否达到100.00%判断是否完成。"
                           "比率类指标（如R&D经费投入强度、占比）不随时间累计，不与序时进度比较，只列当前值、目标值和完成率（当前值÷目标值）。"
                           "所有判断都以页面显示的精度为准（完成率由显示的当前值和目标值算出）。",
                     "en": "Flows (e.g. R&D expenditure, technology contracts): completion = year-to-date ÷ annual target, "
                           "set against time elapsed (months ÷ 12). Stocks (e.g. high-tech enterprises): progress on the "
                           "increment = (now − last year-end) ÷ (target − last year-end), set against time elapsed. "
                           "Within ±5 percentage points (inclusive) counts as on pace; once the year is over, the target "
                           "is met when completion reaches 100.00%. Ratios (e.g. R&D intensity, shares) do not accumulate "
                           "over the year and are never set against time elapsed: their value, target and completion "
                           "(value ÷ target) are stated. Everything is judged on the precision shown (completion from the "
                           "value and target as shown)."},
    # period labels: texts.i18n.period_text is the one function (stock=True: 期末数 "2026年三季度末")
    "measure.completion": {"zh": "完成率", "en": "Target completion"},
    "trends.cagr_missing": {"zh": "—（{reason}）", "en": "— ({reason})"},
    "trends.cagr": {"zh": "{start}—{end}年年均增长 {rate}", "en": "average annual growth {start}–{end}: {rate}"},
    "trends.pp_up": {"zh": "{start}—{end}年提高 {change}", "en": "{start}–{end}: up {change}"},
    "trends.pp_down": {"zh": "{start}—{end}年降低 {change}", "en": "{start}–{end}: down {change}"},
    "trends.pp_flat": {"zh": "{start}—{end}年持平", "en": "{start}–{end}: unchanged"},
    "trends.pp_missing": {"zh": "{start}—{end}年变化 {rate}", "en": "change {start}–{end}: {rate}"},
    "overview.subtitle_p": {"zh": "所选期别的主要指标、同比、全市位次与当年目标完成情况（默认本县已报过半主要指标、"
                                  "且已能排名的最近期别）",
                            "en": "Key indicators of the chosen period: change, city rank and that year's target "
                                  "(default: the latest period in which the county reported half of them and ranks "
                                  "are published)"},
    "rankings.within": {"zh": "在已报单位中排名", "en": "Rank among reporting units"},
    "export.chart.title_p": {"zh": "{period}{name}{measure}全市排名", "en": "{name} {measure}, {period}: city ranking"},
    "export.chart.title_within_p": {"zh": "{period}{name}{measure}在已报单位中排名",
                                    "en": "{name} {measure}, {period}: rank among reporting units"},
    "export.xlsx.table": {"zh": "表格", "en": "Table"},
    "export.xlsx.as_of": {"zh": "数据截至", "en": "Data as of"},
    "export.xlsx.version": {"zh": "数据版本", "en": "Data version"},
    "export.xlsx.made": {"zh": "导出时间", "en": "Exported"},
    "export.xlsx.sources": {"zh": "数据来源", "en": "Sources"},
    "export.xlsx.catalogue": {"zh": "指标目录", "en": "Indicator catalogue"},
    "export.xlsx.filters": {"zh": "筛选条件", "en": "Filters"},
    "export.xlsx.no_filters": {"zh": "（无）", "en": "(none)"},
    "export.xlsx.flags": {"zh": "标记说明", "en": "Flags"},
    "export.xlsx.flags_text": {"zh": "快报/修订/估算：数据状态；计算值：由公式计算；由累计数推算：单季数由累计数相减得到",
                               "en": "Preliminary/Revised/Estimated: the figure's status; Computed: from a formula; "
                                     "From year-to-date figures: a single quarter obtained by subtracting year-to-date figures"},
    "export.xlsx.rank": {"zh": "位次", "en": "Rank"},
    "export.xlsx.rank_text": {"zh": "在本市各县（市、区）中的位次，开发区不参与排名",
                              "en": "Rank among the city's county-level units; development zones are not ranked"},
    "export.xlsx.about": {"zh": "说明", "en": "About"},
    "export.xlsx.page": {"zh": "第 &P 页，共 &N 页", "en": "Page &P of &N"},
    "export.xlsx.as_of_line": {"zh": "{kind}：{as_of}　数据版本：{version}　导出时间：{made}",
                               "en": "{kind}: {as_of} · data version {version} · exported {made}"},
    "export.xlsx.as_of_asked": {"zh": "截至", "en": "As of"},
    "export.xlsx.as_of_latest": {"zh": "数据截至（最近发布）", "en": "Data as of (latest publication)"},
    "export.xlsx.yes": {"zh": "是", "en": "yes"},
    "export.xlsx.no": {"zh": "否", "en": "no"},
    "export.footnote.rank": {"zh": "{home}{measure}位次：{rank}。", "en": "{home} by {measure}: {rank}."},
    "export.deck.subtitle_p": {"zh": "{period} · 与{group}各县（市、区）比较",
                               "en": "{period} · compared with the county-level units of {group}"},
    "export.deck.subtitle_reported": {"zh": "{period} · 与{group}各县（市、区）中的已报单位比较",
                                      "en": "{period} · compared with the reporting county-level units of {group}"},
    "export.deck.file": {"zh": "{period}科技指标会议材料", "en": "S&T indicators meeting deck {period}"},
    "period.q_end": {"zh": "{year}年{q}季度末", "en": "end of Q{q} {year}"},
    "period.m_end": {"zh": "{year}年{m}月末", "en": "end of {m} {year}"},

    # ==== end of oneroad ====
    # ==== workflow: new keys of this branch go right below this line ====
    "overview.reported_Y": {"zh": "按年报送", "en": "reported annually"},
    "overview.reported_Q": {"zh": "按季报送", "en": "reported quarterly"},
    "wf.form_file_name": {"zh": "在线填报-{region}-{period}", "en": "Online form, {region}, {period}"},
    "nav.not_found": {"zh": "页面不存在", "en": "Page not found"},
    "notfound.text": {"zh": "本看板没有这个地址，可能是链接已更改或输入有误。",
                      "en": "The dashboard has no page at this address: the link may have changed or been mistyped."},
    "notfound.home": {"zh": "返回总览", "en": "Back to the overview"},

    # review (批次, confirmations)
    "wf.review_subtitle": {"zh": "逐个批次审核：每个数值与已发布值、同比、上期对比；发布、退回、撤回前均需确认（撤回不删除任何记录）",
                           "en": "Review one batch at a time: each value against the published one, YoY and last period; every action is confirmed (nothing is deleted)"},
    "wf.review_pending": {"zh": "待审核的批次", "en": "Batches waiting for review"},
    "wf.review_none": {"zh": "暂无待审核的批次", "en": "No batches waiting for review"},
    "wf.review_rule": {"zh": "规则：提交人不能发布自己提交的批次（制单与审核分离）；审核意见只属于当前显示的批次。",
                       "en": "Rule: nobody publishes their own batch (maker–checker); a comment belongs to the batch shown."},
    "wf.review_rollback_title": {"zh": "撤回已发布的批次", "en": "Withdraw a published batch"},
    "wf.review_published": {"zh": "批次 {rev} 已发布。", "en": "Batch {rev} published."},
    "wf.review_rejected": {"zh": "批次 {rev} 已退回，提交人会收到退回意见。", "en": "Batch {rev} rejected; the submitter is told why."},
    "wf.review_rolled_back": {"zh": "批次 {rev} 已撤回：{restore} 个数值恢复为此前发布的值，{remove} 个数值不再有已发布值（{shadowed} 个已被更晚的批次替换，不受影响）；提交人已收到撤回原因。",
                              "en": "Batch {rev} withdrawn: {restore} {restore:plural:figure went back to its earlier published value|figures went back to their earlier published values} and {remove} {remove:plural:has|have} none ({shadowed} already replaced by later batches {shadowed:plural:was|were} unaffected); the submitter has been told why."},
    "wf.review_choose": {"zh": "请选择批次", "en": "Choose a batch"},
    "wf.rollback_reason": {"zh": "撤回原因（必填，提交人会看到）", "en": "Reason for withdrawing (required; the submitter will see it)"},
    "wf.rollback_reason_hint": {"zh": "例如：数值有误，待核实后重新报送", "en": "e.g. wrong figures, to be checked and submitted again"},
    "wf.confirm_reason": {"zh": "撤回原因：{comment}", "en": "Reason: {comment}"},
    "wf.superseded_title": {"zh": "本批次早于一个已发布的更正", "en": "This batch is older than a published correction"},
    "wf.superseded": {"zh": "本批次提交之后，批次 {other} 已由 {who} 于 {at} 发布；发布本批次将撤销其中 {undo} 个数值（已发布值→本批次值）：{rows}。",
                      "en": "After this batch was submitted, {who} published batch {other} on {at}; publishing this batch would undo {undo} {undo:plural:figure|figures} of it (published → this batch): {rows}."},
    "wf.superseded_tag": {"zh": "（⚠ 早于已发布的批次 {revs}）", "en": " (⚠ older than published batch {revs})"},
    "wf.superseded_sep": {"zh": "；", "en": "; "},
    "wf.superseded_status": {"zh": "（{status}）", "en": " ({status})"},
    "wf.superseded_more": {"zh": "；另有 {n} 个", "en": "; {n} more"},
    "wf.review_err_choose": {"zh": "请选择待审核的批次。", "en": "Choose a batch to review."},
    "wf.review_err_choose_rollback": {"zh": "请选择要撤回的批次。", "en": "Choose a batch to withdraw."},
    "wf.err_reason": {"zh": "退回时请填写退回意见，提交人会看到它。", "en": "Give a reason for rejecting; the submitter will see it."},
    "wf.col.change": {"zh": "变化量", "en": "Change"},
    "wf.col.change_pct": {"zh": "变化幅度", "en": "Change %"},
    "wf.col.last_period": {"zh": "上期", "en": "Last period"},
    "wf.review_counts": {"zh": "共 {total} 个数值：替换已发布数据 {replace} 个，新增 {add} 个，与已发布相同 {same} 个",
                         "en": "{total} {total:plural:figure|figures}: {replace} {replace:plural:replaces a published one|replace published ones}, {add} new, {same} unchanged"},
    "wf.note": {"zh": "提交说明：{note}", "en": "Note: {note}"},
    "wf.corrects": {"zh": "本批次是对已退回批次 {rev} 的更正", "en": "This batch corrects rejected batch {rev}"},
    "wf.files": {"zh": "原始文件：", "en": "Original file:"},
    "wf.confirm_title": {"zh": "请确认", "en": "Please confirm"},
    "wf.confirm": {"zh": "确认", "en": "Confirm"},
    "wf.cancel": {"zh": "取消", "en": "Cancel"},
    "wf.confirm_publish": {"zh": "发布批次 {rev}：发布后 {replace} 个数值替换已发布数据，新增 {add} 个数值（{same} 个与已发布相同）。",
                           "en": "Publish batch {rev}: {replace} {replace:plural:figure|figures} will replace published ones and {add} {add:plural:is|are} new ({same} unchanged)."},
    "wf.confirm_reject": {"zh": "退回批次 {rev}（{total} 个数值）：已发布数据不变，提交人将收到退回意见。",
                          "en": "Reject batch {rev} ({total} {total:plural:figure|figures}): published figures stay as they are; the submitter gets the reason."},
    "wf.confirm_rollback": {"zh": "撤回批次 {rev}：撤回后 {restore} 个数值恢复为此前发布的值，{remove} 个数值不再有已发布值（{shadowed} 个已被更晚的批次替换，不受影响）。",
                            "en": "Withdraw batch {rev}: {restore} {restore:plural:figure goes back to its earlier published value|figures go back to their earlier published values} and {remove} will have none ({shadowed} already replaced by later batches {shadowed:plural:is|are} unaffected)."},
    "wf.confirm_comment": {"zh": "审核意见：{comment}", "en": "Comment: {comment}"},
    # navigation and pages of the reporting round
    "nav.rounds": {"zh": "报送情况", "en": "Reporting"},
    "nav.form": {"zh": "在线填报", "en": "Online form"},
    "nav.submissions": {"zh": "我的提交", "en": "My submissions"},
    "nav.provenance": {"zh": "数据溯源", "en": "Provenance"},
    "wf.submitted": {"zh": "已提交：批次 {rev}，等待审核人发布。", "en": "Submitted as batch {rev}; waiting for an approver."},
    "wf.template_mine": {"zh": "下载本单位预填模板", "en": "Pre-filled template for my units"},
    "wf.bell": {"zh": "{n} 条未读通知", "en": "{n} unread {n:plural:notification|notifications}"},
    "wf.batch_no": {"zh": "批次 {rev}", "en": "Batch {rev}"},
    "wf.correct": {"zh": "更正并重新提交", "en": "Correct and resubmit"},
    "wf.corrected_by": {"zh": "已由批次 {rev} 更正", "en": "Corrected by batch {rev}"},
    "wf.col.batch": {"zh": "批次", "en": "Batch"},
    "wf.col.what": {"zh": "内容", "en": "Content"},
    "wf.col.submitted_at": {"zh": "提交时间", "en": "Submitted"},
    "wf.col.approver": {"zh": "审核人", "en": "Approver"},
    "wf.col.reviewed_at": {"zh": "审核时间", "en": "Reviewed"},
    "wf.col.comment": {"zh": "审核意见", "en": "Comment"},
    "wf.col.link": {"zh": "关联", "en": "Link"},
    "wf.col.last_year": {"zh": "上年同期", "en": "Same period last year"},
    "wf.col.this_period": {"zh": "本期", "en": "This period"},
    "wf.state.draft": {"zh": "草稿", "en": "Draft"},
    "wf.state.submitted": {"zh": "待审核", "en": "Waiting for review"},
    "wf.state.published": {"zh": "已发布", "en": "Published"},
    "wf.state.rejected": {"zh": "已退回", "en": "Returned"},
    "wf.state.rolled_back": {"zh": "已撤回", "en": "Withdrawn"},
    "wf.state.cancelled": {"zh": "已作废", "en": "Cancelled"},
    "wf.rolled_back_line": {"zh": "{who} 于 {at} 撤回，原因：{why}", "en": "Withdrawn by {who} on {at}. Reason: {why}"},
    "wf.no_reason": {"zh": "（未填写）", "en": "(none given)"},
    "wf.cancelled_line": {"zh": "{who} 于 {at} 撤回作废", "en": "Cancelled by {who} on {at}"},
    "wf.cancelled_why": {"zh": "，说明：{why}", "en": ". Note: {why}"},
    "wf.withdraw": {"zh": "撤回（作废）", "en": "Withdraw (cancel)"},
    "wf.withdraw_note": {"zh": "说明（可选，审核人会看到）", "en": "Note (optional; the approvers will see it)"},
    "wf.confirm_withdraw": {"zh": "撤回并作废批次 {rev}：该批次不再等待审核，也不会发布；已发布数据不变，批次记录仍保留，需要时可重新提交。",
                            "en": "Withdraw and cancel batch {rev}: it no longer waits for review and will not be published; published figures stay as they are and the batch stays on record, so it can be submitted again."},
    "wf.withdrawn": {"zh": "批次 {rev} 已撤回作废，审核人已收到通知。", "en": "Batch {rev} cancelled; the approvers have been told."},
    "wf.submissions_subtitle": {"zh": "您提交的每个批次：状态、审核人、时间和审核意见；被退回的批次可更正后重新提交（保留与原批次的关联）",
                                "en": "Each batch you submitted: state, approver, times and comment; a returned batch can be corrected and resubmitted (linked to the original)"},
    "wf.no_submissions": {"zh": "您还没有提交过数据", "en": "You have not submitted anything yet"},
    "wf.notifications": {"zh": "通知", "en": "Notifications"},
    "wf.no_notifications": {"zh": "暂无通知", "en": "No notifications"},
    "wf.form_subtitle": {"zh": "选择单位和期别，填写本期数值；上期和上年同期数值供参考。填写时即按导入规则校验，提交后由审核人发布",
                         "en": "Choose a unit and a period and enter this period's figures; last period and last year are shown for reference. Checked as you type with the import rules; an approver publishes"},
    "wf.form_correcting": {"zh": "正在更正被退回的批次 {rev}：提交后新批次与原批次关联", "en": "Correcting returned batch {rev}: the new batch is linked to it"},
    "wf.form_empty": {"zh": "请至少填写一个数值", "en": "Enter at least one figure"},
    "wf.form_note_hint": {"zh": "同比变化大时请说明原因", "en": "Explain large changes"},
    "wf.rounds_subtitle": {"zh": "各县（市、区）各指标本期报送状态：未报、已提交、已发布、退回、逾期；全市排名以已发布数据为准",
                           "en": "Each unit's state per indicator for the period: not reported, submitted, published, returned, overdue; rankings use published figures"},
    "wf.round.published": {"zh": "已发布", "en": "Published"},
    "wf.round.submitted": {"zh": "已提交", "en": "Submitted"},
    "wf.round.rejected": {"zh": "退回", "en": "Returned"},
    "wf.round.overdue": {"zh": "逾期", "en": "Overdue"},
    "wf.round.missing": {"zh": "未报", "en": "Not reported"},
    "wf.round_reported": {"zh": "{period}本期已报 {n}/{N}", "en": "{period}: {n} of {N} {N:plural:unit|units} reported"},
    "wf.round_not_round": {"zh": "{period}不单独组织报送（报送按季度和年度），下面是{round}的报送情况：",
                           "en": "{period} has no reporting round of its own (rounds are quarters and years); "
                                 "this is the round of {round}:"},
    "wf.round_deadline": {"zh": "截止日期：{date}", "en": "Due: {date}"},
    "wf.round_overdue": {"zh": "逾期单位：{units}", "en": "Overdue: {units}"},
    "wf.round_none_overdue": {"zh": "暂无逾期单位", "en": "No unit is overdue"},
    "wf.round_open": {"zh": "查看报送情况", "en": "Open the reporting round"},
    "wf.prov_value": {"zh": "数值", "en": "Value"},
    "wf.prov_batch": {"zh": "来源批次", "en": "Batch"},
    "wf.prov_file": {"zh": "原始文件", "en": "Original file"},
    "wf.prov_cell": {"zh": "工作表和单元格", "en": "Sheet and cell"},
    "wf.prov_submitter": {"zh": "提交人", "en": "Submitted by"},
    "wf.prov_approver": {"zh": "审核发布人", "en": "Approved by"},
    "wf.prov_no_file": {"zh": "（无原始文件：系统生成或早期导入）", "en": "(no original file: generated or imported earlier)"},
    "wf.prov_no_cell": {"zh": "（未记录）", "en": "(not recorded)"},
    "wf.prov_replaced": {"zh": "被替换的数值", "en": "Values it replaced"},
    "wf.prov_replaced_item": {"zh": "{value}（批次 {batch}，{by} 发布于 {at}）", "en": "{value} (batch {batch}, published by {by} on {at})"},
    "wf.prov_none_replaced": {"zh": "此前没有已发布的数值", "en": "No earlier published value"},
    "wf.prov_bad": {"zh": "请给出指标、地区和期别", "en": "Give an indicator, a region and a period"},
    "wf.form_problem": {"zh": "{what}：{msg}", "en": "{what}: {msg}"},
    "wf.form_fix": {"zh": "（{fix}）", "en": " ({fix})"},
    "wf.words_batch": {"zh": "批次 {rev}：{where} {when}，{rows} 个数值（{what}）", "en": "Batch {rev}: {where} {when}, {rows} {rows:plural:figure|figures} ({what})"},
    "wf.words_more_regions": {"zh": "等 {n} 个地区", "en": " and others ({n} {n:plural:region|regions})"},
    "wf.words_more_periods": {"zh": "等 {n} 个期别", "en": " and others ({n} {n:plural:period|periods})"},
    "wf.words_system": {"zh": "系统", "en": "system"},
    "wf.words_demo": {"zh": "；示例数据", "en": "; demo data"},
    "wf.words_submitted": {"zh": "；{who} 提交于 {at}", "en": "; submitted by {who} on {at}"},
    "wf.words_published": {"zh": "；{who} 发布于 {at}", "en": "; published by {who} on {at}"},
    "wf.words_rolled_back": {"zh": "；{who} 撤回于 {at}", "en": "; withdrawn by {who} on {at}"},
    "wf.words_cancelled": {"zh": "；{who} 作废于 {at}", "en": "; cancelled by {who} on {at}"},
    # ==== end of workflow ====
    # ==== materials: new keys of this branch go right below this line ====
    "overview.progress_label": {"zh": "完成率 {done}，序时进度 {due}", "en": "Completion {done}, time progress {due}"},
    "overview.progress_label_increment": {"zh": "增量进度 {done}，序时进度 {due}",
                                          "en": "Progress on the planned increase {done}, time progress {due}"},
    "brief.title": {"zh": "{region}{period}科技创新主要指标情况", "en": "Key S&T indicators of {region}, {period}"},
    "brief.subtitle": {"zh": "（与{group}各县（市、区）比较）", "en": "(compared with the county-level units of {group})"},
    "brief.subtitle_reported": {"zh": "（与{group}各县（市、区）中的已报单位比较）",
                                "en": "(compared with the reporting county-level units of {group})"},
    "brief.meta": {"zh": "数据截至：{as_of}　数据版本：{version}　生成时间：{made}",
                   "en": "Data as of {as_of} · data version {version} · generated {made}"},
    "brief.overall": {"zh": "总体情况", "en": "Overview"},
    "brief.details": {"zh": "主要指标情况", "en": "Indicator by indicator"},
    "brief.table": {"zh": "主要指标表", "en": "Key indicators table"},
    "brief.overall_lead": {"zh": "{period}，{region}纳入监测的{n}项主要科技指标中，",
                           "en": "In {period}, of the {n} key S&T {n:plural:indicator|indicators} of {region}, "},
    "brief.overall_yoy_up_amount": {"zh": "{k}项同比增长", "en": "{k} grew year on year"},
    "brief.overall_yoy_up_ratio": {"zh": "{k}项比上年提高", "en": "{k} rose on last year"},
    "brief.overall_yoy_down_amount": {"zh": "{k}项同比下降", "en": "{k} fell year on year"},
    "brief.overall_yoy_down_ratio": {"zh": "{k}项比上年降低", "en": "{k} fell on last year"},
    "brief.overall_yoy_flat": {"zh": "{k}项与上年持平", "en": "{k} {k:plural:was|were} unchanged on last year"},
    "brief.overall_yoy_no_base": {"zh": "{k}项指标暂无上年同期数据",
                                  "en": "{k} {k:plural:has|have} no figure for the same period last year"},
    "brief.overall_yoy_not_comparable": {"zh": "{k}项指标同比不可比",
                                         "en": "{k} {k:plural:is|are} not comparable with last year"},
    "brief.overall_yoy_base_nonpositive": {
        "zh": "{k}项指标上年基数为零或负值、不计算增速",
        "en": "{k} {k:plural:has|have} no growth rate (last year's base was zero or negative)"},
    "brief.overall_yoy_series_break": {"zh": "{k}项指标因统计口径调整、同比不可比",
                                       "en": "{k} {k:plural:is|are} not comparable with last year (definition changed)"},
    "brief.overall_yoy_missing_value": {"zh": "{k}项指标同比数据暂缺",
                                        "en": "{k} {k:plural:has|have} no year-on-year change available"},
    "brief.overall_yoy_unreported": {"zh": "{k}项指标{who}未报",
                                     "en": "{k} {k:plural:was|were} not reported by {who}"},
    "brief.overall_lead_end": {"zh": "{period}，{region}纳入监测的{n}项主要科技指标中，",
                               "en": "At the {period}, of the {n} key S&T {n:plural:indicator|indicators} of {region}, "},
    "figures.home_unreported": {"zh": "{who}未报（全市{reported}）",
                                "en": "not reported by {who} ({reported} in the city)"},
    "figures.home_unreported_sentence": {"zh": "{period}{name}{state}。", "en": "{period}, {name}: {state}."},
    "export.footnote.missing_home": {"zh": "{home}无数据，未列入。", "en": "{home} has no figure and is not shown."},
    "export.footnote.missing_with_home": {
        "zh": "{n}个地区无数据（含{home}），未列入。",
        "en": "{n} {n:plural:region has|regions have} no figures ({home} among them) and {n:plural:is|are} not shown."},
    "export.footnote.no_measure": {
        "zh": "{n}个地区无可比的{measure}，未列入。",
        "en": "{n} {n:plural:region has|regions have} no comparable {measure} and {n:plural:is|are} not shown."},
    "brief.overall_compared": {"zh": "与{group}各县（市、区）相比，", "en": "among the county-level units of {group}, "},
    "brief.overall_compared_reported": {"zh": "与{group}各县（市、区）中的已报单位相比，",
                                        "en": "among the reporting county-level units of {group}, "},
    "brief.overall_rank_up": {"zh": "{k}项指标位次较上年提升",
                              "en": "{k} {k:plural:indicator|indicators} moved up on last year"},
    "brief.overall_rank_down": {"zh": "{k}项指标位次较上年下降",
                                "en": "{k} {k:plural:indicator|indicators} moved down"},
    "brief.overall_rank_same": {"zh": "{k}项指标位次与上年持平",
                                "en": "{k} {k:plural:indicator|indicators} kept last year's rank"},
    "brief.overall_no_prev_rank": {"zh": "{k}项指标上年无可比位次",
                                   "en": "{k} {k:plural:has|have} no comparable rank last year"},
    "brief.overall_unranked": {"zh": "{k}项指标尚未报齐、暂不排名", "en": "{k} not ranked until all have reported"},
    "brief.overall_unranked_all": {"zh": "{group}各县（市、区）尚未报齐，暂不排名",
                                   "en": "the county-level units of {group} have not all reported: not ranked yet"},
    "brief.overall_top_one": {"zh": "{names}居全市前三位。", "en": " {names} ranks in the city's top three."},
    "brief.overall_top": {"zh": "{names}等{k}项指标居全市前三位。", "en": " {k} {k:plural:indicator ranks|indicators rank} in the city's top three: {names}."},
    "brief.note": {"zh": "注：位次为在{group}各县（市、区）中的位次，开发区不参与排名；同比增速按可比口径计算，比率类指标的变化以百分点表示；完成率为完成数占年度目标的比重（累计类指标按本年累计数，期末数类指标按期末数，比率类指标按本期数）。",
                   "en": "Note: ranks are among the county-level units of {group} (development zones are not ranked); growth rates are on a comparable basis, changes of ratios are in percentage points; completion is the figure achieved as a share of the annual target (the year-to-date figure of a cumulative indicator, the period-end figure of a stock, the period's value of a ratio)."},
    "brief.note_reported": {"zh": "注：{group}各县（市、区）尚未报齐的指标，位次为在已报单位中的位次（标“在已报单位中排名”），其余为在{group}各县（市、区）中的位次，开发区不参与排名；同比增速按可比口径计算，比率类指标的变化以百分点表示；完成率为完成数占年度目标的比重（累计类指标按本年累计数，期末数类指标按期末数，比率类指标按本期数）。",
                            "en": "Note: where not all county-level units of {group} have reported, ranks are among the reporting units (marked \"rank among reporting units\"), otherwise among all county-level units of {group} (development zones are not ranked); growth rates are on a comparable basis, changes of ratios are in percentage points; completion is the figure achieved as a share of the annual target (the year-to-date figure of a cumulative indicator, the period-end figure of a stock, the period's value of a ratio)."},
    "brief.export_docx": {"zh": "导出Word简报", "en": "Word brief"},
    "brief.export_pdf": {"zh": "导出PDF", "en": "PDF"},
    "brief.export_onepage": {"zh": "一页简报PDF", "en": "One-page PDF"},

    "export.deck.summary": {"zh": "主要指标一览（{period}）", "en": "Key indicators at a glance ({period})"},
    "export.deck.targets": {"zh": "目标任务完成情况（{period}）", "en": "Progress against the annual targets ({period})"},
    "export.deck.targets_sub": {"zh": "序时进度{due}：{n}项有目标的指标中，{ahead}项超序时进度或已完成，{on_pace}项与序时进度持平，{behind}项落后或未完成{rest}。",
                                "en": "Time progress {due}: of {n} {n:plural:indicator|indicators} with a target, {ahead} ahead or met, {on_pace} on schedule, {behind} behind or not met{rest}."},
    "export.deck.trend": {"zh": "本县近五年走势（{years}年）", "en": "The county over five years ({years})"},
    "screen.title": {"zh": "大屏展示", "en": "Display screen"},
    "screen.heading": {"zh": "{region}科技创新主要指标", "en": "Key S&T indicators of {region}"},
    "screen.updated": {"zh": "数据版本 {version} · 每 {seconds} 秒自动更新", "en": "Data version {version} · refreshes every {seconds} s"},
    "screen.ranking": {"zh": "全市排名：{name}", "en": "City ranking: {name}"},
    "screen.map": {"zh": "全市分布：{name}", "en": "Across the city: {name}"},
    "a11y.skip": {"zh": "跳到主要内容", "en": "Skip to main content"},
    # ==== end of materials ====
    # ==== polish: new keys of this branch go right below this line ====
    "admin.roles_hint": {"zh": "上传数据需要「上传」角色，审核发布需要「审核」角色（管理员也须持有）。",
                         "en": "Uploading needs the Uploader role and reviewing the Approver role (admins too)."},
    "admin.grant_self": {"zh": "为我添加这两个角色", "en": "Give me both roles"},
    "data.asof_range": {"zh": "可选 {first} 至 {last}（首次与最近一次发布）",
                        "en": "From {first} to {last} (first and latest publication)"},
    "data.asof_placeholder2": {"zh": "留空为最新；最早 {first}", "en": "Empty: latest; earliest {first}"},
    "data.asof_pick": {"zh": "或选择一次发布", "en": "Or pick a publication"},
    "data.asof_pick_placeholder": {"zh": "发布记录", "en": "Publications"},
    "data.pub_item": {"zh": "{at} 发布：批次 {id}，{what}", "en": "{at} published: batch {id}, {what}"},
    "data.pub_demo": {"zh": "示例数据", "en": "demo data"},
    "data.pub_rolled_back": {"zh": "（已撤回）", "en": " (rolled back)"},
    "data.asof_before_first": {"zh": "截至 {asked} 还没有发布过任何数据，最早的一次是 {first}。",
                               "en": "Nothing had been published by {asked}; the first publication was {first}."},
    "data.asof_no_match": {"zh": "截至 {asked} 已发布的数据中，没有符合当前筛选条件的记录。",
                           "en": "Of the figures published by {asked}, none matches the filters."},
    "data.asof_none_published": {"zh": "还没有发布过任何数据。", "en": "Nothing has been published yet."},
    "data.asof_show_earliest": {"zh": "查看最早发布（{at}）", "en": "Show the first publication ({at})"},
    "stale.title": {"zh": "链接中的内容已不存在", "en": "This link asks for something that no longer exists"},
    "stale.item": {"zh": "链接要求的{what}「{asked}」现在没有数据（可能已撤回或更名），显示的是「{shown}」。",
                   "en": "The link asks for {what} “{asked}”, which has no data now (rolled back or renamed); "
                         "showing “{shown}”."},
    "stale.what.indicator": {"zh": "指标", "en": "indicator"},
    "stale.what.period": {"zh": "期别", "en": "period"},
    "stale.what.region": {"zh": "地区", "en": "region"},
    "stale.what.year": {"zh": "年度", "en": "year"},
    "stale.item_round": {"zh": "链接中的期别「{asked}」不是已开始的季度或年度，显示的是「{shown}」。",
                         "en": "The link's period \u201c{asked}\u201d is not a quarter or a year that has begun; "
                               "showing {shown}."},
    "upload.preview_words": {
        "zh": "新增 {added} 条，修改 {changed} 条，与已发布相同 {unchanged} 条；所涉 {indicators} 个指标的其余 {untouched} 条已发布数据保持不变。",
        "en": "Adds {added} {added:plural:figure|figures}, changes {changed}, {unchanged} equal to what is published; the other {untouched} "
              "published {untouched:plural:figure|figures} of {indicators:plural:this|these} {indicators} "
              "{indicators:plural:indicator|indicators} {untouched:plural:stays as it is|stay as they are}."},
    "source.computed": {"zh": "由 {a} 和 {b} 计算", "en": "computed from {a} and {b}"},
    "source.县科工局": {"zh": "县科工局", "en": "County Bureau of Science, Technology and Industry"},
    "source.县科协": {"zh": "县科协", "en": "County Association for Science and Technology"},
    "source.县技术合同登记站": {"zh": "县技术合同登记站", "en": "County Technology Contract Registration Office"},
    "source.县税务局": {"zh": "县税务局", "en": "County Tax Bureau"},
    "source.县统计局": {"zh": "县统计局", "en": "County Statistics Bureau"},
    "source.县财政局": {"zh": "县财政局", "en": "County Finance Bureau"},
    "source.市科技局": {"zh": "市科技局", "en": "City Science and Technology Bureau"},
    "source.省统计局 R&D 统计": {"zh": "省统计局 R&D 统计", "en": "Provincial Statistics Bureau, R&D survey"},

    # ==== end of polish ====
    # ==== house: new keys of this branch go right below this line ====
    "admin.mapping_id_needed": {"zh": "请填写要撤销的映射编号", "en": "Give the id of the mapping to revoke"},

    # ==== end of house ====
    # ==== rv-exports: new keys of this branch go right below this line ====
    "export.deck.targets_unjudged": {"zh": "，{n}项暂无法判断", "en": ", {n} not judged"},

    # ==== end of rv-exports ====
    # ==== s18-snapshot: new keys of this branch go right below this line ====
    # ==== end of s18-snapshot ====
    # ==== s18-publish: new keys of this branch go right below this line ====
    # ==== end of s18-publish ====
    # ==== s13-rules: new keys of this branch go right below this line ====
    "def.title": {"zh": "定义与口径", "en": "Definition"},
    "def.definition": {"zh": "定义", "en": "Definition"},
    "def.caliber": {"zh": "口径", "en": "Basis"},
    "def.source": {"zh": "来源", "en": "Source"},
    "def.unit": {"zh": "单位", "en": "Unit"},
    "def.formula": {"zh": "计算公式", "en": "Formula"},
    "def.caliber.ytd": {"zh": "季度、月度数为本年1月起的累计数（1—N季度/月）。",
                        "en": "Quarterly and monthly figures are year-to-date (from January)."},
    "def.caliber.stock": {"zh": "季度、月度数为期末数（季末、月末时点数）。",
                          "en": "Quarterly and monthly figures are period-end figures."},
    "def.caliber.total": {"zh": "全市合计含各县（市、区）和开发区。",
                          "en": "City totals include the county-level units and the development zones."},
    "def.caliber.formula": {"zh": "由系统按公式计算，各项先换算为指标目录的计量单位。",
                            "en": "Computed by formula, each input first converted to its catalogue unit."},
    "notes.title": {"zh": "口径调整与说明", "en": "Series breaks and notes"},
    "col.qoq": {"zh": "环比", "en": "QoQ"},
    "trends.yoy_qoq": {"zh": "同比、环比", "en": "YoY, QoQ"},
    "nav.notes": {"zh": "口径调整与说明", "en": "Breaks and notes"},
    "notes.subtitle": {"zh": "记录统计口径调整或数据说明；保存后即显示在图表、幻灯片、简报和表述中，并记入操作日志",
                       "en": "Record a series break or a note on a figure; it shows at once on charts, slides, briefs "
                             "and sentences, and is audited"},
    "notes.all_regions": {"zh": "全部地区", "en": "Every region"},
    "notes.none": {"zh": "尚无记录", "en": "Nothing recorded yet"},
    "notes.text": {"zh": "说明文字", "en": "Text"},
    "notes.save": {"zh": "记录", "en": "Record"},
    "notes.recorded": {"zh": "已记录", "en": "Recorded"},
    "notes.saved": {"zh": "已记录：{period} {indicator}", "en": "Recorded: {indicator}, {period}"},
    "notes.recorded_line": {"zh": "{period} · {indicator} · {region} · {kind}：{text}",
                            "en": "{period} · {indicator} · {region} · {kind}: {text}"},
    "notes.kind.series_break": {"zh": "口径调整", "en": "Series break"},
    "notes.kind.note": {"zh": "说明", "en": "Note"},
    "notes.kind.annual_ytd_mismatch": {"zh": "年报与累计不一致", "en": "Annual ≠ Jan–Dec YTD"},
    "notes.annual_ytd": {"zh": "{year}年年报数 {annual}{unit} 与 1—12月累计 {ytd}{unit} 不一致",
                         "en": "the {year} annual figure {annual} {unit} differs from the Jan–Dec YTD {ytd} {unit}"},
    "notes.line": {"zh": "{kind}{where}：{text}", "en": "{kind}{where}: {text}"},
    "notes.where": {"zh": "（{name}）", "en": " ({name})"},
    "trends.avg_partial": {"zh": "{value}（{label}）", "en": "{value} ({label})"},
    # ==== end of s13-rules ====
    # ==== s12-imports: new keys of this branch go right below this line ====
    "upload.include_hidden": {"zh": "同时导入隐藏的工作表、行和列（含被筛选掉的行）",
                              "en": "Also import hidden sheets, rows and columns (including filtered-out rows)"},
    "upload.include_hidden_hint": {
        "zh": "默认不导入隐藏内容，报告会列出哪些隐藏的行、列或工作表中有数据。只有确认这些数据是本期正式数据时才勾选；勾选后文件会重新校验。",
        "en": "Hidden content is left out by default, and the report names the hidden rows, columns or sheets that "
              "hold data. Tick this only when those figures are current and final; the file is checked again."},
    # ==== end of s12-imports ====
    # ==== s15-ui: new keys of this branch go right below this line ====
    # ==== end of s15-ui ====
    # ==== s16-house: new keys of this branch go right below this line ====
    # ==== end of s16-house ====
    # ==== r3-imports: new keys of this branch go right below this line ====
    # ==== end of r3-imports ====
    # ==== r3-snapshot: new keys of this branch go right below this line ====
    # ==== end of r3-snapshot ====
    # ==== r3-figures: new keys of this branch go right below this line ====
    # ==== end of r3-figures ====
    # ==== r3-house: new keys of this branch go right below this line ====
    # ==== end of r3-house ====
    # ==== tg7: new keys of this branch go right below this line ====
    "overview.target_level": {"zh": "{year}年目标 {target}，当前 {actual}（完成率 {pct}）",
                              "en": "{year} target {target}, now {actual} ({pct} of target)"},
    "targets.level_note": {"zh": "比率类指标，不比序时进度", "en": "a ratio: not judged against time progress"},
    "targets.level_chart_note": {"zh": "比率类指标不比序时进度，未列入本图，见下表：{names}",
                                 "en": "Ratios are not judged against time progress and are not drawn; see the table: {names}"},
    "export.target_level": {"zh": "当前{actual}，年度目标{target}，完成率{pct}（比率类指标，不比序时进度）。",
                            "en": "Now {actual} against an annual target of {target} ({pct} of target; a ratio is not judged against time progress)."},
    "export.deck.targets_levels": {"zh": "比率类指标不比序时进度：{items}。", "en": "Ratios, not judged against time progress: {items}."},
    "export.deck.targets_level_item": {"zh": "{name}当前{actual}、目标{target}", "en": "{name} {actual} (target {target})"},
    "targets.period": {"zh": "期别", "en": "Period"},
    "targets.value_placeholder": {"zh": "如 22000、2.2亿、22,000万元", "en": "e.g. 22000, 2.2亿, 22,000万元"},
    # ==== end of tg7 ====
}


class _CatalogueFormatter(string.Formatter):
    """str.format plus the plural spec `{n:plural:one|other}`, which writes the word(s) agreeing with n
    (the count itself is written by its own `{n}`)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec.startswith("plural:"):
            one, _, other = format_spec[len("plural:"):].partition("|")
            if not other:
                raise ValueError(f"plural spec needs 'one|other': {format_spec!r}")
            return plural_en(value, one, other)
        return super().format_field(value, format_spec)


_FORMATTER = _CatalogueFormatter()


def t(key: str, lang: str = "zh", **kwargs) -> str:
    """The catalogue text of `key` in `lang` (zh when the language lacks it), formatted with kwargs; English
    count phrases agree with their count through `{n:plural:one|other}` (`plural_en`)."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["zh"]
    return _FORMATTER.format(text, **kwargs) if kwargs else text


def user_error(key: str, **kwargs):
    """A data.errors.UserError carrying both languages of a catalogue message."""
    from data.errors import UserError

    return UserError(t(key, "zh", **kwargs), t(key, "en", **kwargs))


def role_name(role: str, lang: str = "zh") -> str:
    key = f"role.{role}"
    return t(key, lang) if key in MESSAGES else role


def lang_of(value: str | None) -> str:
    return "en" if value == "en" else "zh"


def page_title(nav_key: str, lang: str | None = None) -> str | Callable[..., str]:
    """The browser tab title "数据查询 · 县域科技指标看板". With lang=None (dash.register_page): a function Dash
    calls at each page load, answering in the language of the URL's ?lang= ("Data · County S&T ...")."""
    if lang is not None:
        return f"{t(nav_key, lang)} · {t('app.title', lang)}"

    def title(**_path) -> str:
        return page_title(nav_key, request_lang())
    return title


def request_lang() -> str:
    """The ?lang= of the page being loaded: the Dash router's location search, or the request's own query."""
    from urllib.parse import parse_qs

    try:
        from dash import ctx

        search = (ctx.inputs or {}).get("_pages_location.search") or ""
        if search:
            return lang_of((parse_qs(search.lstrip("?")).get("lang") or [""])[0])
    except Exception:  # noqa: BLE001  (outside a callback: no Dash context)
        pass
    try:
        from flask import request

        return lang_of(request.args.get("lang"))
    except RuntimeError:  # outside a request
        return "zh"


def source_text(source: str, lang: str = "zh") -> str:
    """A catalogue source ("县科工局", "由 R&D经费 和 地区生产总值 计算") in the page language; unknown text as is."""
    if lang != "en" or not isinstance(source, str):
        return source
    import re

    m = re.fullmatch(r"由\s*(.+?)\s+和\s+(.+?)\s*计算", source.strip())
    if m:
        from data.catalogue import load_indicators

        inds = load_indicators()
        en = {**dict(zip(inds["name_zh"], inds["name_en"])), **dict(zip(inds["short_zh"], inds["name_en"]))}

        def english(term: str) -> str:  # a catalogue name, else the one indicator whose name ends with it
            ends = [e for z, e in zip(inds["name_zh"], inds["name_en"]) if z.endswith(term)]
            return en.get(term) or (ends[0] if len(ends) == 1 else term)
        return t("source.computed", lang, a=english(m.group(1)), b=english(m.group(2)))
    parts = re.split(r"[、，,]", source)
    keys = [f"source.{p.strip()}" for p in parts]
    if all(k in MESSAGES for k in keys):
        return "; ".join(t(k, lang) for k in keys)
    return source


def unit_label(unit: str, lang: str = "zh") -> str:
    key = f"unit.{unit}"
    return t(key, lang) if key in MESSAGES else unit


def period_text(period: str, lang: str = "zh", is_ytd: bool = False, stock: bool = False) -> str:
    """The one period label of the product (pages, chart ticks, titles, exports, file names):
    "2023" -> 2023年; "2023Q3" -> 累计 2023年1—3季度, a stock's period-end 2023年三季度末 (stock=True),
    a single quarter 2023年第3季度; months alike (2023年1—9月, 2023年9月末, 2023年9月; en "Jan–Sep 2023",
    "end of Sep 2023", "Sep 2023")."""
    from indicators.periods import parse_period

    year, sub, kind = parse_period(str(period))
    if kind == "Y":
        return t("period.year", lang, year=year)
    if kind == "Q":
        if stock and not is_ytd:
            return t("period.q_end", lang, year=year, q="一二三四"[sub - 1] if lang == "zh" else sub)
        key = "period.q_single" if not is_ytd else ("period.q_ytd1" if sub == 1 else "period.q_ytd")
        return t(key, lang, year=year, q=sub)
    month = sub if lang == "zh" else "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[sub - 1]
    if stock and not is_ytd:
        return t("period.m_end", lang, year=year, m=month)
    return t("period.m_ytd" if is_ytd and sub > 1 else "period.m_single", lang, year=year, m=month)

def period_name(period: object, lang: str = "zh") -> str:
    """A period named without an indicator's kind (period_text with 累计 for a quarter or month): the overview's
    picker, a reporting round (a quarter's round holds the flows' 1—3季度 累计), a link's asked period. "2026Q3" ->
    2026年1—3季度 / Q1–Q3 2026, "2026M10" -> 2026年1—10月 / Jan–Oct 2026, "2025" -> 2025年 / 2025; text that is no
    period stays as it is (a link may ask for anything)."""
    from indicators.periods import parse_period

    text = "" if period is None else str(period)
    try:
        kind = parse_period(text)[2]
    except ValueError:
        return text
    return period_text(text, lang, is_ytd=kind != "Y")


def batch_file_name(name: object, lang: str = "zh") -> str:
    """A batch's file name as a page in `lang` shows it: the name as stored, except the online form's own
    generated name in English ("在线填报-清河县-2026Q3.csv" -> "Online form, Qinghe County, Q3 2026": the
    region's name_en and the period by period_text). An uploaded file's name is the user's and stays as it is;
    several names joined by "、" are shown one by one."""
    from data.catalogue import load_regions
    from data.workflow.form import parse_form_name

    text = "" if name is None or (isinstance(name, float) and name != name) else str(name)
    if lang != "en" or not text:
        return text
    regions = load_regions()
    english = dict(zip(regions["name"].astype(str), regions["name_en"]))
    out = []
    for part in text.split("、"):
        hit = parse_form_name(part)
        if hit is None:
            out.append(part)
            continue
        region, period = hit
        region_en = english.get(region)
        region_en = region_en if isinstance(region_en, str) and region_en.strip() else region
        out.append(t("wf.form_file_name", lang, region=region_en, period=period_text(period, lang)))
    return "; ".join(out)


def period_tick(label: str) -> str:
    """A period_text label as a chart's axis tick on two lines, the year apart from the rest, so a dozen
    quarters fit side by side without plotly tilting them into each other (issue 17): "2023年1—3季度" ->
    "2023年<br>1—3季度", "2023年三季度末" -> "2023年<br>三季度末", "Q1–Q3 2023" -> "Q1–Q3<br>2023".
    A bare year ("2023", "2023年"), a span of years or a label without such a break is returned as it is."""
    text = str(label)
    year = text[:4]
    if year.isdigit():
        prefix = t("period.year", "zh", year=year)
        if text.startswith(prefix) and len(text) > len(prefix):
            return f"{prefix}<br>{text[len(prefix):]}"
    head, sep, tail = text.rpartition(" ")
    if sep and head and tail.isdigit() and len(tail) == 4:
        return f"{head}<br>{tail}"
    return text
