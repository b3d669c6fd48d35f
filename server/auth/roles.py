"""The four roles, what each may touch, and which component ids / pages belong to which role."""
from __future__ import annotations
from typing import TYPE_CHECKING

from data.errors import UserError

if TYPE_CHECKING:
    from collections.abc import Iterable

VIEWER, UPLOADER, APPROVER, ADMIN = "viewer", "uploader", "approver", "admin"
ROLES = (VIEWER, UPLOADER, APPROVER, ADMIN)
ROLE_ZH = {VIEWER: "查看", UPLOADER: "上传", APPROVER: "审核", ADMIN: "管理"}

# Component id prefixes the role guard reads (docs/DEVELOPING.md): a callback writing to a component whose
# id starts with one needs the role. Pages name their protected ids with these constants
# (`UPLOAD_ID + "file"` == "upload-file"); ids written out in full ("upload-file") are the same ids.
UPLOAD_ID, REVIEW_ID, ADMIN_ID, TARGETS_EDIT_ID = "upload-", "review-", "admin-", "targets-edit-"
PREFIX_ROLES = ((UPLOAD_ID, UPLOADER), (REVIEW_ID, APPROVER), (ADMIN_ID, ADMIN), (TARGETS_EDIT_ID, ADMIN))

# Pages whose content is refused to other roles (the layout is rendered on the server per request).
PAGE_ROLES = {"/upload": UPLOADER, "/review": APPROVER, "/admin": ADMIN, "/form": UPLOADER, "/notes": APPROVER}


def parse_roles(value: str | Iterable[str] | None) -> list[str]:
    """'viewer,uploader' or ['viewer', 'uploader,approver'] -> ordered, validated, unique list."""
    items = value.split(",") if isinstance(value, str) else [p for v in (value or []) for p in str(v).split(",")]
    roles = []
    for r in (i.strip().lower() for i in items):
        if not r:
            continue
        if r not in ROLES:
            raise UserError(f"未知角色：{r}（可选：{', '.join(ROLES)}）", f"Unknown role: {r}")
        if r not in roles:
            roles.append(r)
    return sorted(roles, key=ROLES.index)


def role_for_id(component_id: str | dict) -> str | None:
    """The role a component id needs: plain string ids by prefix; dict ids by any of their string values."""
    values = component_id.values() if isinstance(component_id, dict) else [component_id]
    for v in values:
        if isinstance(v, str):
            for prefix, role in PREFIX_ROLES:
                if v.startswith(prefix):
                    return role
    return None
