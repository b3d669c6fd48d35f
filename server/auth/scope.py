"""Region scopes: which regions an account may write figures and mappings for (the hook the guard offers).

An account's scope is its `region_scope` attribute when it has one, else its bindings in `user_regions`
(data.workflow.scopes, the region-scoped uploader accounts). No scope, or an empty one, means every region. Every write path that names regions
(the mapping step today; staging and publishing once scoped accounts exist) asks `require_regions`,
so pages, callbacks, the API and the CLI refuse the same things.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from collections.abc import Iterable

from data.errors import UserError

if TYPE_CHECKING:
    from server.auth.users import User


def region_scope(user: User | None = None) -> frozenset[str] | None:
    """The codes `user` (default: the current account) may write, or None for every region."""
    if user is None:
        from server.auth.guard import current_account

        user = current_account()
    if user is None:
        return None
    scope = getattr(user, "region_scope", None)
    if scope is None and getattr(user, "username", None):  # accounts bound to regions (data.workflow.scopes)
        from data.db import reading
        from data.workflow import scopes
        from server.context import engine

        with reading(engine()) as conn:
            scope = scopes.regions_of(conn, user.username)
    if isinstance(scope, str):
        scope = [c for c in scope.replace("|", ",").split(",") if c.strip()]
    return frozenset(str(c).strip() for c in scope) if scope else None


def out_of_scope(codes: Iterable[str], scope: frozenset[str] | None) -> list[str]:
    """The codes outside `scope` (sorted, unique); none when the scope is every region."""
    if scope is None:
        return []
    return sorted({str(c) for c in codes if c is not None} - scope)


def require_regions(codes: Iterable[str], user: User | None = None) -> None:
    """Raise UserError (403) naming the regions outside the account's scope."""
    outside = out_of_scope(codes, region_scope(user))
    if outside:
        listed = "、".join(outside[:10])
        raise UserError(f"您的账号只能处理本辖区的数据，以下地区不在范围内：{listed}",
                        f"Your account may only handle its own regions; outside your scope: {', '.join(outside[:10])}",
                        status=403)
