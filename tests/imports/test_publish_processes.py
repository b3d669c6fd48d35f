"""Two OS processes publish at the same moment (SQLite and PostgreSQL): distinct publish_seq and
data_version, and both revisions fully visible — each its own keys, the later one on the shared keys."""
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd

from data import store
from data.db import reading

ROOT = Path(__file__).resolve().parents[2]
OWN, SHARED = 2000, 500

PUBLISHER = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {root!r})
    from data.db import make_engine
    from data.imports import service
    rev = int(sys.argv[1])
    eng = make_engine({url!r})
    with eng.connect():
        pass  # connect before the start signal, so both race on the publish alone
    print("READY", flush=True)
    sys.stdin.readline()
    with eng.begin() as conn:
        version = service.publish_revision(conn, rev, f"boss{{rev}}")
    print(json.dumps({{"rev": rev, "version": version}}), flush=True)
""")


def _revision_rows(region: str, value: float) -> pd.DataFrame:
    own = [f"{1000 + i // 4}Q{i % 4 + 1}" for i in range(OWN)]
    shared = [f"{3000 + i // 4}Q{i % 4 + 1}" for i in range(SHARED)]
    return pd.concat([
        pd.DataFrame({"region": region, "period": own}),
        pd.DataFrame({"region": "130500", "period": shared}),
    ]).assign(indicator="HNTE", period_kind="Q", is_ytd=False, value=value, status="final")


def test_two_processes_publishing_at_once(migrated, db_url, tmp_path):
    from server.settings import normalise_db_url

    revs = {}
    with migrated.begin() as conn:
        for region, value in (("130534", 1.0), ("130533", 2.0)):
            rev = store.create_revision(conn, _revision_rows(region, value), created_by="staff")
            store.submit(conn, rev, "staff")
            revs[rev] = (region, value)
        v0 = store.data_version(conn)
    script = tmp_path / "publisher.py"
    script.write_text(PUBLISHER.format(root=str(ROOT), url=normalise_db_url(db_url)))
    procs = [subprocess.Popen([sys.executable, str(script), str(rev)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for rev in revs]
    try:
        for p in procs:
            assert p.stdout.readline().strip() == "READY", p.stderr.read()
        for p in procs:  # the start signal, as close together as two writes get
            p.stdin.write("go\n")
            p.stdin.flush()
        outs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    versions = sorted(json.loads(out)["version"] for out, _ in outs)
    assert versions == [v0 + 1, v0 + 2]

    with reading(migrated) as conn:
        seqs = {rev: store.get_revision(conn, rev)["publish_seq"] for rev in revs}
        assert {store.get_revision(conn, rev)["status"] for rev in revs} == {"published"}
        assert store.data_version(conn) == v0 + 2
        pub = store.published_observations(conn)
    assert None not in seqs.values() and len(set(seqs.values())) == 2
    assert len(pub) == 2 * OWN + SHARED
    for rev, (region, value) in revs.items():
        own = pub[pub["region"] == region]
        assert len(own) == OWN and set(own["revision_id"]) == {rev} and set(own["value"]) == {value}
    last = max(seqs, key=seqs.get)
    shared = pub[pub["region"] == "130500"]
    assert len(shared) == SHARED and set(shared["revision_id"]) == {last}  # the later publish wins, no mixture
