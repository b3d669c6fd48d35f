"""The upload page's "also import hidden content" choice (issue 12, point 1; the CLI's --include-hidden).

Through the page's callbacks as the browser posts them: a workbook whose 威县 row is hidden is previewed
without that row (a warning names it); ticking the box re-analyses the staged file with the row read (a
warning says so) and keeps the choice with the staged file, so the submit writes what was previewed.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl

from workbooks import wide_report

if TYPE_CHECKING:
    from dash import Dash
    from flask.testing import FlaskClient
    from werkzeug.test import TestResponse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "auth"))
from auth_helpers import UPLOAD_OUTPUTS as UPLOAD, add_user, callback_body, login, upload_transfer  # noqa: E402



def _hidden_row_book() -> bytes:
    data = wide_report(names=["清河县", "威县", "临西县"], rd=[12305, 8300, 5722], hnte=[78, 52, 40],
                       tc=[(1, 1, 0)] * 3, total_row=False, notes=False)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb.active.row_dimensions[6].hidden = True   # 威县 (data rows start at Excel row 5)
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


def _post(app: Dash, client: FlaskClient, transfer: dict | None, staged: dict | None, trigger: str,
          include_hidden: bool) -> TestResponse:
    body = callback_body(app, UPLOAD,
                         inputs={"upload-transfer.data": transfer, "upload-map-apply.n_clicks": None,
                                 "upload-include-hidden.checked": include_hidden},
                         state={"upload-staged.data": staged, "upload-lang.data": "zh"})
    body["changedPropIds"] = body["parsedChangedPropsIds"] = [trigger]
    body["state"] += [[], []]  # the mapping selects (pattern-matching ALL): none on the page
    return client.post("/_dash-update-component", json=body)


def _submit(app: Dash, client: FlaskClient, staged: dict) -> TestResponse:
    body = callback_body(app, "upload-submit-result.children", inputs={"upload-submit.n_clicks": 1},
                         state={"upload-staged.data": staged, "upload-note.value": "", "upload-lang.data": "zh"})
    return client.post("/_dash-update-component", json=body)


def _revision_figures(app: Dash, rev: int) -> list:
    from data import store
    from data.db import reading
    from server.context import EXT

    with reading(app.server.extensions[EXT].engine) as conn:
        obs = store.revision_observations(conn, rev)
    return sorted((r.indicator, r.region, float(r.value)) for r in obs.itertuples() if r.indicator == "RD_EXP")


def test_include_hidden_checkbox_reanalyses_and_submits_what_was_previewed(app):
    staff = app.server.test_client()
    login(staff, "staff", add_user(app, "staff", ["uploader"]))
    page = staff.get("/upload")
    assert page.status_code == 200
    transfer = upload_transfer(staff, "hidden.xlsx", _hidden_row_book())
    assert transfer["status"] == 200, transfer

    # The box toggled before any file: nothing to re-analyse (every output left as it is).
    r = _post(app, staff, None, None, "upload-include-hidden.checked", True)
    assert r.status_code == 200 and r.get_json()["response"] == {}, r.text[:300]

    # Unticked (the default): the hidden 威县 row is left out and named.
    r = _post(app, staff, transfer, None, "upload-transfer.data", False)
    assert r.status_code == 200, r.text[:300]
    out = r.get_json()["response"]
    staged = out["upload-staged"]["data"]
    assert staged["include_hidden"] is False
    report = json.dumps(out["upload-report"], ensure_ascii=False)
    assert "隐藏的内容中有数据，未导入：第 6 行（隐藏或被筛选）" in report

    # Ticked: the same staged file read again with the row, said so; the choice travels with the staged file.
    r = _post(app, staff, transfer, staged, "upload-include-hidden.checked", True)
    assert r.status_code == 200, r.text[:300]
    out = r.get_json()["response"]
    ticked = out["upload-staged"]["data"]
    assert ticked == {**staged, "include_hidden": True}
    report = json.dumps(out["upload-report"], ensure_ascii=False)
    assert "隐藏的内容已按要求导入：第 6 行（隐藏或被筛选） 已读取" in report
    assert "未导入：第 6 行" not in report

    # The submit writes what was previewed: 威县's figure is in the batch.
    r = _submit(app, staff, ticked)
    assert "已提交" in json.dumps(r.get_json(), ensure_ascii=False), r.text[:500]
    assert _revision_figures(app, 1) == [("RD_EXP", "130533", 8300.0), ("RD_EXP", "130534", 12305.0),
                                         ("RD_EXP", "130535", 5722.0)]


def test_staged_choice_must_be_a_real_true(app):
    """A tampered Store value ("yes", 1) is not taken as the choice: hidden content stays out."""
    from layouts.upload import _hidden_choice

    assert _hidden_choice({"sha": "x", "include_hidden": True}) is True
    for bad in ({"sha": "x", "include_hidden": "yes"}, {"sha": "x", "include_hidden": 1}, {"sha": "x"}, None, "x"):
        assert _hidden_choice(bad) is False
