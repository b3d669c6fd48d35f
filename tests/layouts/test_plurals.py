"""English count phrases agree with their count ("1 figure", "2 figures"), through one helper
(`indicators.formatting.plural_en`, written in the catalogue as `{n:plural:one|other}`), over the whole catalogue."""
from __future__ import annotations

import re
import string

import pytest

from indicators.formatting import plural_en
from texts.i18n import MESSAGES, t

# Placeholders that are never counts (names, codes, dates, periods, formatted values): a number put there is no
# count, so "{home} ranks" or "{year} targets" is no plural slip.
NOT_COUNTS = {"a", "annual", "as_of", "asked", "at", "b", "batch", "by", "cells", "code", "comment", "date", "detail", "done",
              "due", "end", "file", "first", "fix", "group", "home", "id", "indicator", "label", "last", "m", "made",
              "measure", "msg", "name", "names", "note", "pct", "period", "q", "rank", "rate", "reason", "region",
              "rest", "rev", "role", "sheet", "shown", "size", "source", "start", "unit", "units", "user", "value",
              "version", "what", "when", "where", "who", "year", "years", "ytd", "kind", "text"}
# English words ending in s that are no plural noun (verbs agreeing with a singular count among them).
NOT_PLURALS = {"is", "was", "has", "does", "its", "this", "thus", "plus", "as", "us", "status", "across",
               "replaces", "stays", "goes", "ranks", "remains", "s"}
SPEC = re.compile(r"\{(\w+):plural:([^|{}]*)\|([^{}]*)\}")


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def t_text(text: str, count) -> str:
    """The English text with every count placeholder = count and every other one = "X"."""
    from texts.i18n import _FORMATTER

    values = {f: (count if f not in NOT_COUNTS else ("X" if f != "size" else 1.0)) for f in _fields(text)}
    return _FORMATTER.format(text, **values)


@pytest.mark.parametrize(("n", "expected"), [
    (0, "figures"), (1, "figure"), (2, "figures"), (1.0, "figure"), (1.5, "figures"), (-1, "figure"),
    ("1", "figure"), ("1,234", "figures"), ("11", "figures"), ("—", "figures"), (21, "figures"),
])
def test_plural_en_literal_table(n, expected):
    assert plural_en(n, "figure", "figures") == expected


def test_counts_render_as_english_writes_them():
    assert t("upload.counts", "en", rows=1, errors=0, warnings=2) == "1 figure; 0 errors, 2 warnings"
    assert t("upload.counts", "en", rows=347, errors=1, warnings=1) == "347 figures; 1 error, 1 warning"
    assert t("data.count", "en", n=1) == "1 row"
    assert t("data.count", "en", n="1,234") == "1,234 rows"
    assert t("export.footnote.missing", "en", n=1) == "1 region has no figures and is not shown."
    assert t("brief.overall_top", "en", k=1, names="R&D") == " 1 indicator ranks in the city's top three: R&D."
    assert t("wf.bell", "en", n=1) == "1 unread notification"
    # Chinese has no plural: the zh text is untouched
    assert t("upload.counts", "zh", rows=1, errors=0, warnings=2) == "共 1 个数值；错误 0 个，警告 2 个"


def test_no_english_count_phrase_disagrees_with_its_count():
    """Every en text, its counts set to 1: no "1 <plural noun>"; set to 2: no "2 <singular of a plural spec>"."""
    singulars = {m.group(2).split()[0] for e in MESSAGES.values() for m in SPEC.finditer(e["en"])}
    slips = []
    for key, entry in MESSAGES.items():
        en = entry["en"]
        if not _fields(en) - NOT_COUNTS:
            continue
        one, two = t_text(en, 1), t_text(en, 2)
        for m in re.finditer(r"\b1 (?:[A-Za-z&-]+ ){0,2}?([a-z]+s)\b", one):
            if m.group(1) not in NOT_PLURALS:
                slips.append(f"{key}: {one!r}")
        for m in re.finditer(r"\b2 ([a-z]+)\b", two):
            if m.group(1) in singulars:
                slips.append(f"{key}: {two!r}")
    assert not slips, slips


def test_plural_specs_are_well_formed_and_english_only():
    for key, entry in MESSAGES.items():
        assert "plural:" not in entry["zh"], f"{key}: Chinese has no plural forms"
        for m in SPEC.finditer(entry["en"]):
            assert m.group(2) and m.group(3) and m.group(2) != m.group(3), f"{key}: {m.group(0)}"
        assert entry["en"].count(":plural:") == len(SPEC.findall(entry["en"])), f"{key}: malformed plural spec"
