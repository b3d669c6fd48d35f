"""layouts.memo: a result is computed once per snapshot, also when several threads ask at once (issue 18:
right after a publish, server.warm's thread and the first readers ask for the same views together)."""
from __future__ import annotations

import threading
from collections import OrderedDict
from types import SimpleNamespace

import pytest
from flask import Flask

from layouts.memo import remember
from server.context import EXT, AppContext
from server.settings import Settings


@pytest.fixture
def flask_app(tmp_path):
    app = Flask(__name__)
    app.extensions[EXT] = AppContext(settings=Settings(instance_path=tmp_path), engine=None)
    return app


def test_a_result_being_computed_is_waited_for_not_computed_again(flask_app):
    snap = SimpleNamespace(memo=OrderedDict())
    calls, started, release = [], threading.Event(), threading.Event()

    def compute():
        calls.append(threading.get_ident())
        started.set()
        release.wait(10)
        return {"figure": len(calls)}

    results = []

    def ask():
        with flask_app.app_context():
            results.append(remember(snap, ("view", 1), compute))

    first = threading.Thread(target=ask)
    first.start()
    assert started.wait(10)
    others = [threading.Thread(target=ask) for _ in range(3)]
    for t in others:
        t.start()
    release.set()
    for t in [first, *others]:
        t.join(10)
    assert len(calls) == 1 and len(results) == 4
    assert all(r is results[0] for r in results) and results[0] == {"figure": 1}


def test_a_failed_computation_is_not_remembered(flask_app):
    snap = SimpleNamespace(memo=OrderedDict())
    with flask_app.app_context():
        with pytest.raises(ValueError):
            remember(snap, ("view", 2), lambda: (_ for _ in ()).throw(ValueError("bad query")))
        assert remember(snap, ("view", 2), lambda: "ok") == "ok"  # asked again: computed, not the old error
