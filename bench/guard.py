"""The role guard's cost per callback request: roles from the table made at app creation (now) against
working them out from the registration on every request (before), and the body shape check.

    python bench/guard.py            # prints figures, then one JSON line

Each figure is the mean over every registered callback, repeated; microseconds per request.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from server.auth import callbacks  # noqa: E402
from server.settings import Settings  # noqa: E402

ROUNDS = 200


def main() -> dict:
    app = create_app(Settings(instance_path=Path(tempfile.mkdtemp()), database_url="", demo=False))
    cmap = app.callback_map
    keys = list(cmap)
    sys.path.insert(0, str(ROOT / "tests" / "auth"))
    from test_callback_fuzz import base_body

    bodies = {k: base_body(k, cmap[k]) for k in keys}
    n = ROUNDS * len(keys)
    t0 = time.perf_counter()
    for _ in range(ROUNDS):
        for k in keys:
            callbacks.roles_for(app.server, cmap, k)
    table_us = (time.perf_counter() - t0) / n * 1e6
    t0 = time.perf_counter()
    for _ in range(ROUNDS):
        for k in keys:
            callbacks.declared_roles(cmap[k])
    recompute_us = (time.perf_counter() - t0) / n * 1e6
    t0 = time.perf_counter()
    for _ in range(ROUNDS):
        for k in keys:
            callbacks.check_body(bodies[k], cmap[k])
    check_us = (time.perf_counter() - t0) / n * 1e6
    out = {"callbacks": len(keys), "roles_from_table_us": round(table_us, 2),
           "roles_recomputed_us": round(recompute_us, 2), "body_check_us": round(check_us, 2)}
    print(f"callbacks registered: {len(keys)}")
    print(f"roles from the creation-time table: {table_us:.2f} µs/request")
    print(f"roles recomputed per request (before): {recompute_us:.2f} µs/request")
    print(f"body shape check: {check_us:.2f} µs/request")
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
