"""Helpers the import tests import by name (never `from conftest import …`: that depends on collection order)."""
from __future__ import annotations


def problems(result, rule=None):
    """The problems of an analysed import (DataFrame of data.imports.problems.PROBLEM_COLUMNS), of one rule."""
    p = result.problems
    return p if rule is None else p[p["rule"] == rule]


def stored(result, by: str = "cell") -> list[tuple]:
    """The figures an analysed import would store, as literal tuples (indicator, region, period, 累计, value, cell),
    sorted by indicator, region and then `by` ("cell" or "period")."""
    if result.obs.empty:
        return []
    o = result.obs.sort_values(["indicator", "region", by])
    return [(r.indicator, r.region, r.period, bool(r.is_ytd), float(r.value), r.cell) for r in o.itertuples()]


def refusals(result) -> list[tuple]:
    """The errors of an analysed import as sorted (rule, cell, value) tuples."""
    return sorted((p.rule, p.cell, p.value) for p in result.errors.itertuples())


def publish(engine, rows) -> None:
    """Publish `rows` (tuples of indicator, region, period, period_kind, is_ytd, value) as one final revision made
    by "seed" and approved by "seed-approver": the store an import is checked against."""
    import pandas as pd

    from data import store

    df = pd.DataFrame(rows, columns=["indicator", "region", "period", "period_kind", "is_ytd", "value"])
    with engine.begin() as conn:
        rev = store.create_revision(conn, df.assign(status="final"), created_by="seed")
        store.publish(conn, rev, "seed-approver", allow_draft=True)


def long_rows(*rows) -> tuple[str, bytes]:
    """("t.xlsx", a long-template workbook) of `rows`, each padded with blanks to the template's 10 columns."""
    from workbooks import long_form

    return ("t.xlsx", long_form([list(r) + [""] * (10 - len(r)) for r in rows]))
