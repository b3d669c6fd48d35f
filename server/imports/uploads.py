"""POST /api/v1/uploads: the upload page's transport (issue 12, point 5).

The page sends the file as a streaming multipart request (field `file`), as the API does, not base64
inside a Dash callback: the MAX_UPLOAD_MB limit then applies to the file itself (a 19 MB workbook under a
20 MB limit is taken). The file is staged under INSTANCE_PATH/uploads (data.imports.staging) and the answer
names it by its SHA-256; the page's callback then reads the staged file by that id, on any worker.

Uploader role; a session needs the X-CSRF-Token header (or an API token). Answers
200 {"upload": sha256, "name", "bytes"}; 413 {"error", "message_zh", "message_en", "limit_mb", "bytes"} for a
file over the limit; 400 without a file.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

import os
from pathlib import Path

from flask import jsonify, request

from data.errors import UserError

if TYPE_CHECKING:
    from dash import Dash


def too_big(name: str, size: int, limit_mb: int) -> UserError:
    """The one message for a file over MAX_UPLOAD_MB (data.imports.sniff.too_big: page, API and CLI say the same)."""
    from data.imports.sniff import too_big as message

    return message(name, size, limit_mb * 1024 * 1024)


def init_app(app: Dash) -> None:
    """Register POST /api/v1/uploads (uploader): the multipart field `file` saved under the instance
    folder, answering {"upload": sha256, "name", "bytes"}; 413 over MAX_UPLOAD_MB, 400 for no file or an empty
    one (the one error shape). The upload page imports the staged file.
    """
    from server.auth import roles_required

    server = app.server

    @server.post("/api/v1/uploads")
    @roles_required("uploader")
    def stage_upload():
        from data.imports import service
        from server.context import settings

        s = settings()
        f = request.files.get("file")
        if f is None:
            e = UserError("请求中没有文件（multipart 字段名为 file）", "No file in the request (multipart field 'file')")
            return jsonify(e.to_dict()), 400
        name = Path(f.filename or "upload").name
        stream = f.stream  # werkzeug spools large parts to a temporary file: never all in memory twice
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(0)
        limit = s.max_upload_mb
        if size > limit * 1024 * 1024:
            e = too_big(name, size, limit)
            return jsonify({**e.to_dict(), "limit_mb": limit, "bytes": size}), 413
        if size == 0:
            e = UserError(f"文件「{name}」是空文件。", f"File {name} is empty.")
            return jsonify(e.to_dict()), 400
        sha = service.save_upload(s.instance_path, name, stream.read())
        return jsonify({"upload": sha, "name": name, "bytes": size})
