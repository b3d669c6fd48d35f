"""Issue 16 point 3 (guard part): the ids the role guard reads are named constants, and the roles of every
callback are worked out once at app creation, not per request."""
from server.auth import callbacks
from server.auth.roles import (
    ADMIN, ADMIN_ID, APPROVER, REVIEW_ID, TARGETS_EDIT_ID, UPLOAD_ID, UPLOADER, role_for_id,
)

from auth_helpers import callback_body


def test_id_constants_name_the_prefixes_pages_use():
    assert (UPLOAD_ID + "file", REVIEW_ID + "publish", ADMIN_ID + "users-table") == (
        "upload-file", "review-publish", "admin-users-table")
    assert [role_for_id(p + "x") for p in (UPLOAD_ID, REVIEW_ID, ADMIN_ID, TARGETS_EDIT_ID)] == [
        UPLOADER, APPROVER, ADMIN, ADMIN]
    assert role_for_id({"type": REVIEW_ID + "row", "index": 3}) == APPROVER and role_for_id("overview-x") is None


def test_roles_are_worked_out_once_at_creation(app, client_as, monkeypatch):
    table = app.server.extensions[callbacks.ROLE_TABLE]
    assert set(table) == set(app.callback_map)  # every registered callback, before any request
    upload = next(k for k in app.callback_map if "upload-report.children" in k)
    review = next(k for k in app.callback_map if "review-modal.opened" in k)
    assert table[upload] == {UPLOADER} and table[review] == {APPROVER}

    def recomputed(_spec: dict) -> frozenset[str]:
        raise AssertionError("roles recomputed during a request")
    monkeypatch.setattr(callbacks, "declared_roles", recomputed)
    body = callback_body(app, upload, {"upload-transfer.data": None, "upload-map-apply.n_clicks": 1,
                                      "upload-include-hidden.checked": False})
    assert client_as("viewer").post("/_dash-update-component", json=body).status_code == 403
    body = callback_body(app, review, {"review-publish.n_clicks": 1})
    assert client_as("uploader").post("/_dash-update-component", json=body).status_code == 403
