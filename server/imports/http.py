"""HTTP routes: template downloads and POST /api/v1/imports (multipart, same report as the CLI).

POST /api/v1/imports            files in the multipart field `file` (repeatable); uploader role
                                (session + X-CSRF-Token, or Authorization: Bearer <API token>)
     ?dry_run=1                 report only, nothing written
     ?submit=0                  leave the revision a draft instead of submitting it for review
Response 200 {ok, counts, errors, warnings, unmatched, revision, status}; 422 when the report has
errors (nothing written); 400 for a request without files.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from flask import Response, jsonify, request

from data.errors import UserError
from server.errors import json_error
from texts.i18n import batch_file_name

if TYPE_CHECKING:
    from dash import Dash

TEMPLATE_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def init_app(app: Dash) -> None:
    """Register the download routes for import templates (/download/template/<long|wide>.xlsx,
    any signed-in role) on `app.server`.
    """
    from server.auth import roles_required

    server = app.server

    @server.get("/download/template/<kind>.xlsx")
    @roles_required()
    def import_template(kind: str):
        from data.imports import templates

        makers = {"long": templates.long_template, "wide": templates.wide_template}
        if kind not in makers:
            return json_error(404, "没有这种模板（可选 long、wide）", "No such template (long or wide)")
        names = {"long": "数据导入模板（长表）.xlsx", "wide": "数据导入模板（全市宽表）.xlsx"}
        from urllib.parse import quote

        return Response(makers[kind](), mimetype=TEMPLATE_MIME, headers={
            "Content-Disposition": f"attachment; filename=template_{kind}.xlsx; filename*=UTF-8''{quote(names[kind])}",
            "Cache-Control": "no-store"})

    @server.post("/api/v1/imports")
    @roles_required("uploader")
    def api_import():
        from data.db import reading
        from data.imports import service
        from server.auth import current_username
        from server.context import engine, settings

        files = [(f.filename or "upload", f.read()) for f in request.files.getlist("file")]
        if not files:
            return json_error(400, "请求中没有文件（multipart 字段名为 file）",
                              "No file in the request (multipart field 'file')")
        dry = request.args.get("dry_run", "0").lower() in ("1", "true", "yes")
        submit = request.args.get("submit", "1").lower() not in ("0", "false", "no")
        s = settings()
        with reading(engine()) as conn:
            result = service.analyse(conn, files, home_region=s.home_region, max_bytes=s.max_upload_mb * 1024 * 1024,
                                     file_label=batch_file_name, user=current_username())
        body = {"ok": result.errors.empty, "counts": result.counts(),
                "errors": result.errors.to_dict("records"), "warnings": result.warnings.to_dict("records"),
                "unmatched": result.unmatched, "revision": None, "status": "dry-run" if dry else None,
                "preview": result.report(limit=200)["preview"]}
        if result.errors.empty and not dry and not result.obs.empty:
            user = current_username()
            try:
                with engine().begin() as conn:
                    body["revision"] = service.stage(conn, result, user, submit=submit, file_label=batch_file_name)
            except UserError as exc:
                return jsonify({**body, **exc.to_dict()}), exc.status
            body["status"] = "submitted" if submit else "draft"
            from data.workflow import notify

            notify.send_pending(engine(), s.smtp_url, s.smtp_from)
        return jsonify(body), (200 if result.errors.empty else 422)
