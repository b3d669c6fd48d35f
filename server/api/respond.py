"""One answer shape for every list endpoint: JSON {items, total, limit, offset, next} or CSV."""
from __future__ import annotations

import json
import math
from urllib.parse import urlencode

import pandas as pd
from flask import Response, request
from flask.json.provider import DefaultJSONProvider

from server.api import params
from server.exports.csv_safe import to_csv

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000

PAGE_PARAMS_DOC = ("limit", "offset", "format")


def wants_csv() -> bool:
    """True when the client asked for CSV: ?format=csv, or an Accept header preferring text/csv
    (ties and */* go to JSON). Raises UserError (400) for another ?format.
    """
    fmt = params.choice("format", ("json", "csv"))
    if fmt:
        return fmt == "csv"
    # Ties (*/* or no Accept) go to JSON, the first offer.
    return request.accept_mimetypes.best_match(["application/json", "text/csv"]) == "text/csv"


def page_bounds() -> tuple[int, int]:
    """(limit, offset) of a listing from the query: limit 1..MAX_LIMIT (default DEFAULT_LIMIT),
    offset 0..10^9. Raises UserError (400) out of range.
    """
    return params.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), params.integer("offset", 0, 0, 10**9)


def listing(frame: pd.DataFrame, meta: dict | None = None, filename: str = "data.csv", *,
            total: int | None = None) -> Response:
    """Paginate `frame` by limit/offset and answer in JSON or CSV. With `total`, `frame` is already the page
    (page_bounds()) of `total` rows."""
    csv_wanted = wants_csv()
    limit, offset = page_bounds()
    if total is None:
        total, page = len(frame), frame.iloc[offset:offset + limit]
    else:
        page = frame
    nxt = _page_url(offset + limit, limit) if offset + limit < total else None
    if csv_wanted:
        resp = Response(to_csv(page), mimetype="text/csv")
        resp.headers["Content-Disposition"] = f"attachment; filename={filename}"
        resp.headers["X-Total-Count"] = str(total)
        if nxt:
            resp.headers["Link"] = f'<{nxt}>; rel="next"'
        return resp
    body = {"total": total, "limit": limit, "offset": offset, "next": nxt, **(meta or {}),
            "items": records(page)}
    return json_response(body)


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of `frame` as JSON-ready dicts: NaN/NaT/pd.NA become None, numpy scalars plain Python."""
    cols = list(frame.columns)
    data = [frame[c].astype(object).tolist() for c in cols]
    return [{c: _plain(v) for c, v in zip(cols, row)} for row in zip(*data)]


def _plain(v: object):
    if v is None or v is pd.NA:
        return None
    if isinstance(v, (list, tuple)):
        return list(v)
    if hasattr(v, "item") and not isinstance(v, str):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def plain_json(value: object):
    """`value` with everything JSON cannot hold made plain: NaN/±inf, NaT, pd.NA -> null; timestamps and
    dates -> ISO 8601; numpy scalars -> Python numbers. Dicts, lists and tuples are walked."""
    if isinstance(value, dict):
        return {k: plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "isoformat"):
        try:
            return None if pd.isna(value) else value.isoformat()
        except (TypeError, ValueError):
            return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str):
        return plain_json(value.item())
    return value


def json_response(body: object, status: int = 200) -> Response:
    """Strict JSON (RFC 8259): never a bare NaN, Infinity or "NaT" in the body (`JSON.parse` rejects them)."""
    return Response(json.dumps(plain_json(body), ensure_ascii=False, default=str, allow_nan=False), status=status,
                    mimetype="application/json")


def _page_url(offset: int, limit: int) -> str:
    args = [(k, v) for k, vs in request.args.lists() for v in vs if k not in ("offset", "limit")]
    args += [("limit", str(limit)), ("offset", str(offset))]
    return request.base_url + "?" + urlencode(args)


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's `jsonify` for the whole app, strict like `json_response`: NaN/±inf, NaT and pd.NA are null,
    timestamps ISO 8601 (every JSON answer parses with `JSON.parse`, whichever route made it)."""

    def dumps(self, obj: object, **kwargs) -> str:
        """`obj` as strict JSON text: NaN and infinities are refused (allow_nan=False) after plain_json()."""
        kwargs.setdefault("ensure_ascii", self.ensure_ascii)
        kwargs.setdefault("sort_keys", self.sort_keys)
        kwargs.setdefault("default", self.default)
        return json.dumps(plain_json(obj), allow_nan=False, **kwargs)
