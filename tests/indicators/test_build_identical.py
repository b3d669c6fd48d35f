"""The analysis build gives today's result (issue 18 §2: faster, and identical): every column of the frame built
from the demo data, two seeded random samples and a complete province has the dtype and the row hashes recorded in
golden/build_digests.json, written on the build before the issue 18 rewrite (see build_digests.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_digests import SOURCES, build, digests

RECORDED = json.loads((Path(__file__).parent / "golden" / "build_digests.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("source", SOURCES)
def test_the_build_equals_the_recorded_one_column_by_column(source):
    got, want = digests(build(source)), RECORDED[str(source)]
    assert got["rows"] == want["rows"]
    assert list(got["columns"]) == list(want["columns"])
    differing = [c for c in want["columns"] if got["columns"][c] != want["columns"][c]]
    assert differing == []


def test_the_digest_sees_a_changed_figure():
    frame = build("demo")
    before = digests(frame)["columns"]["value"]
    frame.loc[frame.index[7], "value"] = frame["value"].iloc[7] + 0.001   # one figure off in its third decimal
    assert digests(frame)["columns"]["value"] != before
