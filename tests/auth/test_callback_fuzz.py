"""Issue 11 finding 13: crafted callback bodies get 400 (or a refusal), never a 500.

For every callback the app registers (enumerated from `app.callback_map`), a well-formed body is built
from its declaration, then mutated: the shape (output as a list, outputs/inputs as strings, missing keys,
wrong counts, bad ids) must answer exactly 400; wrong-typed, non-numeric, huge and tampered Store values
must answer anything but a 5xx. The number of bodies posted is printed (run with -s) and checked."""
from __future__ import annotations
from typing import TYPE_CHECKING

import copy
import json

import pytest

from auth_helpers import add_user, login, make_app

if TYPE_CHECKING:
    from collections.abc import Callable

ROLES_ALL = ["viewer", "uploader", "approver", "admin"]
VALUES = ["abc", -1, 10**30, 1e308, [], {}, True, "x" * 200_000, [[[[[]]]]], {"sha": "../../etc/passwd"}, "1; DROP"]


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    from server.settings import Settings

    inst = tmp_path_factory.mktemp("fuzz")
    app = make_app(Settings(instance_path=inst, database_url=f"sqlite:///{inst / 'store.sqlite'}", demo=True))
    password = add_user(app, "fuzzer", ROLES_ALL)
    client = app.server.test_client()
    assert login(client, "fuzzer", password).status_code == 302
    return app, client


def _dep_id(raw: str | dict, *, wildcard_value: object = 1) -> str | dict | None:
    """A concrete id for a declared dependency; None for an ALL/ALLSMALLER wildcard (sent as a list)."""
    if isinstance(raw, str) and raw.startswith("{"):
        pattern = json.loads(raw)
        if any(v in (["ALL"], ["ALLSMALLER"]) for v in pattern.values()):
            return None
        return {k: (wildcard_value if v == ["MATCH"] else v) for k, v in pattern.items()}
    return raw


def _entries(deps: list | None, with_value: bool = True) -> list:
    out = []
    for dep in deps or []:
        cid = _dep_id(dep["id"])
        if cid is None:
            out.append([])
        else:
            out.append({"id": cid, "property": dep["property"], **({"value": None} if with_value else {})})
    return out


def base_body(key: str, spec: dict) -> dict:
    declared = spec["output"]
    multi = isinstance(declared, (list, tuple))
    outs = []
    for o in (declared if multi else [declared]):
        cid = _dep_id(o.component_id if isinstance(o.component_id, str) else json.dumps(o.component_id))
        outs.append([] if cid is None else {"id": cid, "property": o.component_property})
    body = {"output": key, "outputs": outs if multi else outs[0], "inputs": _entries(spec["inputs"]),
            "state": _entries(spec["state"])}
    if spec.get("no_output"):
        body["outputs"] = []
    first = next((i for i in body["inputs"] if isinstance(i, dict)), None)
    ids = [f"{json.dumps(first['id']) if isinstance(first['id'], dict) else first['id']}.{first['property']}"] if first else []
    body["changedPropIds"] = ids
    return body


def shape_mutations(body: dict) -> list[tuple[str, dict]]:
    """Bodies no renderer sends: each must be answered 400."""
    out = []

    def m(name: str, fn: Callable[[dict], object]) -> None:
        b = copy.deepcopy(body)
        fn(b)
        out.append((name, b))
    m("output as list", lambda b: b.update(output=[b["output"]]))
    m("output as number", lambda b: b.update(output=12))
    m("output missing", lambda b: b.pop("output"))
    m("inputs as string", lambda b: b.update(inputs="url.pathname"))
    m("inputs as object", lambda b: b.update(inputs={"id": "x", "property": "y"}))
    m("inputs one short", lambda b: b.update(inputs=b["inputs"][:-1] if b["inputs"] else [{"id": "x", "property": "y"}]))
    m("inputs one extra", lambda b: b["inputs"].append({"id": "extra", "property": "value", "value": 1}))
    m("state as string", lambda b: b.update(state="nope"))
    m("state one extra", lambda b: b["state"].append({"id": "extra", "property": "data", "value": 1}))
    m("input entry as string", lambda b: b.update(inputs=["x" for _ in b["inputs"]] or ["x"]))
    m("input id as number", lambda b: [i.update(id=7) for i in b["inputs"] if isinstance(i, dict)] or
      b.update(inputs=[{"id": 7, "property": "n"}]))
    m("input id as list", lambda b: [i.update(id=["a"]) for i in b["inputs"] if isinstance(i, dict)] or
      b.update(inputs=[{"id": ["a"], "property": "n"}]))
    m("property missing", lambda b: [i.pop("property") for i in b["inputs"] if isinstance(i, dict)] or
      b.update(inputs=[{"id": "a"}]))
    m("changedPropIds as string", lambda b: b.update(changedPropIds="url.pathname"))
    m("changedPropIds with a number", lambda b: b.update(changedPropIds=[3]))
    if not isinstance(body.get("outputs"), list) or body["outputs"]:
        m("outputs as string", lambda b: b.update(outputs="x.children"))
        m("outputs missing", lambda b: b.pop("outputs"))
    if isinstance(body.get("outputs"), list) and len(body["outputs"]) > 1:
        m("outputs one short", lambda b: b.update(outputs=b["outputs"][:-1]))
    return out


def value_mutations(body: dict) -> list[tuple[str, dict]]:
    """Bodies of the right shape holding values no page sends (tampered Stores, non-numeric ids)."""
    out = []
    for value in VALUES:
        for part in ("inputs", "state"):
            if not any(isinstance(e, dict) for e in body.get(part, [])):
                continue
            b = copy.deepcopy(body)
            for e in b[part]:
                if isinstance(e, dict):
                    e["value"] = value
            out.append((f"{part} = {str(value)[:20]}", b))
    return out


def test_every_callback_answers_crafted_bodies_without_a_500(fuzz_app, capsys):
    app, client = fuzz_app
    keys = sorted(app.callback_map)
    assert len(keys) >= 25  # every page's callbacks are registered
    posted, failures = 0, []
    for key in keys:
        body = base_body(key, app.callback_map[key])
        for name, b in shape_mutations(body):
            resp = client.post("/_dash-update-component", json=b)
            posted += 1
            if resp.status_code != 400:
                failures.append((key[:60], name, resp.status_code))
        for name, b in value_mutations(body):
            resp = client.post("/_dash-update-component", json=b)
            posted += 1
            if resp.status_code >= 500:
                failures.append((key[:60], name, resp.status_code))
            elif resp.status_code == 400:
                assert resp.is_json and resp.json["message_zh"] and resp.json["message_en"]
    with capsys.disabled():
        print(f"\nfuzzed callback bodies: {posted} over {len(keys)} callbacks")
    assert not failures, failures[:20]
    assert posted >= 25 * len(keys)


def test_a_well_formed_body_still_works(fuzz_app):
    app, client = fuzz_app
    key = next(k for k in app.callback_map if "app-title.children" in k)
    body = base_body(key, app.callback_map[key])
    for e in body["inputs"]:
        e["value"] = "/" if e["property"] == "pathname" else ""
    resp = client.post("/_dash-update-component", json=body)
    assert resp.status_code == 200, resp.text[:300]


def test_the_reported_cases(fuzz_app):
    """output as a list, inputs as a string, a tampered Store, a non-numeric revision id: 400 each."""
    app, client = fuzz_app
    # The review page's action callback: the revision it acts on travels in Stores (review-shown, review-pending).
    key = next(k for k in app.callback_map if any(s["id"] == "review-pending" for s in app.callback_map[k]["state"]))
    body = base_body(key, app.callback_map[key])
    cases = [dict(body, output=[key]), dict(body, inputs="review-publish.n_clicks")]
    for bad in ("abc", {"rev": "abc"}, {"id": "1 OR 1=1", "action": "publish"}, [1, 2]):
        tampered = copy.deepcopy(body)
        for e in tampered["inputs"]:
            e["value"] = 1
        for e in tampered["state"]:
            if e["id"] in ("review-shown", "review-pending"):
                e["value"] = bad
        cases.append(tampered)
    for b in cases:
        resp = client.post("/_dash-update-component", json=b)
        assert resp.status_code in (200, 400), resp.status_code
    assert client.post("/_dash-update-component", json=cases[0]).status_code == 400
    assert client.post("/_dash-update-component", json=cases[1]).status_code == 400
