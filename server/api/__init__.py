"""The HTTP API under /api/v1 (JSON or CSV), its OpenAPI document and its docs page.

Modules: registry (documented routes), params (query parsing), query (snapshot rows), respond
(pagination, JSON/CSV), routes (read endpoints), openapi (spec), docs (HTML page), errors (JSON
errors for /api/ and /export/), access (who may read).
"""
from __future__ import annotations

from flask import Blueprint, Response, abort


def init_app(app) -> None:  # noqa: ANN001
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

    @bp.route("/api/<path:_rest>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
    def api_not_found(_rest: str):
        # Without this, Dash's catch-all page route would answer unknown /api/ paths with HTML.
        abort(404)

    # Public: the spec names endpoints and catalogue codes, no figures; a 404 tells nothing either.
    for view in (openapi_json, api_docs, api_not_found):
        view._auth_public = True
    return bp
