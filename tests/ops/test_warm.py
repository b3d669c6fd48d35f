"""Issue 18 §3: a publish or rollback answers only once the new snapshot is built and the reader pages' first
views are computed (server.warm, layouts.warm); a version published elsewhere is warmed by the watcher."""
from __future__ import annotations

import io
import json
import logging
import time
from typing import TYPE_CHECKING

import plotly.utils
import pytest

from data import store
from layouts.warm import VIEWS
from server import warm
from ops_workbooks import hnte_correction

if TYPE_CHECKING:
    from data.snapshot import Snapshot


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from app import create_app
    from server.auth import tokens, users
    from server.settings import Settings

    app = create_app(Settings(instance_path=tmp_path_factory.mktemp("warm")))
    engine = app.server.extensions["county_dashboard"].engine
    heads = {}
    with engine.begin() as conn:
        for name, role in [("staff", "uploader"), ("boss", "approver"), ("leader", "viewer")]:
            users.create(conn, name, f"Pw-{name}-2026-long", [role], actor="test", must_change_password=False)
            heads[name] = {"Authorization": f"Bearer {tokens.create(conn, name, 'test', actor='test')[1]}"}
    return app, engine, heads


@pytest.fixture
def warm_events(caplog):
    caplog.set_level(logging.INFO, logger="dashboard.data")

    def versions() -> list[int]:
        return [json.loads(r.getMessage())["version"] for r in caplog.records
                if r.name == "dashboard.data" and '"event": "warm"' in r.getMessage()]
    return versions


def _publish(app, heads: dict, value: float) -> tuple[int, int]:
    client = app.server.test_client()
    up = client.post("/api/v1/imports", headers=heads["staff"], content_type="multipart/form-data",
                     data={"file": (io.BytesIO(hnte_correction(value, "2025")), "hnte.xlsx")})
    assert up.status_code == 200, up.get_json()
    rev = up.get_json()["revision"]
    r = client.post(f"/api/v1/revisions/{rev}/publish", headers=heads["boss"])
    assert r.status_code == 200, r.get_json()
    return rev, r.get_json()["data_version"]


def _views_in_memo(snap: Snapshot) -> set[tuple]:
    """(page module, query) of the page layouts memoised on the snapshot."""
    return {(key[1][1], key[1][2]) for key in snap.memo if key[1] and key[1][0] == "layout"}


def _json(component: object) -> str:
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)


def test_publish_answers_with_the_new_snapshot_and_first_views_warm(site, warm_events):
    app, _engine, heads = site
    _rev, version = _publish(app, heads, 73)
    assert warm_events() == [version]  # built and warmed in the publishing request, before it answered
    from server import context

    with app.server.app_context():
        snap = context.snapshot()
        assert snap.version == version
        warmed = _views_in_memo(snap)
        import dash

        modules = {p["path"]: p["layout"] for p in dash.page_registry.values() if callable(p.get("layout"))}
        for path, query in VIEWS:
            built = modules[path]
            if hasattr(built, "uncached"):  # memoised per snapshot: the warmed view is the one served
                name = f"{built.uncached.__module__}.{built.uncached.__qualname__}"
                assert (name, tuple(sorted(query.items()))) in warmed, (path, query)
                with app.server.test_request_context("/"):
                    fresh = built.uncached(**query)
                    assert _json(built(**query)) == _json(fresh)  # warm equals a fresh render of the new data


def test_rollback_answers_with_its_snapshot_built(site, warm_events):
    app, _engine, heads = site
    rev, _ = _publish(app, heads, 74)
    r = app.server.test_client().post(f"/api/v1/revisions/{rev}/rollback", headers=heads["boss"],
                                      json={"comment": "数据有误，撤回重报"})   # a rollback needs its reason
    assert r.status_code == 200, r.get_json()
    version = r.get_json()["data_version"]
    assert warm_events()[-1] == version


def test_reads_and_failed_changes_do_not_warm(site, warm_events):
    app, engine, heads = site
    assert app.server.test_client().get("/api/v1/observations?region=130534&indicator=HNTE",
                                        headers=heads["leader"]).status_code == 200
    with pytest.raises(RuntimeError), engine.begin() as conn:
        store._bump_version(conn)  # noqa: SLF001 - a change that fails after bumping the version
        raise RuntimeError("abort")
    with engine.connect() as conn:
        assert "data_version_bumped" not in conn.info  # the flag died with its transaction
    assert warm_events() == []


def test_watcher_warms_a_version_published_elsewhere(site, warm_events):
    """A publish by another process (here: straight through the store, as `app.py import --publish` does)."""
    app, engine, _heads = site
    warm.start_watcher(app, interval_s=0.1)
    try:
        deadline = time.time() + 30
        while warm._state(app.server).version is None and time.time() < deadline:  # noqa: SLF001 - the start's warm
            time.sleep(0.05)
        with engine.begin() as conn:
            version = store._bump_version(conn)  # noqa: SLF001 - e.g. a target set by the CLI
        deadline = time.time() + 30
        while version not in warm_events() and time.time() < deadline:
            time.sleep(0.05)
        assert version in warm_events()
        from server import context

        with app.server.app_context():
            snap = context.snapshot()
            assert snap.version == version and _views_in_memo(snap)
    finally:
        warm.stop_watcher(app)


def test_a_connection_lost_inside_a_transaction_closes_without_a_second_error(site):
    """A database restart invalidates a pooled connection in the middle of a read (CI saw this): closing it rolls
    back, and the rollback listener must not touch the lost connection's info, or SQLAlchemy raises
    PendingRollbackError, which no 503 handler knows, and the reader gets a 500."""
    from sqlalchemy import text

    _app, engine, _heads = site
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        conn.invalidate()  # what the dialect does when the server closes the connection under a query
        assert conn.invalidated
    with engine.connect() as conn:  # the pool hands out a fresh connection afterwards
        assert conn.execute(text("SELECT 1")).scalar() == 1
