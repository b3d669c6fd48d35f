"""The parse sandbox's children (data.imports.sandbox) never run the main script again: the forkserver
loads it once (data.imports.sandbox_main), as set_forkserver_preload(["__main__"]) meant to but Python 3.11
never does. Before, each uploaded file re-ran app.py's imports in its child (about 1.5 s per file)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MAIN = """\
import os, sys
sys.path.insert(0, {root!r})
with open({log!r}, "a") as fh:
    fh.write(__name__ + "\\n")

if __name__ == "__main__":
    from data.imports.sandbox import read_limited
    for _ in range(3):
        sheets = read_limited(b"a,b\\n1,2\\n", "csv", "t.csv", max_rows=100)
        assert sheets[0].grid.values.tolist() == [["a", "b"], ["1", "2"]], sheets[0].grid
    print("ok")
"""


def test_three_parses_run_the_main_script_once_in_the_parent_and_once_in_the_forkserver(tmp_path):
    log = tmp_path / "runs.txt"
    script = tmp_path / "main_script.py"
    script.write_text(MAIN.format(root=str(ROOT), log=str(log)))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]
    assert log.read_text().split() == ["__main__", "__mp_main__"]


def test_a_main_script_that_fails_in_the_forkserver_still_leaves_parsing_working(tmp_path):
    log = tmp_path / "runs.txt"
    script = tmp_path / "main_script.py"
    # The second load of the script (the forkserver's) raises; the children then load it themselves.
    failing = MAIN.replace('if __name__ == "__main__":',
                           'if __name__ == "__mp_main__" and open({log!r}).read().count("__mp_main__") == 1:\n'
                           '    raise RuntimeError("main fails once")\n\nif __name__ == "__main__":')
    script.write_text(failing.format(root=str(ROOT), log=str(log)))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=240, cwd=tmp_path)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]
    assert log.read_text().split() == ["__main__"] + ["__mp_main__"] * 4


def test_a_file_the_bounds_refuse_costs_no_child(monkeypatch):
    """Issue 11 (abuse bench): the XFD2000 workbook was refused inside the parse child, so each upload of it
    still cost a worker a fork (0.3 s, and seconds for the forkserver's first start on a loaded server).
    The bounds are checked in the calling process first: refused at once, no child started."""
    import time

    import pytest

    from bad_archives import one_cell
    from data.errors import UserError
    from data.imports import sandbox

    def no_child():
        raise AssertionError("a child process was started for a file the bounds refuse")
    monkeypatch.setattr(sandbox, "_context", no_child)
    t0 = time.perf_counter()
    with pytest.raises(UserError, match="XFD2000"):
        sandbox.read_limited(one_cell("XFD2000"), "xlsx", "x.xlsx", max_rows=200_000)
    assert time.perf_counter() - t0 < 0.5
