"""Helpers for the auth tests (a uniquely named module: every test folder has its own `conftest`)."""
from __future__ import annotations
from typing import TYPE_CHECKING

import re
import secrets

from server.auth import users

if TYPE_CHECKING:
    from dash import Dash
    from flask.testing import FlaskClient
    from server.settings import Settings


def make_app(settings: Settings):
    from app import create_app

    return create_app(settings)


def add_user(app: Dash, username: str, roles: list[str], *, must_change: bool = False) -> str:
    """Create an account; returns its (random, test-made) password."""
    from server.context import EXT

    password = secrets.token_urlsafe(12)
    with app.server.extensions[EXT].engine.begin() as conn:
        users.create(conn, username, password, roles, actor="test", must_change_password=must_change)
    return password


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client: FlaskClient, username: str, password: str, ip: str = "127.0.0.1"):
    page = client.get("/login", environ_base={"REMOTE_ADDR": ip})
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
                       environ_base={"REMOTE_ADDR": ip})


def callback_body(app: Dash, output: str, inputs: dict | None = None, state: dict | None = None,
                  outputs=None) -> dict:
    """The JSON Dash's renderer posts: `output` names the callback; input/state values keyed "id.prop"."""
    def specs(values: dict | None) -> list:
        return [{"id": k.rsplit(".", 1)[0], "property": k.rsplit(".", 1)[1], "value": v}
                for k, v in (values or {}).items()]

    if outputs is None:
        parts = output[2:-2].split("...") if output.startswith("..") else [output]
        outs = [{"id": p.rsplit(".", 1)[0], "property": p.rsplit(".", 1)[1]} for p in parts]
        outputs = outs if output.startswith("..") else outs[0]
    ins = specs(inputs)
    body = {"output": output, "outputs": outputs, "inputs": ins,
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in ins][:1]}
    body["parsedChangedPropsIds"] = body["changedPropIds"]
    if state:
        body["state"] = specs(state)
    return body


# The upload page's analyse callback: its outputs as Dash names them in a callback body.
UPLOAD_OUTPUTS = ("..upload-report.children...upload-staged.data...upload-map-list.children..."
                  "upload-map-box.style...upload-submit.disabled...upload-submit-hint.children..")


def upload_transfer(client: FlaskClient, name: str, data: bytes) -> dict:
    """What the upload page's script (assets/40_upload.js) puts in the `upload-transfer` store: the answer of
    the streaming multipart POST /api/v1/uploads (with the session's CSRF token) plus its HTTP status."""
    import io

    with client.session_transaction() as sess:  # the token the upload page embeds (csrf_token())
        token = sess.setdefault("_csrf", secrets.token_urlsafe(32))
    r = client.post("/api/v1/uploads", data={"file": (io.BytesIO(data), name)}, headers={"X-CSRF-Token": token},
                    content_type="multipart/form-data")
    return {**r.get_json(), "status": r.status_code}
