"""One written form of a link's query string: full-width digits and letters typed with a Chinese input method
(?period=２０２５, ?indicator=ＲＤ＿ＥＸＰ) are the ASCII a period label or a code is made of. A GET whose query
string changes under Unicode NFKC is redirected (308) to its NFKC form, so pages, the API and the exports read
one value: before, ２０２５ passed the API's period check (Python's \\d matches every script's digits) and every
road answered "no data" or "已报 0/18" for a year all 18 units had reported."""
from __future__ import annotations
from typing import TYPE_CHECKING

import unicodedata
from urllib.parse import parse_qsl, urlencode

from flask import redirect, request

if TYPE_CHECKING:
    from flask import Flask


def nfkc_pairs(query: str) -> list[tuple[str, str]]:
    """The query string's (key, value) pairs, each in NFKC (blank values kept, order kept)."""
    return [(unicodedata.normalize("NFKC", k), unicodedata.normalize("NFKC", v))
            for k, v in parse_qsl(query, keep_blank_values=True)]


def init_app(server: Flask) -> None:
    """Redirect a GET or HEAD whose query string is not in NFKC to the same path with it in NFKC."""

    @server.before_request
    def _nfkc_query():
        if request.method not in ("GET", "HEAD") or not request.query_string:
            return None
        raw = request.query_string.decode("utf-8", "replace")
        pairs = parse_qsl(raw, keep_blank_values=True)
        normal = nfkc_pairs(raw)
        if normal == pairs:
            return None
        return redirect(f"{request.path}?{urlencode(normal)}", code=308)
