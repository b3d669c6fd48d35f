"""The corpus (tests/imports/corpus/corpus_builders.py): ≥ 30 workbooks built in code, each with its
literal expected table or exact errors; and the cell accounting adds up on every corpus workbook and
every shared case."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
from corpus_builders import CORPUS, TODAY  # noqa: E402

CASES = Path(__file__).resolve().parent / "cases"


def table(result):
    o = result.obs.sort_values(["indicator", "region"])
    return sorted((r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value)) for r in o.itertuples())


def test_the_corpus_has_at_least_thirty_workbooks():
    assert len(CORPUS) >= 30
    assert len({c.name for c in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[c.name for c in CORPUS])
def test_corpus_workbook(analyse, case):
    r = analyse((case.name, case.build()), today=TODAY, **case.options)
    errors = sorted(r.errors["rule"])
    warnings = sorted(r.warnings["rule"])
    assert (table(r), errors, warnings) == (sorted(case.table), sorted(case.errors), sorted(case.warnings)), \
        r.problems[["severity", "rule", "sheet", "cell", "value", "message_zh"]].to_string()
    if case.message:
        assert any(case.message in m for m in r.errors["message_zh"])
    c = r.counts()["cells"]
    assert c["imported"] + c["structure"] + c["refused"] == c["total"]
    assert (c["refused"] > 0) == bool(case.errors or {"hidden_data"} & set(case.warnings)) or "bad_file" in errors


@pytest.mark.parametrize("path", sorted(CASES.glob("*.xlsx")), ids=lambda p: p.name)
def test_every_shared_case_accounts_for_every_cell(analyse, path):
    r = analyse((path.name, path.read_bytes()), today=TODAY)
    c = r.counts()["cells"]
    assert c["total"] > 0
    assert c["imported"] + c["structure"] + c["refused"] == c["total"]
    assert sum(c["structure_kinds"].values()) == c["structure"]
