"""系统管理 (/admin, admin role only): accounts, API tokens and the audit log.

Every id here starts with `admin-`, so the server-side guard refuses these callbacks to non-admins;
each mutating callback also calls require_role itself.
"""
from __future__ import annotations

import json
from datetime import date, timezone

import dash
import dash_ag_grid as dag
import dash_mantine_components as dmc
from dash import Input, Output, State, ctx, dcc, html
from sqlalchemy import select

from layouts.callbacks import callback
from data import schema
from data.db import reading
from data.errors import UserError
from indicators.conventions import end_of_day, on_bureau_clock, start_of_day
from layouts.components import dates_provider, error_alert, grid_class, grid_locale, phone_cards, reserve_height
from texts.i18n import lang_of, page_title, role_name, t, user_error
from server.auth import ADMIN, ROLES, page_guard, require_role
from server.auth.events import client_ip
from server.auth.passwords import generate_password
from server.context import engine

AUDIT_LIMIT = 2000


def register() -> None:
    """Register the /admin page with Dash pages (title in the URL's language)."""
    dash.register_page("admin", path="/admin", name=t("nav.admin"), title=page_title("nav.admin"), layout=layout)


def _role_options(lang: str) -> list[dict]:
    return [{"value": r, "label": role_name(r, lang)} for r in ROLES]


def _grid(grid_id: str, lang: str, height: int, fields: list[tuple[str, str, int | None]]) -> html.Div:
    """The admin page's log grids (audit log, remembered mappings): sortable, filterable, 50 rows a page, with
    the page language's theme classes and texts, in a box of `height` px (`reserve_height`). `fields` are (row
    field, catalogue key of the header, width in px); a width of None lets the column take the rest of the row."""
    columns = [{"field": f, "headerName": t(key, lang), **({"width": w} if w else {"flex": 1})}
               for f, key, w in fields]
    return reserve_height(dag.AgGrid(id=grid_id, rowData=[], className=grid_class(lang), columnDefs=columns,
                                     defaultColDef={"sortable": True, "filter": True, "resizable": True},
                                     dashGridOptions={"pagination": True, "paginationPageSize": 50,
                                                      **grid_locale(lang)}), height)


def layout(lang: str = "zh", **_query):
    """The /admin page (admin role): accounts and roles, API tokens, the audit log with filters and
    the remembered import mappings; other roles get the page guard's refusal.
    """
    lang = lang_of(lang)
    refusal = page_guard(ADMIN, lang)
    if refusal is not None:
        return refusal
    users_panel = dmc.Stack([
        dmc.Alert(dmc.Group([dmc.Text(t("admin.roles_hint", lang), size="sm"),
                             dmc.Button(t("admin.grant_self", lang), id="admin-grant-self", size="xs",
                                        variant="light")], justify="space-between"),
                  id="admin-roles-hint", color="blue", variant="light"),
        dmc.Title(t("admin.users", lang), order=4),
        html.Div(id="admin-users-table"),
        dmc.Divider(label=t("admin.add_user", lang)),
        dmc.Group([
            dmc.TextInput(id="admin-new-username", label=t("admin.username", lang), w=180),
            dmc.TextInput(id="admin-new-display", label=t("admin.display_name", lang), w=180),
            dmc.MultiSelect(id="admin-new-roles", label=t("admin.roles", lang), data=_role_options(lang),
                            value=["viewer"], w=320),
            dmc.Button(t("admin.add_user", lang), id="admin-new-submit"),
        ], align="end"),
        dmc.Divider(label=t("admin.edit_user", lang)),
        dmc.Group([
            dmc.Select(id="admin-user-select", label=t("admin.username", lang), data=[], searchable=True, w=180),
            dmc.MultiSelect(id="admin-user-roles", label=t("admin.roles", lang), data=_role_options(lang), w=320),
            dmc.Button(t("admin.save_roles", lang), id="admin-user-save-roles"),
            dmc.Button(t("admin.reset_password", lang), id="admin-user-reset", variant="outline"),
            dmc.Button(t("admin.disable", lang), id="admin-user-disable", color="gray", variant="outline"),
            dmc.Button(t("admin.enable", lang), id="admin-user-enable", color="green", variant="outline"),
        ], align="end"),
        html.Div(id="admin-user-result"),
    ])
    tokens_panel = dmc.Stack([
        dmc.Group([
            dmc.Select(id="admin-token-user", label=t("admin.username", lang), data=[], searchable=True, w=180),
            dmc.TextInput(id="admin-token-name", label=t("admin.token_name", lang), w=220),
            dmc.Button(t("admin.create_token", lang), id="admin-token-create"),
            dmc.NumberInput(id="admin-token-id", label=t("admin.token_id", lang), min=1, w=120),
            dmc.Button(t("admin.revoke_token", lang), id="admin-token-revoke", color="gray", variant="outline"),
        ], align="end"),
        html.Div(id="admin-token-result"),
        html.Div(id="admin-tokens-table"),
    ])
    audit_panel = dmc.Stack([
        dmc.Group([
            dmc.TextInput(id="admin-audit-user", label=t("admin.username", lang), w=160),
            dmc.Select(id="admin-audit-action", label=t("admin.action", lang), data=[], clearable=True,
                       searchable=True, w=220),
            dates_provider(lang, dmc.DatePickerInput(id="admin-audit-dates", label=t("admin.date_range", lang),
                                                     type="range", clearable=True, valueFormat="YYYY-MM-DD", w=260)),
        ], align="end"),
        _grid("admin-audit-grid", lang, 600, [
            ("at", "admin.col_at", 170), ("username", "admin.username", 130), ("action", "admin.action", 170),
            ("target", "admin.col_target", 200), ("detail", "admin.col_detail", None), ("ip", "admin.col_ip", 130),
        ]),
        dmc.Text(id="admin-audit-count", size="sm", c="dimmed"),
    ])
    mappings_panel = dmc.Stack([
        dmc.Text(t("admin.mappings_help", lang), size="sm", c="dimmed"),
        dmc.Group([
            dmc.NumberInput(id="admin-mapping-id", label=t("admin.mapping_id", lang), min=1, w=140),
            dmc.Button(t("admin.mapping_revoke", lang), id="admin-mapping-revoke", color="gray", variant="outline"),
        ], align="end"),
        html.Div(id="admin-mapping-result"),
        _grid("admin-mappings-grid", lang, 420, [
            ("id", "admin.mapping_id", 100), ("kind", "admin.col.kind", 100), ("label", "admin.col.label", None),
            ("code", "admin.col.code", 160), ("created_by", "admin.col.created_by", 130),
            ("created_at", "admin.col.created_at", 170), ("layout", "admin.col.layout", 220),
        ]),
    ])
    return dmc.Stack([
        dcc.Store(id="admin-refresh", data=0),
        dcc.Store(id="admin-lang", data=lang),
        dmc.Title(t("nav.admin", lang), order=2),
        dmc.Tabs([
            dmc.TabsList([dmc.TabsTab(t("admin.users", lang), value="users"),
                          dmc.TabsTab(t("admin.tokens", lang), value="tokens"),
                          dmc.TabsTab(t("admin.audit", lang), value="audit"),
                          dmc.TabsTab(t("admin.mappings_title", lang), value="mappings")]),
            dmc.TabsPanel(users_panel, value="users", pt="md"),
            dmc.TabsPanel(tokens_panel, value="tokens", pt="md"),
            dmc.TabsPanel(audit_panel, value="audit", pt="md"),
            dmc.TabsPanel(mappings_panel, value="mappings", pt="md"),
        ], value="users", id="admin-tabs"),
    ])


# ---- reading -------------------------------------------------------------------------------------

def _fmt(ts: object, seconds: bool = False) -> str:
    """A stored moment on the bureau's clock (UTC+8), "—" when there is none."""
    return on_bureau_clock(ts).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M") if ts else "—"


def _table(headers: list[str], rows: list[list], table_id: str) -> dmc.Table:
    return phone_cards(dmc.Table([dmc.TableThead(dmc.TableTr([dmc.TableTh(h) for h in headers])),
                                  dmc.TableTbody([dmc.TableTr([dmc.TableTd(c) for c in r]) for r in rows])],
                                 id=table_id, striped=True, highlightOnHover=True), headers)


@callback(Output("admin-users-table", "children"), Output("admin-user-select", "data"),
               Output("admin-token-user", "data"), Output("admin-tokens-table", "children"),
               Output("admin-audit-action", "data"),
               Input("admin-refresh", "data"), State("admin-lang", "data"))
def refresh_tables(_n, lang):
    """Callback: refill the users table, the user pickers, the tokens table and the audit actions
    after any change (admin-refresh) in `lang`. Raises AccessDenied for a non-admin.
    """
    require_role(ADMIN)
    from server.auth import tokens, users

    lang = lang_of(lang)
    with reading(engine()) as conn:
        people = users.list_users(conn)
        toks = tokens.list_tokens(conn)
        actions = sorted(conn.execute(select(schema.audit_log.c.action).distinct()).scalars().all())
    yes, no = t("admin.yes", lang), t("admin.no", lang)
    user_rows = [[u["username"], u["display_name"],
                  t("list.sep", lang).join(role_name(r, lang) for r in u["roles"].split(",") if r),
                  t("admin.active", lang) if u["active"] else t("admin.disabled", lang),
                  yes if u["must_change_password"] else no, _fmt(u["last_login_at"])] for u in people]
    users_table = _table([t(k, lang) for k in ("admin.username", "admin.display_name", "admin.roles",
                                                "admin.state", "admin.must_change", "admin.last_login")],
                         user_rows, "admin-users-grid")
    token_rows = [[tk["id"], tk["username"], tk["name"], _fmt(tk["created_at"]), _fmt(tk["last_used_at"]),
                   t("admin.revoked", lang) if tk["revoked_at"] else t("admin.active", lang)] for tk in toks]
    tokens_table = _table([t(k, lang) for k in ("admin.token_id", "admin.username", "admin.token_name",
                                                 "admin.col_at", "admin.last_used", "admin.state")],
                          token_rows, "admin-tokens-grid")
    names = [u["username"] for u in people]
    return users_table, names, names, tokens_table, actions


@callback(Output("admin-user-roles", "value"), Input("admin-user-select", "value"))
def show_roles(username):
    """Callback: the roles of the account chosen in admin-user-select ([] for none). Admin only."""
    require_role(ADMIN)
    from server.auth import users

    if not username:
        return []
    with reading(engine()) as conn:
        user = users.get_by_username(conn, username)
    return list(user.roles) if user else []


def audit_rows(user: str | None, action: str | None, dates: list[str] | None) -> list[dict]:
    """Newest first, at most AUDIT_LIMIT rows; dates is [start, end] (ISO dates, either may be empty), whole
    days on the bureau's clock (UTC+8), as the times are shown."""
    a = schema.audit_log.c
    q = select(a.at, a.username, a.action, a.target, a.detail, a.ip).order_by(a.id.desc()).limit(AUDIT_LIMIT)
    if user:
        q = q.where(a.username == user.strip())
    if action:
        q = q.where(a.action == action)
    start, end = (list(dates or []) + [None, None])[:2]
    # compared in UTC: SQLite keeps naive UTC and would read an aware +08:00 moment's digits as UTC
    if start:
        q = q.where(a.at >= start_of_day(date.fromisoformat(start[:10])).astimezone(timezone.utc))
    if end:
        q = q.where(a.at <= end_of_day(date.fromisoformat(end[:10])).astimezone(timezone.utc))
    with reading(engine()) as conn:
        rows = conn.execute(q).mappings().all()
    out = []
    for r in rows:
        detail = r["detail"] or ""
        try:
            detail = json.dumps(json.loads(detail), ensure_ascii=False) if detail else ""
        except ValueError:
            pass
        out.append({"at": _fmt(r["at"], seconds=True), "username": r["username"] or "",
                    "action": r["action"], "target": r["target"] or "", "detail": detail, "ip": r["ip"] or ""})
    return out


@callback(Output("admin-audit-grid", "rowData"), Output("admin-audit-count", "children"),
               Input("admin-audit-user", "value"), Input("admin-audit-action", "value"),
               Input("admin-audit-dates", "value"), Input("admin-refresh", "data"), State("admin-lang", "data"))
def filter_audit(user, action, dates, _n, lang):
    """Callback: the audit log rows for the chosen user, action and date range (at most AUDIT_LIMIT)
    and the count line. Admin only.
    """
    require_role(ADMIN)
    rows = audit_rows(user, action, dates)
    return rows, t("admin.audit_count", lang_of(lang), n=len(rows), limit=AUDIT_LIMIT)


# ---- changing ------------------------------------------------------------------------------------

def _ok(text: str, secret: str | None = None):
    children = [dmc.Text(text)]
    if secret:
        children.append(dmc.Code(secret, id="admin-secret", block=True))
    return dmc.Alert(children, color="green", id="admin-ok")


def _error(exc: UserError, lang: str):
    return error_alert(exc, lang, "admin-error")


@callback(Output("admin-user-result", "children"), Output("admin-refresh", "data"),
               Input("admin-new-submit", "n_clicks"), Input("admin-user-save-roles", "n_clicks"),
               Input("admin-user-reset", "n_clicks"), Input("admin-user-disable", "n_clicks"),
               Input("admin-user-enable", "n_clicks"),
               State("admin-new-username", "value"), State("admin-new-display", "value"),
               State("admin-new-roles", "value"), State("admin-user-select", "value"),
               State("admin-user-roles", "value"), State("admin-refresh", "data"), State("admin-lang", "data"),
               prevent_initial_call=True)
def change_user(_add, _roles, _reset, _disable, _enable, new_name, new_display, new_roles, name, roles, n, lang):
    """Callback: create an account (a generated password shown once), save its roles, reset its
    password, disable or enable it, by which button fired; answers an alert and bumps admin-refresh. Admin only;
    refusals (UserError) show as the page's error alert.
    """
    require_role(ADMIN)
    from server.auth import current_username, users

    lang, actor, ip, which = lang_of(lang), current_username(), client_ip(), ctx.triggered_id
    try:
        if which != "admin-new-submit" and not name:
            raise user_error("admin.err_choose_user")
        with engine().begin() as conn:
            if which == "admin-new-submit":
                password = generate_password()
                user = users.create(conn, new_name or "", password, new_roles or [], actor=actor,
                                    display_name=new_display or "", must_change_password=True, ip=ip)
                result = _ok(t("admin.created", lang, user=user.username), password)
            elif which == "admin-user-save-roles":
                users.set_roles(conn, name, roles or [], actor=actor, ip=ip)
                result = _ok(t("admin.roles_saved", lang, user=name))
            elif which == "admin-user-reset":
                password = generate_password()
                users.set_password(conn, name, password, actor=actor, must_change_password=True, ip=ip)
                result = _ok(t("admin.password_reset", lang, user=name), password)
            elif which in ("admin-user-disable", "admin-user-enable"):
                if which == "admin-user-disable" and name == actor:
                    raise user_error("admin.err_disable_self")
                users.set_active(conn, name, which == "admin-user-enable", actor=actor, ip=ip)
                result = _ok(t("admin.enabled" if which == "admin-user-enable" else "admin.disabled_done",
                               lang, user=name))
            else:
                return dash.no_update, dash.no_update
    except UserError as exc:
        return _error(exc, lang), dash.no_update
    return result, (n or 0) + 1


@callback(Output("admin-token-result", "children"), Output("admin-refresh", "data", allow_duplicate=True),
               Input("admin-token-create", "n_clicks"), Input("admin-token-revoke", "n_clicks"),
               State("admin-token-user", "value"), State("admin-token-name", "value"),
               State("admin-token-id", "value"), State("admin-refresh", "data"), State("admin-lang", "data"),
               prevent_initial_call=True)
def change_token(_create, _revoke, name, token_name, token_id, n, lang):
    """Callback: create an API token for the chosen account (the secret shown once) or revoke one by
    number; answers an alert and bumps admin-refresh. Admin only.
    """
    require_role(ADMIN)
    from server.auth import current_username, tokens

    lang, actor, ip = lang_of(lang), current_username(), client_ip()
    try:
        with engine().begin() as conn:
            if ctx.triggered_id == "admin-token-create":
                if not name:
                    raise user_error("admin.err_choose_user")
                token_no, token = tokens.create(conn, name, token_name or "api", actor=actor, ip=ip)
                result = _ok(t("admin.token_created", lang, id=token_no, user=name), token)
            else:
                if not token_id:
                    raise user_error("admin.err_token_id")
                tokens.revoke(conn, int(token_id), actor=actor, ip=ip)
                result = _ok(t("admin.token_revoked", lang, id=int(token_id)))
    except UserError as exc:
        return _error(exc, lang), dash.no_update
    return result, (n or 0) + 1


@callback(Output("admin-user-result", "children", allow_duplicate=True),
               Output("admin-refresh", "data", allow_duplicate=True),
               Input("admin-grant-self", "n_clicks"), State("admin-refresh", "data"), State("admin-lang", "data"),
               prevent_initial_call=True)
def grant_self(clicks, n, lang):
    """The signed-in admin adds the uploader and approver roles to their own account (audited)."""
    require_role(ADMIN)
    from server.auth import current_username, users
    from server.auth.roles import APPROVER, UPLOADER

    if not clicks:
        return dash.no_update, dash.no_update
    lang, actor = lang_of(lang), current_username()
    try:
        with engine().begin() as conn:
            now = users.require(conn, actor).roles
            users.set_roles(conn, actor, [*now, UPLOADER, APPROVER], actor=actor, ip=client_ip())
    except UserError as exc:
        return _error(exc, lang), dash.no_update
    return _ok(t("admin.roles_saved", lang, user=actor)), (n or 0) + 1


# ---- remembered import mappings (issue 11 finding 6): list and revoke ----------------------------

def mapping_rows(lang: str) -> list[dict]:
    """The remembered mappings as grid rows (data/imports/mappings.py), newest first."""
    from data.imports import mappings

    with reading(engine()) as conn:
        df = mappings.list_all(conn)
    kinds = {"region": t("imp.col.region", lang), "indicator": t("col.indicator", lang)}
    return [{"id": int(r.id), "kind": kinds.get(r.kind, r.kind), "label": r.label, "layout": r.layout,
             "code": t("admin.mapping_ignore", lang) if r.action == mappings.IGNORE else r.code,
             "created_by": r.created_by or "", "created_at": _fmt(r.created_at)} for r in df.itertuples()]


@callback(Output("admin-mappings-grid", "rowData"), Input("admin-refresh", "data"), State("admin-lang", "data"))
def refresh_mappings(_n, lang):
    """Callback: the remembered import mappings grid after any change. Admin only."""
    require_role(ADMIN)
    return mapping_rows(lang_of(lang))


@callback(Output("admin-mapping-result", "children"), Output("admin-refresh", "data", allow_duplicate=True),
               Input("admin-mapping-revoke", "n_clicks"), State("admin-mapping-id", "value"),
               State("admin-refresh", "data"), State("admin-lang", "data"), prevent_initial_call=True)
def revoke_mapping(_n, mapping_id, n, lang):
    """Callback: revoke the import mapping numbered in admin-mapping-id (a positive whole number);
    answers an alert and bumps admin-refresh. Admin only.
    """
    from data.imports import mappings
    from server.auth import current_username

    require_role(ADMIN)
    lang = lang_of(lang)
    try:
        if not isinstance(mapping_id, (int, float)) or isinstance(mapping_id, bool) or mapping_id < 1:
            raise user_error("admin.mapping_id_needed")
        with engine().begin() as conn:
            gone = mappings.revoke(conn, int(mapping_id), current_username(), ip=client_ip())
    except UserError as exc:
        return _error(exc, lang), dash.no_update
    code = t("admin.mapping_ignore", lang) if gone["action"] == mappings.IGNORE else gone["code"]
    return _ok(t("admin.mapping_revoked", lang, id=gone["id"], label=gone["label"], code=code)), (n or 0) + 1
