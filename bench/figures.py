"""Benchmark of the read layer (figures/) on the demo data: one ranking (cold, then warm: the group block is
memoised on the snapshot), one meeting sentence, and the whole walk of every indicator × period × measure that
tests/figures/test_one_road.py checks, with the share of the notes each ranking carries (figures.notes).

Run: .venv/bin/python bench/figures.py      Last line: one JSON object.
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.catalogue import load_indicators, load_regions, total_parts  # noqa: E402
from data.demo import demo_annotations, demo_observations, demo_targets  # noqa: E402
from data.snapshot import Snapshot  # noqa: E402
from figures.notes import note_records  # noqa: E402
from figures.ranking import MEASURES, _block, indicator_row, members, periods, ranking  # noqa: E402
from figures.sentences import ranking_sentence  # noqa: E402
from indicators.pipeline import build_analysis  # noqa: E402

HOME, GROUP = "130534", "130500"


def main() -> None:
    obs, regions, ann = demo_observations(), load_regions(), demo_annotations()
    analysis = build_analysis(obs, load_indicators(), regions, ann, total_parts=total_parts(regions))
    snap = Snapshot(1, None, obs, analysis, demo_targets(), ann, True, regions)
    t = time.perf_counter()
    ranking(snap, "RD_EXP", "2023", "yoy", home=HOME, group=GROUP)
    cold = (time.perf_counter() - t) * 1000
    warm = []
    for _ in range(20):
        t = time.perf_counter()
        r = ranking(snap, "RD_EXP", "2023", "yoy", home=HOME, group=GROUP)
        warm.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    ranking_sentence(r, regions)
    sentence = (time.perf_counter() - t) * 1000
    cases = [(c, p, m) for c in load_indicators()["code"] for p in periods(snap, c, GROUP) for m in MEASURES]
    t = time.perf_counter()
    for c, p, m in cases:
        ranking(snap, c, p, m, home=HOME, group=GROUP)
    walk = time.perf_counter() - t
    # the notes each ranking carries (figures.notes.note_records over the group's block): their share of the walk
    expected = tuple(members(regions, GROUP))
    rows = {c: _block(snap, GROUP, c, expected).rows for c in {c for c, _, _ in cases}}
    inds = {c: indicator_row(c) for c in rows}
    t = time.perf_counter()
    for c, p, _ in cases:
        note_records(snap, inds[c], p, list(expected), rows=rows[c])
    notes = time.perf_counter() - t
    out = {"ranking_cold_ms": round(cold, 1), "ranking_warm_median_ms": round(statistics.median(warm), 1),
           "sentence_ms": round(sentence, 1), "walk_cases": len(cases), "walk_s": round(walk, 1),
           "walk_per_case_ms": round(walk / len(cases) * 1000, 1), "notes_walk_s": round(notes, 2),
           "notes_per_case_ms": round(notes / len(cases) * 1000, 2)}
    print(f"one ranking: {out['ranking_cold_ms']} ms cold, {out['ranking_warm_median_ms']} ms warm (median of 20)")
    print(f"one sentence: {out['sentence_ms']} ms")
    print(f"walk: {len(cases)} rankings in {out['walk_s']} s ({out['walk_per_case_ms']} ms each)")
    print(f"notes: {out['notes_walk_s']} s of the walk ({out['notes_per_case_ms']} ms each)")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
