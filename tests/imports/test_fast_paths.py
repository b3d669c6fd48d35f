"""The import's faster helpers (issue 12 §9) give exactly what the plain pandas calls they replace give."""
from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from data.frames import Distinct, factorize_keep_na, map_distinct
from data.imports.validate import KEY, _KeyLookup

CELLS = st.one_of(st.none(), st.just(float("nan")), st.floats(allow_nan=False, width=32), st.text(max_size=3),
                  st.integers(-3, 3), st.booleans(), st.just(pd.NaT))


@settings(max_examples=400, deadline=None)
@given(st.lists(CELLS, max_size=12), st.sampled_from(["object", None, "str", "float"]))
def test_factorize_keep_na_is_pandas_factorize_keeping_na(values, dtype):
    try:
        s = pd.Series(values, dtype=dtype)
    except (TypeError, ValueError):
        return
    for v in (s, s.to_numpy()):
        want_codes, want_uniq = pd.factorize(v, use_na_sentinel=False)
        codes, uniq = factorize_keep_na(v)
        assert codes.tolist() == want_codes.tolist()
        assert type(uniq) is type(want_uniq)
        assert [type(x) for x in uniq] == [type(x) for x in want_uniq]
        assert all(x is y or x == y or (x != x and y != y) for x, y in zip(uniq, want_uniq))


def test_factorize_keep_na_literal():
    codes, uniq = factorize_keep_na(pd.Series(["a", None, "b", "a", np.nan], dtype=object))
    assert codes.tolist() == [0, 1, 2, 0, 1]   # pandas codes None and NaN alike
    assert len(uniq) == 3 and uniq[0] == "a" and pd.isna(uniq[1]) and uniq[2] == "b"
    codes, uniq = factorize_keep_na(pd.Series(["x", "y", "x"], dtype=object))
    assert codes.tolist() == [0, 1, 0] and list(uniq) == ["x", "y"]


def _multiindex_lookup(obs: pd.DataFrame, hist: pd.DataFrame, ind, reg, per, ytd) -> pd.Series:
    """What validate.check looked up before _KeyLookup: this file's figures first, then the published ones."""
    ref = obs[[*KEY, "value"]].drop_duplicates(KEY)
    if len(hist):
        ref = pd.concat([ref, hist[[*KEY, "value"]]]).drop_duplicates(KEY, keep="first")
    idx = pd.MultiIndex.from_arrays([ind, reg, per, ytd], names=KEY)
    return pd.Series(ref.set_index(KEY)["value"].reindex(idx).to_numpy(), index=obs.index)


KEYS = st.tuples(st.sampled_from(["RD", "HNTE", "GDP"]), st.sampled_from(["130534", "130502", "130500"]),
                 st.sampled_from(["2023", "2024", "2024Q4", "2024M12"]), st.booleans())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(KEYS, st.floats(allow_nan=True, width=32)), max_size=20),
       st.lists(st.tuples(KEYS, st.floats(allow_nan=True, width=32)), max_size=15),
       st.sampled_from(["2023", "2024Q4", "2025"]))
def test_key_lookup_is_the_multiindex_reindex(hist_rows, obs_rows, other_period):
    hist = pd.DataFrame([(*k, v) for k, v in hist_rows], columns=[*KEY, "value"])
    hist = hist.astype({"value": float, "is_ytd": bool, "indicator": "string", "region": "string",
                        "period": "string"})
    obs = pd.DataFrame([(*k, v) for k, v in obs_rows], columns=[*KEY, "value"])
    obs = obs.astype({"value": float, "is_ytd": bool, "indicator": object, "region": object, "period": "str"})
    obs.index = obs.index * 3 + 7   # obs' own index, kept
    lookup = _KeyLookup(obs, hist)
    for per, ytd in ((obs["period"], obs["is_ytd"]),
                     (pd.Series(other_period, index=obs.index), pd.Series(True, index=obs.index)),
                     (obs["period"].astype("str") + "Q4", pd.Series(False, index=obs.index)),
                     (obs["period"], ~obs["is_ytd"])):   # a flag column of both values, not obs' own
        want = _multiindex_lookup(obs, hist, obs["indicator"], obs["region"], per, ytd)
        got = lookup(obs["indicator"], obs["region"], per, ytd)
        pd.testing.assert_series_equal(got, want, check_names=False)
        # the same periods given coded (codes into their distinct values), as validate passes derived periods
        d = Distinct(per)
        coded = (d.codes, d.values().to_numpy(dtype=object)) if len(per) else (d.codes, np.array([], dtype=object))
        pd.testing.assert_series_equal(lookup(obs["indicator"], obs["region"], coded, ytd), want, check_names=False)


def test_key_lookup_literal():
    hist = pd.DataFrame({"indicator": ["RD", "RD", "HNTE", "RD"], "region": ["130534", "130534", "130502", "130502"],
                         "period": ["2024", "2024Q4", "2024", "2023"], "is_ytd": [False, True, False, False],
                         "value": [15400.0, 15000.0, 69.0, 8383.0]})
    obs = pd.DataFrame({"indicator": ["RD", "HNTE", "RD"], "region": ["130534", "130502", "130502"],
                        "period": ["2024", "2024", "2024"], "is_ytd": [False, False, False],
                        "value": [15500.0, 70.0, 9000.0]}, index=[5, 6, 9])
    lookup = _KeyLookup(obs, hist)
    # the file's own figure first, then the published one
    assert lookup(obs["indicator"], obs["region"], obs["period"], obs["is_ytd"]).tolist() == [15500.0, 70.0, 9000.0]
    q4 = lookup(obs["indicator"], obs["region"], obs["period"] + "Q4", pd.Series(True, index=obs.index))
    assert q4.index.tolist() == [5, 6, 9]
    assert q4.iloc[0] == 15000.0 and np.isnan(q4.iloc[1]) and np.isnan(q4.iloc[2])
    last = lookup(obs["indicator"], obs["region"], pd.Series("2023", index=obs.index), obs["is_ytd"])
    assert np.isnan(last.iloc[0]) and np.isnan(last.iloc[1]) and last.iloc[2] == 8383.0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["RD", "HNTE", "GDP", "X"]), st.integers(0, 2)), max_size=15),
       st.sampled_from(["object", "str"]))
def test_distinct_map_is_series_map(keys, dtype):
    try:
        s = pd.Series(keys, dtype=dtype, name="indicator", index=[k * 2 for k in range(len(keys))])
    except (TypeError, ValueError):
        return
    mapper = pd.Series({"RD": "amount", "HNTE": "count", 1: "one"})
    want = s.map(mapper)
    pd.testing.assert_series_equal(Distinct(s).map(mapper), want)
    pd.testing.assert_series_equal(map_distinct(s, mapper), want)
    pd.testing.assert_series_equal(Distinct(s).map({"GDP": 3.0}), s.map({"GDP": 3.0}))
    for m in (mapper, {"GDP": 3.0}, pd.Series({"RD": "万元", "GDP": None})):
        got, want_obj = Distinct(s).map_object(m), s.map(m).astype(object)
        pd.testing.assert_series_equal(got, want_obj)
        assert [type(x) for x in got] == [type(x) for x in want_obj]


def test_big_sqlite_batch_inserts_every_row_and_restores_the_cache_size(tmp_path):
    from data import store
    from data.bootstrap import ensure_database
    from data.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'big.sqlite'}")
    ensure_database(engine, load_demo=False)
    n = store.SQLITE_BIG_BATCH + 5
    obs = pd.DataFrame({"indicator": "RD_EXP", "region": "130534", "period": [str(1000 + k) for k in range(n)],
                        "period_kind": "Y", "is_ytd": False, "value": np.arange(n, dtype=float), "status": "final"})
    try:
        with engine.begin() as conn:
            before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            rev = store.create_revision(conn, obs, created_by="t")
            assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == before
        with engine.connect() as conn:
            got = conn.exec_driver_sql("SELECT period, value FROM observations WHERE revision_id = ? ORDER BY id",
                                       (rev,)).all()
        assert len(got) == n and got[0] == ("1000", 0.0) and got[-1] == (str(1000 + n - 1), float(n - 1))
    finally:
        engine.dispose()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1_048_575), st.integers(0, 16_383)), max_size=30))
def test_cell_refs_literal_and_random(cells):
    from data.imports.bounds import col_letter
    from data.imports.problems import cell_refs

    rows = [r for r, _ in cells]
    cols = [c for _, c in cells]
    got = cell_refs(pd.Series(rows, dtype=object), np.array(cols))
    assert got.dtype == object and [type(x) for x in got] == [str] * len(cells)
    assert got.tolist() == [f"{col_letter(c)}{r + 1}" for r, c in cells]
    assert cell_refs([0, 6, 99999], [0, 6, 16383]).tolist() == ["A1", "G7", "XFD100000"]
    # as a frame column: what assigning the object array gives (dtype, values)
    from data.imports.problems import cell_refs_column

    want, fast = pd.DataFrame(index=range(len(cells))), pd.DataFrame(index=range(len(cells)))
    want["cell"] = got
    fast["cell"] = cell_refs_column(pd.Series(rows, dtype=object), np.array(cols))
    pd.testing.assert_frame_equal(fast, want)


def test_type_codes_of_a_figures_column_under_its_header():
    """read._type_codes types a column of floats below its first rows as one block: the same codes as cell by
    cell, also when a text, a missing value, an int or a bool sits deep in the body."""
    from data.imports import read

    body = np.array([float(k) for k in range(5000)], dtype=object)
    plain = np.concatenate([np.array(["数值", "", None], dtype=object), body])
    variants = [plain]
    for k, v in ((4000, "12"), (4500, None), (4900, 7), (4999, True)):
        c = plain.copy()
        c[k] = v
        variants.append(c)
    for col in variants:
        assert read._type_codes(col).tolist() == read._type_codes_each(col).tolist()
    assert read._type_codes(plain)[:4].tolist() == [read._STR, read._STR, read._NONE, read._FLOAT]


def test_a_float_column_with_a_none_keeps_the_none_through_the_sandbox_transport():
    from data.imports import read

    grid = pd.DataFrame({0: np.array([1.0, None, 2.5] + [3.0] * 100, dtype=object)}, dtype=object)
    col = grid[0].to_numpy(dtype=object)
    assert read._type_codes(col).tolist() == read._type_codes_each(col).tolist()
    back = read.unpack_grid(read.pack_grid(grid))
    assert back.iat[1, 0] is None and back.iat[0, 0] == 1.0 and type(back.iat[2, 0]) is float


GRID_CELLS = st.one_of(st.none(), st.just(""), st.just(" "), st.floats(allow_nan=True), st.text(max_size=3),
                       st.sampled_from(["123", "12%", "0.5", "—"]), st.booleans(), st.integers(-3, 3),
                       st.dates(), st.datetimes(), st.times(), st.tuples(st.integers(), st.integers()))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(GRID_CELLS, max_size=5), max_size=6))
def test_read_grid_is_the_plain_object_frame_of_calamines_rows(rows):
    """read._grid (one 2-D object array) equals pd.DataFrame(rows, dtype=object) cell for cell and type for type:
    numbers as text, percent text, dates, times, bools, blanks; ragged rows and tuple cells take the plain path."""
    import warnings

    from data.imports.read import _grid

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # pandas warns of ragged rows, which it pads
        want = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
        got = _grid(rows)
    assert got.shape == want.shape and got.columns.equals(want.columns) and got.index.equals(want.index)
    assert all(d == np.dtype(object) for d in got.dtypes)
    for a, b in zip(want.to_numpy().ravel().tolist(), got.to_numpy().ravel().tolist()):
        assert type(a) is type(b) and (a is b or a == b or (a != a and b != b)), (a, b)


KEY_ROWS = st.lists(st.tuples(st.sampled_from(["GDP", "RD", None]), st.sampled_from(["130102", "130534", None]),
                              st.sampled_from(["2023", "2024", "2024Q1", None, float("nan")]), st.booleans()),
                    max_size=8)


@settings(max_examples=300, deadline=None)
@given(KEY_ROWS, KEY_ROWS)
def test_untouched_counts_keys_only_in_the_same_periods_as_over_all_rows(new_rows, pub_rows):
    """preview.diff keys only the import's rows in the published periods: the count of published keys the
    import does not name is the one the full anti-join gives (missing values written as text alike)."""
    from data.imports import preview

    cols = ["indicator", "region", "period", "is_ytd"]
    new = pd.DataFrame(new_rows, columns=cols, dtype=object).assign(value=1.0)
    pub = pd.DataFrame(pub_rows, columns=cols, dtype=object).assign(value=2.0)
    keys = preview._keys(pub) if len(pub) else pd.DataFrame(columns=cols)
    want = preview._count_missing(keys, preview._keys(new))
    assert preview._count_missing(keys, preview._keys(preview._same_periods(new, keys))) == want
    if new["indicator"].notna().all() and len(new):
        scoped = pub[pub["indicator"].astype(str).isin(set(new["indicator"].astype(str)))]
        want_scoped = preview._count_missing(preview._keys(scoped), preview._keys(new)) if len(scoped) else 0
        assert preview.diff(new, pub)["counts"]["untouched"] == want_scoped


def test_a_fresh_matcher_shares_the_look_up_tables_and_equals_one_indexed_anew():
    """Matcher.fresh shares the tables _index derives from the catalogues (read-only) instead of rebuilding
    them: every attribute equals that of a matcher indexed anew, and the per-sheet state starts afresh."""
    from data.imports.match import Matcher

    base = Matcher.build("130500")
    base.set_scope(["威县", "清河县", "石家庄市"])
    base._year_read = True
    fresh = base.fresh()
    anew = Matcher(base.regions, base.indicators, {}, base.scope_city, base.home_city)
    anew._index()
    assert set(vars(fresh)) == set(vars(anew))
    for name, want in vars(anew).items():
        got = getattr(fresh, name)
        assert got.equals(want) if isinstance(want, pd.DataFrame) else got == want, name
    assert fresh.verdict("威县", 2024) == anew.verdict("威县", 2024)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.just(float("nan"))), min_size=1, max_size=6))
def test_parse_numbers_of_an_empty_column_is_what_the_general_path_gives(cells):
    """clean.parse_numbers' short cut for a column of blanks (None, NaN) gives what the general path gives:
    NaN values, a "blank" state per cell (of the dtype pandas gives texts), no percent."""
    from data.imports.clean import parse_numbers

    raw = pd.Series(cells, dtype=object, index=[k * 3 for k in range(len(cells))])
    value, state, pct = parse_numbers(raw)
    general = parse_numbers(pd.concat([raw, pd.Series(["1"], index=[-1], dtype=object)]))
    pd.testing.assert_series_equal(value, general[0].iloc[:-1])
    pd.testing.assert_series_equal(state, general[1].iloc[:-1])
    pd.testing.assert_series_equal(pct, general[2].iloc[:-1])


ANNUAL_ROWS = st.lists(st.tuples(st.sampled_from(["RD_EXP", "HNTE"]), st.sampled_from(["130533", "130534"]),
                                 st.sampled_from(["2024", "2024Q4", "2024M12", "2024Q3", "2025", "2025Q4"]),
                                 st.booleans(), st.sampled_from([100.0, 101.0, 100.4, float("nan")])),
                       min_size=1, max_size=10)


@settings(max_examples=150, deadline=None)
@given(ANNUAL_ROWS)
def test_annual_ytd_year_ends_per_distinct_period_are_the_row_by_row_ones(rows):
    """validate._annual_ytd_mismatch decides "the year's Q4 / M12" once per distinct period; a nullable text
    column (pandas "string") takes the row-by-row path: both give the same problems."""
    from data.catalogue import load_indicators
    from data.imports import validate

    inds = load_indicators().set_index("code")
    out = []
    for dtype in ("str", "string", object):
        obs = pd.DataFrame(rows, columns=["indicator", "region", "period", "is_ytd", "value"])
        obs["period"] = obs["period"].astype(dtype)
        obs["period_kind"] = obs["period"].astype(str).str[4:5].replace({"": "Y"})
        obs = obs.assign(sheet="s", row=range(len(obs)), col=6, row_label="", col_label="", raw=obs["value"],
                         file="f.xlsx")
        lookup = validate._KeyLookup(obs, obs.iloc[:0])
        got = validate._annual_ytd_mismatch(obs, inds, lookup, Distinct(obs["indicator"]), Distinct(obs["period"]))
        out.append(sorted(zip(got["cell"], got["message_en"])) if len(got) else [])
    assert out[0] == out[1] == out[2]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["2024", "2024Q4", "Y", "Q"]), st.just(float("nan")),
                          st.integers(0, 3)), min_size=1, max_size=6, unique_by=lambda v: (type(v), repr(v))),
       st.lists(st.integers(0, 5), max_size=20))
def test_texts_spread_from_their_distinct_values_are_the_texts_converted_per_row(values, picks):
    """build's per-row periods and kinds: when pandas makes the distinct values its text dtype, taking them by
    the row codes (a factorisation's: every distinct value is some row's) gives what converting the spread
    object array gives (dtype, values, missing values)."""
    from data.imports.build import _TEXT

    codes = np.array(list(range(len(values))) + [p % len(values) for p in picks], dtype=np.intp)
    want = pd.Series(np.array(values, dtype=object)[codes])
    distinct = pd.Series(np.array(values, dtype=object))
    if distinct.dtype == _TEXT:
        pd.testing.assert_series_equal(pd.Series(distinct.array.take(codes)), want)


PAIRS = st.tuples(st.sampled_from(["RD", "HNTE", "GDP", None]), st.sampled_from(["130534", "130502", None]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(PAIRS, st.floats(0.5, 9.0)), max_size=8), st.lists(PAIRS, min_size=1, max_size=15),
       st.sampled_from([object, "str"]))
def test_by_pair_is_the_multiindex_reindex(hist_rows, obs_pairs, dtype):
    """validate._by_pair (one look-up per distinct (indicator, region)) equals reindexing by every row's pair."""
    from data.imports.validate import _by_pair

    hist = pd.DataFrame([(*k, v) for k, v in hist_rows], columns=["indicator", "region", "value"])
    hist = hist.astype({"indicator": "string", "region": "string", "value": float})
    med = hist["value"].groupby([hist["indicator"], hist["region"]]).median()
    obs = pd.DataFrame(obs_pairs, columns=["indicator", "region"]).astype({"indicator": object, "region": dtype})
    obs.index = obs.index * 2 + 3
    want = pd.Series(med.reindex(pd.MultiIndex.from_frame(obs[["indicator", "region"]])).to_numpy(), index=obs.index)
    pd.testing.assert_series_equal(_by_pair(med, obs, Distinct(obs["indicator"])), want)
