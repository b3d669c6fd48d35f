"""Helpers the import tests import by name (never `from conftest import …`: that depends on collection order)."""
from __future__ import annotations


def problems(result, rule=None):
    """The problems of an analysed import (DataFrame of data.imports.problems.PROBLEM_COLUMNS), of one rule."""
    p = result.problems
    return p if rule is None else p[p["rule"] == rule]
