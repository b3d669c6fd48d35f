"""`python app.py …` run from a bench script: the one helper bench/load.py and bench/abuse.py share."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli(env: dict, *args: str, stdin: str | None = None) -> str:
    """Run `python app.py ARGS` in the project folder with environment `env` (`stdin` as its input, 10 minutes
    at most) and return its standard output. Raises RuntimeError with its output when it exits non-zero."""
    res = subprocess.run([sys.executable, "app.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                         text=True, timeout=600)
    if res.returncode != 0:
        raise RuntimeError(res.stdout + res.stderr)
    return res.stdout
