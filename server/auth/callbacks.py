"""Dash callbacks behind the guard: the roles each registered callback needs (worked out once, at app
creation), the shape a callback request body must have, and the dispatch wrapper that answers a crafted
body with 400 instead of a traceback and a 500 (issue 11 findings 4 and 13, issue 16 point 3).

Roles come from the component ids the callback declares (`roles.PREFIX_ROLES`, named constants
`UPLOAD_ID`, `REVIEW_ID`, `ADMIN_ID`, `TARGETS_EDIT_ID`): outputs, and for a callback without outputs its
inputs and state. The table maps the callback key (`body["output"]`, as in `app.callback_map`) to a
frozenset of roles; callbacks registered after creation (tests) are added to it on first sight.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import json
import logging

from server.auth.roles import role_for_id

if TYPE_CHECKING:
    from dash import Dash
    from flask import Flask
    from collections.abc import Callable

ROLE_TABLE = "auth_callback_roles"  # app.server.extensions key: {callback key: frozenset of roles}
DISPATCH_ENDPOINT = "/_dash-update-component"
MAX_ID_LENGTH = 1000
MAX_ITEMS = 10_000  # pattern-matching lists longer than this are not a page anyone built
log = logging.getLogger(__name__)


class BadCallbackBody(ValueError):
    """The request body is not one the renderer sends for this callback."""


# ---- roles, once per callback ----------------------------------------------------------------------

def _parse_id(component_id: str | dict):
    if isinstance(component_id, str) and component_id.startswith("{"):
        try:
            return json.loads(component_id)
        except ValueError:
            return component_id
    return component_id


def _spec_ids(specs: list) -> list:
    if isinstance(specs, dict):
        return [_parse_id(specs.get("id"))]
    if isinstance(specs, (list, tuple)):
        return [i for s in specs for i in _spec_ids(s)]
    return []


def declared_roles(spec: dict) -> frozenset[str]:
    """Every role a registered callback (a `callback_map` value) needs, from the ids it declares."""
    declared = spec.get("output")
    declared = declared if isinstance(declared, (list, tuple)) else [declared]
    ids = [getattr(o, "component_id", None) for o in declared]
    if spec.get("no_output"):  # nothing to judge by but what triggers it
        ids += _spec_ids(spec.get("inputs")) + _spec_ids(spec.get("state"))
    return frozenset(r for r in map(role_for_id, ids) if r)


def role_table(server: Flask) -> dict:
    """The server's table {callback key: roles allowed} (server.extensions[ROLE_TABLE]), filled
    once at app creation by attach(); empty before.
    """
    return server.extensions.setdefault(ROLE_TABLE, {})


def roles_for(server: Flask, callback_map: dict, key: str) -> frozenset[str] | None:
    """The roles the callback `key` needs (None: no such callback). Read from the table made at creation."""
    if not isinstance(key, str) or key not in callback_map:
        return None
    table = role_table(server)
    roles = table.get(key)
    if roles is None:  # registered after create_app (tests): worked out once, then remembered
        roles = table[key] = declared_roles(callback_map[key])
    return roles


def attach(app: Dash) -> None:
    """At app creation: the role table for every registered callback, and the dispatch wrapper."""
    table = role_table(app.server)
    table.clear()
    for key, spec in app.callback_map.items():
        table[key] = declared_roles(spec)
    view = app.server.view_functions.get(DISPATCH_ENDPOINT)
    if view is not None and not getattr(view, "auth_wrapped", False):
        app.server.view_functions[DISPATCH_ENDPOINT] = _answer_bad_bodies(view)


# ---- the shape of a request body ------------------------------------------------------------------

def _check_id(component_id: str | dict, where: str) -> None:
    if isinstance(component_id, str):
        if not component_id or len(component_id) > MAX_ID_LENGTH:
            raise BadCallbackBody(f"{where}: bad id")
        return
    if isinstance(component_id, dict) and component_id and len(component_id) <= 20:
        for k, v in component_id.items():
            if not isinstance(k, str) or isinstance(v, (dict, list)) or v is None:
                raise BadCallbackBody(f"{where}: bad pattern id")
            if isinstance(v, str) and len(v) > MAX_ID_LENGTH:
                raise BadCallbackBody(f"{where}: id too long")
        return
    raise BadCallbackBody(f"{where}: id must be a string or an object")


def _check_item(item: object, where: str) -> None:
    if not isinstance(item, dict):
        raise BadCallbackBody(f"{where}: each entry must be an object")
    _check_id(item.get("id"), where)
    if not isinstance(item.get("property"), str) or not item["property"]:
        raise BadCallbackBody(f"{where}: property must be a string")


def _check_entries(entries: object, declared: list, where: str) -> None:
    """inputs/state: one entry per declared dependency; a wildcard (ALL/ALLSMALLER) one is a list."""
    if not isinstance(entries, list):
        raise BadCallbackBody(f"{where} must be a list")
    if len(entries) != len(declared):
        raise BadCallbackBody(f"{where}: {len(entries)} entries, the callback declares {len(declared)}")
    for entry, dep in zip(entries, declared):
        wildcard = isinstance(dep.get("id"), str) and dep["id"].startswith("{") and \
            ('["ALL"]' in dep["id"] or '["ALLSMALLER"]' in dep["id"])
        if wildcard:
            if not isinstance(entry, list) or len(entry) > MAX_ITEMS:
                raise BadCallbackBody(f"{where}: a wildcard dependency needs a list")
            for item in entry:
                _check_item(item, where)
        else:
            _check_item(entry, where)
            if entry.get("property") != dep.get("property"):
                raise BadCallbackBody(f"{where}: property does not match the callback")
            plain = isinstance(dep.get("id"), str) and not dep["id"].startswith("{")
            if plain and entry.get("id") != dep["id"]:
                raise BadCallbackBody(f"{where}: id does not match the callback")


def _check_outputs(outputs: object, spec: dict) -> None:
    if spec.get("no_output"):
        if outputs not in (None, [], {}):
            raise BadCallbackBody("outputs: the callback has none")
        return
    declared = spec.get("output")
    multi = isinstance(declared, (list, tuple))
    if outputs is None:
        raise BadCallbackBody("outputs missing")
    if multi:
        if not isinstance(outputs, list) or len(outputs) != len(declared):
            raise BadCallbackBody("outputs: one entry per declared output")
        items = outputs
    else:
        items = [outputs]
    for item in items:
        if isinstance(item, list):  # a wildcard output
            if len(item) > MAX_ITEMS:
                raise BadCallbackBody("outputs: too many")
            for sub in item:
                _check_item(sub, "outputs")
        else:
            _check_item(item, "outputs")


def check_body(body: object, spec: dict) -> None:
    """Raise BadCallbackBody unless `body` has the shape the renderer sends for the callback `spec`."""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        raise BadCallbackBody("output must be a string")
    _check_outputs(body.get("outputs"), spec)
    _check_entries(body.get("inputs", []), spec.get("inputs") or [], "inputs")
    _check_entries(body.get("state", []), spec.get("state") or [], "state")
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) and len(c) <= 2 * MAX_ID_LENGTH
                                                for c in changed):
        raise BadCallbackBody("changedPropIds must be a list of strings")


# ---- dispatch: a crafted body is the client's fault ---------------------------------------------

def _answer_bad_bodies(view: Callable):
    """Run Dash's dispatch; an exception out of a callback that is not a refusal (401/403), a user-facing
    error, PreventUpdate or a database outage (503) was caused by values no page sends (a tampered
    Store, a non-numeric id): 400 with a message, and the traceback in the log for the operator."""
    import functools

    from dash.exceptions import PreventUpdate
    from sqlalchemy.exc import DBAPIError, OperationalError, TimeoutError as PoolTimeout
    from werkzeug.exceptions import HTTPException

    from data.errors import UserError

    passthrough = (HTTPException, UserError, PreventUpdate, OperationalError, PoolTimeout)

    @functools.wraps(view)
    def dispatch(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except passthrough:
            raise
        except DBAPIError as exc:
            if exc.connection_invalidated:  # the database went away: server.ops.outage answers 503
                raise
            return _bad_values()  # a value the driver cannot bind (a list where a name belongs)
        except Exception:  # noqa: BLE001 - answered as a bad request, logged in full
            return _bad_values()
    dispatch.auth_wrapped = True
    return dispatch


def _bad_values():
    from flask import jsonify, request

    log.exception("callback %s failed on the values sent", str((request.get_json(silent=True) or {})
                                                               .get("output"))[:200])
    zh, en = "回调请求中的数据无效，请刷新页面后重试", "The callback request holds values this page never sends; reload the page"
    resp = jsonify({"error": zh, "message_zh": zh, "message_en": en, "status": 400})
    resp.status_code = 400
    return resp
