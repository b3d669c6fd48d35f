"""Benchmark of the reporting round's reads (issue 14), on a SQLite store holding the demo data.

Measures (median of 5):
  round_state_ms      figures.rounds.round_state for 2026Q3: 18 units × 11 indicators, each cell's state
  form_check_ms       the online form's check as the user types: 11 figures → CSV → service.analyse
  batch_review_ms     data.workflow.review.batch_review of an 11-figure batch (old value, 同比, last period)
  provenance_ms       data.workflow.provenance.provenance of one figure
Last line: one JSON object.

Run: .venv/bin/python bench/rounds.py
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def timed(fn, n: int = 5) -> float:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(out), 1)


def main() -> None:
    from data.bootstrap import ensure_database
    from data.db import make_engine, reading
    from data.imports import service
    from data.workflow import form, provenance, review
    from data.workflow.rounds import expected_indicators, group_members
    from figures.rounds import round_state

    with tempfile.TemporaryDirectory() as tmp:
        eng = make_engine(f"sqlite:///{Path(tmp) / 'b.sqlite'}")
        ensure_database(eng, load_demo=True)
        with reading(eng) as conn:
            inds = expected_indicators(conn, "2026Q3", group_members(conn, "130500"))
            ref = form.reference(conn, "130534", "2026Q3", inds)
        values = {r.indicator: round(r.last_year * 1.05) for r in ref.itertuples()}
        name, data = form.form_file("130534", "清河县", "2026Q3", values)

        def check():
            with reading(eng) as conn:
                return service.analyse(conn, [(name, data)])
        result = check()
        with eng.begin() as conn:
            rev = service.stage(conn, result, "bench", submit=True)
        with reading(eng) as conn:
            figures = {
                "round_state_ms": timed(lambda: round_state(conn, "2026Q3", "130500")),
                "form_check_ms": timed(check),
                "batch_review_ms": timed(lambda: review.batch_review(conn, rev)),
                "provenance_ms": timed(lambda: provenance.provenance(conn, "RD_EXP", "130534", "2026Q2", True)),
            }
        eng.dispose()
    for k, v in figures.items():
        print(f"{k:18s} {v:8.1f} ms")
    print(json.dumps({"bench": "rounds", "figures": len(values), **figures}))


if __name__ == "__main__":
    main()
