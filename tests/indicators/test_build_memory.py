"""The build's memory policy (indicators.memory, issue 18 §2): a process that keeps freed memory serves the next
build's large blocks from what the last build freed (no fresh page faulted in), and builds exactly the same
frame. Each case runs in a child process: the policy is process-wide glibc state (mallopt), and the test
process itself may have it on (app.create_app sets it)."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from indicators.cube import Axis, frame_keys

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

PRELUDE = f"""
import ctypes, json, resource, sys
sys.path[:0] = [{str(ROOT)!r}, {str(HERE)!r}]
import numpy as np
from indicators import memory

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2

def mapped_mb():  # bytes in blocks glibc mapped on their own (M_MMAP_MAX > 0), in MB
    return libc.mallinfo2().hblkhd / 2**20

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

MB64 = 64 * 2**20 // 8  # float64 items in 64 MB
"""


def run_child(body: str) -> dict:
    """Run PRELUDE + body in a fresh interpreter; body prints one JSON object last."""
    res = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(body)], capture_output=True, text=True,
                         timeout=600, cwd=ROOT)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout.strip().splitlines()[-1])


def glibc() -> bool:
    import ctypes.util
    name = ctypes.util.find_library("c") or ""
    return sys.platform.startswith("linux") and "libc.so" in name


pytestmark = pytest.mark.skipif(not glibc(), reason="the policy is glibc's (mallopt); elsewhere it is a no-op")


def test_a_kept_process_serves_the_next_builds_blocks_from_what_the_last_one_freed():
    got = run_child("""
        kept = memory.keep_freed_memory()
        again = memory.keep_freed_memory()
        with memory.build_memory():
            before = mapped_mb()
            a = np.empty(MB64); a.fill(1.0)          # a 64 MB column of the first build
            in_build_mapped = mapped_mb() - before
            del a                                    # freed at the end of the build: kept in the heap
        rss_after_free = rss_mb()
        f0 = faults()
        with memory.build_memory():
            b = np.empty(MB64); b.fill(2.0)          # the next build's column: the same memory, already resident
        second_faults = faults() - f0
        rss_growth = rss_mb() - rss_after_free
        del b
        outside = mapped_mb()
        c = np.empty(4 * MB64); c.fill(3.0)          # outside a build, larger than anything kept: mapped as usual
        outside_mapped = mapped_mb() - outside
        print(json.dumps({"kept": kept, "again": again, "in_build_mapped": in_build_mapped,
                          "second_faults": second_faults, "rss_growth": round(rss_growth),
                          "outside_mapped": round(outside_mapped)}))
    """)
    assert got == {"kept": True, "again": True, "in_build_mapped": 0, "second_faults": got["second_faults"],
                   "rss_growth": got["rss_growth"], "outside_mapped": 256}
    assert got["second_faults"] < 50      # 64 MB faulted in afresh is 16,384 pages (32 huge pages at the least)
    assert got["rss_growth"] < 8


def test_without_the_policy_a_freed_block_goes_back_and_the_next_one_is_faulted_in_afresh():
    got = run_child("""
        with memory.build_memory():                  # no policy: a no-op
            a = np.empty(MB64); a.fill(1.0)
            mapped = mapped_mb()
            del a
        f0 = faults()
        b = np.empty(MB64); b.fill(2.0)
        print(json.dumps({"kept": memory.keeping_freed_memory(), "mapped": round(mapped),
                          "fresh_faults": faults() - f0}))
    """)
    assert got["kept"] is False and got["mapped"] >= 64
    assert got["fresh_faults"] >= 32


def test_arrow_lookups_write_into_the_kept_heap_only_under_the_policy():
    """Axis.positions' index_in result (the build's one large Arrow result: a position per observation) comes
    from glibc's heap while the process keeps build memory (memory.arrow_pool), and from Arrow's own pool,
    which release_freed empties, without the policy."""
    got = run_child("""
        import pandas as pd, pyarrow as pa
        from indicators.cube import Axis
        values = pd.Series(np.tile(["c3", "c1", "c2"], 400_000), dtype="string")
        out = {}
        for kept in (False, True):
            if kept:
                memory.keep_freed_memory()
            pool = pa.default_memory_pool()
            before = pool.bytes_allocated()
            positions = Axis(["c1", "c2", "c3"]).positions(values, np.int32)
            out[str(kept)] = {"arrow_mb": (pool.bytes_allocated() - before) / 2**20,
                              "first": positions[:3].tolist()}
            del positions
        print(json.dumps(out))
    """)
    assert got["False"]["arrow_mb"] >= 4 and got["True"]["arrow_mb"] < 1
    assert got["False"]["first"] == got["True"]["first"] == [2, 0, 1]


def test_the_build_is_the_same_frame_under_the_policy():
    want = json.loads((HERE / "golden" / "build_digests.json").read_text(encoding="utf-8"))
    got = run_child("""
        memory.keep_freed_memory()
        from build_digests import build, digests
        out = {}
        for source in ("demo", 5):
            build(source)                            # a first build, freed: the second reuses its memory
            out[str(source)] = digests(build(source))
        print(json.dumps(out))
    """)
    for source in ("demo", "5"):
        assert got[source]["rows"] == want[source]["rows"]
        assert got[source]["columns"] == want[source]["columns"]


def test_a_build_under_the_policy_leaves_the_callers_frame_as_it_was():
    """The build reads the observations a caller passes in without copying what it need not (a numpy is_ytd is
    read in place by the segment scatter; the per-row keys make their own 累计 column) and never writes to
    them: both a random sample (placed row by row) and a complete province in runs (placed by segments) are
    unchanged after two builds."""
    got = run_child("""
        memory.keep_freed_memory()
        import pandas as pd
        from build_digests import complete_obs
        from test_build_order import _random_obs
        from data.catalogue import load_indicators, load_regions
        from indicators.cube import Axis, observation_cells
        from indicators.pipeline import build_analysis
        regions = load_regions()
        out = []
        for obs in (_random_obs(11, regions), complete_obs(regions)):
            obs = pd.DataFrame({c: obs[c] for c in obs.columns}, copy=False)
            before = obs.copy(deep=True)
            ytd_buffer = np.asarray(obs["is_ytd"], dtype=bool)
            by_segments = observation_cells(obs, Axis(), Axis()).seg_start is not None
            for _ in range(2):
                build_analysis(obs, load_indicators(), regions)
            out.append({"rows": len(obs), "by_segments": by_segments, "unchanged": bool(obs.equals(before)),
                        "is_ytd_shared": bool(np.shares_memory(ytd_buffer, obs["is_ytd"].to_numpy())),
                        "ytd_true": int(ytd_buffer.sum()), "ytd_true_before": int(before["is_ytd"].sum())})
        print(json.dumps(out))
    """)
    assert [g["by_segments"] for g in got] == [False, True]
    for g in got:
        assert g["rows"] > 5_000 and g["unchanged"] is True and g["is_ytd_shared"] is True
        assert g["ytd_true"] == g["ytd_true_before"]


def test_a_build_that_fails_still_gives_large_blocks_back_their_mappings():
    got = run_child("""
        import threading
        memory.keep_freed_memory()
        try:
            with memory.build_memory():
                raise RuntimeError("a build fails")
        except RuntimeError:
            pass
        before = mapped_mb()
        a = np.empty(4 * MB64); a.fill(1.0)           # larger than anything kept: mapped again
        after_failure = mapped_mb() - before
        del a
        inside = threading.Event(); release = threading.Event()
        def build():
            with memory.build_memory():
                inside.set(); release.wait()
        t = threading.Thread(target=build); t.start(); inside.wait()
        with memory.build_memory():
            pass                                       # one build ends while another still runs
        before = mapped_mb()
        b = np.empty(5 * MB64); b.fill(1.0)            # still inside the other build: from the heap
        during_other = mapped_mb() - before
        del b
        release.set(); t.join()
        before = mapped_mb()
        c = np.empty(6 * MB64); c.fill(1.0)
        after_both = mapped_mb() - before
        print(json.dumps({"after_failure": round(after_failure), "during_other": round(during_other),
                          "after_both": round(after_both)}))
    """)
    assert got == {"after_failure": 256, "during_other": 0, "after_both": 384}


def test_the_builds_int32_keys_are_the_int64_keys():
    obs = pd.DataFrame({"indicator": pd.array(["b", "b", "a", "c"] * 20_000, dtype="string"),
                        "region": pd.array([f"r{i % 300}" for i in range(80_000)], dtype="string"),
                        "period": pd.array(["2024Q1", "2024Q2", "2023", "2024Q2"] * 20_000, dtype="string"),
                        "is_ytd": [True, True, False, False] * 20_000})
    wide = frame_keys(obs, Axis(["a", "b", "c"]), Axis([f"r{i}" for i in range(300)]))
    narrow = frame_keys(obs, Axis(["a", "b", "c"]), Axis([f"r{i}" for i in range(300)]), np.int32)
    for name in ("ind", "reg", "pidx"):
        assert getattr(wide, name).dtype == np.int64 and getattr(narrow, name).dtype == np.int32
        assert np.array_equal(getattr(wide, name), getattr(narrow, name))
    assert np.array_equal(wide.kind, narrow.kind) and np.array_equal(wide.ytd, narrow.ytd)


def test_the_int32_keys_of_a_sorted_frame_read_by_runs_are_the_int64_keys():
    """Observations sorted by indicator and period (as the store gives them) are factorized by runs."""
    n_reg = 400
    rows = [(i, p, r) for i in ("b", "a", "c") for p in ("2023", "2024Q1", "2024Q2", "2024") for r in range(n_reg)]
    obs = pd.DataFrame({"indicator": pd.array([x[0] for x in rows] * 20, dtype="string"),
                        "region": pd.array([f"r{x[2]}" for x in rows] * 20, dtype="string"),
                        "period": pd.array([x[1] for x in rows] * 20, dtype="string"),
                        "is_ytd": [x[1].endswith("Q2") for x in rows] * 20})
    wide = frame_keys(obs, Axis(["a", "b", "c"]), Axis([f"r{i}" for i in range(n_reg)]))
    narrow = frame_keys(obs, Axis(["a", "b", "c"]), Axis([f"r{i}" for i in range(n_reg)]), np.int32)
    for name in ("ind", "reg", "pidx", "kind", "ytd"):
        assert np.array_equal(getattr(wide, name), getattr(narrow, name))
    assert narrow.ind[:3].tolist() == [1, 1, 1] and narrow.ind[-1] == 2
    assert sorted(set(narrow.pidx.tolist())) == [2023, 2024, 2024 * 4, 2024 * 4 + 1]


def test_an_axis_too_long_for_the_asked_type_is_refused_not_wrapped():
    axis = Axis()
    with pytest.raises(OverflowError, match="200 codes does not fit int8"):
        axis.positions(pd.Series([f"c{i}" for i in range(200)], dtype="string"), np.int8)
    assert len(axis) == 0  # refused before it grew
    known = Axis([f"c{i}" for i in range(200)])
    values = pd.Series([f"c{i % 200}" for i in range(5000)], dtype="string")  # all known: Arrow's lookup road
    with pytest.raises(OverflowError, match="200 codes does not fit int8"):
        known.positions(values, np.int8)
    assert len(known) == 200 and known.positions(values, np.int16)[-3:].tolist() == [197, 198, 199]


@pytest.mark.parametrize(("keep", "kept"), [(None, True), ("0", False)])
def test_the_app_sets_the_policy_where_it_is_created_unless_told_not_to(tmp_path, keep, kept):
    """app.create_app (gunicorn's workers, `python app.py`) keeps the build memory of its process; the setting
    KEEP_BUILD_MEMORY=0 leaves it off."""
    env = {"INSTANCE_PATH": str(tmp_path)} | ({"KEEP_BUILD_MEMORY": keep} if keep is not None else {})
    got = run_child(f"""
        from app import create_app
        from server.settings import from_env
        before = memory.keeping_freed_memory()
        create_app(from_env({env!r}), bootstrap=False)
        print(json.dumps({{"before": before, "after": memory.keeping_freed_memory()}}))
    """)
    assert got == {"before": False, "after": kept}
