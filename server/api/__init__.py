"""The HTTP API under /api/v1 (JSON or CSV), its OpenAPI document and its docs page.

Modules: registry (documented routes), params (query parsing), query (snapshot rows), respond
(pagination, JSON/CSV), routes (read endpoints), openapi (spec), docs (HTML page), errors (JSON
errors for /api/ and /export/), access (who may read).
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from flask import Blueprint, Response, abort, current_app, request
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import RequestRedirect

if TYPE_CHECKING:
    from dash import Dash


def init_app(app: Dash) -> None:
    """Mount the API on `app.server`: strict JSON (null, never NaN), the JSON error handlers of
    server.api.errors, the /api/v1 blueprints, the spec and docs page, and the /api/ catch-all (404, or 405 with
    Allow when the path exists for another method).
    """
    from server.api import errors, mappings, respond, revisions, routes, series_notes

    server = app.server
    strict = respond.StrictJSONProvider(server)  # valid JSON from every jsonify (null, never NaN/NaT)
    strict.ensure_ascii = server.json.ensure_ascii
    server.json = strict
    errors.init_app(server)
    server.register_blueprint(routes.bp)
    server.register_blueprint(revisions.bp)
    server.register_blueprint(mappings.bp)
    server.register_blueprint(series_notes.bp)
    from server.api import workflow  # reporting rounds, provenance, notifications (issue 14)

    server.register_blueprint(workflow.bp)
    server.register_blueprint(_docs_blueprint())
    # The app-wide guard (server.auth) refuses anonymous /api/ calls even under PUBLIC_VIEW; the read
    # endpoints decide in access.require_viewer instead, which honours PUBLIC_VIEW and needs a user otherwise.
    for name, view in server.view_functions.items():
        if name.startswith(routes.bp.name + "."):
            view._auth_public = True


_CATCH_ALL = "api_docs.api_not_found"
_CATCH_ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def methods_allowed(path: str) -> list[str]:
    """The HTTP methods some route other than the /api/ catch-all takes at `path`, sorted (empty: no route).

    Asks the app's URL map once per method, as a request would be matched; OPTIONS is added when any method
    is allowed (Flask answers it for every route). Used for the 405 answer's ``Allow`` header (RFC 9110 §15.5.6).
    """
    adapter = current_app.url_map.bind("localhost")
    allowed = set()
    for method in _CATCH_ALL_METHODS:
        try:
            rule, _ = adapter.match(path, method=method, return_rule=True)
        except (NotFound, MethodNotAllowed, RequestRedirect):
            continue
        if rule.endpoint != _CATCH_ALL:
            allowed.add(method)
    return sorted(allowed | {"OPTIONS"}) if allowed else []


def _docs_blueprint() -> Blueprint:
    bp = Blueprint("api_docs", __name__)

    @bp.get("/api/v1/openapi.json")
    def openapi_json() -> Response:
        from server.api.openapi import build_spec
        from server.api.respond import json_response

        return json_response(build_spec())

    @bp.get("/api/docs")
    def api_docs() -> Response:
        from server.api.docs import render
        from server.api.openapi import build_spec

        return Response(render(build_spec()), mimetype="text/html")

    @bp.route("/api/<path:_rest>", methods=list(_CATCH_ALL_METHODS))
    def api_not_found(_rest: str) -> Response:
        # Without this, Dash's catch-all page route would answer unknown /api/ paths with HTML. It also
        # matches a known path asked with a method that path does not take: that is a 405, not a 404.
        allowed = methods_allowed(request.path)
        if allowed:
            raise MethodNotAllowed(valid_methods=allowed)
        abort(404)

    # Public: the spec names endpoints and catalogue codes, no figures; a 404 tells nothing either.
    for view in (openapi_json, api_docs, api_not_found):
        view._auth_public = True
    return bp
