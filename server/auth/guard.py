"""The server-side gate in front of every request, and the helpers pages, callbacks and routes call.

Order of checks in `guard()`: public paths; CSRF for form posts; who is asking (session or bearer
token); then the role the target needs — Dash callbacks by output id prefix (roles.PREFIX_ROLES),
mutating Flask routes by their `roles_required` declaration (undeclared ones are refused).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import functools
import json
import re
from urllib.parse import quote

from flask import current_app, g, redirect, request
from flask_login import current_user
from werkzeug.exceptions import Forbidden, Unauthorized

from server.auth import callbacks
from server.auth.csrf import csrf_ok
from server.auth.roles import PAGE_ROLES, PREFIX_ROLES, ROLE_ZH, role_for_id

if TYPE_CHECKING:
    from collections.abc import Iterable
    from flask import Flask
    from collections.abc import Callable
    from server.auth.users import User
    from werkzeug.exceptions import HTTPException

CALLBACK_PATH = "/_dash-update-component"
PUBLIC_PREFIXES = ("/assets/",)
PUBLIC_PATHS = {"/login", "/logout", "/health", "/ready", "/_favicon.ico"}
MUTATING = {"POST", "PUT", "PATCH", "DELETE"}
DASH_APP = "auth_dash_app"
_PREFIX_RE = re.compile(r'(?:^|\.\.|"|\s)(' + "|".join(re.escape(p) for p, _ in PREFIX_ROLES) + ")")


class NotLoggedIn(Unauthorized):
    """401 for a request without a signed-in user or a valid API token (answered by handle_auth_error)."""
    description = "请先登录"


class AccessDenied(Forbidden):
    """403 for a signed-in user whose roles do not include the one the route or callback needs."""
    description = "没有权限执行此操作"


# ---- who is asking --------------------------------------------------------------------------------

def current_account():
    """The signed-in (or bearer-token) user, or None for anonymous requests."""
    user = current_user
    return user if user and getattr(user, "is_authenticated", False) else None


def current_roles() -> tuple[str, ...]:
    """The roles of the signed-in user or token owner, () when anonymous."""
    user = current_account()
    return tuple(user.roles) if user else ()


def current_username() -> str | None:
    """The signed-in user's (or token owner's) name, None when anonymous."""
    user = current_account()
    return user.username if user else None


def has_role(*roles: str) -> bool:
    """True when the current user holds any of `roles` (no roles given: any signed-in user)."""
    user = current_account()
    if user is None:
        return False
    return not roles or any(r in user.roles for r in roles)


def require_role(*roles: str) -> None:
    """Raise 401/403 unless the current user holds one of `roles`. Call it in every mutating callback."""
    if current_account() is None:
        raise NotLoggedIn()
    if not has_role(*roles):
        raise AccessDenied("需要以下角色之一：" + "、".join(ROLE_ZH.get(r, r) for r in roles))


def roles_required(*roles: str):
    """Decorator for Flask routes: any of `roles` (none: any signed-in user). Declares the route for the guard."""
    def wrap(view):
        @functools.wraps(view)
        def inner(*args, **kwargs):
            require_role(*roles)
            return view(*args, **kwargs)
        inner._auth_roles = tuple(roles)
        return inner
    return wrap


def public_route(view):
    """Mark a Flask route as open to everyone (the login form): the guard lets it through."""
    view._auth_public = True
    return view


def page_guard(role: str, lang: str = "zh"):
    """None when the current user holds `role`; else the refusal (in `lang`) to render instead of the page."""
    if has_role(role):
        return None
    import dash_mantine_components as dmc

    from texts.i18n import lang_of, role_name, t

    lang = lang_of(lang)
    msg = t("auth.need_login", lang) if current_account() is None else \
        t("auth.need_role", lang, role=role_name(role, lang))
    return dmc.Alert(msg, title=t("auth.forbidden_title", lang), color="red", id="page-forbidden")


def _guarded_layout(layout: object, role: str):
    @functools.wraps(layout) if callable(layout) else (lambda f: f)
    def inner(*args, **kwargs):
        refusal = page_guard(role, kwargs.get("lang"))
        if refusal is not None:
            return refusal
        return layout(*args, **kwargs) if callable(layout) else layout
    inner._auth_page_role = role
    return inner


def guard_pages() -> None:
    """Wrap the layouts of role pages (PAGE_ROLES) with page_guard, whether or not the page calls it."""
    import dash

    for page in dash.page_registry.values():
        role = PAGE_ROLES.get(page.get("path"))
        layout = page.get("layout")
        if role and getattr(layout, "_auth_page_role", None) != role:
            page["layout"] = _guarded_layout(layout, role)


# ---- which roles a callback request needs --------------------------------------------------------

def _ids_in_output_string(output: str) -> list:
    if not isinstance(output, str):
        return []
    parts = output[2:-2].split("...") if output.startswith("..") and output.endswith("..") else [output]
    ids = []
    for part in parts:
        id_str = part.rpartition(".")[0].replace("\\.", ".")
        if id_str.startswith("{"):
            try:
                ids.append(json.loads(id_str))
                continue
            except ValueError:
                pass
        ids.append(id_str)
    return ids


def _ids_in_specs(specs: list) -> list:
    """ids in body['outputs'] / ['inputs'] / ['state']: a dict, or lists of dicts (nested for ALL)."""
    if isinstance(specs, dict):
        return [specs.get("id")]
    if isinstance(specs, (list, tuple)):
        return [i for s in specs for i in _ids_in_specs(s)]
    return []


def callback_roles(body: dict, callback_map: dict, server: Flask | None = None) -> set[str]:
    """Every role the callback named by the request needs: from its registration (the table made once at
    app creation, `callbacks.roles_for`), and from whatever ids the request itself names."""
    output = body.get("output")
    ids = _ids_in_output_string(output) + _ids_in_specs(body.get("outputs"))
    if not body.get("outputs"):
        ids += _ids_in_specs(body.get("inputs")) + _ids_in_specs(body.get("state"))
    needed = {r for r in map(role_for_id, ids) if r}
    registered = callbacks.roles_for(server if server is not None else current_app, callback_map, output)
    needed |= registered or set()
    # Belt and braces: a prefix anywhere an id can start in the raw output string.
    needed |= {dict(PREFIX_ROLES)[m] for m in _PREFIX_RE.findall(output if isinstance(output, str) else "")}
    return needed


# ---- responses -------------------------------------------------------------------------------------

def wants_json() -> bool:
    """True when the error answer should be JSON (Dash callbacks, /api/, a JSON request or a
    client preferring application/json) rather than a redirect to the login page.
    """
    p = request.path
    return p.startswith(("/_dash-", "/api/")) or request.is_json or \
        request.accept_mimetypes.best == "application/json"


from server.errors import json_error  # noqa: E402 - the one error shape


def _deny(needed: Iterable[str], reason: str):
    from server.auth.events import audit_request

    audit_request("access.denied", request.path, {"needs": sorted(needed), "reason": reason},
                  username=current_username())
    return json_error(403, "没有权限执行此操作", "Forbidden: your roles do not allow this")


def _login_redirect():
    nxt = request.full_path.rstrip("?") if request.method == "GET" else "/"
    lang = "&lang=en" if request.args.get("lang") == "en" else ""  # the login page in the page's language
    return redirect("/login?next=" + quote(nxt, safe="/") + lang)


# ---- the gate --------------------------------------------------------------------------------------

def guard():
    """before_request: returns a response to stop the request, or None to let it through."""
    from server.context import settings

    path = request.path
    bearer = request.headers.get("Authorization", "").startswith("Bearer ")
    if request.method in MUTATING and not request.is_json and not bearer and not csrf_ok():
        return json_error(403, "表单已过期，请刷新页面后重试", "Missing or invalid CSRF token")
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES):
        return None
    user = current_account()
    # One gate for pages, callbacks and the API alike (also the API's public read routes and tokens):
    # an account still on its initial password can do nothing but change it.
    if user is not None and user.must_change_password and path != PASSWORD_PATH:
        return _must_change(user)
    if getattr(view, "_auth_public", False):
        return None
    public = settings().public_view and request.method in ("GET", "HEAD") or False

    if path == CALLBACK_PATH:
        return _guard_callback(user)
    if path.startswith("/api/"):
        if user is None:
            return json_error(401, "请先登录或提供有效的 API 令牌", "Authentication required")
        return _guard_route(view)
    if user is None:
        if public and not path.startswith("/account"):
            return None
        return json_error(401, "请先登录", "Authentication required") if wants_json() else _login_redirect()
    return _guard_route(view)


PASSWORD_PATH = "/account/password"
MUST_CHANGE_ZH = "该账号仍在使用初始密码：请先登录网页修改密码，修改前不能进行其他操作（API 令牌同样不可用）"
MUST_CHANGE_EN = ("This account still has its initial password: sign in on the web page and change it first; "
                  "nothing else (API tokens included) works until then")


def _must_change(user: User | None):
    if user.via_token or wants_json() or request.method not in ("GET", "HEAD"):
        return json_error(403, MUST_CHANGE_ZH, MUST_CHANGE_EN)
    from server.auth.i18n import with_lang

    return redirect(with_lang(PASSWORD_PATH, request.args.get("lang")))


def _guard_callback(user: User | None):
    from server.context import settings

    if request.method != "POST" or not request.is_json:
        return json_error(415, "回调请求必须是 JSON", "Callback requests must be application/json")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error(400, "回调请求格式错误", "Malformed callback request")
    app = current_app.extensions.get(DASH_APP)
    callback_map = getattr(app, "callback_map", {})
    needed = callback_roles(body, callback_map)
    if user is None and not (settings().public_view and not needed):
        return json_error(401, "请先登录", "Authentication required")
    if user is not None and not all(r in user.roles for r in needed):
        return _deny(needed, "callback")
    output = body.get("output")
    if not isinstance(output, str):
        return json_error(400, "回调请求格式错误，请刷新页面后重试", "Malformed callback request: output must be a string")
    if app is not None and output not in callback_map:
        return json_error(404, "没有这个回调", "No such callback")  # rather than Dash's KeyError and a 500
    if app is not None:
        try:
            callbacks.check_body(body, callback_map[output])
        except callbacks.BadCallbackBody as exc:
            return json_error(400, "回调请求格式错误，请刷新页面后重试", f"Malformed callback request: {exc}")
    g.auth_callback_roles = needed
    return None


def _guard_route(view: Callable):
    """Mutating requests only reach routes that declare who may call them."""
    if request.method in MUTATING and view is not None and not hasattr(view, "_auth_roles"):
        return _deny(set(), "undeclared route")
    return None


def handle_auth_error(exc: HTTPException):
    """Errors raised by require_role, in routes and in callbacks alike."""
    if isinstance(exc, Unauthorized):
        if wants_json():
            return json_error(401, "请先登录", "Authentication required")
        return _login_redirect()
    if wants_json():
        return _deny(set(), exc.description or "forbidden")
    from flask import render_template

    from server.auth.i18n import page_lang, tr

    # The description names the roles in Chinese (require_role); English pages get the catalogue's text.
    message = exc.description if page_lang() == "zh" else tr("auth.denied")
    return render_template("auth/forbidden.html", message=message), 403
