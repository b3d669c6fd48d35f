"""A small registry of documented HTTP operations: the OpenAPI spec is generated from it.

Routes declare their query parameters and response schema next to the view function, so the spec
cannot drift from what the code accepts. Operations served by other packages (the imports upload)
are declared here with `document()` so the one spec covers the whole API.
"""
from __future__ import annotations
from typing import TYPE_CHECKING

from dataclasses import dataclass, field
from typing import Callable

if TYPE_CHECKING:
    from flask import Blueprint


@dataclass(frozen=True)
class Param:
    """One documented request parameter: its JSON schema (or a callable that builds it from the
    catalogue when the spec is built), where it goes (query | path) and whether it repeats.
    """
    name: str
    schema: dict | Callable[[], dict]  # a callable is resolved when the spec is built (catalogue enums)
    description: str = ""
    location: str = "query"  # query | path
    required: bool = False
    many: bool = False  # repeatable and comma-separated: ?region=a,b or ?region=a&region=b

    def openapi(self) -> dict:
        """The parameter as an OpenAPI parameter object (arrays explode as form style)."""
        base = self.schema() if callable(self.schema) else self.schema
        schema = {"type": "array", "items": base} if self.many else base
        out = {"name": self.name, "in": self.location, "required": self.required or self.location == "path",
               "schema": schema, "description": self.description}
        if self.many:
            out.update(style="form", explode=True)
        return out


@dataclass(frozen=True)
class Operation:
    """One documented API operation: method, OpenAPI path, summary, tag, parameters, the JSON schema
    of a 200 body (or a full `responses` override) and whether it also answers text/csv.
    """
    method: str
    path: str  # OpenAPI path, e.g. /api/v1/regions/{code}
    summary: str
    tag: str
    params: tuple[Param, ...] = ()
    response: dict = field(default_factory=dict)  # JSON schema of a 200 body
    csv: bool = False  # also answers text/csv
    request_body: dict | None = None
    responses: dict | None = None  # full override of the responses object
    description: str = ""


OPERATIONS: list[Operation] = []  # filled at import time from declarations only: no runtime state


def document(op: Operation) -> Operation:
    """Add `op` to OPERATIONS once (the same method and path are kept only the first time); returns `op`."""
    if not any(o.method == op.method and o.path == op.path for o in OPERATIONS):
        OPERATIONS.append(op)
    return op


def operation(blueprint: Blueprint, rule: str, **kwargs) -> Callable:
    """Register a GET route on `blueprint` and document it. rule uses Flask syntax (<code>)."""
    path = blueprint.url_prefix + rule.replace("<", "{").replace(">", "}")
    op = document(Operation(method="get", path=path, **kwargs))

    def wrap(view: Callable) -> Callable:
        view.operation = op
        blueprint.add_url_rule(rule, view_func=_declared_only(view, op), endpoint=view.__name__, methods=["GET"])
        return view
    return wrap


# Names a view reads beside its documented ones: within_reported is the name the rankings answer carries the
# choice under (server.api.params.within_reported); lang words the error messages of every operation.
_ALIASES = {"within": ("within_reported",)}
_EVERYWHERE = ("lang",)


def _declared_only(view: Callable, op: Operation) -> Callable:
    """`view`, refusing (400, UserError) a query parameter its operation does not declare: ?group=130100 on
    /rankings was ignored and 邢台's ranking answered as if it were 石家庄's (refuse rather than guess)."""
    import functools

    known = {p.name for p in op.params if p.location == "query"} | set(_EVERYWHERE)
    known |= {a for p in op.params for a in _ALIASES.get(p.name, ())}

    @functools.wraps(view)
    def checked(*args, **kwargs):
        from flask import request

        from data.errors import UserError

        unknown = [k for k in request.args if k not in known]
        if unknown:
            raise UserError(f"不支持的参数：{'、'.join(unknown[:5])}（可用参数：{'、'.join(sorted(known))}）",
                            f"Unsupported parameter(s): {', '.join(unknown[:5])} (accepted: {', '.join(sorted(known))})")
        return view(*args, **kwargs)
    return checked
