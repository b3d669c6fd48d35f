"""Security headers on every response, including a Content-Security-Policy Dash works under.

script-src has no 'unsafe-inline' and no 'unsafe-eval': Dash's index page carries a few inline
scripts (the renderer bootstrap and inline clientside callbacks); their sha256 hashes are added per
response from the HTML actually sent. style-src needs 'unsafe-inline' because Mantine and Plotly
inject <style> elements at run time. Maps (MapLibre) need blob: workers and data:/blob: images.
"""
from __future__ import annotations

import base64
import hashlib
import re

from flask import Response, request

from server.context import settings

_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r'type\s*=\s*["\']application/json["\']', re.I)

BASE_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}
STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/", "/_favicon.ico")


def inline_script_hashes(html: str) -> list[str]:
    """The CSP source expressions ('sha256-…', base64) of the executable inline <script> bodies in
    `html`; data blocks (type=application/json and the like) and empty scripts are left out.
    """
    out = []
    for attrs, body in _INLINE_SCRIPT.findall(html):
        if _DATA_TYPE.search(attrs) or not body.strip():
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        out.append(f"'sha256-{digest}'")
    return out


def content_security_policy(html: str | None = None) -> str:
    """The Content-Security-Policy header value: BASE_POLICY, with script-src extended by the hashes
    of `html`'s inline scripts (no 'unsafe-inline').
    """
    policy = dict(BASE_POLICY)
    if html:
        hashes = inline_script_hashes(html)
        if hashes:
            policy["script-src"] += " " + " ".join(dict.fromkeys(hashes))
    return "; ".join(f"{k} {v}" for k, v in policy.items())


def add_security_headers(resp: Response) -> Response:
    """Add the security headers to every response: CSP (hashing the page's inline scripts),
    nosniff, SAMEORIGIN framing, same-origin referrer and opener, no camera/microphone/geolocation, and HSTS
    when HTTPS is set.
    """
    html = None
    if resp.mimetype == "text/html" and not resp.direct_passthrough:
        html = resp.get_data(as_text=True)
    resp.headers["Content-Security-Policy"] = content_security_policy(html)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["X-Frame-Options"] = "SAMEORIGIN"
    resp.headers["Referrer-Policy"] = "same-origin"
    resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    resp.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if settings().https:
        resp.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if not request.path.startswith(STATIC_PREFIXES) and "Cache-Control" not in resp.headers:
        resp.headers["Cache-Control"] = "no-store"  # pages hold figures and names: not for shared caches
    return resp
