"""Place names by one rule (figures.ranking.region_names), read by the pages (layouts.model), the ranking's
rows and the exports: literal expected names."""
from __future__ import annotations

import pandas as pd

from figures.ranking import region_name, region_names

REGIONS = pd.DataFrame({
    "code": ["130534", "130582", "139901"],
    "name": ["清河县", "沙河市", "某新区"],
    "short_name": ["清河", "沙河", None],          # a store's region without a short name
    "name_en": ["Qinghe County", "Shahe City", None],  # … and without an English name
})


def test_names_in_each_language_and_form():
    assert region_names(REGIONS) == {"130534": "清河县", "130582": "沙河市", "139901": "某新区"}
    assert region_names(REGIONS, short=True) == {"130534": "清河", "130582": "沙河", "139901": "某新区"}
    en = {"130534": "Qinghe County", "130582": "Shahe City", "139901": "某新区"}
    assert region_names(REGIONS, "en") == region_names(REGIONS, "en", short=True) == en
    assert region_names(REGIONS.drop(columns="name_en"), "en") == region_names(REGIONS)


def test_one_name_and_an_unknown_code():
    assert region_name(REGIONS, "130534", "en") == "Qinghe County"
    assert region_name(REGIONS, "130582", short=True) == "沙河"
    assert region_name(REGIONS, "999999") == "999999"


def test_pages_read_the_same_rule(figures_app):
    from layouts import model

    with figures_app.server.test_request_context("/"):
        snap = model.snapshot()
        for lang in ("zh", "en"):
            for short in (False, True):
                assert model.region_names(short, snap, lang) == region_names(snap.regions, lang, short)
        assert model.region_name("130534", snap=snap, lang="en") == "Qinghe County"
        assert model.region_name("130534", short=True, snap=snap) == "清河"
